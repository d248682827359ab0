"""Importing from the window: drop files on the library, File > Import…, progress, errors."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desk.ui import importer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
SEED = FIXTURES / "seed" / "000_c7c2bbecfcf24f2b.txt"
HEADLINE = "Anti-Assad fighters withdraw from key area of northwest Syria"


def mime_for(paths: list[Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drop_on_library(window, paths: list[Path]) -> bool:
    """Drag files over the library's table and drop them; True when the drop was accepted."""
    target = window.library.view.viewport()
    mime = mime_for(paths)
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()


SAID: list[str] = []  # the last error dialog's sentences (text, then what became of the rest)


def no_dialogs(monkeypatch) -> list[list[str]]:
    """Record the error dialog (the real one, not shown) instead of showing it."""
    shown: list[list[str]] = []

    def record(box) -> int:
        shown.append(box.detailedText().split("\n"))
        SAID[:] = [box.text(), box.informativeText()]
        return 0

    monkeypatch.setattr(importer.QMessageBox, "exec", record)
    return shown


def test_dropping_a_file_on_the_library_imports_and_opens_it(qtbot, window, store, monkeypatch):
    shown = no_dialogs(monkeypatch)
    with qtbot.waitSignal(window.hub.articlesChanged, timeout=10000):
        assert drop_on_library(window, [SEED])
    session = window.import_session
    qtbot.waitUntil(lambda: not session.running(), timeout=10000)
    article = store.articles.get("anti-assad-fighters-withdraw-from-key-area-of-northwest")
    qtbot.waitUntil(lambda: window.current_article_id() == article.id, timeout=5000)
    assert window.metadata.headline.text() == HEADLINE
    assert "## Turkish soldiers" in window.editor.toPlainText()
    qtbot.waitUntil(
        lambda: HEADLINE in [r.headline for r in window.library.model.rows], timeout=5000
    )
    assert shown == []


def test_a_drop_of_non_files_is_refused(qtbot, window):
    mime = QMimeData()
    mime.setText("just text")
    target = window.library.view.viewport()
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    assert not enter.isAccepted()


def test_a_batch_with_bad_files_lists_errors_once_and_imports_the_rest(
    qtbot, window, store, tmp_path, monkeypatch
):
    shown = no_dialogs(monkeypatch)
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SEED, folder / "a-wire.txt")
    shutil.copy(FIXTURES / "ap_story.anpa", folder / "b-ap.anpa")
    (folder / "c-broken.json").write_text("{nope", encoding="utf-8")
    (folder / "d-junk.txt").write_bytes(b"\0\1\2\3" * 1000)
    session = importer.import_paths(window, [folder])
    assert session is not None
    assert session.progress is not None  # several files: a progress dialog with Cancel
    with qtbot.waitSignal(session.done, timeout=15000) as blocker:
        pass
    outcome = blocker.args[0]
    assert len(outcome.ids) == 2
    assert store.articles.count() == 2
    assert len(shown) == 1
    assert [e.split(":")[0] for e in shown[0]] == ["c-broken.json", "d-junk.txt"]
    assert SAID == [
        "2 files could not be imported.",
        "Imported 2 stories; 2 could not be imported.",
    ]
    qtbot.waitUntil(lambda: window.current_article_id() == outcome.ids[0], timeout=5000)
    assert "could not be imported" in window.statusBar().currentMessage()


def test_importing_the_same_file_again_shows_the_story_it_made(qtbot, window, store, monkeypatch):
    shown = no_dialogs(monkeypatch)
    first = importer.import_paths(window, [SEED])
    with qtbot.waitSignal(first.done, timeout=10000):
        pass
    window.new_article()
    second = importer.import_paths(window, [SEED])
    with qtbot.waitSignal(second.done, timeout=10000) as blocker:
        pass
    assert blocker.args[0].ids == []
    assert store.articles.count() == 1
    assert shown == []  # a re-import is not an error to dismiss: the story is shown
    assert window.current_article_id() == store.articles.get(first.outcome.results[0].ids[0]).id
    assert "already imported" in window.statusBar().currentMessage()


def test_cancel_stops_the_batch(qtbot, window, store, tmp_path, monkeypatch):
    no_dialogs(monkeypatch)
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(30):
        (folder / f"story-{n:02}.md").write_text(f"# Story {n}\n\nText {n}.\n", "utf-8")
    session = importer.import_paths(window, [folder])
    session.cancel()
    with qtbot.waitSignal(session.done, timeout=15000) as blocker:
        pass
    assert len(blocker.args[0].ids) < 30
    assert store.articles.count() == len(blocker.args[0].ids)


def test_file_menu_has_import_actions(window):
    texts = [a.text() for a in window.menu_file.actions()]
    assert "&Import…" in texts
    assert "Import &Folder…" in texts
    assert window.action_import.shortcut().toString() == "Ctrl+Shift+I"  # Ctrl+I is Italic


def test_closing_the_window_mid_import_stops_the_worker(qtbot, window, store, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(40):
        (folder / f"story-{n:02}.md").write_text(f"# Story {n}\n\nText {n}.\n", "utf-8")
    session = importer.import_paths(window, [folder])
    window.close()
    assert not session.running()
    made = store.articles.count()
    assert made < 40
    qtbot.wait(300)  # nothing queued from the worker arrives after the close
    assert store.articles.count() == made


def test_file_import_action_imports_the_chosen_files(qtbot, window, store, monkeypatch):
    no_dialogs(monkeypatch)
    chosen = [str(SEED), str(FIXTURES / "ap_story.anpa")]
    monkeypatch.setattr(importer.QFileDialog, "getOpenFileNames", lambda *_a, **_k: (chosen, ""))
    window.action_import.trigger()
    session = window.import_session
    with qtbot.waitSignal(session.done, timeout=10000) as blocker:
        pass
    assert len(blocker.args[0].ids) == 2
    assert store.articles.count() == 2


def test_import_is_off_in_a_read_only_window(qtbot, make_window, store, store_dir):
    from desk.store import Store

    store.close()
    with Store.open(store_dir, readonly=True) as readonly:
        window = make_window(store=readonly)
        assert not window.action_import.isEnabled()
        assert importer.import_paths(window, [SEED]) is None
