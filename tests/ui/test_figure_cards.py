"""Figures as cards in the body editor, on the real window: drawn over their Markdown line with
the number readers see, passed by the cursor as one character, removed and restored undoably,
filled by dropping a photo on them or by Add Photos… while selected, placed by dropping between
paragraphs or pasting, moved by dragging; one selection and one numbering in text and dock."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from PySide6.QtCore import QModelIndex, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
)
from PySide6.QtWidgets import QApplication

from desk import body, checks, export
from desk.store.figures import LEAD

from desk.ui.carddrops import figure_mime

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from exporthelp import make_photo
from photofactory import fixture

WAIT_MS = 15_000


@pytest.fixture
def wire(store):
    """A wire story as imported: three paragraphs and two captioned figures awaiting photos
    (row ids not 1 and 2: another story's figure comes first)."""
    other = store.articles.create(headline="Another")
    store.figures.add(other.id, None, caption="Elsewhere")
    story = store.articles.create(headline="Floods in Valencia")
    first = store.figures.add(story.id, None, caption="Rescuers wade in", credit="AFP", place=None)
    second = store.figures.add(story.id, None, caption="A road cut off", place=None)
    text = (
        f"Water rose overnight.\n\n{body.figure_line(first.id)}\n\nRoads were closed.\n\n"
        f"{body.figure_line(second.id)}\n\nSchools stay shut.\n"
    )
    store.articles.update(story.id, body_md=text)
    return store.articles.get(story.id), first.id, second.id


@pytest.fixture
def shown(qtbot, make_window, wire):
    """The real window, shown, with the wire story open and its cards laid out."""
    story, *_ = wire
    window = make_window(show=True)
    window.resize(1400, 900)
    window.open_article(story.id)
    qtbot.waitUntil(
        lambda: all(window.figure_cards.card_rect(c) for c in window.figure_cards.cards)
    )
    yield window
    window.photo_panel.jobs.wait("adding", WAIT_MS)
    window.photo_panel.thumbs.wait(WAIT_MS)
    window.figure_cards.thumbs.wait(WAIT_MS)


def card(window, figure_id: int):
    """The card showing this figure."""
    found = window.figure_cards.card_of(figure_id)
    assert found is not None, f"no card for figure {figure_id}"
    return found


def title(window, figure_id: int) -> str:
    """What a card says the figure is."""
    cards = window.figure_cards
    return cards.look(card(window, figure_id), window.editor.textCursor()).title


def centre(window, figure_id: int) -> QPoint:
    """The middle of a card in the viewport."""
    return window.figure_cards.card_rect(card(window, figure_id)).center().toPoint()


def put_cursor(window, position: int) -> None:
    """Place the text cursor (as a click would)."""
    cursor = window.editor.textCursor()
    cursor.setPosition(position)
    window.editor.setTextCursor(cursor)


def key(qtbot, window, which, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key in the body editor."""
    window.editor.setFocus()
    qtbot.keyClick(window.editor, which, modifier)


def drop(window, point: QPointF, mime) -> None:
    """Drag something over the editor's text and drop it at a point: enter, move, drop."""
    viewport = window.editor.viewport()
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    enter = QDragEnterEvent(point.toPoint(), actions, mime, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(point.toPoint(), actions, mime, buttons, mods)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted()
    event = QDropEvent(point, actions, mime, buttons, mods)
    QApplication.sendEvent(viewport, event)
    assert event.isAccepted()


def gap_point(window, index: int) -> QPointF:
    """A point in the blank line before block `index` of the body."""
    drops = window.figure_cards.drops
    return QPointF(40, drops.gap_y(index))


def test_figure_blocks_are_cards_numbered_as_readers_see_them(qtbot, shown, wire, store):
    story, first, second = wire
    window = shown
    cards = window.figure_cards
    assert [c.figure_id for c in cards.cards] == [first, second]
    assert window.editor.toPlainText() == story.body_md  # the Markdown is the text
    assert (title(window, first), title(window, second)) == ("Figure 1", "Figure 2")
    look = cards.look(card(window, first), window.editor.textCursor())
    assert look.awaiting
    assert look.caption == "Rescuers wade in"
    assert look.credit == "AFP"
    assert look.warnings == ["No alt text"]
    assert cards.look(card(window, second), window.editor.textCursor()).warnings == [
        "No alt text",
        "No credit",
    ]
    line = window.editor.blockBoundingGeometry(card(window, first).block)
    assert line.height() >= cards.card_height * 0.75  # one tall line under the card
    ranges = card(window, first).block.layout().formats()
    colours = {r.format.foreground().color().alpha() for r in ranges}
    assert colours == {0}  # its text is not drawn; the card is
    # The lead photo opens the body: its card says so, and the numbers follow.
    window.photo_panel.select(second)
    window.photo_panel.action_lead.trigger()
    assert title(window, second) == "Lead photo · Figure 1"
    assert title(window, first) == "Figure 2"
    assert [f.number for f in window.photo_panel.model.figures] == [1, 2]


def test_a_small_photo_is_drawn_at_its_own_size_on_its_card(qtbot, shown, wire, store):
    _, first, second = wire
    store.figures.replace_photo(first, store.photos.add(fixture("07_cmyk.jpg")).id)  # 100 px
    store.figures.replace_photo(second, store.photos.add(fixture("01_iptc-ref-2017.1.jpg")).id)
    shown.hub.figuresChanged.emit(shown.current_article_id())
    cards = shown.figure_cards
    small = cards.photo_rect(card(shown, first))
    assert (small.width(), small.height()) == (100, 100)
    wide = cards.photo_rect(card(shown, second))
    box = cards.card_rect(card(shown, second))
    assert wide.width() < 1000  # the 1000-px photo fits the card
    assert wide.width() / wide.height() == pytest.approx(2.0, rel=0.02)
    assert box.contains(wide)


def test_the_cursor_passes_a_card_as_one_character(qtbot, shown, wire):
    _, first, _ = wire
    window = shown
    the_card = card(window, first)
    put_cursor(window, the_card.start - 1)  # on the blank line before it
    key(qtbot, window, Qt.Key.Key_Right)
    assert window.editor.textCursor().position() == the_card.start
    key(qtbot, window, Qt.Key.Key_Right)
    assert window.editor.textCursor().position() == the_card.end  # one step over it
    key(qtbot, window, Qt.Key.Key_Right)
    assert window.editor.textCursor().position() == the_card.end + 1
    key(qtbot, window, Qt.Key.Key_Left)
    key(qtbot, window, Qt.Key.Key_Left)
    assert window.editor.textCursor().position() == the_card.start
    key(qtbot, window, Qt.Key.Key_End)
    assert window.editor.textCursor().position() == the_card.end
    key(qtbot, window, Qt.Key.Key_Home)
    assert window.editor.textCursor().position() == the_card.start
    key(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    cursor = window.editor.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (the_card.start, the_card.end)
    for _ in range(3):  # up and down through it never stop inside it
        key(qtbot, window, Qt.Key.Key_Down)
        position = window.editor.textCursor().position()
        assert not the_card.start < position < the_card.end
    put_cursor(window, the_card.start + 3)  # a program (or Find) put it inside: it steps out
    assert window.editor.textCursor().position() in (the_card.start, the_card.end)
    qtbot.mouseClick(window.editor.viewport(), Qt.MouseButton.LeftButton, pos=centre(window, first))
    cursor = window.editor.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (the_card.start, the_card.end)


def test_delete_removes_a_card_undoably_and_backspace_after_one_too(qtbot, shown, wire):
    _, first, second = wire
    window = shown
    before = window.editor.toPlainText()
    put_cursor(window, card(window, first).start)
    key(qtbot, window, Qt.Key.Key_Delete)
    text = window.editor.toPlainText()
    assert body.parse(text).figure_ids == [second]
    assert "Water rose overnight.\n\nRoads were closed." in text
    assert [(f.id, f.role) for f in window.photo_panel.model.figures] == [
        (second, "inline"),
        (first, "unplaced"),
    ]
    assert window.statusBar().currentMessage().startswith('Figure 1 ("Rescuers wade in") removed')
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.toPlainText() == before
    assert card(window, first).valid()  # a card again at once, not raw text for a moment
    put_cursor(window, card(window, second).end)
    key(qtbot, window, Qt.Key.Key_Backspace)
    assert body.parse(window.editor.toPlainText()).figure_ids == [first]
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.toPlainText() == before


def test_backspace_before_a_card_or_delete_after_it_only_steps_over_the_blank_line(
    qtbot, shown, wire
):
    _, first, _ = wire
    window = shown
    before = window.editor.toPlainText()
    the_card = card(window, first)
    put_cursor(window, the_card.start)
    key(qtbot, window, Qt.Key.Key_Backspace)
    assert window.editor.toPlainText() == before
    assert window.editor.textCursor().block().text() == "Water rose overnight."
    put_cursor(window, the_card.end)
    key(qtbot, window, Qt.Key.Key_Delete)
    assert window.editor.toPlainText() == before
    assert window.editor.textCursor().block().text() == "Roads were closed."


def test_typing_beside_a_card_starts_a_paragraph_of_its_own(qtbot, shown, wire):
    _, first, _ = wire
    window = shown
    line = body.figure_line(first)
    put_cursor(window, card(window, first).start)
    qtbot.keyClicks(window.editor, "Before")
    assert f"Before\n\n{line}\n" in window.editor.toPlainText()
    put_cursor(window, card(window, first).end)
    qtbot.keyClicks(window.editor, "After")
    assert f"{line}\n\nAfter\n" in window.editor.toPlainText()
    assert card(window, first).valid()


def test_dropping_a_file_on_an_awaiting_card_fills_that_figure_and_keeps_its_caption(
    qtbot, shown, wire, store
):
    story, first, second = wire
    window = shown
    before = window.editor.toPlainText()
    mime = window.photo_panel.mime_for_files([str(fixture("04_gps-nikon-coolpix-p6000.jpg"))])
    with qtbot.waitSignal(window.photo_panel.photosAdded, timeout=WAIT_MS) as added:
        drop(window, QPointF(centre(window, first)), mime)
    assert added.args[0] == [first]
    figures = {f.id: f for f in store.figures.for_story(story.id)}
    assert len(figures) == 2  # filled, not added
    assert figures[first].photo.original_name == "04_gps-nikon-coolpix-p6000.jpg"
    assert (figures[first].caption, figures[first].credit) == ("Rescuers wade in", "AFP")
    assert figures[second].photo is None
    assert window.editor.toPlainText() == before
    look = window.figure_cards.look(card(window, first), window.editor.textCursor())
    assert not look.awaiting
    assert look.photo_size == (640, 480)


def test_a_photo_dropped_between_paragraphs_is_a_block_the_preview_checks_and_export_show(
    qtbot, shown, wire, store, tmp_path
):
    story, first, second = wire
    window = shown
    for fid in (first, second):  # the wire's figures get their photos first
        store.figures.replace_photo(fid, store.photos.add(fixture("07_cmyk.jpg")).id)
        store.figures.update(fid, alt="A picture", credit="AFP")
    window.hub.figuresChanged.emit(story.id)
    photo = make_photo(tmp_path / "levee.jpg", (1600, 1000), seed=7)
    blocks = body.parse(window.editor.toPlainText()).blocks
    assert [b.source for b in blocks[2:4]] == ["Roads were closed.", body.figure_line(second)]
    mime = window.photo_panel.mime_for_files([str(photo)])
    with qtbot.waitSignal(window.photo_panel.photosAdded, timeout=WAIT_MS) as added:
        drop(window, gap_point(window, 3), mime)  # between "Roads were closed." and Figure 2
    (new,) = added.args[0]
    text = window.editor.toPlainText()
    assert f"Roads were closed.\n\n{body.figure_line(new)}\n\n{body.figure_line(second)}" in text
    parsed = body.parse(text)
    assert parsed.figure_ids == [first, new, second]
    assert not parsed.placement(new).stray
    assert title(window, new) == "Figure 2"
    assert title(window, second) == "Figure 3"
    # The preview draws it with its photo, where it stands.
    blocks_html = window.preview._blocks.render(text, story.id, 99)
    assert f'data-figure="{new}"' in blocks_html[3]
    assert "figure-missing" not in blocks_html[3]
    # The checks name it by its number.
    assert window.save_now()
    saved = store.articles.get(story.id)
    problems = checks.check_story(saved, store.figures.for_story(story.id), store.root)
    mine = [p for p in problems if p.figure_id == new]
    assert [p.message for p in mine] == [
        "Figure 2 has no caption; say what the photo shows.",
        "Figure 2 has no alt text; describe the picture for readers who cannot see it.",
        "Figure 2 has no credit; name the photographer or agency.",
    ]
    assert mine[0].place.label == "Figure 2"
    # Once described, the export shows it between the two paragraphs.
    store.figures.update(new, caption="The levee", alt="Sandbags on a levee", credit="Desk")
    page = export.export_story(store, saved.slug, tmp_path / "out").path / "index.html"
    html = page.read_text(encoding="utf-8")
    order = [html.index(s) for s in ("Roads were closed.", f'id="figure-{new}"', "Schools stay")]
    assert order == sorted(order)


def test_with_an_awaiting_figure_selected_add_photos_fills_it(
    qtbot, shown, wire, store, monkeypatch
):
    story, first, second = wire
    window = shown
    panel = window.photo_panel
    picked = [str(fixture("03_pillow-iptc-budapest.jpg"))]
    titles: list[str] = []

    def fake_dialog(_parent, title_text, _folder, filters):
        titles.append(title_text)
        return picked, filters

    monkeypatch.setattr("desk.ui.photos.QFileDialog.getOpenFileNames", fake_dialog)
    row = [f.id for f in panel.model.figures].index(second)
    panel.strip.setCurrentIndex(panel.model.index(row))  # the user picks Figure 2 in the dock
    cursor = window.editor.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (
        card(window, second).start,
        card(window, second).end,
    )  # ... and its card is selected in the text
    before = window.editor.toPlainText()
    with qtbot.waitSignal(panel.photosAdded, timeout=WAIT_MS):
        window.photo_panel.action_add.trigger()
    assert titles == ['Photo for Figure 2 ("A road cut off")']
    figures = {f.id: f for f in store.figures.for_story(story.id)}
    assert len(figures) == 2
    assert figures[second].photo.original_name == "03_pillow-iptc-budapest.jpg"
    assert figures[second].caption == "A road cut off"
    assert window.editor.toPlainText() == before
    # The cursor on a card (a click) selects it in the dock: Add Photos fills that one.
    qtbot.mouseClick(window.editor.viewport(), Qt.MouseButton.LeftButton, pos=centre(window, first))
    assert panel.editor.figure.id == first
    picked[:] = [str(fixture("07_cmyk.jpg"))]
    with qtbot.waitSignal(panel.photosAdded, timeout=WAIT_MS):
        window.photo_panel.action_add.trigger()
    assert store.figures.get(first).photo.original_name == "07_cmyk.jpg"
    assert len(store.figures.for_story(story.id)) == 2


def test_use_in_this_story_fills_the_selected_awaiting_figure(qtbot, shown, wire, store):
    story, first, _ = wire
    window = shown
    photo = store.photos.add(fixture("06_orientation-6-rotate90cw.jpg"))
    qtbot.mouseClick(window.editor.viewport(), Qt.MouseButton.LeftButton, pos=centre(window, first))
    before = window.editor.toPlainText()
    window.photo_panel.use_photo(photo.id)
    figure = store.figures.get(first)
    assert (figure.image_id, figure.caption) == (photo.id, "Rescuers wade in")
    assert len(store.figures.for_story(story.id)) == 2
    assert window.editor.toPlainText() == before


def test_dragging_a_card_moves_it_numbers_follow_and_ctrl_z_undoes_it(qtbot, shown, wire):
    _, first, second = wire
    window = shown
    before = window.editor.toPlainText()
    drop(window, gap_point(window, 0), figure_mime(second))  # Figure 2 to the very top
    text = window.editor.toPlainText()
    assert text.startswith(body.figure_line(second))
    assert body.parse(text).lead_id == second
    assert title(window, second) == "Lead photo · Figure 1"
    assert title(window, first) == "Figure 2"
    numbers = {f.id: f.number for f in window.photo_panel.model.figures}
    assert numbers == {second: 1, first: 2}  # the dock numbers them the same way
    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.toPlainText() == before
    window.parse_now()
    assert (title(window, first), title(window, second)) == ("Figure 1", "Figure 2")
    assert {f.id: f.number for f in window.photo_panel.model.figures} == {first: 1, second: 2}


def test_selecting_a_card_selects_it_in_the_dock_and_back(qtbot, shown, wire):
    _, first, second = wire
    window = shown
    panel = window.photo_panel
    put_cursor(window, card(window, first).start - 1)
    key(qtbot, window, Qt.Key.Key_Right)  # the cursor reaches Figure 1's card
    assert panel.editor.figure.id == first
    key(qtbot, window, Qt.Key.Key_Down)  # and leaves it
    key(qtbot, window, Qt.Key.Key_Down)
    assert window.figure_cards.current_card() is None
    assert panel.editor.figure is None
    row = [f.id for f in panel.model.figures].index(second)
    panel.strip.setCurrentIndex(panel.model.index(row))
    assert window.figure_cards.current_card().figure_id == second
    panel.strip.setCurrentIndex(QModelIndex())
    assert window.figure_cards.current_card().figure_id == second  # the text keeps its cursor


def test_pasting_an_image_in_the_text_adds_a_figure_at_the_cursor(qtbot, shown, wire, store):
    _, first, second = wire
    window = shown
    image = QImage(300, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("darkblue"))
    QGuiApplication.clipboard().setImage(image)
    put_cursor(window, len("Water"))
    with qtbot.waitSignal(window.photo_panel.photosAdded, timeout=WAIT_MS) as added:
        key(qtbot, window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    (new,) = added.args[0]
    text = window.editor.toPlainText()
    assert text.startswith(f"Water rose overnight.\n\n{body.figure_line(new)}\n\n")
    assert body.parse(text).figure_ids == [new, first, second]
    assert store.figures.get(new).photo.format == "PNG"
    assert window.figure_cards.card_of(new) is not None


def test_an_ai_generated_photo_is_labelled_on_its_card_and_in_the_dock(qtbot, shown, wire, store):
    story, first, _ = wire
    window = shown
    store.figures.replace_photo(first, store.photos.add(fixture("11_iptc-ref-ai-generated.jpg")).id)
    window.hub.figuresChanged.emit(story.id)
    look = window.figure_cards.look(card(window, first), window.editor.textCursor())
    assert look.provenance == "AI-generated image"
    window.photo_panel.select(first)
    info = window.photo_panel.editor.info.text()
    assert "⚠ Source: Created using generative AI (trainedAlgorithmicMedia)" in info
    assert "Extended description: A test picture: the IPTC reference image" in info
    shown_text = window.photo_panel.model.data(window.photo_panel.model.index(0))
    assert "AI-generated image" in shown_text


def test_a_400_px_lead_is_shown_at_its_own_size_in_the_preview_and_the_export(
    qtbot, store, make_window, tmp_path
):
    article = store.articles.create(headline="Small lead", body_md="Text.", status="ready")
    photo = store.photos.add(make_photo(tmp_path / "lead.jpg", (400, 300), seed=3))
    store.figures.add(article.id, photo.id, caption="Gates", credit="Desk", alt="x", place=LEAD)
    window = make_window()
    window.resize(1700, 900)  # the preview column wider than the photo
    window.open_article(article.id)
    with qtbot.waitSignal(window.preview.loaded, timeout=WAIT_MS):
        window.show()
    view = window.preview.view
    view.setZoomFactor(1.0)
    script = (
        "JSON.stringify(Array.from(document.querySelectorAll('figure img'))"
        ".map(i => i.clientWidth))"
    )

    def widths() -> list[int]:
        found: list[object] = []
        window.preview.evaluate(script, found.append)
        qtbot.waitUntil(lambda: bool(found), timeout=5000)
        return json.loads(str(found[0]))

    assert widths() == [400]
    result = export.export_story(store, article.slug, tmp_path / "out")
    with qtbot.waitSignal(view.loadFinished, timeout=WAIT_MS):
        view.load(QUrl.fromLocalFile(str(result.path / "index.html")))
    assert widths() == [400]
    assert [w for w in result.warnings if "social image" in w]


def test_pressing_and_moving_a_card_drags_it_and_a_double_click_edits_its_caption(
    qtbot, shown, wire, monkeypatch
):
    _, first, _ = wire
    window = shown
    dragged: list[int] = []
    monkeypatch.setattr(
        window.figure_cards.drops, "start_drag", lambda c: dragged.append(c.figure_id)
    )
    viewport = window.editor.viewport()
    start = centre(window, first)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(2, 1))  # a wobble is still a click
    assert dragged == []
    qtbot.mouseMove(viewport, start + QPoint(0, 40))
    assert dragged == [first]
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(0, 40))
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=centre(window, first))
    assert window.photo_panel.editor.figure.id == first
    assert window.photo_panel.editor.caption.hasFocus()


def test_zooming_the_text_keeps_cards_a_card_tall(qtbot, shown, wire):
    _, first, _ = wire
    window = shown
    before = window.figure_cards.card_height
    window.editor.zoom(12)
    cards = window.figure_cards
    assert cards.card_height > before
    line = window.editor.blockBoundingGeometry(card(window, first).block)
    assert line.height() >= cards.card_height * 0.75
    assert cards.card_rect(card(window, first)) is not None
