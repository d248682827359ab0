"""Story > Check Story…: the preflight of the open story, shown in the window."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from desk.ui.checkdialog import check_report


def test_a_figure_without_a_photo_blocks_and_is_named(store, make_window):
    story = store.articles.create(headline="Floods", body_md="Text.", authors=["Ann"])
    store.figures.add(story.id, None, caption="Rescuers wade in")
    window = make_window()
    window.open_article(story.id)
    verdict, lines, blocked = check_report(window)
    assert blocked
    assert verdict == "Not ready to publish: 1 thing(s) to fix."
    assert lines[0].startswith("✗ ")
    assert "Rescuers wade in" in lines[0]
    assert any("no standfirst" in line for line in lines[1:])  # a warning, after the errors


def test_unsaved_typing_is_checked_too(store, make_window):
    story = store.articles.create(headline="", body_md="Text.")
    window = make_window()
    window.open_article(story.id)
    window.metadata.headline.setText("Now it has a headline")  # not yet saved
    verdict, lines, blocked = check_report(window)
    assert not blocked
    assert not any("no headline" in line for line in lines)
    assert verdict.startswith("Nothing blocks publication")


def test_the_menu_action_shows_the_verdict(store, make_window, monkeypatch):
    story = store.articles.create(
        headline="Done", standfirst="Summary.", authors=["Ann"], body_md="Text."
    )
    window = make_window()
    window.open_article(story.id)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    assert window.action_check in window.menu_story.actions()
    window.action_check.trigger()
    assert shown == ["Ready to publish: nothing to fix."]
