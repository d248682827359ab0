"""How the library looks: search results with the matching words under each headline, and the
empty library that says how to start (New Story, Import…, drop files here)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

MARK = "**"  # the store's snippets mark the matching words **like this**


def snippet_runs(snippet: str) -> list[tuple[str, bool]]:
    """'a **b** c' -> [('a ', False), ('b', True), (' c', False)] (whitespace squashed)."""
    text = " ".join(snippet.split())
    return [(part, i % 2 == 1) for i, part in enumerate(text.split(MARK)) if part]


def lead_in(text: str, width_of, room: int) -> str:
    """The end of the text before a match, cut at a word to fit `room` ('…the words')."""
    if width_of(text) <= room:
        return text
    words = text.split()
    tail = " " if text.endswith(" ") else ""
    kept: list[str] = []
    while words and width_of("…" + " ".join([words[-1], *kept]) + tail) <= room:
        kept.insert(0, words.pop())
    return "…" + " ".join(kept) + tail


class SnippetDelegate(QStyledItemDelegate):
    """The headline column: the headline, and under it (for a search) the matching words,
    the matches in bold."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        row = index.model().rows[index.row()] if hasattr(index.model(), "rows") else None
        snippet = getattr(row, "snippet", "") if row is not None else ""
        if not snippet:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = opt.rect.adjusted(4, 2, -4, -2)
        half = rect.height() // 2
        painter.save()
        painter.setPen(opt.palette.color(group, text_role))
        metrics = QFontMetrics(opt.font)
        top = QRect(rect.left(), rect.top(), rect.width(), half)
        painter.setFont(opt.font)
        painter.drawText(
            top,
            Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width()),
        )
        below = QRect(rect.left(), rect.top() + half, rect.width(), half)
        self._paint_snippet(painter, opt, below, selected, snippet)
        painter.restore()

    def _paint_snippet(
        self,
        painter: QPainter,
        opt: QStyleOptionViewItem,
        rect: QRect,
        selected: bool,
        snippet: str,
    ) -> None:
        """The snippet on one line, muted, with the matching words bold; cut with … when long."""
        plain = QFont(opt.font)
        plain.setPointSizeF(opt.font.pointSizeF() * 0.92)
        bold = QFont(plain)
        bold.setBold(True)
        muted_role = (
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        muted = opt.palette.color(QPalette.ColorGroup.Active, muted_role)
        strong = opt.palette.color(
            QPalette.ColorGroup.Active,
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text,
        )
        x, right = rect.left(), rect.right()
        runs = snippet_runs(snippet)
        if runs and not runs[0][1]:  # the words before the first match: keep the match in sight
            lead = QFontMetrics(plain)
            runs[0] = (
                lead_in(runs[0][0], lambda t: lead.horizontalAdvance(t), rect.width() // 3),
                False,
            )
        for part, match in runs:
            font = bold if match else plain
            metrics = QFontMetrics(font)
            room = right - x
            if room <= metrics.horizontalAdvance("…"):
                break
            shown = metrics.elidedText(part, Qt.TextElideMode.ElideRight, room)
            painter.setFont(font)
            painter.setPen(strong if match else muted)
            painter.drawText(
                QRect(x, rect.top(), room, rect.height()), Qt.AlignmentFlag.AlignVCenter, shown
            )
            x += metrics.horizontalAdvance(shown)
            if shown != part:
                break


class EmptyLibrary(QWidget):
    """Shown instead of the list when there is nothing to list: how to start, or how to find."""

    newRequested = Signal()
    importRequested = Signal()
    clearRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyLibrary")
        self.title = QLabel(self)
        self.title.setObjectName("emptyTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        self.text = QLabel(self)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.new_button = QPushButton("New Story", self)
        self.new_button.setObjectName("emptyNewStory")
        self.new_button.setToolTip("Start a story (Ctrl+N)")
        self.new_button.clicked.connect(self.newRequested)
        self.import_button = QPushButton("Import…", self)
        self.import_button.setObjectName("emptyImport")
        self.import_button.setToolTip(
            "Wire copy, Markdown, ninjs, NewsML-G2, NITF, web pages, Word"
        )
        self.import_button.clicked.connect(self.importRequested)
        self.clear_button = QPushButton("Clear Search", self)
        self.clear_button.setObjectName("emptyClear")
        self.clear_button.clicked.connect(self.clearRequested)
        self.drop_note = QLabel("or drop files here", self)
        self.drop_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.new_button, self.import_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 24, 16, 24)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        layout.addWidget(self.drop_note)
        layout.addStretch(2)
        self.read_only = False
        self.show_empty_library()

    def show_empty_library(self) -> None:
        """No story yet: write one or bring some in."""
        self.title.setText("Your library is empty")
        if self.read_only:
            self.text.setText("This store is open read-only, so nothing can be added to it.")
        else:
            self.text.setText(
                "Start a story, or import wire copy, Markdown, ninjs, NewsML-G2, NITF, saved web "
                "pages or Word files."
            )
        for widget in (self.new_button, self.import_button, self.drop_note):
            widget.setVisible(not self.read_only)
        self.clear_button.hide()

    def show_no_match(self, typed: str) -> None:
        """A search or filter found nothing: say so and offer to clear it."""
        self.title.setText(
            f"No story matches “{typed}”" if typed else "No story matches the filters"
        )
        self.text.setText("Try other words, or clear the search and the filters.")
        for widget in (self.new_button, self.import_button, self.drop_note):
            widget.hide()
        self.clear_button.show()

    def set_read_only(self, read_only: bool) -> None:
        """A read-only store offers nothing to add."""
        self.read_only = read_only
        if self.clear_button.isHidden():
            self.show_empty_library()
