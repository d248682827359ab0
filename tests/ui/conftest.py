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
        """A window (shown when show); other keywords go to MainWindow (staged=True ...)."""
        ensure_app()
        window = MainWindow(
            kwargs.pop("store", store), settings=kwargs.pop("settings", settings), **kwargs
        )
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


@pytest.fixture(autouse=True)
def _no_blocking_dialogs(monkeypatch):
    """A message box a test did not expect never blocks the run: it is recorded and answered
    with its default, and the test that opened it fails saying what it said."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []

    def record(*args, **_kwargs):
        texts = [a for a in args if isinstance(a, str)]
        shown.append(" | ".join(texts))
        return QMessageBox.StandardButton.Ok

    def record_exec(box, *_args):
        shown.append(f"{box.windowTitle()} | {box.text()} | {box.informativeText()}")
        return 0

    for name in ("warning", "critical", "information", "question"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(record))
    monkeypatch.setattr(QMessageBox, "exec", record_exec)
    return shown


@pytest.fixture
def shown_dialogs(_no_blocking_dialogs):
    """What the message boxes of this test said (none of them blocked)."""
    return _no_blocking_dialogs
