"""The body editor: a plain-text Markdown editor with highlighting and zoom (its find and
replace bar is desk.ui.findreplace).

Nothing here scales with the story's length per keystroke: counts, saves and the preview are
debounced by the main window; the highlighter works one line at a time.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QKeyEvent,
    QPaintEvent,
    QResizeEvent,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import (
    QMenu,
    QPlainTextEdit,
    QWidget,
)

from desk import body

from desk.ui.highlighter import MarkdownHighlighter
from desk.ui.textlayout import BlockLayout

DEFAULT_POINT_SIZE = 12
MIN_POINT_SIZE, MAX_POINT_SIZE = 7, 40


class BodyEditor(QPlainTextEdit):
    """The Markdown body of the open story."""

    zoomChanged = Signal(int)
    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        document = QTextDocument(self)
        # Held here: PySide leaves the layout to Python, which would delete it with the wrapper.
        self._layout = BlockLayout(document)
        document.setDocumentLayout(self._layout)
        self.setDocument(document)
        self.setObjectName("bodyEditor")
        self.setAccessibleName("Story body")
        self.setPlaceholderText("Write the story here. Markdown: ## subhead, *italic*, **bold**.")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(False)
        self.setCenterOnScroll(False)
        option = self.document().defaultTextOption()
        option.setTextDirection(Qt.LayoutDirection.LayoutDirectionAuto)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(option)
        self.document().setDocumentMargin(14)
        # The text as a str, kept until the document changes (copying a 1 MB body out of Qt
        # costs a millisecond, and a save, a count and a parse each want it): plain_text().
        self._text: str | None = None
        self.document().contentsChange.connect(self._forget_text)
        self.highlighter = MarkdownHighlighter(self.document(), self.palette())
        # Drawn over the text after each paint (figure cards: desk.ui.figurecards).
        self.overlays: list[Callable[[QPaintEvent], None]] = []
        # What acts on keys before the editor (figure cards, text expansion), the last added
        # first as with Qt's event filters; each returns True when it handled the key. A hook,
        # not event filters: a filter is a call into Python for every event the editor gets (a
        # dozen a keystroke), each waiting for Python's lock while a worker holds it.
        self.key_handlers: list[Callable[[QKeyEvent], bool]] = []
        # Writing tools add to the right-click menu (menu, cursor at the click) and take pastes
        # they can do better (True: handled), e.g. rich text as Markdown (desk.ui.writing).
        self.menu_hooks: list[Callable[[QMenu, QTextCursor], None]] = []
        self.paste_hooks: list[Callable[[QMimeData], bool]] = []
        self.point_size = DEFAULT_POINT_SIZE
        self.set_point_size(DEFAULT_POINT_SIZE)

    def set_right_to_left(self, rtl: bool) -> None:
        """Align paragraphs for the story's script (each line still orders its own text)."""
        set_alignment_for(self, rtl)

    def plain_text(self) -> str:
        """The body as plain text: toPlainText(), copied out of Qt once per change."""
        if self._text is None:
            self._text = self.toPlainText()
        return self._text

    def _forget_text(self, *_args: object) -> None:
        """The document changed: the next plain_text() copies it again."""
        self._text = None

    def load_text(self, text: str) -> None:
        """Show a story's body with an empty undo history (Ctrl+Z never empties it)."""
        document = self.document()
        document.setUndoRedoEnabled(False)
        self._text = None
        self.highlighter.defer_rest(text.count("\n") + 1)
        self.setPlainText(text)
        self.highlighter.rest_deferred()
        document.setUndoRedoEnabled(True)
        document.setModified(False)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def wrap_selection(self, marker: str) -> None:
        """Wrap the selection (or the word at the cursor) in a Markdown marker, e.g. ** or *."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            cursor.select(QTextCursor.SelectionType.WordUnderCursor)
        selected = cursor.selectedText()
        cursor.beginEditBlock()
        if (
            len(selected) > 2 * len(marker)
            and selected.startswith(marker)
            and selected.endswith(marker)
        ):
            cursor.insertText(selected[len(marker) : -len(marker)])
        else:
            start = cursor.selectionStart()
            cursor.insertText(f"{marker}{selected}{marker}")
            if not selected:
                cursor.setPosition(start + len(marker))
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def insert_markdown(self, markdown: str) -> None:
        """Insert Markdown at the cursor as a block of its own (e.g. a figure line): after the
        paragraph the cursor is in, with a blank line before and after it."""
        if self.isReadOnly():
            return
        block = markdown.strip("\n")
        text = self.plain_text()
        new = body.insert_block(text, self.textCursor().blockNumber(), block)
        if not self.apply_text(new):
            return
        start = len(_common_prefix(text, new))
        placed = new.find(block, max(0, start - len(block) - 2))
        if placed >= 0:
            cursor = self.textCursor()
            cursor.setPosition(placed + len(block))
            self.setTextCursor(cursor)

    def apply_text(self, new: str, join_previous: bool = False) -> bool:
        """Make the document hold `new` by replacing only what differs, as one undoable edit
        (the cursor and scroll position stay where they were), or as part of the previous one
        with join_previous; False when nothing changed."""
        old = self.plain_text()
        if new == old:
            return False
        start = len(_common_prefix(old, new))
        end_old, end_new = len(old), len(new)
        while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
            end_old -= 1
            end_new -= 1
        cursor = QTextCursor(self.document())
        if join_previous and self.document().isUndoAvailable():
            cursor.joinPreviousEditBlock()
        else:
            cursor.beginEditBlock()
        cursor.setPosition(start)
        cursor.setPosition(end_old, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(new[start:end_new])
        cursor.endEditBlock()
        return True

    def set_point_size(self, size: int) -> None:
        """Zoom the editor's text to a point size (kept within sensible bounds)."""
        size = max(MIN_POINT_SIZE, min(MAX_POINT_SIZE, int(size)))
        font = QFont(self.font())
        font.setPointSize(size)
        self.setFont(font)
        self.point_size = size
        self.zoomChanged.emit(size)

    def zoom(self, steps: int) -> None:
        """Zoom in (positive) or out (negative) by whole points; 0 resets."""
        self.set_point_size(DEFAULT_POINT_SIZE if steps == 0 else self.point_size + steps)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A key: the key handlers first (the first that handles it ends it), then the editor."""
        for handler in reversed(self.key_handlers):
            if handler(event):
                return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The editor changed size (focus mode centres its column again)."""
        super().resizeEvent(event)
        self.resized.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The text, then what other parts draw over it (figure cards)."""
        super().paintEvent(event)
        for paint in self.overlays:
            paint(event)

    def changeEvent(self, event) -> None:
        """Re-derive the highlighter's colours when the palette changes (light/dark)."""
        super().changeEvent(event)
        if event.type() in (event.Type.PaletteChange, event.Type.ApplicationPaletteChange):
            self.highlighter.set_palette(self.palette())

    def context_menu(self, pos: QPoint) -> QMenu:
        """The right-click menu at a point: the writing tools' entries over the standard ones."""
        menu = self.createStandardContextMenu(pos)
        cursor = self.cursorForPosition(pos)
        for hook in self.menu_hooks:
            hook(menu, cursor)
        return menu

    def contextMenuEvent(self, event) -> None:
        """Show the right-click menu."""
        menu = self.context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def insertFromMimeData(self, source: QMimeData) -> None:
        """A paste or drop: a writing tool may take it (rich text as Markdown), else plain."""
        if not self.isReadOnly() and any(hook(source) for hook in self.paste_hooks):
            return
        super().insertFromMimeData(source)


def set_alignment_for(editor: QPlainTextEdit, rtl: bool) -> None:
    """Right-align a plain-text editor for right-to-left stories (Qt's auto direction does not)."""
    document = editor.document()
    option = document.defaultTextOption()
    side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    wanted = side | Qt.AlignmentFlag.AlignAbsolute
    if option.alignment() != wanted:
        option.setAlignment(wanted)
        document.setDefaultTextOption(option)


def _common_prefix(a: str, b: str) -> str:
    """The longest start two texts share (compared in large steps first: bodies are long)."""
    n = min(len(a), len(b))
    lo, hi = 0, n
    while lo < hi:  # binary search on slices: a megabyte body takes ~20 comparisons
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return a[:lo]
