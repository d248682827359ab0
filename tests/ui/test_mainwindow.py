"""The main window: contracts other panels use, the live preview, single writer and read-only,
store errors at start-up, remembered layout."""

from __future__ import annotations

import gc
import os
import signal
import sqlite3

import pytest

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTabBar,
)

from desk.errors import StoreLocked
from desk.store import Store

from desk.ui import app as desk_app
from desk.ui.windowstate import fit_side_docks


def page_body(qtbot, window) -> str:
    """The HTML of the preview's #desk-body as the page has it now."""
    result: list[str] = []
    window.preview.evaluate(
        "document.getElementById('desk-body').innerHTML", lambda html: result.append(html)
    )
    qtbot.waitUntil(lambda: bool(result), timeout=5000)
    return str(result[0])


def page_value(qtbot, window, script: str) -> object:
    """Evaluate JavaScript in the preview page."""
    result: list[object] = []
    window.preview.evaluate(script, result.append)
    qtbot.waitUntil(lambda: bool(result), timeout=5000)
    return result[0]


def test_the_window_offers_what_other_panels_use(window):
    assert isinstance(window.library.search_box, QLineEdit)
    assert isinstance(window.editor, QPlainTextEdit)
    for menu in (window.menu_file, window.menu_edit, window.menu_story, window.menu_view):
        assert isinstance(menu, QMenu)
    assert window.preview is not None
    assert window.metadata.headline.text() == ""
    assert window.current_article_id() is None
    assert window.menu_file.actions()[-1] is window.action_quit  # Quit stays last


def test_the_last_story_is_reopened(store, make_window, tmp_path):
    one = store.articles.create(headline="One", body_md="First.")
    store.articles.create(headline="Two", body_md="Second.")
    first = make_window()
    first.open_article(one.id)
    first.close()
    again = make_window()
    assert again.current_article_id() == one.id
    assert again.editor.toPlainText() == "First."


def test_a_staged_window_shows_the_story_first_and_its_panels_right_after(
    qtbot, store, make_window
):
    store.articles.create(headline="First", body_md="Shown at once.")
    window = make_window(staged=True)  # as `desk` opens it
    assert window.editor.toPlainText() == "Shown at once."
    assert window.building
    assert not hasattr(window, "tag_panel")  # the docks come after the first frame
    window.show()
    qtbot.waitUntil(lambda: not window.building, timeout=5000)
    qtbot.waitUntil(lambda: window.library.model.rowCount() == 1, timeout=5000)
    assert window.dockWidgetArea(window.tag_panel) == Qt.DockWidgetArea.RightDockWidgetArea
    assert window.checks_panel is not None


def test_once_started_a_full_garbage_collection_leaves_start_ups_objects_alone(
    qtbot, store, make_window
):
    """What start-up made (modules, Qt's wrappers, the window) is frozen once the window is up,
    so a full collection on the GUI thread walks only what was made since (the first window of
    a process does it; an earlier test's window may have, so that is undone first)."""
    gc.unfreeze()
    store.articles.create(headline="First", body_md="Typed on.")
    window = make_window(staged=True)
    window.show()
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=10_000)
    frozen = gc.get_freeze_count()
    assert frozen > 20_000
    assert len(gc.get_objects()) < frozen / 4  # what a full collection still walks
    window.editor.insertPlainText("More words. ")
    gc.collect()
    assert gc.get_freeze_count() == frozen  # once a process, and nothing thawed
    assert "More words." in window.editor.toPlainText()


def test_a_staged_window_closed_before_its_first_frame_saves_and_keeps_the_layout(
    qtbot, store, make_window
):
    article = store.articles.create(headline="Quick", body_md="Typed.")
    first = make_window(show=True)
    hidden = not first.tag_panel.isHidden()
    first.tag_panel.toggleViewAction().trigger()  # the user showed or hid the tags
    assert first.tag_panel.isHidden() == hidden
    first.close()
    second = make_window(staged=True)  # closed at once (a quick Quit, a SIGTERM at start-up)
    cursor = second.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    cursor.insertText(" More.")
    second.close()
    assert store.articles.get(article.id).body_md == "Typed. More."
    third = make_window()
    assert third.tag_panel.isHidden() == hidden  # the layout saved on closing had the docks


def test_geometry_splitter_sizes_and_zoom_are_remembered(qtbot, store, make_window):
    first = make_window(show=True)
    # Taller than both the first-run default and the minimum; the offscreen screen is narrower
    # than the window's minimum width, so only the height can show the geometry was restored.
    first.resize(first.width(), first.minimumSizeHint().height() + 23)
    height = first.height()
    first.splitter.setSizes([200, 400, 160])
    sizes = first.splitter.sizes()
    first.action_zoom_in.trigger()
    zoomed = first.editor.point_size
    first.close()
    again = make_window(show=True)
    assert again.height() == height
    assert again.splitter.sizes() == sizes
    assert again.editor.point_size == zoomed


def test_ctrl_f_focuses_the_library_search(qtbot, make_window):
    window = make_window(show=True)
    window.editor.setFocus()
    window.action_find.trigger()
    assert window.library.search_box.hasFocus()


def test_the_preview_shows_the_rendered_body_and_follows_typing(qtbot, store, make_window):
    article = store.articles.create(headline="Preview", body_md="Some *emphasis* here.")
    window = make_window()
    window.open_article(article.id)
    with qtbot.waitSignal(window.preview.loaded, timeout=15000):
        window.show()
    assert window.preview.web_engine, "QtWebEngine should work offscreen here"
    assert "<em>emphasis</em>" in page_body(qtbot, window)
    with qtbot.waitSignal(window.preview.updated, timeout=5000):
        window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
        window.editor.insertPlainText("\n\n## Subhead\n\nNew **strong** words.")
    body = page_body(qtbot, window)
    assert "<em>emphasis</em>" in body
    assert ">Subhead</h2>" in body
    assert "<strong>strong</strong>" in body
    with qtbot.waitSignal(window.preview.updated, timeout=5000):
        window.editor.selectAll()
        qtbot.keyClicks(window.editor, "Only this.")
    body = page_body(qtbot, window)
    assert "Only this." in body
    assert "Subhead" not in body
    assert "emphasis" not in body


def test_the_preview_header_follows_the_headline(qtbot, store, make_window):
    article = store.articles.create(headline="Old headline", body_md="Text.")
    window = make_window()
    window.open_article(article.id)
    with qtbot.waitSignal(window.preview.loaded, timeout=15000):
        window.show()
    window.metadata.headline.setText("New headline")
    qtbot.waitUntil(
        lambda: (
            page_value(qtbot, window, "document.querySelector('h1').textContent") == "New headline"
        ),
        timeout=5000,
    )
    window.metadata.headline.setText("Syria's 'new' headline")  # the page's curly quotes
    qtbot.waitUntil(
        lambda: (
            page_value(qtbot, window, "document.querySelector('h1').textContent")
            == "Syria’s ‘new’ headline"
        ),
        timeout=5000,
    )


def test_the_preview_is_right_to_left_for_arabic(qtbot, store, make_window):
    article = store.articles.create(headline="خبر عاجل", language="ar", body_md="نص الخبر.")
    window = make_window()
    window.open_article(article.id)
    with qtbot.waitSignal(window.preview.loaded, timeout=15000):
        window.show()
    assert page_value(qtbot, window, "document.documentElement.dir") == "rtl"
    assert "نص الخبر." in page_body(qtbot, window)


def test_a_second_writer_is_refused(store, store_dir):
    with pytest.raises(StoreLocked, match=r"A desk command .* is writing to this store"):
        Store.open(store_dir, window=True)  # a window does not wait for a command: it asks


def test_the_gui_offers_read_only_when_the_store_is_locked(qtbot, store, store_dir, monkeypatch):
    article = store.articles.create(headline="Locked", body_md="Text.")
    asked: list[str] = []

    def choose_read_only(box: QMessageBox) -> int:
        asked.append(box.text())
        read_only = next(b for b in box.buttons() if "Read-Only" in b.text())
        read_only.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_read_only)
    window = desk_app.create_window(store_dir)
    try:
        assert asked
        assert "open it read-only" in asked[0]  # the store fixture holds it as a command does
        assert window.store.readonly
        assert window.editor.isReadOnly()
        assert window.metadata.headline.isReadOnly()
        assert not window.action_new.isEnabled()
        assert "Read-only" in window.banner.text()
        assert window.current_article_id() == article.id
        window.close()
        assert store.articles.get(article.id).body_md == "Text."
    finally:
        window.close_store()


def test_declining_read_only_quits(store, store_dir, monkeypatch):
    def choose_quit(box: QMessageBox) -> int:
        next(b for b in box.buttons() if b.text() == "Quit").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_quit)
    assert desk_app.run(store_dir) == 0


def test_a_store_that_is_a_file_is_refused_clearly(qapp, tmp_path, monkeypatch):
    target = tmp_path / "notes.txt"
    target.write_text("my notes", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert desk_app.run(target) == 2
    assert "is a file" in shown[0]
    assert target.read_text(encoding="utf-8") == "my notes"


def test_a_database_that_is_not_sqlite_is_left_untouched(qapp, tmp_path, monkeypatch):
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "desk.db").write_bytes(b"not a database at all")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert desk_app.run(folder) == 2
    assert "not a Desk database" in shown[0]
    assert (folder / "desk.db").read_bytes() == b"not a database at all"


def test_settings_live_in_the_desk_config_folder(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("DESK_CONFIG", str(tmp_path / "cfg"))
    settings = desk_app.default_settings()
    assert settings.format() == QSettings.Format.IniFormat
    assert settings.fileName().startswith(str(tmp_path / "cfg"))


def test_the_headline_count_warns_past_the_limit_and_the_limit_is_remembered(
    qtbot, store, make_window, monkeypatch
):
    window = make_window()
    window.metadata.headline.setText("x" * 70)
    assert window.metadata.headline_count.text() == "70/70"
    assert not window.metadata.headline_count.font().bold()
    window.metadata.headline.setText("x" * 71)
    assert window.metadata.headline_count.font().bold()
    monkeypatch.setattr(QInputDialog, "getInt", lambda *args: (80, True))
    window.action_headline_limit.trigger()
    assert window.metadata.headline_count.text() == "71/80"
    assert not window.metadata.headline_count.font().bold()
    window.close()
    assert make_window().metadata.headline_limit == 80


def test_a_terminate_signal_closes_the_window_and_saves(qtbot, store, make_window):
    article = store.articles.create(headline="Kill", body_md="Before.")
    window = make_window(show=True)
    window.open_article(article.id)
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.editor, " After.")
    previous = signal.getsignal(signal.SIGTERM)
    timer = desk_app.close_on_terminate(QApplication.instance())
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)
    finally:
        timer.stop()
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
    assert store.articles.get(article.id).body_md == "Before. After."


def test_the_fallback_preview_shows_the_same_html(qtbot, store, make_window):
    article = store.articles.create(headline="Plain", body_md="Some **bold** text.")
    window = make_window()
    window.open_article(article.id)
    window._preview_started = True  # no web view: the fallback instead
    window.show()
    with qtbot.waitSignal(window.preview.loaded, timeout=5000):
        window.preview.use_fallback("Simple preview: testing the fallback.")
    assert not window.preview.web_engine
    assert "bold" in window.preview.browser.toPlainText()
    with qtbot.waitSignal(window.preview.updated, timeout=5000):
        window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
        qtbot.keyClicks(window.editor, " More words.")
    assert "More words." in window.preview.browser.toPlainText()


def test_a_dark_palette_recolours_the_highlighter(qtbot, window):
    app = QApplication.instance()
    light = QPalette(app.palette())
    try:
        desk_app.set_palette(app, desk_app.dark_palette())
        dark_link = desk_app.dark_palette().color(QPalette.ColorRole.Link)
        qtbot.waitUntil(lambda: link_colour(window) == dark_link, timeout=2000)
        assert window.editor.palette().color(QPalette.ColorRole.Base).lightness() < 60
    finally:
        desk_app.set_palette(app, light)
    light_link = light.color(QPalette.ColorRole.Link)
    qtbot.waitUntil(lambda: link_colour(window) == light_link, timeout=2000)


def link_colour(window):
    """The colour the highlighter gives links now."""
    return window.editor.highlighter.formats["link"].foreground().color()


def test_a_store_from_a_newer_desk_is_refused_and_left_untouched(qapp, tmp_path, monkeypatch):
    folder = tmp_path / "store"
    Store.open(folder).close()
    with sqlite3.connect(folder / "desk.db") as db:
        db.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('desk', 'from_the_future', '2030-01-01')"
        )
    before = (folder / "desk.db").read_bytes()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert desk_app.run(folder) == 2
    assert "newer version of Desk" in shown[0]
    assert (folder / "desk.db").read_bytes() == before


@pytest.mark.parametrize("staged", [False, True])
def test_the_docks_fit_the_screen_on_first_run(qtbot, make_window, staged):
    window = make_window(staged=staged)
    with qtbot.waitActive(window):
        window.show()
    qtbot.waitUntil(lambda: not window.building, timeout=5000)
    QApplication.processEvents()
    screen = window.screen().availableGeometry()
    assert window.frameGeometry().height() <= screen.height()
    assert window.minimumSizeHint().height() <= screen.height()
    docks = [d for d in window.findChildren(QDockWidget) if not d.isHidden()]
    assert any(window.tabifiedDockWidgets(d) for d in docks)  # some share a place as tabs


def test_a_saved_layout_too_tall_for_the_screen_is_tabbed_to_fit(qtbot, make_window):
    first = make_window(show=True)
    for dock in first.findChildren(QDockWidget):  # every dock stacked (a taller screen's layout)
        first.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    assert not any(first.tabifiedDockWidgets(d) for d in first.findChildren(QDockWidget))
    first.close()
    again = make_window(staged=True)
    with qtbot.waitActive(again):
        again.show()
    qtbot.waitUntil(lambda: not again.building, timeout=5000)
    QApplication.processEvents()
    assert again.frameGeometry().height() <= again.screen().availableGeometry().height()
    assert any(again.tabifiedDockWidgets(d) for d in again.findChildren(QDockWidget))


def test_tabbed_docks_come_back_in_their_order_with_the_users_tab_open(qtbot, make_window):
    def started():
        window = make_window(staged=True)
        with qtbot.waitActive(window):
            window.show()
        qtbot.waitUntil(lambda: not window.building, timeout=5000)
        QApplication.processEvents()
        return window

    def tabs(window):
        options = Qt.FindChildOption.FindDirectChildrenOnly
        bars = [b for b in window.findChildren(QTabBar, options=options) if b.count() > 1]
        return [
            ([b.tabText(i) for i in range(b.count())], b.tabText(b.currentIndex())) for b in bars
        ]

    first = started()
    shown = tabs(first)
    assert shown  # tabbed on this 800 px screen
    first.checks_panel.raise_()
    QApplication.processEvents()
    order = [titles for titles, _current in tabs(first)]
    first.close()
    for _start in range(3):  # each start restores the last one's layout
        again = started()
        assert [titles for titles, _current in tabs(again)] == order
        assert "Checks" in [current for _titles, current in tabs(again)]
        again.close()


def test_tabbed_docks_show_their_whole_titles(qtbot, make_window):
    window = make_window(staged=True)
    with qtbot.waitActive(window):
        window.show()
    qtbot.waitUntil(lambda: not window.building, timeout=5000)
    QApplication.processEvents()
    bars = window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly)
    shown = [b for b in bars if b.isVisible() and b.count()]
    assert shown  # the docks are tabbed on this 800 px screen
    for bar in shown:
        assert bar.elideMode() == Qt.TextElideMode.ElideNone  # "Tags", never "Ta…"
        assert bar.usesScrollButtons()
        # Down the window's edge, every tab is in sight: across the bottom of a narrow dock
        # the last ones were scrolled out of it.
        assert bar.shape() in (QTabBar.Shape.RoundedEast, QTabBar.Shape.RoundedWest)
        for index in range(bar.count()):
            assert bar.rect().contains(bar.tabRect(index)), bar.tabText(index)


def test_a_dock_taller_than_the_screen_still_gets_a_place(qtbot, make_window):
    window = make_window(show=True)
    window.tag_panel.widget().setMinimumHeight(2 * window.screen().availableGeometry().height())
    fit_side_docks(window)  # the first dock alone does not fit: it takes a place all the same
    assert window.tag_panel in window.tabifiedDockWidgets(window.photo_panel)
