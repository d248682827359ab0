"""One place for app-wide signals, wired in one place (the main window).

Panels emit ...Requested signals and listen to ...Changed signals; nobody mutates another
panel's state directly. While a story is open, its body changes only through the editor's
document: a panel that wants the body changed emits bodyEditRequested with a BodyEdit (a pure
function of the text, from desk.body), which the editor applies as one undoable edit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True)
class BodyEdit:
    """An edit of the open story's body: a label for the Edit menu and text -> new text."""

    label: str
    apply: Callable[[str], str]


class Hub(QObject):
    """App-wide signals. Ids are article ids (int); -1 means none."""

    # A story was opened in the editor (or -1: none open).
    articleOpened = Signal(int)
    # A story's fields or body reached the store.
    articleSaved = Signal(int)
    # Stories were created, deleted or imported: lists should reload.
    articlesChanged = Signal()
    # The figure rows (photos, captions, credits, alt text) of a story changed in the store.
    figuresChanged = Signal(int)
    # The open story's body as the body model reads it now (article id, desk.body.Body): sent
    # a moment after typing and at once after an edit, so panels follow the text, not the store.
    bodyParsed = Signal(int, object)
    # A panel asks the editor to change the open story's body (a BodyEdit), undoably.
    bodyEditRequested = Signal(object)
    # Tags were added, removed, renamed or merged.
    tagsChanged = Signal()
    # A panel asks the library to show only stories having all these tags ([] clears).
    tagFilterRequested = Signal(list)
    # A panel asks the editor to open this story.
    openArticleRequested = Signal(int)
    # A panel asks the editor to insert Markdown at the cursor as a block of its own.
    insertMarkdownRequested = Signal(str)
    # Save state of the open story: "saved", "unsaved", "saving", or an error sentence.
    saveStateChanged = Signal(str)
    # The store's copy of the open story changed outside the editor (a restored version): the
    # editor takes it as one undoable edit.
    articleChanged = Signal(int)
    # A figure was selected in one view (its card in the text, the Photos dock), so the others
    # select it too: (article id, figure id), figure id -1 when the text's cursor left a card.
    figureSelected = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._saver: Callable[[], bool] = lambda: True
        self._failure: Callable[[], str] = lambda: ""

    def set_saver(self, save: Callable[[], bool], failure: Callable[[], str]) -> None:
        """The main window says how to save the open story now, and why a save failed."""
        self._saver, self._failure = save, failure

    def save_open_story(self) -> bool:
        """Save the open story now (a verb that needs the store current asks first)."""
        return self._saver()

    def save_failure(self) -> str:
        """Why the last save of the open story failed ('' when it did not)."""
        return self._failure()
