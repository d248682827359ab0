"""The Preferences dialog: a list of pages (desk.ui.preferences.PAGES) beside the page shown,
an editor per setting made from its kind, and OK / Apply that check everything first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk import config, settings
from desk.errors import BadInput, DeskError

from desk.ui.fields import LanguageBox
from desk.ui.pairsedit import PairsEdit
from desk.ui.preferences import PAGES, Page
from desk.ui.style import show_warning


class SettingEditor:
    """An editor widget for one setting, chosen by its kind, with value()/set_value()."""

    def __init__(self, item: settings.Setting, parent: QWidget) -> None:
        self.item = item
        self.widget = self._make(parent)
        self.widget.setToolTip(item.help)
        self.widget.setAccessibleName(item.label)
        self.widget.setObjectName("setting:" + item.key)

    def _make(self, parent: QWidget) -> QWidget:
        """The widget for the setting's kind."""
        item = self.item
        if item.kind == "int":
            box = QSpinBox(parent)
            box.setRange(item.minimum or 0, item.maximum or 10**6)
            if item.placeholder and box.minimum() == 0:
                box.setSpecialValueText(item.placeholder)  # "No target", not "0"
            return box
        if item.kind == "choice":
            combo = QComboBox(parent)
            for value, label in item.choices:
                combo.addItem(label, value)
            return combo
        if item.kind == "language":
            box = LanguageBox(parent)
            box.fill()
            return box
        if item.kind == "pairs":
            return PairsEdit(parent)
        if item.kind == "list":
            edit = QPlainTextEdit(parent)
            edit.setTabChangesFocus(True)
            edit.setPlaceholderText("One per line")
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 6 + 12)
            return edit
        line = QLineEdit(parent)
        line.setPlaceholderText(
            item.placeholder or ("e.g. 480, 960" if item.kind == "ints" else "")
        )
        return line

    def value(self) -> Any:
        """The value shown, as the setting's type (BadInput when it cannot be one)."""
        w = self.widget
        if isinstance(w, QSpinBox):
            return w.value()
        if isinstance(w, PairsEdit):
            return w.value()
        if isinstance(w, LanguageBox):
            return w.code()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QPlainTextEdit):
            return settings.split_list(w.toPlainText())
        return settings.parse_text(self.item, w.text())

    def set_value(self, value: Any) -> None:
        """Show a value."""
        w = self.widget
        if isinstance(w, QSpinBox):
            w.setValue(int(value))
        elif isinstance(w, PairsEdit):
            w.set_value(dict(value))
        elif isinstance(w, LanguageBox):
            w.set_code(str(value))
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(max(0, w.findData(value)))
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText("\n".join(value))
        else:
            w.setText(settings.format_value(self.item, value))
            w.setCursorPosition(0)


class PreferencesDialog(QDialog):
    """Every page of settings; OK/Apply check all values, then write them at once."""

    applied = Signal(list)  # the keys that changed

    def __init__(self, parent: QWidget | None = None, page: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self.editors: dict[str, SettingEditor] = {}
        self.saved: dict[str, Any] = {}
        self._build()
        self.load()
        if page:
            self.show_page(page)

    def _build(self) -> None:
        """Page list on the left, the page on the right, the error line and buttons below."""
        self.page_list = QListWidget(self)
        self.page_list.setObjectName("preferencePages")
        widest = max(self.fontMetrics().horizontalAdvance(p.title) for p in PAGES)
        self.page_list.setFixedWidth(widest + 56)
        self.page_list.setSpacing(3)
        self.stack = QStackedWidget(self)
        for page in PAGES:
            self.page_list.addItem(page.title)
            self.stack.addWidget(self._page(page))
        self.page_list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.page_list.setCurrentRow(0)
        self.error = QLabel(self)
        self.error.setObjectName("preferencesError")
        self.error.setWordWrap(True)
        self.error.hide()
        where = QLabel(f"Saved in {config.config_path()}", self)
        where.setObjectName("preferencesPath")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        restore = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.setToolTip("Show this page's defaults (saved with OK or Apply)")
        restore.clicked.connect(self.restore_defaults)
        row = QHBoxLayout()
        row.addWidget(self.page_list)
        row.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(self.error)
        layout.addWidget(where)
        layout.addWidget(self.buttons)
        self.resize(self.sizeHint().width() + 120, self.sizeHint().height())

    def _page(self, page: Page) -> QWidget:
        """One page: its intro line and a form of its settings."""
        widget = QWidget(self)
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(12, 0, 0, 0)
        title = QLabel(page.title, widget)
        title.setObjectName("preferencesTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(page.intro, widget)
        intro.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addSpacing(6)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key in page.keys:
            item = settings.setting(key)
            editor = SettingEditor(item, widget)
            self.editors[key] = editor
            label = QLabel(item.label + ":", widget)
            label.setBuddy(editor.widget)
            label.setToolTip(item.help)
            form.addRow(label, editor.widget)
        layout.addLayout(form)
        if page.extra is not None:
            layout.addWidget(page.extra(widget))
        layout.addStretch(1)
        return widget

    def show_page(self, title: str) -> None:
        """Open the dialog on a page by its title."""
        for row, page in enumerate(PAGES):
            if page.title == title:
                self.page_list.setCurrentRow(row)

    def load(self) -> None:
        """Show the settings file's values (defaults where it has none)."""
        try:
            self.saved = settings.current_values()
        except DeskError as exc:  # a bad file: show the defaults and say why
            self.saved = {k: s.default for k, s in settings.REGISTRY.items()}
            self._say(str(exc))
        for key, editor in self.editors.items():
            editor.set_value(self.saved[key])

    def restore_defaults(self) -> None:
        """Show the defaults of the page on screen (nothing is written until OK or Apply)."""
        for key in PAGES[self.stack.currentIndex()].keys:
            self.editors[key].set_value(settings.setting(key).default)

    def changes(self) -> dict[str, Any]:
        """The values that differ from the file's (BadInput naming the first bad one)."""
        changed = {}
        for key, editor in self.editors.items():
            try:
                value = settings.check(editor.item, editor.value())
            except BadInput as exc:
                raise settings.SettingRefused(str(exc), key) from None
            if value != self.saved.get(key):
                changed[key] = value
        return changed

    def apply(self) -> bool:
        """Check and write every change at once; False (with the reason shown) when refused."""
        try:
            changed = self.changes()
            if changed:
                settings.save(changed)
        except BadInput as exc:
            key, message = getattr(exc, "key", ""), str(exc)
            if key in self.editors:  # the field's name as the page shows it, not the file's key
                self._focus(key)
                message = message.replace(key, f"“{self.editors[key].item.label}”")
            self._say(message)
            return False
        self.error.hide()
        self.saved.update(changed)
        if changed:
            self.applied.emit(sorted(changed))
        return True

    def accept(self) -> None:
        """OK: apply, and close only when everything was saved."""
        if self.apply():
            super().accept()

    def _focus(self, key: str) -> None:
        """Show the page holding a key and put the cursor in its field."""
        for row, page in enumerate(PAGES):
            if key in page.keys:
                self.page_list.setCurrentRow(row)
        self.editors[key].widget.setFocus()

    def _say(self, message: str) -> None:
        """One sentence under the pages, in the palette's warning colour."""
        show_warning(self.error, True)
        self.error.setText(message)
        self.error.show()
