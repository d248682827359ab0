"""The story's metadata form: headline (with a live count against a limit), standfirst, byline,
authors, dateline, section, status and language.

The form only shows and collects values; the main window saves them through the store.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desk.model import Article, Status

from desk.ui.editor import set_alignment_for

DEFAULT_HEADLINE_LIMIT = 70


class StandfirstEdit(QPlainTextEdit):
    """A short plain-text field, a few lines high, that wraps (standfirsts run long)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setPlaceholderText("Standfirst: the summary under the headline")
        option = self.document().defaultTextOption()
        option.setTextDirection(Qt.LayoutDirection.LayoutDirectionAuto)
        self.document().setDefaultTextOption(option)
        lines = QFontMetrics(self.font()).lineSpacing()
        self.setFixedHeight(lines * 3 + 12)


class MetadataForm(QWidget):
    """Edits one story's fields; emits changed() on any edit and headerChanged() for the title."""

    changed = Signal()
    headerChanged = Signal()
    languageChanged = Signal(str)

    def __init__(self, headline_limit: int = DEFAULT_HEADLINE_LIMIT, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("metadataForm")
        self.headline_limit = headline_limit
        self._loading = False
        self._build()
        self._connect()

    def _build(self) -> None:
        """Lay out the fields in a compact two-column grid."""
        self.headline = QLineEdit(self)
        self.headline.setPlaceholderText("Headline")
        self.headline.setObjectName("headlineEdit")
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.headline.setFont(font)
        self.headline_count = QLabel(self)
        self.headline_count.setObjectName("headlineCount")
        self.headline_count.setMinimumWidth(QFontMetrics(self.font()).horizontalAdvance("000/000"))
        self.headline_count.setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        self.standfirst = StandfirstEdit(self)
        self.byline = self._line("Byline, e.g. By Jane Doe in Paris")
        self.authors = self._line("Authors, comma separated")
        self.dateline = self._line("Dateline, e.g. PARIS")
        self.section = QComboBox(self)
        self.section.setEditable(True)
        self.section.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.section.lineEdit().setPlaceholderText("Section")
        self.status = QComboBox(self)
        for status in Status:
            self.status.addItem(status.value.capitalize(), status.value)
        self.language = self._line("Language, e.g. en, fr, ar")
        self.language.setMaxLength(35)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 8, 8, 4)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.headline, 0, 0, 1, 4)
        grid.addWidget(self.headline_count, 0, 4)
        grid.addWidget(self.standfirst, 1, 0, 1, 5)
        pairs = [
            ("&Byline", self.byline, "&Authors", self.authors),
            ("&Dateline", self.dateline, "S&ection", self.section),
            ("Stat&us", self.status, "&Language", self.language),
        ]
        for row, (left, left_field, right, right_field) in enumerate(pairs, start=2):
            grid.addWidget(self._label(left, left_field), row, 0)
            grid.addWidget(left_field, row, 1)
            grid.addWidget(self._label(right, right_field), row, 2)
            grid.addWidget(right_field, row, 3, 1, 2)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        self.update_headline_count()

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        """A field's label, with Alt+letter focusing the field."""
        label = QLabel(text, self)
        label.setBuddy(buddy)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return label

    def _line(self, placeholder: str) -> QLineEdit:
        """A one-line field with a placeholder that doubles as its label."""
        field = QLineEdit(self)
        field.setPlaceholderText(placeholder)
        field.setToolTip(placeholder)
        field.setAccessibleName(placeholder.split(",")[0])
        return field

    def _connect(self) -> None:
        """Every edit emits changed(); headline and standfirst also headerChanged()."""
        for field in (self.headline, self.byline, self.authors, self.dateline, self.language):
            field.textChanged.connect(self._on_edit)
        self.standfirst.textChanged.connect(self._on_edit)
        self.section.editTextChanged.connect(self._on_edit)
        self.status.currentIndexChanged.connect(self._on_edit)
        self.headline.textChanged.connect(self._on_header_edit)
        self.standfirst.textChanged.connect(self._on_header_edit)
        self.headline.textChanged.connect(self.update_headline_count)
        self.language.editingFinished.connect(self._on_language_done)

    def _on_edit(self, *_args: object) -> None:
        """A user edit (not a load) is a change to save."""
        if not self._loading:
            self.changed.emit()

    def _on_header_edit(self, *_args: object) -> None:
        """Headline or standfirst edited: the preview's header follows."""
        if not self._loading:
            self.headerChanged.emit()

    def _on_language_done(self) -> None:
        """Language edited: the preview's direction may change."""
        if not self._loading:
            self.languageChanged.emit(self.language.text().strip())

    def update_headline_count(self) -> None:
        """Show the headline's length against the limit; warn (with the palette) when over."""
        length = len(self.headline.text())
        over = length > self.headline_limit
        self.headline_count.setText(f"{length}/{self.headline_limit}")
        self.headline_count.setToolTip(
            f"{length - self.headline_limit} characters too long" if over else "Headline length"
        )
        role = QPalette.ColorRole.BrightText if over else QPalette.ColorRole.PlaceholderText
        palette = self.headline_count.palette()
        palette.setColor(QPalette.ColorRole.WindowText, self.palette().color(role))
        self.headline_count.setPalette(palette)
        font = self.headline_count.font()
        font.setBold(over)
        self.headline_count.setFont(font)

    def set_headline_limit(self, limit: int) -> None:
        """Change the headline limit (from settings)."""
        self.headline_limit = max(1, int(limit))
        self.update_headline_count()

    def set_sections(self, sections: list[str]) -> None:
        """Offer these sections in the combo, keeping what is typed."""
        current = self.section.currentText()
        self._loading, was_loading = True, self._loading
        self.section.clear()
        self.section.addItems(sections)
        self.section.setEditText(current)
        self._loading = was_loading

    def load(self, article: Article | None) -> None:
        """Show a story's fields (or empty fields for a new story) without emitting changed()."""
        article = article or Article()
        self._loading = True
        try:
            self.headline.setText(article.headline)
            self.standfirst.setPlainText(article.standfirst)
            self.byline.setText(article.byline)
            self.authors.setText(", ".join(article.authors))
            self.dateline.setText(article.dateline)
            self.section.setEditText(article.section)
            index = self.status.findData(article.status)
            self.status.setCurrentIndex(max(index, 0))
            self.language.setText(article.language or "en")
            for field in (self.headline, self.byline, self.authors, self.dateline):
                field.setCursorPosition(0)
        finally:
            self._loading = False

    def values(self) -> dict[str, object]:
        """The fields as Store.update_article takes them."""
        return {
            "headline": self.headline.text(),
            "standfirst": self.standfirst.toPlainText(),
            "byline": self.byline.text(),
            "authors": [a.strip() for a in self.authors.text().split(",") if a.strip()],
            "dateline": self.dateline.text(),
            "section": self.section.currentText().strip(),
            "status": self.status.currentData(),
            "language": self.language.text().strip() or "en",
        }

    def set_status(self, status: str) -> None:
        """Choose a status as if the user picked it (emits changed())."""
        index = self.status.findData(status)
        if index >= 0:
            self.status.setCurrentIndex(index)

    def set_right_to_left(self, rtl: bool) -> None:
        """Align the long fields for the story's script."""
        set_alignment_for(self.standfirst, rtl)

    def set_read_only(self, read_only: bool) -> None:
        """Disable editing (read-only store)."""
        for field in (self.headline, self.byline, self.authors, self.dateline, self.language):
            field.setReadOnly(read_only)
        self.standfirst.setReadOnly(read_only)
        self.section.setEnabled(not read_only)
        self.status.setEnabled(not read_only)

    def changeEvent(self, event) -> None:
        """Recolour the headline count when the palette changes."""
        super().changeEvent(event)
        if event.type() in (event.Type.PaletteChange, event.Type.ApplicationPaletteChange):
            self.update_headline_count()
