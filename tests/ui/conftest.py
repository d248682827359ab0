"""UI fixtures: WebEngine prerequisites before the QApplication exists, and a main window on the
test's store whose settings live under tmp_path."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QCoreApplication, QEvent, QSettings

from desk.ui.app import prepare_environment

prepare_environment()  # before pytest-qt creates the QApplication (WebEngine needs it)


@pytest.fixture
def settings(tmp_path) -> QSettings:
    """Settings isolated in an ini file under tmp_path."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, store, settings):
    """Build MainWindows on the test's store; each is closed (saving) before the store closes."""
    from desk.ui.app import ensure_app
    from desk.ui.mainwindow import MainWindow

    windows = []

    def make(show: bool = False, **kwargs) -> MainWindow:
        ensure_app()
        window = MainWindow(kwargs.pop("store", store), settings=kwargs.pop("settings", settings))
        windows.append(window)
        if show:
            with qtbot.waitActive(window):
                window.show()
                window.activateWindow()
        return window

    yield make
    for window in windows:
        window.close()
        window.library.shutdown()
        window.deleteLater()
    # Delete the windows (and any web view) now, before the next test or interpreter exit.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def window(make_window):
    """A main window (not shown: no web preview) on the test's store."""
    return make_window()
