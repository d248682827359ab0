"""The Photos dock with a real store: drop, paste, reorder, lead, caption and the library.

Figure verbs that move, lead or remove a figure are edits of the editor's document: they are
tested on the real window, with Ctrl+Z taking them back.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from PySide6.QtCore import QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QTextCursor,
)
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog, QPushButton

from desk.body import figure_line
from desk.body import parse as parse_body
from desk.store import Store

from desk.ui.hub import Hub
from desk.ui.jobs import Job, Jobs
from desk.ui.photos import PhotoPanel
from desk.ui.photowork import read_photo_files

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from photofactory import fixture, write

WAIT_MS = 15_000


def figure_ids_in_body(text: str) -> list[int]:
    """The figures a body places, in order."""
    return parse_body(text).figure_ids


def undo_in_text(window) -> None:
    """Ctrl+Z in the story's text."""
    window.editor.setFocus()
    window.editor.undo()


@pytest.fixture
def hub(qtbot):
    """The app-wide signals."""
    return Hub()


@pytest.fixture
def story(store):
    """A story to put photos in."""
    return store.articles.create(headline="Floods in Valencia", body_md="Water rose overnight.\n")


@pytest.fixture
def panel(qtbot, store, hub, story):
    """A Photos dock showing the story."""
    widget = PhotoPanel(store, hub)
    qtbot.addWidget(widget)
    hub.articleOpened.emit(story.id)
    yield widget
    widget.jobs.wait("adding", WAIT_MS)
    widget.thumbs.wait(WAIT_MS)


def drop(target, paths: list[Path], panel: PhotoPanel) -> None:
    """Drag files (as from a file manager) over a widget and drop them: enter, then drop."""
    mime = panel.mime_for_files([str(p) for p in paths])  # kept alive: events do not own it
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(target, event)
    assert event.isAccepted()


def add_figures(store, story, names: list[str]) -> list[int]:
    """Figures placed through the store (each in the body), as the CLI would."""
    return [store.figures.add(story.id, store.photos.add(fixture(n)).id).id for n in names]


def test_add_photos_through_the_file_dialog(qtbot, panel, store, story, monkeypatch):
    picked = [str(fixture("03_pillow-iptc-budapest.jpg")), str(fixture("07_cmyk.jpg"))]
    asked: list[str] = []

    def fake_dialog(_parent, title, _folder, filters):
        asked.append(filters)
        return picked, filters

    monkeypatch.setattr("desk.ui.photos.QFileDialog.getOpenFileNames", fake_dialog)
    with qtbot.waitSignal(panel.photosAdded, timeout=WAIT_MS):
        panel.action_add.trigger()
    assert "*.jpg" in asked[0]
    names = [f.photo.original_name for f in store.figures.for_story(story.id)]
    assert names == ["03_pillow-iptc-budapest.jpg", "07_cmyk.jpg"]


def test_drop_files_on_panel_adds_them_and_inserts_at_cursor(qtbot, panel, store, story, hub):
    inserted: list[str] = []
    hub.insertMarkdownRequested.connect(inserted.append)
    files = [fixture("01_iptc-ref-2017.1.jpg"), fixture("06_orientation-6-rotate90cw.jpg")]
    with qtbot.waitSignal(panel.photosAdded, timeout=WAIT_MS) as added:
        drop(panel, files, panel)
    figures = store.figures.for_story(story.id)
    assert [f.id for f in figures] == added.args[0]
    assert [f.photo.original_name for f in figures] == [p.name for p in files]
    assert figures[0].caption == "The description aka caption (ref2017.1)"
    assert inserted == ["\n\n".join(figure_line(f.id, f.alt) for f in figures)]
    assert panel.model.rowCount() == 2


def test_drop_on_the_strip_and_bad_files_are_reported(qtbot, panel, store, story, tmp_path):
    bad = write(tmp_path / "notes.jpg", b"not a photo at all")
    with qtbot.waitSignal(panel.photosAdded, timeout=WAIT_MS) as added:
        drop(panel.strip.viewport(), [bad, fixture("07_cmyk.jpg")], panel)
    assert len(added.args[0]) == 1
    assert "notes.jpg" in panel.message.text()
    assert [f.photo.original_name for f in store.figures.for_story(story.id)] == ["07_cmyk.jpg"]


def test_paste_image_from_clipboard(qtbot, panel, store, story):
    image = QImage(120, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("darkgreen"))
    QGuiApplication.clipboard().setImage(image)
    with qtbot.waitSignal(panel.photosAdded, timeout=WAIT_MS):
        panel.action_paste.trigger()
    (fig,) = store.figures.for_story(story.id)
    assert fig.photo.format == "PNG"
    assert (fig.photo.width, fig.photo.height) == (120, 80)
    assert fig.photo.original_name.startswith("Pasted photo")
    assert not any(Path(panel._tmp.path()).iterdir())  # the temporary PNG is gone


@pytest.fixture
def window_on(qtbot, make_window, store, story):
    """The real window with the story open and its Photos dock following the text."""
    window = make_window()
    window.open_article(story.id)
    yield window
    window.photo_panel.jobs.wait("adding", WAIT_MS)
    window.photo_panel.thumbs.wait(WAIT_MS)


def test_reorder_by_drag_is_an_undoable_edit_of_the_text(qtbot, store, story, make_window):
    ids = add_figures(
        store, story, ["07_cmyk.jpg", "09_transparent-rgba.png", "04_gps-nikon-coolpix-p6000.jpg"]
    )
    window = make_window()
    panel, model = window.photo_panel, window.photo_panel.model
    before = window.editor.toPlainText()
    assert [f.number for f in model.figures] == [1, 2, 3]  # "Water rose..." comes first
    model.dropMimeData(
        model.mimeData([model.index(2)]), Qt.DropAction.MoveAction, 0, 0, QModelIndex()
    )
    qtbot.waitUntil(lambda: [f.id for f in model.figures] == [ids[2], ids[0], ids[1]])
    assert [f.number for f in model.figures] == [1, 2, 3]  # numbers follow the text
    assert figure_ids_in_body(window.editor.toPlainText()) == [ids[2], ids[0], ids[1]]
    assert window.save_now()
    assert figure_ids_in_body(store.articles.get(story.id).body_md) == [ids[2], ids[0], ids[1]]
    undo_in_text(window)
    assert window.editor.toPlainText() == before
    window.parse_now()
    assert [f.id for f in model.figures] == ids
    panel.thumbs.wait(WAIT_MS)


def test_move_with_keyboard_action(qtbot, store, story, make_window):
    ids = add_figures(store, story, ["07_cmyk.jpg", "09_transparent-rgba.png"])
    window = make_window()
    panel = window.photo_panel
    panel.select(ids[0])
    panel.action_later.trigger()
    assert figure_ids_in_body(window.editor.toPlainText()) == [ids[1], ids[0]]
    assert [f.id for f in panel.model.figures] == [ids[1], ids[0]]
    panel.thumbs.wait(WAIT_MS)


def test_set_lead_moves_it_to_the_top_marks_it_and_is_undone(qtbot, store, story, make_window):
    ids = add_figures(store, story, ["07_cmyk.jpg", "09_transparent-rgba.png"])
    window = make_window()
    panel = window.photo_panel
    before = window.editor.toPlainText()
    panel.select(ids[1])
    panel.action_lead.trigger()
    text = window.editor.toPlainText()
    assert text.startswith(figure_line(ids[1]))  # the lead opens the body
    assert figure_ids_in_body(text) == [ids[1], ids[0]]
    assert panel.model.figures[0].id == ids[1]
    assert panel.model.figures[0].role == "lead"
    badge = panel.model.data(panel.model.index(0), Qt.ItemDataRole.DecorationRole)
    assert badge.toImage().pixelColor(6, 6) == QColor("#b00020")
    assert not panel.action_lead.isEnabled()
    undo_in_text(window)
    assert window.editor.toPlainText() == before
    panel.thumbs.wait(WAIT_MS)


def test_editing_caption_credit_and_alt_reaches_store_and_the_text(
    qtbot, store, story, make_window
):
    (fid,) = add_figures(store, story, ["04_gps-nikon-coolpix-p6000.jpg"])
    window = make_window()
    panel = window.photo_panel
    panel.select(fid)
    assert "GPS 43.46745, 11.88513" in panel.editor.info.text()
    assert "Taken 2008-10-22 16:28\n" in panel.editor.info.text()  # not '2008-10-22T16:28:39'
    panel.editor.caption.setPlainText("Volunteers clear mud from a street in Paiporta.")
    panel.editor.credit.setText("Ana Ruiz/AFP")
    panel.editor.credit.textEdited.emit("Ana Ruiz/AFP")
    panel.editor.alt.setPlainText("People with shovels in brown mud")
    assert panel.editor.alt_count.text() == "32 / 250"
    qtbot.waitUntil(lambda: store.figures.get(fid).alt == "People with shovels in brown mud")
    fig = store.figures.get(fid)
    assert fig.caption == "Volunteers clear mud from a street in Paiporta."
    assert fig.credit == "Ana Ruiz/AFP"
    assert f"![People with shovels in brown mud](figure:{fid})" in window.editor.toPlainText()
    assert window.save_now()
    assert (
        f"![People with shovels in brown mud](figure:{fid})" in store.articles.get(story.id).body_md
    )
    panel.thumbs.wait(WAIT_MS)


def test_choosing_a_photo_does_not_make_the_window_taller(qtbot, store, story, make_window):
    """The figure editor's photo details (size, date, camera, GPS) made the dock, then the
    window, taller than a 720 px screen when a photo was chosen."""
    (fid,) = add_figures(store, story, ["04_gps-nikon-coolpix-p6000.jpg"])
    window = make_window(show=True)
    window.resize(1280, 680)
    QApplication.processEvents()
    before = window.size()
    panel = window.photo_panel
    panel.raise_()
    QApplication.processEvents()
    least = panel.minimumSizeHint().height()
    panel.select(fid)
    QApplication.processEvents()
    assert "GPS 43.46745" in panel.editor.info.text()  # the details are shown
    panel.editor.info.setText("\n".join(["A long line of details"] * 12))  # a photo with more
    QApplication.processEvents()
    assert panel.minimumSizeHint().height() <= least  # the dock needs no more room for them
    assert window.size() == before


def test_alt_text_over_250_is_refused_and_said(qtbot, panel, store, story):
    (fid,) = add_figures(store, story, ["07_cmyk.jpg"])
    panel.reload()
    panel.select(fid)
    panel.editor.alt.setPlainText("x" * 251)
    assert "too long" in panel.editor.alt_count.text()
    panel.editor.commit()
    assert "251 characters" in panel.editor.error.text()
    assert store.figures.get(fid).alt == ""


def test_remove_takes_it_out_of_the_text_undoably_and_insert_puts_it_back(
    qtbot, store, story, make_window
):
    ids = add_figures(store, story, ["07_cmyk.jpg", "09_transparent-rgba.png"])
    window = make_window()
    panel = window.photo_panel
    before = window.editor.toPlainText()
    panel.select(ids[0])
    panel.action_remove.trigger()
    assert figure_ids_in_body(window.editor.toPlainText()) == [ids[1]]
    assert [(f.id, f.role) for f in panel.model.figures] == [
        (ids[1], "inline"),
        (ids[0], "unplaced"),
    ]
    assert "Not in the text" in panel.model.data(panel.model.index(1))
    assert store.figures.get(ids[0]).caption is not None  # the row stays for Ctrl+Z
    undo_in_text(window)
    assert window.editor.toPlainText() == before
    window.parse_now()
    panel.select(ids[0])
    panel.action_remove.trigger()
    window.editor.moveCursor(QTextCursor.MoveOperation.Start)
    panel.select(ids[0])
    assert panel.action_insert.isEnabled()
    panel.action_insert.trigger()
    assert figure_ids_in_body(window.editor.toPlainText()) == [ids[0], ids[1]]
    panel.thumbs.wait(WAIT_MS)


def test_undo_history_survives_figure_verbs(qtbot, store, story, make_window):
    ids = add_figures(store, story, ["07_cmyk.jpg", "09_transparent-rgba.png"])
    window = make_window()
    panel = window.photo_panel
    opened = window.editor.toPlainText()
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(window.editor, "More words.")
    typed = window.editor.toPlainText()
    panel.select(ids[1])
    panel.action_earlier.trigger()
    assert window.save_now()
    undo_in_text(window)
    assert window.editor.toPlainText() == typed  # the move is undone, the typing is not
    while window.editor.document().isUndoAvailable():
        window.editor.undo()
    assert window.editor.toPlainText() == opened  # and the typing before it is still undoable
    panel.thumbs.wait(WAIT_MS)


def test_a_verb_that_needs_the_store_does_not_run_when_the_save_fails(
    qtbot, store, story, make_window
):
    window = make_window()
    panel = window.photo_panel
    qtbot.keyClicks(window.editor, " Unsaved.")
    store.db.conn.execute(
        "CREATE TRIGGER refuse BEFORE UPDATE ON articles "
        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    panel.add_files([str(fixture("07_cmyk.jpg"))])
    assert panel._batch is None  # nothing was read or added
    assert "was not done" in panel.message.text()
    assert "full" in panel.message.text()
    assert store.figures.for_story(story.id) == []
    store.db.conn.execute("DROP TRIGGER refuse")
    panel.thumbs.wait(WAIT_MS)


def test_replace_file_keeps_caption(qtbot, panel, store, story, monkeypatch):
    fid = store.figures.add(
        story.id, store.photos.add(fixture("07_cmyk.jpg")).id, caption="Keep"
    ).id
    panel.reload()
    panel.select(fid)
    new = fixture("03_pillow-iptc-budapest.jpg")
    monkeypatch.setattr(
        "desk.ui.photos.QFileDialog.getOpenFileName", lambda *a, **k: (str(new), "")
    )
    with qtbot.waitSignal(panel.photosAdded, timeout=WAIT_MS):
        panel.action_replace.trigger()
    fig = store.figures.get(fid)
    assert (fig.photo.original_name, fig.caption) == (new.name, "Keep")


def test_thumbnails_are_made_off_thread_and_upright(qtbot, panel, store, story):
    add_figures(store, story, ["06_orientation-6-rotate90cw.jpg"])
    panel.reload()
    panel.model.data(panel.model.index(0), Qt.ItemDataRole.DecorationRole)  # requests it
    with qtbot.waitSignal(panel.thumbs.ready, timeout=WAIT_MS):
        pass
    pix = panel.model.data(panel.model.index(0), Qt.ItemDataRole.DecorationRole)
    assert (pix.width(), pix.height()) == (160, 120)


def test_many_files_show_progress_and_cancel_keeps_what_was_added(qtbot, panel, store, story):
    files = [fixture(n) for n in ("01_iptc-ref-2017.1.jpg", "03_pillow-iptc-budapest.jpg")] * 15
    with qtbot.waitSignal(panel.photosAdded, timeout=WAIT_MS) as added:
        panel.add_files([str(f) for f in files])
        progress = panel._batch["progress"]
        assert isinstance(progress, QProgressDialog)
        # The user's click on Cancel (QProgressDialog.cancel() alone would not tell the job).
        progress.findChild(QPushButton).click()  # before the event loop placed a single photo
    figures = store.figures.for_story(story.id)
    assert [f.id for f in figures] == added.args[0]  # what was added is kept, in the story
    assert len(figures) < len(files)  # and the rest of the 30 was not read or placed


def test_reading_sends_each_file_and_a_cancelled_job_reads_nothing_more(qtbot):
    jobs = Jobs()
    sent: list[tuple] = []
    files = [fixture("07_cmyk.jpg"), fixture("10_truncated-progressive.jpg"), Path("/nowhere.jpg")]

    def job() -> Job:
        made = Job("adding", None, 1, read_photo_files, (), on_partial=sent.append)
        made._service = jobs
        return made

    read_photo_files(files, [None] * 3, None, job())  # on this thread: each piece at once
    assert [(i, p is not None) for i, p, _why in sent] == [(0, True), (1, False), (2, False)]
    assert "nowhere.jpg" in sent[2][2]
    sent.clear()
    cancelled = job()
    cancelled.cancel()
    read_photo_files(files, [None] * 3, None, cancelled)
    assert sent == []


def test_library_search_usage_and_reuse(qtbot, panel, store, story, hub):
    other = store.articles.create(headline="Budapest summer")
    photo = store.photos.add(fixture("03_pillow-iptc-budapest.jpg"))
    store.figures.add(other.id, photo.id, caption="Tourists on the Chain Bridge")
    store.photos.add(fixture("07_cmyk.jpg"))
    panel.open_library()
    dialog = panel._library
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 2
    dialog.search.setText("chain bridge")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert dialog.usage.item(0).text().startswith("Budapest summer")
    inserted: list[str] = []
    hub.insertMarkdownRequested.connect(inserted.append)
    dialog.use_button.click()
    (fig,) = store.figures.for_story(story.id)
    assert fig.image_id == photo.id
    assert fig.caption == ""  # its own caption here, not the other story's
    assert inserted == [figure_line(fig.id)]
    assert {a.id for a in store.photos.usage(photo.id)} == {story.id, other.id}


def test_main_window_carries_the_panel_and_menu_actions(qtbot, store, story, make_window):
    window = make_window()
    panel = window.photo_panel
    assert panel.article_id == window.current_article_id() == story.id
    labels = [a.text() for a in window.menu_story.actions()]
    assert "Add Photos…" in labels
    assert "Photo Library…" in labels
    with qtbot.waitSignal(panel.photosAdded, timeout=WAIT_MS):
        panel.add_files([str(fixture("07_cmyk.jpg"))])
    (fig,) = store.figures.for_story(story.id)
    assert figure_line(fig.id) in window.editor.toPlainText()
    window.save_now()
    assert figure_ids_in_body(store.articles.get(story.id).body_md) == [fig.id]
    panel.jobs.wait("adding", WAIT_MS)
    panel.thumbs.wait(WAIT_MS)


def test_the_strip_follows_the_text_without_resetting_needlessly(qtbot, panel, store, story, hub):
    add_figures(store, story, ["07_cmyk.jpg"])
    panel.reload()
    text = store.articles.get(story.id).body_md
    hub.bodyParsed.emit(story.id, parse_body(text))
    resets: list[bool] = []
    panel.model.modelReset.connect(lambda: resets.append(True))
    hub.bodyParsed.emit(story.id, parse_body(text + "\nMore words."))
    assert resets == []
    hub.bodyParsed.emit(story.id, parse_body("Only text now.\n"))
    assert resets == [True]  # the figure left the text: the strip says so
    assert "Not in the text" in panel.model.data(panel.model.index(0))


def test_read_only_store_disables_adding(qtbot, store_dir, hub):
    with Store.open(store_dir) as writer:
        article = writer.articles.create(headline="Locked")
        writer.figures.add(article.id, writer.photos.add(fixture("07_cmyk.jpg")).id)
    with Store.open(store_dir, readonly=True) as ro:
        widget = PhotoPanel(ro, hub)
        qtbot.addWidget(widget)
        hub.articleOpened.emit(article.id)
        widget.select(widget.model.figures[0].id)
        assert widget.model.rowCount() == 1
        assert not widget.action_add.isEnabled()
        assert not widget.action_remove.isEnabled()
        assert not widget.action_lead.isEnabled()
        widget.add_files([str(fixture("09_transparent-rgba.png"))])
        assert "read-only" in widget.message.text()
        widget.thumbs.wait(WAIT_MS)


def test_photo_dropped_on_the_body_editor_lands_there(qtbot, store, story, make_window):
    window = make_window()
    panel = window.photo_panel
    with qtbot.waitSignal(panel.photosAdded, timeout=WAIT_MS):
        drop(window.editor.viewport(), [fixture("09_transparent-rgba.png")], panel)
    (fig,) = store.figures.for_story(story.id)
    assert figure_line(fig.id) in window.editor.toPlainText()
    panel.jobs.wait("adding", WAIT_MS)
    panel.thumbs.wait(WAIT_MS)


def test_text_drops_on_the_editor_are_left_alone(qtbot, store, story, make_window):
    from PySide6.QtCore import QMimeData

    from desk.ui.photowork import photo_paths

    window = make_window()
    mime = QMimeData()
    mime.setText("just words")
    assert photo_paths(mime) == []
    notes = window.photo_panel.mime_for_files(["/tmp/notes.txt"])
    assert photo_paths(notes) == []


def test_remove_and_alt_edit_show_in_the_open_editor(qtbot, store, story, make_window):
    ids = add_figures(store, story, ["07_cmyk.jpg", "09_transparent-rgba.png"])
    window = make_window()
    panel = window.photo_panel
    assert figure_line(ids[0]) in window.editor.toPlainText()
    window.editor.insert_markdown("Typed just now.")  # unsaved typing is never lost
    panel.select(ids[0])
    panel.action_remove.trigger()
    assert figure_line(ids[0]) not in window.editor.toPlainText()
    assert "Typed just now." in window.editor.toPlainText()
    panel.select(ids[1])
    panel.editor.alt.setPlainText("A grey square")
    panel.editor.commit()
    assert f"![A grey square](figure:{ids[1]})" in window.editor.toPlainText()
    assert window.save_now()
    saved = store.articles.get(story.id).body_md
    assert "Typed just now." in saved
    assert f"![A grey square](figure:{ids[1]})" in saved
    panel.thumbs.wait(WAIT_MS)


def test_every_thumbnail_leaves_room_for_its_label(qtbot, panel, store, story, hub):
    ids = add_figures(store, story, ["03_pillow-iptc-budapest.jpg", "01_iptc-ref-2017.1.jpg"])
    store.figures.update(ids[1], caption="Rescuers searched for victims after the flood " * 2)
    hub.articleOpened.emit(story.id)
    panel.resize(260, 700)
    panel.show()
    panel.thumbs.wait(WAIT_MS)
    strip = panel.strip
    qtbot.waitUntil(lambda: strip.model().rowCount() == 2)
    QApplication.processEvents()
    line = strip.fontMetrics().height()
    for row in range(2):
        index = strip.model().index(row, 0)
        picture = index.data(Qt.ItemDataRole.DecorationRole).height()
        lines = len(index.data().split("\n"))  # number and caption, then what is missing
        # the label is drawn under the picture, not over it
        assert strip.visualRect(index).height() >= picture + lines * line, row


def test_the_fields_hints_use_the_docks_width(qtbot, panel, store, story, hub):
    """Each field's name and hint sit on a line of their own, as wide as the field: in a
    form's label column they wrapped at a third of a narrow dock."""
    panel.resize(300, 700)
    panel.show()
    qtbot.waitExposed(panel)
    QApplication.processEvents()
    editor = panel.editor
    for field in (editor.caption, editor.credit, editor.alt):
        labels = [w for w in editor.findChildren(QLabel) if w.buddy() is field]
        assert len(labels) == 1  # screen readers name the field by it
        assert labels[0].width() >= field.width() - 2


def test_a_long_caption_is_shortened_once_by_the_strip(store, story):
    """The label cut the caption at 40 characters with '…' and the strip cut it again: '……'."""
    from desk.ui.photoparts import summary

    (fid,) = add_figures(store, story, ["07_cmyk.jpg"])
    caption = "The Syrian government's advance on the last rebel stronghold"
    store.figures.update(fid, caption=caption)
    assert summary(store.figures.get(fid), placed=True).startswith(f"Figure 1: {caption}")
