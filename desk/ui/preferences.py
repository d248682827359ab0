"""Edit > Preferences… (Ctrl+,): one dialog with a page per feature, stored in config.toml.

Pages are a registry: a feature adds its own with `register_page(Page(...))`, naming the
settings keys (desk.settings) it shows; the dialog (desk.ui.preferencesdialog, built when first
opened) makes an editor for each key from its kind, checks every value through desk.settings
before anything is written, and tells the window (`window.preferences.applied`) which keys
changed so each feature can follow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from desk import settings
from desk.errors import BadInput, DeskError

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
        ["stories.section", "stories.sections", "stories.language", "stories.target_words"],
    )
)
register_page(
    Page(
        "Limits",
        "The form counts these fields as you type and warns past the limit.",
        ["limits.headline", "limits.standfirst", "limits.alert"],
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


def open_preferences(window, page: str = ""):  # -> PreferencesDialog
    """Show the dialog (window-modal); changes reach the window through its hooks."""
    from desk.ui.preferencesdialog import PreferencesDialog  # built when first asked for

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
    window.metadata.set_alert_limit(values["limits.alert"])
    window.metadata.set_offered_sections(values["stories.sections"])
    if keys and "appearance.theme" in keys:  # at start-up the app already has its colours
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
