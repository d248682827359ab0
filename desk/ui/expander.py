"""Text expansion in every text field of the window: typing the closing '=' of a known code
(`=afp=`) replaces the code with its text (desk.expansions), as an edit of its own, so Ctrl+Z
brings the code back. The codes are Preferences > Text Expansion."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from desk import expansions


class TextExpander(QObject):
    """Watches the '=' key in the fields it is given; expands a code it completes."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.codes: dict[str, str] = {}
        self.reload()

    def reload(self) -> None:
        """Read the codes from the settings again."""
        self.codes = expansions.table()

    def watch(self, *widgets: QWidget) -> None:
        """Expand codes typed in these fields (QLineEdit or QPlainTextEdit); the body editor
        takes key handlers (no event filter on the field typed in most)."""
        for widget in widgets:
            handlers = getattr(widget, "key_handlers", None)
            if handlers is not None:
                handlers.append(lambda event, field=widget: self._key(field, event))
            else:
                widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A key in a watched field."""
        return event.type() == QEvent.Type.KeyPress and self._key(watched, event)  # type: ignore[arg-type]

    def _key(self, watched: QObject, event: QKeyEvent) -> bool:
        """An '=' that closes a known code: type it, then expand, as two edits."""
        if event.text() != "=" or not self.codes:
            return False
        if isinstance(watched, QPlainTextEdit) and not watched.isReadOnly():
            return self._expand_in_text(watched)
        if isinstance(watched, QLineEdit) and not watched.isReadOnly():
            return self._expand_in_line(watched)
        return False

    def _expand_in_text(self, edit: QPlainTextEdit) -> bool:
        """A plain-text field (the body, headline, standfirst, caption, alt text)."""
        cursor = edit.textCursor()
        if cursor.hasSelection():
            return False
        before = cursor.block().text()[: cursor.positionInBlock()]
        found = expansions.expansion_before(before + "=", self.codes)
        if found is None:
            return False
        start, text = found
        cursor.insertText("=")  # typed, as the key would (undone with the typing before it)
        edit.setTextCursor(cursor)
        code = QTextCursor(cursor)
        code.setPosition(cursor.block().position() + start)
        code.setPosition(cursor.position(), QTextCursor.MoveMode.KeepAnchor)
        code.beginEditBlock()
        code.insertText(text)
        code.endEditBlock()
        edit.setTextCursor(code)
        return True

    def _expand_in_line(self, line: QLineEdit) -> bool:
        """A one-line field (byline, dateline, agency, alert, credit)."""
        if line.hasSelectedText():
            return False
        position = line.cursorPosition()
        before = line.text()[:position]
        found = expansions.expansion_before(before + "=", self.codes)
        if found is None:
            return False
        start, text = found
        line.insert("=")
        line.setSelection(start, position + 1 - start)
        line.insert(text)  # its own undo step: Ctrl+Z gives the code back
        return True
