"""The Outline dock: the open story's subheads (from desk.body's blocks, as the window parses
the body a moment after typing), nested by level; a click puts the editor there. The subhead
the cursor is under is selected as you move through the story."""

from __future__ import annotations

import bisect
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDockWidget, QLabel, QStackedWidget, QTreeWidget, QTreeWidgetItem

from desk import body

LINE_ROLE = Qt.ItemDataRole.UserRole + 1
_MARKS = re.compile(r"^\s{0,3}(#{1,6})\s+|\s+#+\s*$")
_INLINE = re.compile(r"[*_`]|\\(?=.)")


def subheads(parsed: body.Body) -> list[tuple[int, int, str]]:
    """(level, line, text) of each subhead block: level 2 for '##', 3 for '###' …"""
    found = []
    for block in parsed.blocks:
        if block.kind != "subhead":
            continue
        first = block.source.split("\n", 1)[0]
        marks = re.match(r"^\s{0,3}(#{1,6})", first)
        if marks:
            level = len(marks.group(1))
            text = _MARKS.sub("", first)
        else:  # a Setext heading: the text, then a line of = or -
            level = 1 if block.source.rstrip().endswith("=") else 2
            text = first
        text = _INLINE.sub("", text).strip()
        found.append((level, block.start, text or "(empty subhead)"))
    return found


class OutlineDock(QDockWidget):
    """The story's subheads; click one to go there."""

    def __init__(self, window) -> None:
        super().__init__("Outline", window)
        self.setObjectName("outlineDock")
        self.window_ = window
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("outlineTree")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.empty = QLabel("No subheads yet: a line starting ## is one.", self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(12)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.tree)
        self.setWidget(self.stack)
        self.lines: list[int] = []
        self._rows: list[QTreeWidgetItem] = []
        self._shown: list[tuple[int, int, str]] | None = None
        self._followed = -1  # the line the selection was last set for
        self.tree.itemActivated.connect(self.go_to)
        self.tree.itemClicked.connect(self.go_to)
        window.hub.bodyParsed.connect(self.show_body)
        window.editor.cursorPositionChanged.connect(self.follow_cursor)

    def show_body(self, article_id: int, parsed: object) -> None:
        """The body was parsed: list its subheads (only when they changed)."""
        if article_id != self.window_.current_article_id() or not isinstance(parsed, body.Body):
            return
        found = subheads(parsed)
        if found == self._shown:
            return
        self._shown = found
        self.tree.clear()
        self.lines = [line for _level, line, _text in found]
        self._rows = []  # in line order, as self.lines
        parents: list[tuple[int, QTreeWidgetItem]] = []
        for level, line, text in found:
            while parents and parents[-1][0] >= level:
                parents.pop()
            item = QTreeWidgetItem(parents[-1][1] if parents else self.tree, [text])
            item.setData(0, LINE_ROLE, line)
            item.setToolTip(0, f"Line {line + 1}")
            parents.append((level, item))
            self._rows.append(item)
        self.tree.expandAll()
        self.stack.setCurrentWidget(self.tree if found else self.empty)
        self._followed = -1
        self.follow_cursor()

    def items(self) -> list[QTreeWidgetItem]:
        """Every subhead's row, in order."""
        out = []

        def walk(item: QTreeWidgetItem) -> None:
            out.append(item)
            for i in range(item.childCount()):
                walk(item.child(i))

        for i in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(i))
        return out

    def go_to(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        """Put the editor's cursor at the subhead and show it at the top."""
        line = item.data(0, LINE_ROLE)
        if line is None:
            return
        editor = self.window_.editor
        block = editor.document().findBlockByNumber(int(line))
        if not block.isValid():
            return
        cursor = QTextCursor(block)
        editor.setTextCursor(cursor)
        editor.verticalScrollBar().setValue(block.firstLineNumber())
        editor.setFocus()

    def follow_cursor(self) -> None:
        """Select the subhead the cursor is under."""
        if not self.lines or not self.isVisible():
            return
        line = self.window_.editor.textCursor().blockNumber()
        if line == self._followed:
            return
        self._followed = line
        index = bisect.bisect_right(self.lines, line) - 1  # the last subhead at or above it
        rows = self._rows
        self.tree.blockSignals(True)
        if 0 <= index < len(rows):
            self.tree.setCurrentItem(rows[index])
        else:
            self.tree.clearSelection()
        self.tree.blockSignals(False)
