"""One place for app-wide signals, wired in one place (the main window).

Panels emit ...Requested signals and listen to ...Changed signals; nobody mutates another
panel's state directly.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Hub(QObject):
    """App-wide signals. Ids are article ids (int); -1 means none."""

    # A story was opened in the editor (or -1: none open).
    articleOpened = Signal(int)
    # A story's fields or body reached the store.
    articleSaved = Signal(int)
    # Stories were created, deleted or imported: lists should reload.
    articlesChanged = Signal()
    # The figures (photos, captions, order, lead) of a story changed.
    figuresChanged = Signal(int)
    # Tags were added, removed, renamed or merged.
    tagsChanged = Signal()
    # A panel asks the library to show only stories having all these tags ([] clears).
    tagFilterRequested = Signal(list)
    # A panel asks the editor to open this story.
    openArticleRequested = Signal(int)
    # A panel asks the editor to insert Markdown at the cursor (e.g. a figure line).
    insertMarkdownRequested = Signal(str)
    # Save state of the open story: "saved", "unsaved", "saving", or an error sentence.
    saveStateChanged = Signal(str)
