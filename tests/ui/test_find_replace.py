"""Find and replace in the window: the story's bar (Ctrl+F, Ctrl+H) with its options, Replace
All as one undoable edit, and Replace in All Stories with its preview, undone from History."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt

from desk.ui.historydialog import open_history

BODY = "Troops left Kiev on Monday.\n\n{>> check Kiev with the desk <<}\n\nKievans stayed in Kiev."


def open_story(store, make_window, **fields):
    article = store.articles.create(**{"headline": "Kiev falls quiet", "body_md": BODY, **fields})
    window = make_window(show=True)
    window.open_article(article.id)
    return window, article


def test_ctrl_f_finds_in_the_story_and_ctrl_shift_f_searches_the_library(qtbot, store, make_window):
    window, _ = open_story(store, make_window)
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    assert not window.find_bar.replacing
    qtbot.keyClicks(window.find_bar.field, "kiev")
    assert window.editor.textCursor().selectedText() == "Kiev"
    assert window.find_bar.result.text() == "1 of 4"
    window.find_bar.whole.setChecked(True)
    assert window.find_bar.result.text() == "1 of 3"  # "Kievans" is not a whole word match
    window.find_bar.case.setChecked(True)
    window.find_bar.field.setText("kiev")
    assert not window.find_bar.find_next()
    assert window.find_bar.result.text() == "Not found"
    qtbot.keyClick(
        window.editor,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.library.search_box.hasFocus()


def test_the_bar_fits_the_editors_column_and_the_window_keeps_its_size(qtbot, store, make_window):
    """Its options on the find row made the bar wider than the editor's column at 1,280 px:
    the window grew past the screen's edge (1,311 px) and never shrank back."""
    window, _ = open_story(store, make_window)
    window.resize(1280, 720)
    QCoreApplication.processEvents()
    before = window.size()
    column = window.editor.width()
    window.find_bar.open_replace()
    QCoreApplication.processEvents()
    assert window.find_bar.minimumSizeHint().width() <= column
    assert window.size() == before
    window.find_bar.close_bar()
    QCoreApplication.processEvents()
    assert window.size() == before


def test_a_selected_figure_is_not_taken_for_the_search_text(store, make_window):
    """A figure card selects its hidden line: Ctrl+F filled the box with '![…](figure:5)'."""
    window, _ = open_story(store, make_window)
    cursor = window.editor.textCursor()
    cursor.insertText("![Fighters on a road](figure:5)")
    cursor.movePosition(cursor.MoveOperation.StartOfBlock, cursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)
    window.find_bar.open_bar()
    assert window.find_bar.field.text() == ""
    window.find_bar.close_bar()
    cursor.movePosition(cursor.MoveOperation.Start)
    cursor.movePosition(cursor.MoveOperation.EndOfWord, cursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)
    window.find_bar.open_bar()
    assert window.find_bar.field.text() == cursor.selectedText()  # a word still is


def test_an_invalid_regular_expression_is_said_in_one_sentence(store, make_window):
    window, _ = open_story(store, make_window)
    window.find_bar.open_replace()
    window.find_bar.regex.setChecked(True)
    window.find_bar.field.setText("(Kiev")
    assert not window.find_bar.find_next()
    assert window.find_bar.result.text() == (
        "That is not a valid regular expression: missing ), unterminated subpattern at character 1."
    )
    assert window.find_bar.replace_all() == 0
    assert window.editor.toPlainText() == BODY


def test_replace_all_is_one_undoable_edit_and_leaves_notes_alone(qtbot, store, make_window):
    window, _ = open_story(store, make_window)
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.replacing
    bar.field.setText("Kiev")
    bar.whole.setChecked(True)
    bar.replacement.setText("Kyiv")
    assert bar.replace_all() == 2
    assert window.editor.toPlainText() == (
        "Troops left Kyiv on Monday.\n\n{>> check Kiev with the desk <<}\n\nKievans stayed in Kyiv."
    )
    assert (
        bar.result.text()
        == "Replaced 2 (Ctrl+Z undoes it); 1 in notes or figures left as they are."
    )
    window.editor.undo()
    assert window.editor.toPlainText() == BODY


def test_replace_one_replaces_the_selected_match_and_moves_on(store, make_window):
    window, _ = open_story(store, make_window)
    bar = window.find_bar
    bar.open_replace()
    bar.field.setText(r"Kiev(\w*)")
    bar.regex.setChecked(True)
    bar.replacement.setText(r"Kyiv\1")
    bar.find_next(from_start=True)
    assert bar.replace_one()
    assert window.editor.toPlainText().startswith("Troops left Kyiv on Monday.")
    assert window.editor.textCursor().selectedText() == "Kiev"  # the one in the note, found
    assert bar.replace_one() is False  # ... and left alone
    assert bar.result.text() == "That one is in an editor's note or a figure: those are left alone."
    assert window.editor.textCursor().selectedText() == "Kievans"
    assert bar.replace_one()
    assert window.editor.toPlainText().endswith(
        "{>> check Kiev with the desk <<}\n\nKyivans stayed in Kiev."
    )


def preview(window, dialog) -> None:
    dialog.preview_button.click()
    window.jobs.wait("work")
    QCoreApplication.processEvents()


def test_replace_in_all_stories_previews_applies_and_is_undone_from_history(store, make_window):
    window, one = open_story(store, make_window, alert="Kiev: calm")
    two = store.articles.create(headline="Markets", standfirst="Kiev stocks rise.", body_md="Up.")
    three = store.articles.create(headline="Weather", body_md="Sunny in Lviv.")
    window.action_replace_all.trigger()
    dialog = window.replace_dialog
    dialog.find.setText("Kiev")
    dialog.replacement.setText("Kyiv")
    dialog.whole.setChecked(True)
    preview(window, dialog)
    stories = {
        dialog.tree.topLevelItem(i).text(0): [
            tuple(dialog.tree.topLevelItem(i).child(j).text(c) for c in range(4))
            for j in range(dialog.tree.topLevelItem(i).childCount())
        ]
        for i in range(dialog.tree.topLevelItemCount())
    }
    assert set(stories) == {"Kiev falls quiet (4)", "Markets (1)"}
    assert ("body, line 1", "…Troops left ", "Kiev → Kyiv", " on Monday.…") in stories[
        "Kiev falls quiet (4)"
    ]
    assert "1 match in figures or editor's notes is left as it is." in dialog.verdict.text()
    assert store.articles.get(two.id).standfirst == "Kiev stocks rise."  # nothing changed yet
    dialog.replace_button.click()
    assert window.editor.toPlainText() == (
        "Troops left Kyiv on Monday.\n\n{>> check Kiev with the desk <<}\n\nKievans stayed in Kyiv."
    )
    assert window.metadata.headline.text() == "Kyiv falls quiet"
    assert window.metadata.alert.text() == "Kyiv: calm"
    assert store.articles.get(two.id).standfirst == "Kyiv stocks rise."
    assert store.history.versions(three.id) == []
    assert window.save_now()
    assert store.articles.get(one.id).headline == "Kyiv falls quiet"
    # History takes the open story back ...
    history = open_history(window)
    reasons = [r.reason for r in history.revisions]
    history.versions.setCurrentRow(reasons.index("before replacing 'Kiev' with 'Kyiv'"))
    assert history.restore()
    history.close()
    assert window.editor.toPlainText() == BODY
    assert window.metadata.headline.text() == "Kiev falls quiet"
    assert window.metadata.alert.text() == "Kiev: calm"
    # ... and each other story on its own.
    assert store.articles.get(two.id).standfirst == "Kyiv stocks rise."
    window.open_article(two.id)
    history = open_history(window)
    history.versions.setCurrentRow(0)
    assert history.revisions[0].reason == "before replacing 'Kiev' with 'Kyiv'"
    assert history.restore()
    history.close()
    assert store.articles.get(two.id).standfirst == "Kiev stocks rise."


def test_a_story_unticked_in_the_preview_is_left_alone(store, make_window):
    window, one = open_story(store, make_window)
    two = store.articles.create(headline="Markets", standfirst="Kiev stocks rise.", body_md="Up.")
    window.action_replace_all.trigger()
    dialog = window.replace_dialog
    dialog.find.setText("Kiev")
    dialog.replacement.setText("Kyiv")
    preview(window, dialog)
    for i in range(dialog.tree.topLevelItemCount()):
        item = dialog.tree.topLevelItem(i)
        if item.text(0).startswith("Kiev falls quiet"):
            item.setCheckState(0, Qt.CheckState.Unchecked)
    dialog.replace_button.click()
    assert window.editor.toPlainText() == BODY
    assert store.articles.get(one.id).headline == "Kiev falls quiet"
    assert store.articles.get(two.id).standfirst == "Kyiv stocks rise."


def test_changing_the_search_after_a_preview_asks_for_a_new_one(store, make_window):
    window, _ = open_story(store, make_window)
    window.action_replace_all.trigger()
    dialog = window.replace_dialog
    dialog.find.setText("Kiev")
    preview(window, dialog)
    assert dialog.replace_button.isEnabled()
    dialog.whole.setChecked(True)
    assert not dialog.replace_button.isEnabled()
    assert "preview again" in dialog.verdict.text()
