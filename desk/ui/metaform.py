"""The story's metadata form: headline, standfirst and alert line (each counted against its
limit), byline, authors, dateline, agency, section, status, language, target length and embargo.

The form only shows and collects values; the main window saves them through the store. The
byline follows the authors by desk.byline's rule (written from them until edited, an edit
kept); a new story's fields come from desk.newstory (the reporter's defaults).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from desk.byline import byline_after
from desk.errors import DeskError
from desk.model import MAX_TARGET_WORDS, Article, Status

from desk.ui.editor import set_alignment_for
from desk.ui.embargofield import EmbargoEdit
from desk.ui.fields import HeadlineEdit, LanguageBox, LengthCount, StandfirstEdit

DEFAULT_HEADLINE_LIMIT = 70
DEFAULT_STANDFIRST_LIMIT = 160
DEFAULT_ALERT_LIMIT = 120


def split_authors(text: str) -> list[str]:
    """'Jane Doe, Sam Roe' -> ['Jane Doe', 'Sam Roe']."""
    return [a.strip() for a in text.split(",") if a.strip()]


class MetadataForm(QWidget):
    """Edits one story's fields; emits changed() on any edit and headerChanged() for the title."""

    changed = Signal()
    headerChanged = Signal()
    languageChanged = Signal(str)

    def __init__(
        self,
        headline_limit: int = DEFAULT_HEADLINE_LIMIT,
        parent=None,
        standfirst_limit: int = DEFAULT_STANDFIRST_LIMIT,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("metadataForm")
        self._loading = False
        self._byline_authors: list[str] = []  # the authors the byline was last written from
        self._offered_sections: list[str] = []
        self._sections_in_use: list[str] = []
        self._status = "draft"  # the story's status as accepted (the combo may be mid-pick)
        # Decides a status the user picks (the window: desk.workflow); None takes any.
        self.status_gate: Callable[[str], object] | None = None
        self._build(headline_limit, standfirst_limit)
        self._connect()

    @property
    def headline_limit(self) -> int:
        """Characters a headline may have before the count warns."""
        return self.headline_count.limit

    @property
    def standfirst_limit(self) -> int:
        """Characters a standfirst may have before the count warns."""
        return self.standfirst_count.limit

    def _build(self, headline_limit: int, standfirst_limit: int) -> None:
        """Lay out the fields in a compact two-column grid."""
        self.headline = HeadlineEdit(self)
        self.headline_count = LengthCount("headline", headline_limit, self)
        self.headline_count.setObjectName("headlineCount")
        self.standfirst = StandfirstEdit(self)
        self.standfirst_count = LengthCount("standfirst", standfirst_limit, self)
        self.standfirst_count.setObjectName("standfirstCount")
        self._build_lengths()
        self.byline = self._line("Byline, e.g. By Jane Doe in Paris")
        self.byline.setToolTip(
            "Written from the authors until you edit it; an edited byline is kept."
        )
        self.authors = self._line("Authors, comma separated")
        self.dateline = self._line("Dateline, e.g. PARIS")
        self.agency = self._line("Agency, e.g. AFP")
        self.section = QComboBox(self)
        self.section.setEditable(True)
        self.section.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.section.lineEdit().setPlaceholderText("Section")
        self.section.setAccessibleName("Section")
        self.status = QComboBox(self)
        self.status.setAccessibleName("Status")
        for status in Status:
            self.status.addItem(status.value.capitalize(), status.value)
        self.language = LanguageBox(self)
        self.embargo = EmbargoEdit(self)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 8, 8, 4)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        grid.addWidget(self.headline, 0, 0, 1, 4)
        grid.addWidget(self.headline_count, 0, 4)
        grid.addWidget(self.standfirst, 1, 0, 1, 4)
        grid.addWidget(self.standfirst_count, 1, 4)
        grid.addWidget(self.alert, 2, 0, 1, 4)
        grid.addWidget(self.alert_count, 2, 4)
        pairs = [
            ("&Byline", self.byline, "&Authors", self.authors),
            ("&Dateline", self.dateline, "A&gency", self.agency),
            ("S&ection", self.section, "Stat&us", self.status),
            ("&Language", self.language, "&Target", self.target),
            ("E&mbargo", self.embargo, "", None),
        ]
        for row, (left, left_field, right, right_field) in enumerate(pairs, start=3):
            grid.addWidget(self._label(left, left_field), row, 0)
            grid.addWidget(left_field, row, 1)
            if right_field is not None:
                grid.addWidget(self._label(right, right_field), row, 2)
                grid.addWidget(right_field, row, 3, 1, 2)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        self.setTabOrder(self.headline, self.standfirst)
        self.setTabOrder(self.standfirst, self.alert)
        self.setTabOrder(self.alert, self.byline)

    def _build_lengths(self) -> None:
        """The alert (SMS) line with its count, and the story's target length in words."""
        self.alert = self._line("Alert line (SMS, push), e.g. BREAKING: Floods cut off Idlib")
        self.alert.setAccessibleName("Alert line")
        self.alert_count = LengthCount("alert", DEFAULT_ALERT_LIMIT, self)
        self.alert_count.setObjectName("alertCount")
        self.target = QSpinBox(self)
        self.target.setObjectName("targetWords")
        self.target.setAccessibleName("Target length in words")
        self.target.setRange(0, MAX_TARGET_WORDS)
        self.target.setSingleStep(50)
        self.target.setSuffix(" words")
        self.target.setSpecialValueText("No target")
        # Shrinks like the fields beside it (a spin box would not go below its size hint).
        self.target.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.target.setToolTip("The length the story is written to; the status bar shows progress")

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
        for field in (self.byline, self.authors, self.dateline, self.agency, self.alert):
            field.textChanged.connect(self._on_edit)
        self.alert.textChanged.connect(self.update_alert_count)
        self.target.valueChanged.connect(self._on_edit)
        for field in (self.headline, self.standfirst):
            field.textChanged.connect(self._on_edit)
            field.textChanged.connect(self._on_header_edit)
        self.section.editTextChanged.connect(self._on_edit)
        self.status.activated.connect(self._on_status_picked)
        self.embargo.changed.connect(self._on_edit)
        self.headline.textChanged.connect(self.update_headline_count)
        self.standfirst.textChanged.connect(self.update_standfirst_count)
        self.authors.textEdited.connect(self._on_authors_edited)
        self.language.languageChosen.connect(self._on_language_chosen)

    def _on_edit(self, *_args: object) -> None:
        """A user edit (not a load) is a change to save."""
        if not self._loading:
            self.changed.emit()

    def _on_header_edit(self, *_args: object) -> None:
        """Headline or standfirst edited: the preview's header follows."""
        if not self._loading:
            self.headerChanged.emit()

    def _on_authors_edited(self, text: str) -> None:
        """The authors changed: the byline follows them unless it was edited."""
        self._follow_authors(split_authors(text), self.language.code())

    def _follow_authors(self, authors: list[str], language: str) -> None:
        """Rewrite the byline from these authors when it still follows the previous ones."""
        byline = byline_after(self.byline.text(), self._byline_authors, authors, language)
        self._byline_authors = authors
        if byline != self.byline.text():
            self.byline.setText(byline)
            self.byline.setCursorPosition(0)

    def _on_language_chosen(self, code: str) -> None:
        """A new language: the preview's direction and a written byline's words follow."""
        if self._loading:
            return
        self._follow_authors(split_authors(self.authors.text()), code)
        self.changed.emit()
        self.languageChanged.emit(code)

    def update_headline_count(self) -> None:
        """Show the headline's length against the limit; warn (with the palette) when over."""
        self.headline_count.show_length(len(self.headline.text()))

    def update_standfirst_count(self) -> None:
        """Show the standfirst's length against its limit."""
        self.standfirst_count.show_length(len(self.standfirst.toPlainText()))

    def update_alert_count(self) -> None:
        """Show the alert line's length against its limit."""
        self.alert_count.show_length(len(self.alert.text()))

    def set_alert_limit(self, limit: int) -> None:
        """Change the alert line's limit (from settings)."""
        self.alert_count.set_limit(limit)

    def set_headline_limit(self, limit: int) -> None:
        """Change the headline limit (from settings)."""
        self.headline_count.set_limit(limit)

    def set_standfirst_limit(self, limit: int) -> None:
        """Change the standfirst limit (from settings)."""
        self.standfirst_count.set_limit(limit)

    def set_sections(self, sections: list[str]) -> None:
        """Offer the sections in use in the combo (after the newsroom's list), keeping the text."""
        self._sections_in_use = list(sections)
        self._offer_sections()

    def set_offered_sections(self, sections: list[str]) -> None:
        """The newsroom's own section list (Preferences), offered first."""
        self._offered_sections = list(sections)
        self._offer_sections()

    def _offer_sections(self) -> None:
        """Fill the section combo: the newsroom's list, then the others in use."""
        names: dict[str, str] = {}
        for name in [*self._offered_sections, *self._sections_in_use]:
            names.setdefault(name.casefold(), name)
        current = self.section.currentText()
        self._loading, was_loading = True, self._loading
        self.section.clear()
        self.section.addItems(list(names.values()))
        self.section.setEditText(current)
        self._loading = was_loading

    def load(self, article: Article | None) -> None:
        """Show a story's fields (a new story: the defaults) without emitting changed()."""
        article = article or new_article()
        self._loading = True
        try:
            self.headline.setText(article.headline)
            self.standfirst.setPlainText(article.standfirst)
            self.byline.setText(article.byline)
            self.authors.setText(", ".join(article.authors))
            self._byline_authors = list(article.authors)
            self.dateline.setText(article.dateline)
            self.agency.setText(article.agency)
            self.section.setEditText(article.section)
            self._show_status(article.status)
            self.language.set_code(article.language or "en")
            self.embargo.set_value(article.embargo)
            self.alert.setText(article.alert)
            self.target.setValue(int(article.target_words or 0))
            for field in (self.headline, self.byline, self.authors, self.dateline, self.agency):
                field.setCursorPosition(0)
            self.alert.setCursorPosition(0)
            self.section.lineEdit().setCursorPosition(0)
        finally:
            self._loading = False

    def values(self) -> dict[str, object]:
        """The fields as Store.update_article takes them."""
        return {
            "headline": self.headline.text(),
            "standfirst": self.standfirst.toPlainText(),
            "byline": self.byline.text(),
            "authors": split_authors(self.authors.text()),
            "dateline": self.dateline.text(),
            "agency": self.agency.text(),
            "section": self.section.currentText().strip(),
            "status": self.status.currentData(),
            "language": self.language.code() or "en",
            "embargo": self.embargo.value(),
            "alert": self.alert.text(),
            "target_words": self.target.value(),
        }

    def set_status(self, status: str) -> None:
        """Choose a status as if the user picked it (through the gate, when there is one)."""
        if self.status.findData(status) >= 0:
            self._request_status(status)

    def accept_status(self, status: str) -> None:
        """Make a status the story's (the gate said yes); the caller saves it."""
        self._show_status(status)

    @property
    def accepted_status(self) -> str:
        """The story's status as the form holds it."""
        return self._status

    def _show_status(self, status: str) -> None:
        """Show a status in the combo without it counting as a pick."""
        index = self.status.findData(status)
        self._status = str(self.status.itemData(max(index, 0)))
        self.status.blockSignals(True)
        self.status.setCurrentIndex(max(index, 0))
        self.status.blockSignals(False)

    def _on_status_picked(self, index: int) -> None:
        """The user picked a status: the combo shows the story's until the gate accepts it."""
        wanted = str(self.status.itemData(index))
        self._show_status(self._status)
        if wanted != self._status:
            self._request_status(wanted)

    def _request_status(self, status: str) -> None:
        """Ask the gate for a status (no gate: take it and count it as an edit)."""
        if status == self._status:
            return
        if self.status_gate is not None:
            self.status_gate(status)
            return
        self._show_status(status)
        self._on_edit()

    def set_right_to_left(self, rtl: bool) -> None:
        """Align the long fields for the story's script."""
        set_alignment_for(self.standfirst, rtl)
        set_alignment_for(self.headline, rtl)

    def set_read_only(self, read_only: bool) -> None:
        """Disable editing (read-only store)."""
        for field in (self.headline, self.byline, self.authors, self.dateline, self.agency):
            field.setReadOnly(read_only)
        self.standfirst.setReadOnly(read_only)
        self.alert.setReadOnly(read_only)
        self.target.setReadOnly(read_only)
        for combo in (self.section, self.status, self.language):
            combo.setEnabled(not read_only)
        self.embargo.setReadOnly(read_only)

    def changeEvent(self, event) -> None:
        """Recolour the counts when the palette changes."""
        super().changeEvent(event)
        if event.type() in (event.Type.PaletteChange, event.Type.ApplicationPaletteChange):
            self.update_headline_count()
            self.update_standfirst_count()
            self.update_alert_count()


def new_article() -> Article:
    """A blank story with the settings' defaults (reporter, section, language)."""
    from desk.newstory import new_story_values

    try:
        return Article(**new_story_values())
    except DeskError:  # an unreadable settings file: start blank (Preferences says why)
        return Article()
