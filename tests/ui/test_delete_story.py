"""Story > Delete Story…: confirmed, the story leaves the store and its text is kept aside."""

from __future__ import annotations

import pytest

from desk.errors import NotFound
from desk.paths import config_dir

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
    keep = store.create_article(headline="Keep me", body_md="Stays.")
    gone = store.create_article(headline="Delete me", body_md="Old text.")
    window = make_window()
    window.open_article(gone.id)
    window.editor.setPlainText("Last words typed before deleting.")  # not saved yet
    asked = answer(monkeypatch, True)
    window.action_delete.trigger()
    assert asked == ["Delete me"]
    with pytest.raises(NotFound):
        store.get_article(gone.id)
    assert window.current_article_id() == keep.id
    assert window.editor.toPlainText() == "Stays."
    (copy,) = (config_dir() / "deleted").glob("*.md")
    assert "Last words typed before deleting." in copy.read_text(encoding="utf-8")
    qtbot.waitUntil(lambda: [r.id for r in window.library.model.rows] == [keep.id])


def test_cancel_changes_nothing(store, make_window, monkeypatch):
    article = store.create_article(headline="Still here", body_md="Text.")
    window = make_window()
    window.open_article(article.id)
    answer(monkeypatch, False)
    window.action_delete.trigger()
    assert store.get_article(article.id).headline == "Still here"
    assert window.current_article_id() == article.id
    assert not (config_dir() / "deleted").exists()


def test_deleting_the_only_story_leaves_a_blank_new_one(store, make_window, monkeypatch):
    only = store.create_article(headline="Only", body_md="Text.")
    window = make_window()
    window.open_article(only.id)
    answer(monkeypatch, True)
    window.action_delete.trigger()
    assert store.count_articles() == 0
    assert window.current_article_id() is None
    assert window.editor.toPlainText() == ""
