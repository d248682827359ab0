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
    # A panel is about to change the open story through the store (e.g. a figure verb that
    # edits the body): the editor writes its pending text first. Emit it, then call the verb,
    # then emit figuresChanged/articleChanged so the editor shows the store's new text.
    saveRequested = Signal()
    # A panel changed a story's fields or body through the store (not via the editor): the
    # editor reloads it when it is the open story, keeping the cursor.
    articleChanged = Signal(int)
