"""The workflow in the window: a blocked story is refused Ready with the reasons; publishing
asks first and records the time; a published story stays published and takes updates and
corrections; the embargo field; the library's marks, embargoes and check filter."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from exporthelp import make_photo

from PySide6.QtWidgets import QInputDialog, QMessageBox

from desk import checkstate, corrections

from desk.ui.librarymarks import mark_icon


def pick_status(window, status: str) -> None:
    """Choose a status in the form's combo, as a user does."""
    combo = window.metadata.status
    index = combo.findData(status)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def clean_story(store, tmp_path, status: str = "ready") -> int:
    """A story that passes the checks."""
    article = store.articles.create(
        headline="Council agrees budget",
        standfirst="The vote was close.",
        authors=["Ann Lee"],
        dateline="LEEDS",
        body_md="The council met on Monday.",
        status=status,
    )
    photo = store.photos.add(make_photo(tmp_path / "p.jpg", (1600, 1000)))
    store.figures.add(
        article.id,
        photo.id,
        caption="The chamber",
        credit="Desk",
        alt="Rows of seats",
        place="lead",
    )
    store.tags.tag(article.id, ["Council"])
    return article.id


def test_moving_a_blocked_story_to_ready_is_refused_with_the_reasons(
    store, make_window, shown_dialogs
):
    article = store.articles.create(headline="Floods", body_md="Rain fell. TK")
    store.figures.add(article.id, None, caption="Rescuers wade in")
    window = make_window()
    window.open_article(article.id)
    pick_status(window, "ready")
    assert len(shown_dialogs) == 1
    title, text, details = shown_dialogs[0].split(" | ")
    assert title == "Not marked ready"
    assert text == "The story cannot be marked ready while 2 things block it."
    assert details.splitlines()[:2] == [
        '• Figure 1 ("Rescuers wade in") needs a photo; attach one or remove the figure.',
        "• Paragraph 1 still holds the marker “TK”; fill it in or take it out.",
    ]
    assert window.metadata.status.currentData() == "draft"
    assert window.metadata.values()["status"] == "draft"
    window.save_now()
    assert store.articles.get(article.id).status == "draft"
    assert not window.checks_panel.isHidden()  # raised to show them


def test_a_story_that_passes_moves_to_ready_and_is_saved_at_once(store, make_window, tmp_path):
    article_id = clean_story(store, tmp_path, status="editing")
    window = make_window()
    window.open_article(article_id)
    pick_status(window, "ready")
    assert store.articles.get(article_id).status == "ready"
    assert window.metadata.status.currentData() == "ready"


def test_publishing_asks_first(store, make_window, tmp_path, monkeypatch):
    article_id = clean_story(store, tmp_path)
    window = make_window()
    window.open_article(article_id)
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.Cancel]

    def question(_parent, title, text, *_args):
        asked.append(f"{title} | {text}")
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    pick_status(window, "published")
    assert len(asked) == 1
    assert asked[0].startswith("Publish this story? | Publish “Council")
    assert "no longer changes" in asked[0]
    assert store.articles.get(article_id).status == "ready"
    assert window.metadata.status.currentData() == "ready"
    answer[0] = QMessageBox.StandardButton.Yes
    pick_status(window, "published")
    assert len(asked) == 2
    published = store.articles.get(article_id)
    assert published.status == "published"
    assert published.published  # the time is recorded
    assert window.action_mark_correction.isEnabled()
    # The address is fixed now: a new headline keeps the slug.
    window.metadata.headline.setText("Council agrees a budget at last")
    window.save_now()
    assert store.articles.get(article_id).slug == published.slug


def test_a_published_story_stays_published(store, make_window, tmp_path, shown_dialogs):
    article_id = clean_story(store, tmp_path, status="published")
    window = make_window()
    window.open_article(article_id)
    pick_status(window, "editing")
    assert shown_dialogs
    assert "is published, so it stays published" in shown_dialogs[0]
    assert store.articles.get(article_id).status == "published"


def test_marking_a_correction_from_the_story_menu(store, make_window, tmp_path, monkeypatch):
    draft_id = store.articles.create(headline="Draft", body_md="Text.").id
    article_id = clean_story(store, tmp_path, status="published")
    window = make_window()
    window.open_article(draft_id)
    assert not window.action_mark_correction.isEnabled()  # nothing published to correct
    window.open_article(article_id)
    assert window.action_mark_correction.isEnabled()
    note = "An earlier version misspelled the mayor's name."
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", staticmethod(lambda *_args, **_kw: (note, True))
    )
    window.action_mark_correction.trigger()
    assert [(a.kind, a.note) for a in corrections.for_story(store, article_id)] == [
        ("correction", note)
    ]


def test_withdrawing_asks_first_then_takes_the_actions_away(
    qtbot, store, make_window, tmp_path, monkeypatch
):
    article_id = clean_story(store, tmp_path, status="published")
    window = make_window()
    window.open_article(article_id)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.Yes)
    )
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", staticmethod(lambda *_a, **_k: ("Legal reasons.", True))
    )
    window.action_withdraw.trigger()
    assert corrections.withdrawal(corrections.for_story(store, article_id)).note == "Legal reasons."
    assert not window.action_withdraw.isEnabled()
    assert not window.action_mark_update.isEnabled()
    model = window.library.model

    def status_shown() -> str:
        row = model.row_of(article_id)
        return str(model.data(model.index(row, 1))) if row >= 0 else ""

    qtbot.waitUntil(lambda: status_shown().startswith("Withdrawn"), timeout=5000)  # not Published


def test_the_embargo_field_saves_a_time_and_refuses_what_it_cannot_read(store, make_window):
    article = store.articles.create(headline="Rates", body_md="Text.")
    window = make_window()
    window.open_article(article.id)
    field = window.metadata.embargo
    field.setText("next tuesday")
    field.editingFinished.emit()
    window.save_now()
    assert store.articles.get(article.id).embargo is None
    assert field.text() == "next tuesday"  # what was typed is kept, to be corrected
    assert "is not a date and time Desk can read" in field.refusal
    assert field.toolTip() == field.refusal
    field.setText("2099-01-01T09:00Z")
    field.editingFinished.emit()
    window.save_now()
    assert store.articles.get(article.id).embargo == "2099-01-01T09:00:00Z"
    window.open_article(store.articles.create(headline="Other", body_md="x").id)
    window.open_article(article.id)
    assert window.metadata.embargo.value() == "2099-01-01T09:00:00Z"
    field.clear()
    field.textEdited.emit("")
    window.save_now()
    assert store.articles.get(article.id).embargo is None


def test_the_library_shows_marks_and_embargoes_and_filters_by_check(
    qtbot, store, make_window, tmp_path
):
    clean_id = clean_story(store, tmp_path)
    blocked = store.articles.create(headline="Floods", body_md="TK", embargo="2099-01-01T09:00:00Z")
    store.articles.create(headline="Never checked", body_md="Text.")
    for article_id in (clean_id, blocked.id):
        checkstate.refresh(store, article_id)
    window = make_window()
    library = window.library
    qtbot.waitUntil(lambda: len(library.model.rows) == 3)
    model = library.model
    rows = {r.headline: n for n, r in enumerate(model.rows)}
    floods = model.index(rows["Floods"], 1)
    assert model.data(floods).startswith("Draft · until 1 Jan")
    assert model.data(floods, 1).cacheKey() == mark_icon("blocked").cacheKey()
    assert "Blocked: 1 to fix" in model.data(floods, 3)
    assert model.data(model.index(rows["Never checked"], 1), 1) is None
    library.check_filter.setCurrentIndex(library.check_filter.findData("blocked"))
    qtbot.waitUntil(lambda: [r.headline for r in model.rows] == ["Floods"])
    library.check_filter.setCurrentIndex(library.check_filter.findData("embargoed"))
    qtbot.waitUntil(lambda: [r.headline for r in model.rows] == ["Floods"])
    library.check_filter.setCurrentIndex(library.check_filter.findData("unchecked"))
    qtbot.waitUntil(lambda: [r.headline for r in model.rows] == ["Never checked"])
    # Saving the open story records its mark off the typing path.
    library.check_filter.setCurrentIndex(0)
    window.open_article(blocked.id)
    window.editor.setPlainText("Now the text is done.")
    window.save_now()
    window.jobs.wait("save")
    qtbot.waitUntil(lambda: checkstate.marks(store)[blocked.id].state == "warnings")


def test_the_export_dialog_offers_to_export_before_the_embargo(qtbot, store, tmp_path, settings):
    from desk.ui.exportdialog import ExportDialog

    article_id = clean_story(store, tmp_path)
    store.articles.update(article_id, embargo="2099-01-01T09:00:00Z")
    slug = store.articles.get(article_id).slug
    dialog = ExportDialog(store, [slug], settings=settings)
    qtbot.addWidget(dialog)
    assert dialog.embargo_box is not None
    assert not dialog.embargo_box.isChecked()
    dialog.folder.setText(str(tmp_path / "out"))
    with qtbot.waitSignal(dialog.finished_export, timeout=30000) as done:
        dialog.export_button.click()
    assert done.args == [False]
    assert "is embargoed until" in dialog.status.text()
    qtbot.waitUntil(lambda: dialog.worker is None)
    dialog.embargo_box.setChecked(True)
    with qtbot.waitSignal(dialog.finished_export, timeout=30000) as done:
        dialog.export_button.click()
    assert done.args == [True]
    page = (tmp_path / "out" / slug / "index.html").read_text(encoding="utf-8")
    assert '<meta name="dcterms.available" content="2099-01-01T09:00:00Z">' in page
    plain = ExportDialog(store, [store.articles.create(headline="x", body_md="y").slug])
    qtbot.addWidget(plain)
    assert plain.embargo_box is None


def test_the_background_sweep_marks_stories_an_import_left_unchecked(qtbot, store, make_window):
    ids = [
        store.articles.create(headline=f"Story {n}", body_md="TK" if n else "Text.").id
        for n in range(3)
    ]
    window = make_window()
    library = window.library
    qtbot.waitUntil(lambda: len(library.model.rows) == 3)
    assert library.model.marks == {}
    window.marks.sweep()
    qtbot.waitUntil(lambda: set(library.model.marks) == set(ids), timeout=10000)
    assert {i: m.state for i, m in checkstate.marks(store).items()} == {
        ids[0]: "warnings",
        ids[1]: "blocked",
        ids[2]: "blocked",
    }
    assert checkstate.stale(store) == []
