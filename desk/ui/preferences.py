"""Edit > Preferences… (Ctrl+,): one dialog with a page per feature, stored in config.toml.

Pages are a registry: a feature adds its own with `register_page(Page(...))`, naming the
settings keys (desk.settings) it shows; the dialog builds an editor for each key from its kind,
checks every value through desk.settings before anything is written, and tells the window
(`window.preferences.applied`) which keys changed so each feature can follow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette
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

OLD_HEADLINE_KEY = "editor/headline_limit"  # QSettings, before the limit moved to config.toml


@dataclass
class Page:
    """One page of the dialog: a title, a line saying what it is for, and its settings keys."""

    title: str
    intro: str
    keys: list[str]
    extra: Callable[[QWidget], QWidget] | None = field(default=None)  # below the fields


PAGES: list[Page] = []


def register_page(page: Page) -> None:
    """Add a page (a feature's own settings) to the dialog, after those already there."""
    PAGES[:] = [p for p in PAGES if p.title != page.title] + [page]


register_page(
    Page(
        "Reporter",
        "Who you are: the stories you start carry your name, byline and agency.",
        ["reporter.name", "reporter.byline", "reporter.agency"],
    )
)
register_page(
    Page(
        "New Stories",
        "What a story you start begins with, and the sections the form offers.",
        ["stories.section", "stories.sections", "stories.language"],
    )
)
register_page(
    Page(
        "Limits",
        "The form counts these fields as you type and warns past the limit.",
        ["limits.headline", "limits.standfirst"],
    )
)
register_page(
    Page(
        "Export",
        "The publication's details and the photo renditions, for every exported page.",
        [k for k in settings.REGISTRY if k.startswith("export.")],
    )
)
register_page(
    Page(
        "Appearance",
        "How Desk looks, and what the preview beside the editor shows.",
        ["appearance.theme", "preview.mode"],
    )
)


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
        self.page_list.setFixedWidth(self.fontMetrics().horizontalAdvance("New Stories") + 56)
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
            except BadInput:
                self._focus(key)
                raise
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
            key = getattr(exc, "key", "")
            if key in self.editors:
                self._focus(key)
            self._say(str(exc))
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
        palette = self.error.palette()
        palette.setColor(
            QPalette.ColorRole.WindowText, self.palette().color(QPalette.ColorRole.BrightText)
        )
        self.error.setPalette(palette)
        self.error.setText(message)
        self.error.show()


class PreferencesHooks(QObject):
    """What the window's features listen to: `applied` carries the keys that changed."""

    applied = Signal(list)


def install_preferences(window) -> QAction:
    """Edit > Preferences… (Ctrl+,); the window follows the settings now and after each change."""
    window.preferences = PreferencesHooks(window)
    action = QAction("Pre&ferences…", window)
    action.setObjectName("actionPreferences")
    action.setMenuRole(QAction.MenuRole.PreferencesRole)
    action.setShortcuts(shortcuts_for_preferences())
    action.setStatusTip("Your name, defaults for new stories, limits, export and appearance")
    action.triggered.connect(lambda _checked=False: open_preferences(window))
    window.addAction(action)
    window.menu_edit.addSeparator()
    window.menu_edit.addAction(action)
    window.preferences.applied.connect(lambda keys: apply_settings(window, keys))
    migrate_headline_limit(window.settings)
    apply_settings(window)
    return action


def shortcuts_for_preferences() -> list[QKeySequence]:
    """Ctrl+, everywhere, plus the platform's own Preferences key when it has another."""
    keys = [QKeySequence("Ctrl+,")]
    for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences):
        if key not in keys:
            keys.append(key)
    return keys


def open_preferences(window, page: str = "") -> PreferencesDialog:
    """Show the dialog (window-modal); changes reach the window through its hooks."""
    dialog = PreferencesDialog(window, page)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.applied.connect(window.preferences.applied)
    window.preferences_dialog = dialog
    dialog.open()
    return dialog


def apply_settings(window, keys: list[str] | None = None) -> None:
    """Make the window follow the settings (all of them, or the keys that changed)."""
    try:
        values = settings.current_values()
    except DeskError as exc:
        window.statusBar().showMessage(str(exc), 15000)
        values = {k: s.default for k, s in settings.REGISTRY.items()}
    window.metadata.set_headline_limit(values["limits.headline"])
    window.metadata.set_standfirst_limit(values["limits.standfirst"])
    window.metadata.set_offered_sections(values["stories.sections"])
    if keys is None or "appearance.theme" in keys:
        from desk.ui.app import apply_palette, ensure_app

        apply_palette(ensure_app())


def remember_setting(window, key: str, value: Any) -> bool:
    """Save one setting from a window command (e.g. Story > Headline Limit…); say why not."""
    try:
        settings.save({key: value})
    except BadInput as exc:
        window.statusBar().showMessage(str(exc), 15000)
        return False
    window.preferences.applied.emit([key])
    return True


def migrate_headline_limit(qsettings: QSettings) -> None:
    """The headline limit used to live in QSettings: move it to config.toml once."""
    old = qsettings.value(OLD_HEADLINE_KEY)
    if old in (None, ""):
        return
    try:
        value = settings.check(settings.setting("limits.headline"), int(old))
    except (BadInput, ValueError, TypeError):
        qsettings.remove(OLD_HEADLINE_KEY)  # not a limit Desk takes any more: the default applies
        return
    try:
        if not settings.stored("limits.headline"):
            settings.save({"limits.headline": value})
    except BadInput:
        return  # the settings file cannot be written now: keep the old key for next time
    qsettings.remove(OLD_HEADLINE_KEY)
