"""Story > Delete Story…: confirmed, the story leaves the store and its text is kept aside."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.errors import NotFound
from desk.paths import config_dir
from desk.rescue import read_copy

from desk.ui import deletestory


def answer(monkeypatch, yes: bool) -> list[str]:
    """Answer the confirmation without a dialog; returns the headlines asked about."""
    asked: list[str] = []

    def confirm(_window, headline: str) -> bool:
        asked.append(headline)
        return yes

    monkeypatch.setattr(deletestory, "confirm_delete", confirm)
    return asked


def test_confirmed_delete_removes_the_story_opens_another_and_keeps_a_copy(
    qtbot, store, make_window, monkeypatch
):
    keep = store.articles.create(headline="Keep me", body_md="Stays.")
    gone = store.articles.create(
        headline="Delete me", body_md="Old text.", notes="Call the mayor back.", agency="AFP"
    )
    photo = store.photos.add(Path(__file__).parent.parent / "fixtures" / "photos" / "07_cmyk.jpg")
    store.figures.add(gone.id, photo.id, caption="A grey square", credit="Desk", alt="Grey")
    store.tags.tag(gone.id, ["Weather"])
    window = make_window()
    window.open_article(gone.id)
    window.editor.setPlainText("Last words typed before deleting.")  # not saved yet
    asked = answer(monkeypatch, True)
    window.action_delete.trigger()
    assert asked == ["Delete me"]
    with pytest.raises(NotFound):
        store.articles.get(gone.id)
    assert window.current_article_id() == keep.id
    assert window.editor.toPlainText() == "Stays."
    (path,) = (config_dir() / "deleted").glob("*.story.json")
    copy = read_copy(path)
    assert copy["story"]["body_md"] == "Last words typed before deleting."
    assert (copy["story"]["notes"], copy["story"]["agency"]) == ("Call the mayor back.", "AFP")
    assert copy["tags"] == ["Weather"]
    assert [(f["caption"], f["credit"], f["alt"], f["photo_sha256"]) for f in copy["figures"]] == [
        ("A grey square", "Desk", "Grey", photo.sha256)
    ]
    qtbot.waitUntil(lambda: [r.id for r in window.library.model.rows] == [keep.id])


def test_cancel_changes_nothing(store, make_window, monkeypatch):
    article = store.articles.create(headline="Still here", body_md="Text.")
    window = make_window()
    window.open_article(article.id)
    answer(monkeypatch, False)
    window.action_delete.trigger()
    assert store.articles.get(article.id).headline == "Still here"
    assert window.current_article_id() == article.id
    assert not (config_dir() / "deleted").exists()


def test_deleting_the_only_story_leaves_a_blank_new_one(store, make_window, monkeypatch):
    only = store.articles.create(headline="Only", body_md="Text.")
    window = make_window()
    window.open_article(only.id)
    answer(monkeypatch, True)
    window.action_delete.trigger()
    assert store.articles.count() == 0
    assert window.current_article_id() is None
    assert window.editor.toPlainText() == ""
