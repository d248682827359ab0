"""Start the workstation: one QApplication, the store opened (or refused clearly), the window.

Start-up stays light: nothing heavy (QtWebEngine, Pillow, Jinja) is imported before the first
window is shown; the preview creates its web view afterwards.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import traceback
from pathlib import Path

# isort: off
from desk.ui import qtimport  # noqa: F401  (before any PySide6 module: lighter imports)

# isort: on
from PySide6.QtCore import (
    QCoreApplication,
    QMessageLogContext,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox

from desk.errors import DeskError, StoreLocked, StoreReadOnly
from desk.logs import debugging, setup_logging
from desk.paths import resource, resource_text
from desk.store import Store

from desk.ui.mainwindow import MainWindow
from desk.ui.style import LIGHT_WARNING, WARNING_ROLE, DeskStyle
from desk.ui.windowstate import default_settings

ORGANISATION = "Desk"
GIL_SWITCH_S = 0.0005
APPLICATION = "desk"


# Qt's own categories that chatter on a terminal (WebEngine's context, GPU and platform notes).
QUIET_RULES = ("qt.webenginecontext.info=false", "qt.webenginecontext.debug=false",
               "qt.qpa.*=false", "qt.glx=false", "qt.opengl.*=false", "qt.webengine*.warning=false",
               "js.debug=false", "js.info=false")  # fmt: skip
# Chromium logs only fatal errors (its GPU, Vulkan and D-Bus notes are not for users).
QUIET_CHROMIUM = ("--log-level=3", "--disable-logging")
log = logging.getLogger("desk.qt")


def prepare_environment() -> None:
    """Settings that must be made before the QApplication exists (WebEngine needs them).

    The preview's web view is composited by Qt Quick's software renderer unless the user chose
    a backend (QT_QUICK_BACKEND): a static page needs no OpenGL, and not loading a GL driver
    for it (Mesa's llvmpipe on machines without one) saves about 40 MB (benchmarks/report.py).
    Qt's X11 windows would still load it (their GLX integration): that is switched off too
    unless the user chose one (QT_XCB_GL_INTEGRATION); no Desk widget draws with OpenGL."""
    os.environ.setdefault("QT_QUICK_BACKEND", "software")
    if os.environ["QT_QUICK_BACKEND"] == "software":  # and no GL for Qt's X11 windows either:
        os.environ.setdefault("QT_XCB_GL_INTEGRATION", "none")  # Mesa is another ~40 MB
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "").split()
    if hasattr(os, "geteuid") and os.geteuid() == 0 and "--no-sandbox" not in flags:
        flags.append("--no-sandbox")
    scheme = {"dark": "0", "light": "1"}.get(theme_setting())  # Blink: 0 dark, 1 light
    if scheme and not any(f.startswith("--blink-settings") for f in flags):
        flags.append(f"--blink-settings=preferredColorScheme={scheme}")  # pages follow Desk's
    if not debugging():
        flags += [f for f in QUIET_CHROMIUM if f not in flags]
        rules = [r for r in os.environ.get("QT_LOGGING_RULES", "").split(";") if r]
        os.environ["QT_LOGGING_RULES"] = ";".join([*rules, *QUIET_RULES])
        qInstallMessageHandler(log_qt_message)
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = " ".join(flags)
    if QCoreApplication.instance() is None:
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)


def log_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's messages go to Desk's log file, not the terminal (DESK_DEBUG=1 keeps them there)."""
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }
    category = context.category or "qt"
    log.log(levels.get(kind, logging.WARNING), "%s: %s", category, message)
    if kind == QtMsgType.QtFatalMsg:
        sys.stderr.write(f"{category}: {message}\n")


def ensure_app() -> QApplication:
    """The running QApplication, created (with Desk's names, style and palette) if needed."""
    app = QApplication.instance()
    if app is None:
        prepare_environment()
        app = QApplication(sys.argv[:1])
    # The window's thread waits for Python's interpreter lock whenever a worker (the save lane,
    # the preview, the counts) is busy with a long body: hand the lock over every millisecond
    # rather than every five, so typing and painting never wait long (benchmarks/save.py).
    sys.setswitchinterval(GIL_SWITCH_S)
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QGuiApplication.setApplicationDisplayName("Desk")
    QGuiApplication.setDesktopFileName("desk")
    if not app.property("desk_styled"):
        app.setProperty("desk_styled", True)
        app.setStyle(DeskStyle())
        apply_palette(app)
        app.setStyleSheet(resource_text("qss", "desk.qss"))
        app.setWindowIcon(QIcon(str(resource("icons", "desk.svg"))))
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_palette(app))
    return app


def theme_setting() -> str:
    """Preferences > Appearance > Colours: "system", "light" or "dark"."""
    from desk import settings

    try:
        return str(settings.current("appearance.theme"))
    except DeskError:
        return "system"


def chosen_scheme(app: QApplication) -> Qt.ColorScheme:
    """Light or dark: Preferences > Appearance, else (\"As the system\") the system's."""
    theme = theme_setting()
    if theme == "dark":
        return Qt.ColorScheme.Dark
    if theme == "light":
        return Qt.ColorScheme.Light
    return app.styleHints().colorScheme()


def apply_palette(app: QApplication) -> None:
    """Light or dark colours with Fusion (no hard-coded QSS colours); a scheme chosen in
    Preferences is also told to Qt, so the web preview's pages follow it (prefers-color-scheme)."""
    theme = theme_setting()
    forced = {"dark": Qt.ColorScheme.Dark, "light": Qt.ColorScheme.Light}
    wanted = forced.get(theme, Qt.ColorScheme.Unknown)  # Unknown: the system's
    hints = app.styleHints()
    if hasattr(hints, "setColorScheme") and app.property("desk_scheme") != wanted.value:
        app.setProperty("desk_scheme", wanted.value)
        hints.setColorScheme(wanted)
    if chosen_scheme(app) == Qt.ColorScheme.Dark:
        set_palette(app, dark_palette())
    else:
        light = app.style().standardPalette()
        light.setColor(WARNING_ROLE, QColor(LIGHT_WARNING))  # Fusion's is white
        set_palette(app, light)


def set_palette(app: QApplication, palette: QPalette) -> None:
    """Give every widget a new palette (style-sheet-styled widgets only take it on re-polish)."""
    app.setPalette(palette)
    sheet = app.styleSheet()
    if sheet:
        app.setStyleSheet(sheet)


def dark_palette() -> QPalette:
    """A dark palette for Fusion, used when the system asks for dark mode."""
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1e1e",
        QPalette.ColorRole.AlternateBase: "#2f2f2f",
        QPalette.ColorRole.ToolTipBase: "#3a3a3a",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#8c8c8c",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Link: "#6cb4ff",
        QPalette.ColorRole.Highlight: "#3d7bd9",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Mid: "#444444",
        QPalette.ColorRole.Dark: "#202020",
        QPalette.ColorRole.Light: "#505050",
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    disabled = (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.HighlightedText,
    )
    for role in disabled:  # greyed out, or a disabled button reads as one to press
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6e6e6e"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, QColor("#2f2f2f"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Highlight, QColor("#4a4a4a"))
    return p


def open_store(store_path: Path, read_only: bool) -> tuple[Store | None, str]:
    """Open the store for the window: read-only (saying why) when another Desk holds it and
    the user agrees, or when its disk cannot be written. The store (None: the user quit) and
    why it is read-only ('' when it is not, or the user asked)."""
    try:
        return Store.open(store_path, readonly=read_only, window=True), ""
    except StoreLocked as exc:
        if not ask_read_only(str(exc)):
            return None, ""
        return Store.open(store_path, readonly=True), (
            "Read-only: another Desk window or desk command is writing to this store. "
            "You can read and search; to make changes, open it again once that has finished."
        )
    except StoreReadOnly:
        return Store.open(store_path, readonly=True), (
            f"Read-only: the disk or folder holding this store ({store_path}) cannot be "
            "written. You can read, search and export; copy the store to a writable disk "
            "to make changes."
        )


def ask_read_only(message: str) -> bool:
    """Ask whether to quit or open the store read-only; True means read-only."""
    box = QMessageBox(QMessageBox.Icon.Warning, "The store is in use", message)
    read_only = box.addButton("Open Read-Only", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read_only)
    box.exec()
    return box.clickedButton() is read_only


def create_window(
    store_path: Path | str, read_only: bool = False, staged: bool = False
) -> MainWindow:
    """A MainWindow on the store, QApplication created if needed (DeskError if it cannot open);
    staged: its panels are built on the first pass of the event loop, as `desk` does."""
    ensure_app()
    store, why = open_store(Path(store_path), read_only)
    if store is None:
        raise StoreLocked("The store is in use by another Desk window.")
    return MainWindow(store, settings=default_settings(), read_only_reason=why, staged=staged)


def run(store_path: Path, read_only: bool = False) -> int:
    """Open the workstation on store_path and run until the window closes; the exit status."""
    setup_logging()
    sys.excepthook = log_unhandled
    app = ensure_app()
    logging.getLogger("desk").info("Opening the store %s", store_path)
    try:
        store, why = open_store(Path(store_path), read_only)
    except DeskError as exc:
        QMessageBox.critical(None, "Desk cannot open the store", str(exc))
        return 2
    if store is None:
        return 0
    window = MainWindow(store, settings=default_settings(), read_only_reason=why, staged=True)
    window.show()
    stop = close_on_terminate(app)
    try:
        return app.exec()
    finally:
        stop.stop()
        window.close_store()


def log_unhandled(kind: type[BaseException], error: BaseException, tb) -> None:
    """An error nobody caught: into the log with its traceback, and on the terminal as before."""
    logging.getLogger("desk").error(
        "Unhandled error:\n%s", "".join(traceback.format_exception(kind, error, tb))
    )
    sys.__excepthook__(kind, error, tb)


def close_on_terminate(app: QApplication) -> QTimer:
    """On SIGTERM/SIGHUP (logout, kill), close the windows, which saves, instead of dying."""
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), lambda *_args: app.closeAllWindows())
    # Python handles signals only when it runs: wake it regularly while Qt's loop waits.
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(300)
    return timer
