"""The Export dialog: exports in a worker, reports privacy, opens the folder, cancels cleanly."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from exporthelp import GPS_PHOTO, make_photo

from desk.ui.exportdialog import ExportDialog


@pytest.fixture
def story(store, tmp_path) -> str:
    """A ready story with the GPS sample photo and a generated one."""
    article = store.articles.create(headline="Dialog story", body_md="Text.", status="ready")
    gps = store.photos.add(GPS_PHOTO)
    store.figures.add(article.id, gps.id, caption="Field", credit="exif-samples", alt="A field")
    other = store.photos.add(make_photo(tmp_path / "b.jpg", (800, 500)))
    store.figures.add(article.id, other.id, caption="B", credit="Desk", alt="A blue square")
    return article.slug


def test_export_runs_in_a_worker_and_reports_privacy(qtbot, store, story, settings, tmp_path):
    dialog = ExportDialog(store, [story], settings=settings)
    qtbot.addWidget(dialog)
    out = tmp_path / "out"
    dialog.folder.setText(str(out))
    with qtbot.waitSignal(dialog.finished_export, timeout=30000) as done:
        dialog.export_button.click()
        assert not dialog.export_button.isEnabled()
    assert done.args == [True]
    assert (out / story / "index.html").is_file()
    report = dialog.report.toPlainText()
    assert "04_gps-nikon-coolpix-p6000.jpg: removed GPS position, maker notes" in report
    assert dialog.status.text() == "Exported. Private photo data was removed as listed below."
    assert dialog.open_button.isEnabled()
    opened: list[QUrl] = []
    qtbot.waitUntil(lambda: dialog.worker is None)
    original = QDesktopServices.openUrl
    QDesktopServices.openUrl = staticmethod(lambda url: opened.append(url) or True)
    try:
        dialog.open_button.click()
    finally:
        QDesktopServices.openUrl = original
    assert [u.toLocalFile() for u in opened] == [str(out)]
    assert settings.value("export/folder") == str(out)


def test_site_mode_exports_every_ready_story_with_its_pages(
    qtbot, store, story, settings, tmp_path
):
    store.articles.create(headline="Second ready", body_md="More.", status="published")
    store.articles.create(headline="Draft only", body_md="Not yet.")
    dialog = ExportDialog(store, [story], settings=settings)
    qtbot.addWidget(dialog)
    out = tmp_path / "site"
    dialog.folder.setText(str(out))
    dialog.mode_buttons["site"].setChecked(True)
    assert "every ready or published story" in dialog.heading.text()
    with qtbot.waitSignal(dialog.finished_export, timeout=60000) as done:
        dialog.export_button.click()
    assert done.args == [True]
    front = (out / "index.html").read_text(encoding="utf-8")
    assert "Dialog story" in front
    assert "Second ready" in front
    assert "Draft only" not in front
    assert (out / "feed.xml").is_file()
    assert "removed GPS position" in dialog.report.toPlainText()


def test_zip_mode_and_failure_message(qtbot, store, story, settings, tmp_path):
    dialog = ExportDialog(store, [story], settings=settings)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "z"))
    dialog.mode_buttons["zip"].setChecked(True)
    with qtbot.waitSignal(dialog.finished_export, timeout=30000):
        dialog.export_button.click()
    assert (tmp_path / "z" / f"{story}.zip").is_file()
    qtbot.waitUntil(lambda: dialog.worker is None)
    waiting = store.articles.create(headline="Waiting", body_md="Text.")
    store.figures.add(waiting.id, None, caption="Later")
    failing = ExportDialog(store, [waiting.slug], settings=settings)
    qtbot.addWidget(failing)
    failing.folder.setText(str(tmp_path / "f"))
    with qtbot.waitSignal(failing.finished_export, timeout=30000) as done:
        failing.export_button.click()
    assert done.args == [False]
    assert "needs a photo" in failing.status.text()
    qtbot.waitUntil(lambda: failing.worker is None)
    assert not (tmp_path / "f" / waiting.slug).exists()


def test_cancel_leaves_nothing_behind(qtbot, store, story, settings, tmp_path):
    dialog = ExportDialog(store, [story], settings=settings)
    qtbot.addWidget(dialog)
    out = tmp_path / "c"
    dialog.folder.setText(str(out))
    with qtbot.waitSignal(dialog.finished_export, timeout=30000) as done:
        dialog.export_button.click()
        dialog.cancel_button.click()  # while the worker runs: cancels instead of closing
    assert done.args == [False]
    assert "cancelled" in dialog.status.text()
    qtbot.waitUntil(lambda: dialog.worker is None)
    assert not out.exists() or list(out.iterdir()) == []
    assert dialog.isVisible() is False or dialog.result() == 0


def test_main_window_has_export_in_the_file_menu(qtbot, make_window, store, story):
    window = make_window()
    action = window.action_export
    assert action.shortcut().toString() == "Ctrl+E"
    assert action in window.menu_file.actions()
    window.open_article(store.articles.get(story).id)
    action.trigger()
    dialog = window.export_dialog
    assert dialog.isVisible()
    assert dialog.slugs == [story]
    dialog.reject()


def test_the_button_says_close_once_the_export_is_done(qtbot, store, story, settings, tmp_path):
    dialog = ExportDialog(store, [story], settings=settings)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.cancel_button.text() == "Cancel"
    dialog.folder.setText(str(tmp_path / "out"))
    with qtbot.waitSignal(dialog.finished_export, timeout=30000):
        dialog.export_button.click()
        # the worker reports through the event loop, so it is still running here
        assert dialog.worker is not None
        assert dialog.cancel_button.text() == "Cancel"  # it would stop the export
    qtbot.waitUntil(lambda: dialog.worker is None)
    assert dialog.cancel_button.text() == "Close"
    dialog.cancel_button.click()
    assert not dialog.isVisible()


def test_a_story_without_private_photo_data_is_not_said_to_have_had_it(
    qtbot, store, settings, tmp_path
):
    plain = store.articles.create(headline="No photos", body_md="Text.", status="ready")
    dialog = ExportDialog(store, [plain.slug], settings=settings)
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path / "out"))
    with qtbot.waitSignal(dialog.finished_export, timeout=30000):
        dialog.export_button.click()
    assert dialog.status.text() == "Exported; what was written is listed below."
    qtbot.waitUntil(lambda: dialog.worker is None)
