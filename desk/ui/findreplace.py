"""Find and replace in the open story: the bar above the body (Ctrl+F finds, Ctrl+H replaces).

Matching is desk.replace's Search (whole word, match case, regular expression), so the bar
finds what `desk replace` and Replace in All Stories find. Find looks everywhere in the body;
Replace and Replace All leave figures and editor's notes alone, as the core says, and Replace
All is one edit of the document (one Ctrl+Z takes it back).
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)

from desk import body, replace
from desk.errors import BadInput

from desk.ui.highlighter import utf16_offset


class FindReplaceBar(QWidget):
    """Find (and replace) in the body: a find row, a replace row shown by Ctrl+H, options."""

    closed = Signal()

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.editor = editor
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Find in story")
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Find in story")
        self.replacement = QLineEdit(self)
        self.replacement.setPlaceholderText("Replace with")
        self.replacement.setAccessibleName("Replace with")
        self.case = QCheckBox("Match case", self)
        self.whole = QCheckBox("Whole words", self)
        self.regex = QCheckBox("Regex", self)
        self.regex.setAccessibleName("Regular expression")
        self.regex.setToolTip("Regular expression (Python's); \\1 in the replacement is group 1")
        self.result = QLabel(self)
        self.result.setObjectName("findResult")
        self.result.setWordWrap(True)
        self._build()
        self.hide()

    def _build(self) -> None:
        """Find with its buttons; replace with its buttons (Ctrl+H); the options and the
        result below them. The bar fits the editor's column: its options on one row beside
        the find field made the window wider than a 1,280 px screen."""
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 2, 6, 2)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.field, 0, 0)
        grid.addWidget(self._button("Previous", self.find_previous), 0, 1)
        grid.addWidget(self._button("Next", self.find_next), 0, 2)
        grid.addWidget(self._button("Close", self.close_bar), 0, 3)
        grid.addWidget(self.replacement, 1, 0)
        self.replace_button = self._button("Replace", self.replace_one)
        self.replace_all_button = self._button("Replace All", self.replace_all)
        grid.addWidget(self.replace_button, 1, 1)
        grid.addWidget(self.replace_all_button, 1, 2, 1, 2)
        options = QHBoxLayout()
        options.setSpacing(12)
        for box in (self.case, self.whole, self.regex):
            options.addWidget(box)
        options.addWidget(self.result, 1)
        grid.addLayout(options, 2, 0, 1, 4)
        grid.setColumnStretch(0, 1)
        self.field.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 8)
        self.replacement.setMinimumWidth(self.field.minimumWidth())
        self._replace_row = [self.replacement, self.replace_button, self.replace_all_button]
        self.field.returnPressed.connect(self.find_next)
        self.field.textEdited.connect(lambda _text: self.find_next(from_start=True))
        self.replacement.returnPressed.connect(self.replace_one)
        for box in (self.case, self.whole, self.regex):
            box.toggled.connect(lambda _on: self.find_next(from_start=True))

    def _button(self, text: str, slot) -> QToolButton:
        """A small text button."""
        button = QToolButton(self)
        button.setText(text)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- showing -------------------------------------------------------------------------

    def open_bar(self) -> None:
        """Ctrl+F: show the find row with the editor's selection as the search text."""
        self._show(replacing=False)

    def open_replace(self) -> None:
        """Ctrl+H: show both rows."""
        self._show(replacing=True)

    def _show(self, replacing: bool) -> None:
        """Show the bar (the replace row only when replacing), the find text selected."""
        selected = self.editor.textCursor().selectedText()
        figure = f"]({body.FIGURE_SCHEME}" in selected  # a figure card's hidden line: no search
        if selected and "\u2029" not in selected and not figure:
            self.field.setText(re.escape(selected) if self.regex.isChecked() else selected)
        for widget in self._replace_row:
            widget.setVisible(replacing)
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    @property
    def replacing(self) -> bool:
        """True when the replace row shows."""
        return self.replacement.isVisible()

    def close_bar(self) -> None:
        """Hide the bar and give the editor its focus back."""
        self.hide()
        self.result.clear()
        self.editor.setFocus()
        self.closed.emit()

    # -- finding -------------------------------------------------------------------------

    def search(self) -> replace.Search:
        """What the bar's fields ask for."""
        return replace.Search(
            self.field.text(),
            self.replacement.text(),
            regex=self.regex.isChecked(),
            whole_word=self.whole.isChecked(),
            match_case=self.case.isChecked(),
        )

    def _matches(self) -> list[re.Match[str]] | None:
        """Every match in the body, or None (the reason shown) when the pattern is invalid."""
        if not self.field.text():
            self.result.clear()
            return None
        try:
            return replace.matches_in(self.editor.plain_text(), self.search())
        except BadInput as exc:
            self._say(str(exc))
            return None

    def find_next(self, from_start: bool = False) -> bool:
        """Select the next match after the cursor (from the selection's start while typing),
        wrapping round at the end."""
        found = self._matches()
        if found is None:
            return False
        cursor = self.editor.textCursor()
        text = self.editor.plain_text()
        at = _python_offset(text, cursor.selectionStart() if from_start else cursor.selectionEnd())
        after = [m for m in found if m.start() >= at]
        return self._select(found, (after or found)[0] if found else None)

    def find_previous(self) -> bool:
        """Select the match before the cursor, wrapping round at the start."""
        found = self._matches()
        if found is None:
            return False
        text = self.editor.plain_text()
        at = _python_offset(text, self.editor.textCursor().selectionStart())
        before = [m for m in found if m.start() < at]
        return self._select(found, (before or found)[-1] if found else None)

    def _select(self, found: list[re.Match[str]], match: re.Match[str] | None) -> bool:
        """Select a match in the editor and say which one of how many."""
        if match is None:
            self._say("Not found")
            return False
        text = self.editor.plain_text()
        cursor = self.editor.textCursor()
        cursor.setPosition(utf16_offset(text, match.start()))
        cursor.setPosition(utf16_offset(text, match.end()), QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()
        self._say(f"{found.index(match) + 1} of {len(found)}", error=False)
        return True

    # -- replacing -----------------------------------------------------------------------

    def replace_one(self) -> bool:
        """Replace the selected match (if it is one the core may change), then find the next."""
        if self.editor.isReadOnly():
            return False
        search = self.search()
        try:
            search.check()
        except BadInput as exc:
            self._say(str(exc))
            return False
        text = self.editor.plain_text()
        cursor = self.editor.textCursor()
        start = _python_offset(text, cursor.selectionStart())
        end = _python_offset(text, cursor.selectionEnd())
        allowed, _left = replace.replaceable(text, search)
        current = next((m for m in allowed if (m.start(), m.end()) == (start, end)), None)
        if current is None:
            if any((m.start(), m.end()) == (start, end) for m in replace.matches_in(text, search)):
                self.find_next()
                self._say("That one is in an editor's note or a figure: those are left alone.")
                return False
            self.find_next(from_start=True)
            return False
        cursor.beginEditBlock()
        cursor.insertText(search.expand(current))
        cursor.endEditBlock()
        self.editor.setTextCursor(cursor)
        self.find_next()
        return True

    def replace_all(self) -> int:
        """Replace every match outside figures and notes as one undoable edit; how many."""
        if self.editor.isReadOnly():
            return 0
        search = self.search()
        try:
            new, count, left = replace.replace_body(self.editor.plain_text(), search)
        except BadInput as exc:
            self._say(str(exc))
            return 0
        if count:
            self.editor.apply_text(new)
        kept = f"; {left} in notes or figures left as they are" if left else ""
        if count:
            self._say(f"Replaced {count} (Ctrl+Z undoes it){kept}.", error=False)
        else:
            self._say(f"Nothing replaced{kept}." if kept else "Not found")
        return count

    def _say(self, message: str, error: bool = True) -> None:
        """A short result beside the fields."""
        self.result.setText(message)
        self.result.setProperty("error", error)

    def keyPressEvent(self, event) -> None:
        """Escape closes the bar."""
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)


def _python_offset(text: str, qt_position: int) -> int:
    """A Qt (UTF-16) position in the text as a Python offset."""
    if all(ord(c) <= 0xFFFF for c in text):
        return qt_position
    units = 0
    for index, char in enumerate(text):
        if units >= qt_position:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)
