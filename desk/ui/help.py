"""The Help menu: Keyboard Shortcuts (every shortcut of the window's actions, one list with the
clash check), the User Guide (docs/guide.md, shipped inside the app), About Desk (version, store,
licences) and Open Log Folder. The dialogs themselves are in desk.ui.helpdialogs, built when
first opened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QMenu,
    QWidget,
)

from desk import paths

from desk.ui.actions import add_action

WINDOW_CONTEXTS = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
# More tabs for Help > About, added by the features that bring their own bundled parts (the
# spelling dictionaries, say): a title and a function giving (name, version, licence) rows.
ABOUT_TABS: list[tuple[str, Callable[[], list[tuple[str, str, str]]]]] = []


def register_about_tab(title: str, rows: Callable[[], list[tuple[str, str, str]]]) -> None:
    """Add a tab of (name, version, licence) rows to Help > About (shown when it has rows)."""
    ABOUT_TABS[:] = [t for t in ABOUT_TABS if t[0] != title] + [(title, rows)]


@dataclass
class Binding:
    """One shortcut of the window: what it does, where it lives, and its scope."""

    command: str  # "Import…"
    where: str  # "File", "Edit › Set Status", "Photos dock"
    keys: QKeySequence
    scope: object  # "window", or the widget a widget-scoped shortcut belongs to

    @property
    def text(self) -> str:
        """The keys as the platform writes them (Ctrl+Shift+I, ⇧⌘I)."""
        return self.keys.toString(QKeySequence.SequenceFormat.NativeText)


def clean(label: str) -> str:
    """A menu label without its mnemonic ('&Import…' -> 'Import…')."""
    return label.replace("&&", "\x00").replace("&", "").replace("\x00", "&")


def menu_paths(window: QMainWindow) -> dict[QAction, str]:
    """Where each action sits in the menu bar ('File', 'Story › Set Status')."""
    found: dict[QAction, str] = {}

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} › {clean(action.text())}")
            else:
                found.setdefault(action, path)

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), clean(top.text()))
    return found


def _owner(action: QAction, window: QMainWindow) -> str:
    """Where an action outside the menus lives (a dock, a toolbar, the window)."""
    for obj in [action.parent(), *action.associatedObjects()]:
        while obj is not None and obj is not window:
            if isinstance(obj, QDockWidget):
                return f"{clean(obj.windowTitle())} dock"
            obj = obj.parent()
    return "Window"


def window_bindings(window: QMainWindow) -> list[Binding]:
    """Every shortcut of the window: its actions (menus, docks, toolbars) and QShortcuts."""
    paths_by_action = menu_paths(window)
    bindings: list[Binding] = []
    for action in window.findChildren(QAction):
        if action.menu() is not None:
            continue
        where = paths_by_action.get(action) or _owner(action, window)
        scope = _scope(action.shortcutContext(), action.associatedObjects(), window)
        for keys in action.shortcuts():
            if not keys.isEmpty():
                bindings.append(Binding(clean(action.text()), where, keys, scope))
    for shortcut in window.findChildren(QShortcut):
        scope = _scope(shortcut.context(), [shortcut.parent()], window)
        for keys in shortcut.keys():  # noqa: SIM118 (QShortcut.keys, not a dict)
            if not keys.isEmpty():
                label = shortcut.whatsThis() or shortcut.objectName() or "Shortcut"
                bindings.append(
                    Binding(label, _owner_of_widget(shortcut.parent(), window), keys, scope)
                )
    order = list(paths_by_action.values())
    bindings.sort(key=lambda b: (order.index(b.where) if b.where in order else len(order), b.where))
    return bindings


def _owner_of_widget(widget, window: QMainWindow) -> str:
    """Where a QShortcut's widget lives."""
    while widget is not None and widget is not window:
        if isinstance(widget, QDockWidget):
            return f"{clean(widget.windowTitle())} dock"
        widget = widget.parent()
    return "Window"


def _scope(context: Qt.ShortcutContext, objects: list, window: QMainWindow) -> object:
    """'window' for window-wide shortcuts; else the widgets the shortcut is scoped to."""
    if context in WINDOW_CONTEXTS:
        return "window"
    widgets = [o for o in objects if isinstance(o, QWidget) and not isinstance(o, QMenu)]
    return tuple(widgets) or "window"


def clashes(bindings: list[Binding]) -> list[str]:
    """Shortcuts that Qt would find ambiguous: the same keys twice where both are active
    (two window-wide ones, or a widget's own and a window-wide one: Qt then fires neither)."""
    found = []
    for i, one in enumerate(bindings):
        for other in bindings[i + 1 :]:
            if one.keys != other.keys or (
                one.command == other.command and one.where == other.where
            ):
                continue
            window_wide = "window" in (one.scope, other.scope)
            shared = not window_wide and set(one.scope) & set(other.scope)  # type: ignore[arg-type]
            if window_wide or shared:
                found.append(
                    f"{one.text}: {one.where} › {one.command} and {other.where} › {other.command}"
                )
    return found


def open_log_folder(window) -> bool:
    """Show the log folder in the file manager (made first, so there is something to show)."""
    folder = paths.log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        window.statusBar().showMessage(f"The log folder {folder} cannot be made ({exc.strerror}).")
        return False
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
        window.statusBar().showMessage(f"Desk's log is in {folder}.", 15000)
        return False
    return True


def _show(window, kind: str, name: str):  # -> QDialog
    """Open a help dialog (not modal: it can stay beside the window); built when first asked."""
    from desk.ui import helpdialogs

    dialog = getattr(helpdialogs, kind)(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    setattr(window, name, dialog)
    dialog.show()
    return dialog


def install_help_menu(window) -> QMenu:
    """Help: Keyboard Shortcuts, User Guide (F1), Open Log Folder, About Desk (last menu)."""
    menu = window.menuBar().addMenu("&Help")
    window.menu_help = menu
    window.action_shortcuts = add_action(
        window,
        menu,
        "&Keyboard Shortcuts",
        lambda: _show(window, "ShortcutsDialog", "shortcuts_dialog"),
        "Ctrl+/",
        "Every keyboard shortcut of this window",
    )
    window.action_guide = add_action(
        window,
        menu,
        "Desk &User Guide",
        lambda: _show(window, "GuideDialog", "guide_dialog"),
        QKeySequence(QKeySequence.StandardKey.HelpContents).toString() or "F1",
        "How to write, import, find, check and export stories",
    )
    menu.addSeparator()
    window.action_log_folder = add_action(
        window,
        menu,
        "Open &Log Folder",
        lambda: open_log_folder(window),
        tip="Show Desk's log files (worth attaching to a problem report)",
    )
    window.action_about = add_action(
        window,
        menu,
        "&About Desk",
        lambda: _show(window, "AboutDialog", "about_dialog"),
        tip="Version, where your store is, and the licences of the libraries Desk uses",
    )
    window.action_about.setMenuRole(QAction.MenuRole.AboutRole)
    return menu
