"""Spelling and house style in the story's headline and standfirst: the same underlines and
right-click menu as the body (desk.ui.proofreading), for fields short enough to check at once."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QSyntaxHighlighter
from PySide6.QtWidgets import QPlainTextEdit

from desk.ui.highlighter import utf16_offset


class FieldProofing(QSyntaxHighlighter):
    """Underlines a plain-text field's marks and adds the suggestions to its menu."""

    def __init__(self, field: QPlainTextEdit, service) -> None:
        super().__init__(field.document())
        self.field = field
        self.service = service
        field.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        field.customContextMenuRequested.connect(self.show_menu)
        service.fields.append(self)

    def highlightBlock(self, text: str) -> None:
        """Underline the field's misspellings and house-style findings."""
        formats = self.service.highlighter.formats
        for mark in self.service.field_marks(text):
            start, end = utf16_offset(text, mark.start), utf16_offset(text, mark.end)
            fmt = formats.get(mark.kind)
            if fmt is not None:
                self.setFormat(start, end - start, fmt)

    def rehighlight_quietly(self) -> None:
        """Underline again without it counting as an edit of the story."""
        document = self.field.document()
        was = document.blockSignals(True)
        try:
            self.rehighlight()
        finally:
            document.blockSignals(was)

    def menu(self, pos: QPoint):
        """The field's right-click menu at a point, with the writing tools' entries."""
        menu = self.field.createStandardContextMenu(pos)
        self.service.add_menu_entries(menu, self.field.cursorForPosition(pos), self.field)
        return menu

    def show_menu(self, pos: QPoint) -> None:
        """Show the menu."""
        menu = self.menu(pos)
        menu.exec(self.field.mapToGlobal(pos))
        menu.deleteLater()
