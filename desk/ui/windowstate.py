"""What the main window remembers between sessions: geometry, docks, splitter sizes, zoom and
the open story (QSettings, in the user's config folder). Settings a user chooses live in
config.toml instead (desk.settings, Preferences)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabBar, QTabWidget, QToolBar

from desk.paths import config_dir

if TYPE_CHECKING:
    from desk.ui.mainwindow import MainWindow

SETTINGS_FILE = "settings.ini"
# Share of the window's width: library, editor, preview.
PANE_SHARES = (0.27, 0.41, 0.32)
DOCK_SHARE = 0.2
DOCK_SEPARATOR = 6  # the splitter between two stacked docks, with their margins


def default_settings() -> QSettings:
    """Desk's settings file in the user's config folder ($DESK_CONFIG, which tests point away)."""
    folder = config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return QSettings(str(folder / SETTINGS_FILE), QSettings.Format.IniFormat)


def _saved_bytes(window: MainWindow, key: str) -> QByteArray | None:
    """A saved state blob, or None on first run."""
    value = window.settings.value(key)
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    return None


def restore_window_state(window: MainWindow) -> None:
    """Window geometry, splitter sizes and zoom from the last session (or defaults); the docks'
    places follow once the docks exist (restore_dock_state)."""
    geometry = _saved_bytes(window, "window/geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
    else:
        default_geometry(window)
    sizes = _saved_bytes(window, "window/splitter")
    if sizes is not None:
        window.splitter.restoreState(sizes)
    else:
        default_pane_sizes(window)
    size = window.settings.value("editor/point_size")
    if size not in (None, ""):
        window.editor.set_point_size(int(size))


def restore_dock_state(window: MainWindow) -> None:
    """The docks' places and sizes from the last session (or, first run, a fifth of the window
    wide); either way tabbed where they would not fit the screen's height."""
    state = _saved_bytes(window, "window/state")
    if state is not None:
        window.restoreState(state)
        fit_side_docks(window)  # saved on a taller screen (or stacked by an older Desk)
        keep_on_screen(window)
        return
    fit_side_docks(window)
    if _saved_bytes(window, "window/geometry") is None:
        default_geometry(window)  # again, now that the docks need their room
    if _saved_bytes(window, "window/splitter") is None:
        default_pane_sizes(window)
    default_dock_sizes(window)


def keep_on_screen(window: QMainWindow) -> None:
    """A window restored larger than its screen (saved on a bigger one, or grown by docks that
    no longer need the room) is made to fit it."""
    window.layout().activate()  # the minimum size the docks' places now need
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    if frame.width() <= screen.width() and frame.height() <= screen.height():
        return
    extra = frame.size() - window.size()  # the window manager's frame
    window.resize(
        min(window.width(), screen.width() - extra.width()),
        min(window.height(), screen.height() - extra.height()),
    )
    left = min(max(frame.left(), screen.left()), screen.right() - window.frameGeometry().width())
    top = min(max(frame.top(), screen.top()), screen.bottom() - window.frameGeometry().height())
    window.move(max(left, screen.left()), max(top, screen.top()))


def default_pane_sizes(window: MainWindow) -> None:
    """First run: library, editor and preview share the window's width (PANE_SHARES)."""
    window.splitter.setSizes([int(window.width() * share) for share in PANE_SHARES])


def default_geometry(window: QMainWindow) -> None:
    """First run: most of the screen, centred."""
    screen = window.screen().availableGeometry()
    least = window.minimumSizeHint()
    width = max(int(screen.width() * 0.92), least.width())
    height = max(int(screen.height() * 0.9), least.height())
    window.resize(min(width, screen.width()), min(height, screen.height()))
    window.move(screen.center() - window.rect().center())


def default_dock_sizes(window: QMainWindow) -> None:
    """First run: side docks (tags, photos ...) take about a fifth of the window."""
    docks = side_docks(window)
    if not docks:
        return
    width = int(window.width() * DOCK_SHARE)
    window.resizeDocks(docks, [width] * len(docks), Qt.Orientation.Horizontal)


def side_docks(window: QMainWindow) -> list[QDockWidget]:
    """The docks on the left and right of the window."""
    sides = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
    return [d for d in window.findChildren(QDockWidget) if window.dockWidgetArea(d) in sides]


def fit_side_docks(window: QMainWindow) -> None:
    """Docks stacked on one side that would make the window taller than the screen share a
    place as tabs: each dock in turn is stacked while the side still fits, else tabbed with
    the place it makes least taller. The docks' own sizes are asked: docks added to a window
    already shown are not laid out yet, so the window's minimum size does not count them."""
    room = window.screen().availableGeometry().height() * 0.85 - _chrome_height(window)
    by_area: dict[Qt.DockWidgetArea, list[QDockWidget]] = {}
    for dock in side_docks(window):
        if not _closed(dock) and not dock.isFloating():
            by_area.setdefault(window.dockWidgetArea(dock), []).append(dock)
    for docks in by_area.values():
        if _height(_places_now(window, docks)) <= room:
            continue
        places: list[list[QDockWidget]] = []
        for dock in docks:
            if not places or _height([*places, [dock]]) <= room:  # the first has one anyway
                places.append([dock])
                continue
            grows = [max(0, _least(dock) - _tallest(place)) for place in places]
            places[grows.index(min(grows))].append(dock)
        for place in places:
            # Docks already tabbed together stay as they are: tabbed again, they moved (the
            # order of the tabs changed at every start) and the tab the user had open closed.
            moved = [d for d in place[1:] if d not in window.tabifiedDockWidgets(place[0])]
            for dock in moved:
                window.tabifyDockWidget(place[0], dock)
            if moved:
                place[0].raise_()


def whole_dock_tabs(window: QMainWindow) -> None:
    """Tabbed side docks show their whole titles: their tabs run down the window's edge, as
    digiKam's and Kate's side bars do (five titles across the bottom of a dock a fifth of a
    1,366 px screen wide need more than its width: Qt cut them to "Ta…", or scrolled "Outline"
    out of sight), and never elide, with scroll arrows should they still not fit. The bars'
    settings are made once the docks are laid out, and again whenever a dock is moved or docked
    (the window makes its tab bars as docks are tabbed). A style hint would reach every tab bar,
    but Python would answer every widget's every style question, on the typing path too."""
    window.setTabPosition(Qt.DockWidgetArea.RightDockWidgetArea, QTabWidget.TabPosition.East)
    window.setTabPosition(Qt.DockWidgetArea.LeftDockWidgetArea, QTabWidget.TabPosition.West)

    def apply() -> None:
        options = Qt.FindChildOption.FindDirectChildrenOnly
        for bar in window.findChildren(QTabBar, options=options):
            bar.setElideMode(Qt.TextElideMode.ElideNone)
            bar.setUsesScrollButtons(True)

    def soon(*_args: object) -> None:
        QTimer.singleShot(0, window, apply)

    for dock in window.findChildren(QDockWidget):
        dock.dockLocationChanged.connect(soon)
        dock.topLevelChanged.connect(soon)
    soon()


def _closed(dock: QDockWidget) -> bool:
    """True for a dock the user closed (hidden on purpose); a dock added to a window already
    shown is hidden too until the window lays it out, but was never hidden on purpose."""
    explicit = dock.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)
    return dock.isHidden() and explicit


def _least(dock: QDockWidget) -> int:
    """The height a dock needs at least."""
    return dock.minimumSizeHint().height()


def _tallest(place: list[QDockWidget]) -> int:
    """The height a place needs: its tallest dock's (tabs share one place)."""
    return max(_least(d) for d in place)


def _height(places: list[list[QDockWidget]]) -> int:
    """The height places stacked on one side need, with the splitters between them."""
    return sum(_tallest(place) + DOCK_SEPARATOR for place in places)


def _places_now(window: QMainWindow, docks: list[QDockWidget]) -> list[list[QDockWidget]]:
    """The docks of one side by the place they have now (a dock and those tabbed with it)."""
    places: list[list[QDockWidget]] = []
    for dock in docks:
        if not any(dock in place for place in places):
            places.append([dock] + [d for d in window.tabifiedDockWidgets(dock) if d in docks])
    return places


def _chrome_height(window: QMainWindow) -> int:
    """The menu bar, tool bars and status bar: the height the docks cannot have."""
    bars = [window.menuBar(), window.statusBar(), *window.findChildren(QToolBar)]
    return sum(bar.sizeHint().height() for bar in bars if not bar.isHidden())


def save_window_state(window: MainWindow) -> None:
    """Remember geometry, docks, splitter sizes, zoom and the open story."""
    settings = window.settings
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    settings.setValue("window/splitter", window.splitter.saveState())
    settings.setValue("editor/point_size", window.editor.point_size)
    if window.current_article_id() is not None:
        settings.setValue("editor/last_article", window.current_article_id())
    settings.sync()
