"""Story > History…: earlier versions are listed, shown in full and restored into the editor."""

from __future__ import annotations

from desk.ui.historydialog import open_history


def test_restore_from_the_dialog_brings_the_text_back_into_the_editor(qtbot, store, make_window):
    story = store.articles.create(headline="Storm", body_md="The paragraph we want back.")
    store.articles.update(story.id, body_md="A worse rewrite.")  # keeps the version before it
    window = make_window()
    window.open_article(story.id)
    assert window.action_history in window.menu_story.actions()
    dialog = open_history(window)
    qtbot.addWidget(dialog)
    assert dialog.versions.count() == 1
    assert "Storm" in dialog.versions.item(0).text()
    assert "The paragraph we want back." in dialog.shown.toPlainText()
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: window.editor.toPlainText() == "The paragraph we want back.")
    assert store.articles.get(story.id).body_md == "The paragraph we want back."
    assert dialog.versions.count() == 3  # the restore, today's version before it, the old one
    assert "restored version" in dialog.versions.item(0).text()
    dialog.versions.setCurrentRow(0)
    assert not dialog.restore_button.isEnabled()  # it is the story as it is now
    assert dialog.restore_button.toolTip() == "This version is the story as it is now."
    dialog.versions.setCurrentRow(1)
    assert "before restoring" in dialog.versions.item(1).text()
    assert "A worse rewrite." in dialog.shown.toPlainText()
    assert dialog.restore_button.isEnabled()


def test_unsaved_typing_is_saved_and_kept_in_the_history_before_a_restore(
    qtbot, store, make_window
):
    story = store.articles.create(headline="Storm", body_md="Version one.")
    store.articles.update(story.id, body_md="Version two.")
    window = make_window()
    window.open_article(story.id)
    window.editor.setPlainText("Typed just now, not yet saved.")
    dialog = open_history(window)
    qtbot.addWidget(dialog)
    dialog.versions.setCurrentRow(dialog.versions.count() - 1)
    assert dialog.restore()
    qtbot.waitUntil(lambda: window.editor.toPlainText() == "Version one.")
    kept = [r.snapshot["body_md"] for r in store.history.versions(story.id)]
    assert "Typed just now, not yet saved." in kept


def test_a_story_with_no_history_says_so(qtbot, store, make_window):
    story = store.articles.create(headline="Fresh", body_md="Text.")
    window = make_window()
    window.open_article(story.id)
    dialog = open_history(window)
    qtbot.addWidget(dialog)
    assert dialog.versions.count() == 0
    assert not dialog.restore_button.isEnabled()
    assert "No earlier versions yet" in dialog.note.text()


def test_a_version_compared_with_todays_text_marks_the_changed_words(qtbot, store, make_window):
    story = store.articles.create(headline="Storm", body_md="Winds of 90 km/h hit the coast.")
    store.articles.update(story.id, body_md="Winds of 120 km/h hit the coast overnight.")
    window = make_window()
    window.open_article(story.id)
    dialog = open_history(window)
    qtbot.addWidget(dialog)
    assert "words (" not in dialog.versions.item(0).text()  # the oldest has nothing to compare
    dialog.compare.setChecked(True)
    html = dialog.shown.toHtml()
    struck = html.split("line-through", 1)[1].split("</span>", 1)[0]
    added = html.split("underline", 1)[1].split("</span>", 1)[0]
    assert "90" in struck  # what only this version has
    assert "120" in added  # what today's text adds
    assert "hit the coast" in dialog.shown.toPlainText()
