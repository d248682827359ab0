"""The editor: autosave (after a pause, on switching, on closing, Ctrl+S), new stories from the
first keystroke, undo after loading, Markdown shortcuts, zoom, big pastes, failed saves."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QMessageBox

from desk import rescue
from desk.rescue import read_copy


def body_of(store, article_id: int) -> str:
    """The body as the store has it now."""
    return store.articles.get(article_id).body_md


def type_at_end(qtbot, editor, text: str) -> None:
    """Put the cursor at the end of the body and type like a user."""
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, text)


def test_typed_text_reaches_the_store_after_a_pause(qtbot, store, window):
    article = store.articles.create(headline="Floods", body_md="Water rose.")
    window.open_article(article.id)
    type_at_end(qtbot, window.editor, " Roads closed.")
    assert body_of(store, article.id) == "Water rose."  # not saved per keystroke
    assert window.isWindowModified()
    qtbot.waitUntil(lambda: body_of(store, article.id) == "Water rose. Roads closed.", timeout=3000)
    # The row lands in the save lane before the window hears of it: wait for the news too.
    qtbot.waitUntil(lambda: window.save_label.text() == "All changes saved", timeout=3000)
    assert not window.isWindowModified()


def test_headline_edits_are_saved_too(qtbot, store, window):
    article = store.articles.create(headline="Old", body_md="Body.")
    window.open_article(article.id)
    window.metadata.headline.selectAll()
    qtbot.keyClicks(window.metadata.headline, "Storm hits coast")
    qtbot.waitUntil(lambda: store.articles.get(article.id).headline == "Storm hits coast")
    assert store.articles.get(article.id).slug == "storm-hits-coast"
    assert window.windowTitle().startswith("Storm hits coast")


def test_a_new_story_is_in_the_store_from_its_first_keystroke(qtbot, store, window):
    assert window.new_article()
    assert window.current_article_id() is None
    assert store.articles.count() == 0
    qtbot.keyClicks(window.editor, "B")
    assert store.articles.count() == 1  # created at once, before it has a headline
    article_id = window.current_article_id()
    assert store.articles.get(article_id).slug == "untitled"
    qtbot.keyClicks(window.editor, "reaking")
    qtbot.waitUntil(lambda: body_of(store, article_id) == "Breaking")


def test_ctrl_n_starts_a_new_story(qtbot, store, make_window):
    window = make_window(show=True)
    first = store.articles.create(headline="First", body_md="One.")
    window.open_article(first.id)
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_article_id() is None
    assert window.editor.toPlainText() == ""
    assert window.metadata.headline.text() == ""


def test_switching_stories_keeps_both(qtbot, store, window):
    one = store.articles.create(headline="One", body_md="First.")
    two = store.articles.create(headline="Two", body_md="Second.")
    window.open_article(one.id)
    type_at_end(qtbot, window.editor, " More one.")
    window.open_article(two.id)  # at once, before the autosave pause
    assert body_of(store, one.id) == "First. More one."
    type_at_end(qtbot, window.editor, " More two.")
    window.open_article(one.id)
    assert body_of(store, two.id) == "Second. More two."
    assert window.editor.toPlainText() == "First. More one."


def test_closing_the_window_saves_pending_text(qtbot, store, window):
    article = store.articles.create(headline="Close", body_md="Start.")
    window.open_article(article.id)
    type_at_end(qtbot, window.editor, " Last words.")
    window.close()
    assert body_of(store, article.id) == "Start. Last words."


def test_ctrl_s_saves_at_once(qtbot, store, make_window):
    window = make_window(show=True)
    article = store.articles.create(headline="Save", body_md="Draft.")
    window.open_article(article.id)
    window.editor.setFocus()
    type_at_end(qtbot, window.editor, " Now.")
    qtbot.keyClick(window.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert body_of(store, article.id) == "Draft. Now."  # no wait: saved by the shortcut


def test_undo_never_empties_a_freshly_opened_story(qtbot, store, window):
    article = store.articles.create(headline="Undo", body_md="Keep me.")
    window.open_article(article.id)
    assert not window.editor.document().isUndoAvailable()
    window.editor.undo()
    assert window.editor.toPlainText() == "Keep me."
    type_at_end(qtbot, window.editor, "!")
    window.editor.undo()
    assert window.editor.toPlainText() == "Keep me."


def test_bold_and_italic_wrap_the_selection(qtbot, window):
    window.new_article()
    qtbot.keyClicks(window.editor, "very big news")
    cursor = window.editor.textCursor()
    cursor.setPosition(5)
    cursor.setPosition(8, QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)
    window.action_bold.trigger()
    assert window.editor.toPlainText() == "very **big** news"
    cursor = window.editor.textCursor()
    cursor.setPosition(0)
    window.editor.setTextCursor(cursor)
    window.action_italic.trigger()  # no selection: the word at the cursor
    assert window.editor.toPlainText() == "*very* **big** news"


def test_zoom_changes_the_editor_font_and_resets(window):
    size = window.editor.font().pointSize()
    window.action_zoom_in.trigger()
    window.action_zoom_in.trigger()
    assert window.editor.font().pointSize() == size + 2
    window.action_zoom_out.trigger()
    assert window.editor.font().pointSize() == size + 1
    window.action_zoom_reset.trigger()
    assert window.editor.font().pointSize() == size


def test_pasting_a_megabyte_keeps_the_editor_usable_and_saves_it(qtbot, store, window):
    article = store.articles.create(headline="Big", body_md="")
    window.open_article(article.id)
    paragraph = "Lorem ipsum *dolor* sit amet, [consectetur](https://example.org) elit. " * 12
    big = "\n\n".join(f"## Part {i}\n\n{paragraph}" for i in range(1200))
    assert len(big) > 1_000_000
    QGuiApplication.clipboard().setText(big)
    window.editor.paste()
    qtbot.keyClicks(window.editor, " end")
    assert window.editor.toPlainText().endswith(" end")
    assert window.save_now()
    assert body_of(store, article.id) == big + " end"
    window.update_counts()
    assert "words" in window.counts_label.text()


def test_counts_show_words_characters_and_reading_time(qtbot, window):
    window.new_article()
    qtbot.keyClicks(window.editor, "One two three {>> not counted <<}")
    qtbot.waitUntil(lambda: window.counts_label.text().startswith("3 words"))
    assert "min read" in window.counts_label.text()
    window.new_article()
    qtbot.keyClicks(window.editor, "Text.")
    qtbot.waitUntil(lambda: window.counts_label.text().startswith("1 word · "))  # not "1 words"


def test_a_failed_save_keeps_the_text_says_why_and_retries(qtbot, store, window):
    article = store.articles.create(headline="Disk", body_md="Safe.")
    other = store.articles.create(headline="Other")
    window.open_article(article.id)
    refuse_updates(store, "database or disk is full")
    type_at_end(qtbot, window.editor, " Unsaved words.")
    qtbot.waitUntil(lambda: "full" in window.banner.text())  # the background save was refused
    assert not window.save_now()
    assert window.editor.toPlainText() == "Safe. Unsaved words."
    assert window.banner.isVisibleTo(window)
    assert "full" in window.banner.text()
    assert window.isWindowModified()
    assert body_of(store, article.id) == "Safe."
    assert not window.open_article(other.id)  # kept open
    store.db.conn.execute("DROP TRIGGER refuse")
    type_at_end(qtbot, window.editor, " Later.")
    qtbot.waitUntil(lambda: body_of(store, article.id) == "Safe. Unsaved words. Later.")
    assert not window.banner.isVisibleTo(window)


def test_arabic_text_round_trips(qtbot, store, window):
    article = store.articles.create(headline="خبر", language="ar", body_md="")
    window.open_article(article.id)
    arabic = "قال المتحدث إن الطريق أغلق."
    window.editor.insertPlainText(arabic)  # QTest cannot type non-ASCII keys
    assert window.save_now()
    assert body_of(store, article.id) == arabic
    option = window.editor.document().defaultTextOption()
    assert option.textDirection() == Qt.LayoutDirection.LayoutDirectionAuto
    assert option.alignment() & Qt.AlignmentFlag.AlignRight  # an Arabic story reads from the right
    window.metadata.language.setEditText("en")  # typed as a code into the language box
    window.metadata.language.lineEdit().editingFinished.emit()
    option = window.editor.document().defaultTextOption()
    assert option.alignment() & Qt.AlignmentFlag.AlignLeft


def test_inserted_markdown_lands_as_its_own_paragraph(qtbot, store, window):
    article = store.articles.create(headline="Fig", body_md="Para one.")
    window.open_article(article.id)
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.hub.insertMarkdownRequested.emit("![A boat](figure:3)")
    assert window.editor.toPlainText() == "Para one.\n\n![A boat](figure:3)\n"
    assert window.save_now()
    assert "![A boat](figure:3)" in body_of(store, article.id)


def test_find_in_story_selects_matches(qtbot, window):
    window.new_article()
    qtbot.keyClicks(window.editor, "alpha beta alpha")
    window.action_find_in_story.trigger()
    qtbot.keyClicks(window.find_bar.field, "alpha")
    assert window.editor.textCursor().selectedText() == "alpha"
    first = window.editor.textCursor().selectionStart()
    window.find_bar.find_next()
    assert window.editor.textCursor().selectionStart() != first
    window.find_bar.field.setText("zebra")
    assert not window.find_bar.find_next()
    assert window.find_bar.result.text() == "Not found"


def test_a_story_changed_elsewhere_is_shown_when_nothing_is_pending(qtbot, store, window):
    article = store.articles.create(headline="Restore", body_md="Old text.")
    window.open_article(article.id)
    store.articles.update(article.id, body_md="Restored text.", headline="Restored")
    window.hub.articleChanged.emit(article.id)
    assert window.editor.toPlainText() == "Restored text."
    assert window.metadata.headline.text() == "Restored"
    assert not window.isWindowModified()


def test_unsaved_typing_wins_over_a_change_made_elsewhere(qtbot, store, window):
    article = store.articles.create(headline="Race", body_md="Mine.")
    window.open_article(article.id)
    type_at_end(qtbot, window.editor, " Typed.")
    store.articles.update(article.id, body_md="Theirs.")
    window.hub.figuresChanged.emit(article.id)
    assert window.editor.toPlainText() == "Mine. Typed."  # never lose the user's words
    assert window.save_now()
    assert body_of(store, article.id) == "Mine. Typed."


def test_read_only_editor_ignores_inserted_markdown(qtbot, store, window):
    window.editor.setReadOnly(True)
    window.hub.insertMarkdownRequested.emit("![x](figure:1)")
    assert window.editor.toPlainText() == ""


def test_bold_does_not_touch_the_body_while_typing_the_headline(qtbot, make_window):
    window = make_window(show=True)
    window.new_article()
    window.editor.setPlainText("body")
    window.metadata.headline.setFocus()
    qtbot.keyClicks(window.metadata.headline, "Head")
    qtbot.keyClick(window.metadata.headline, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.toPlainText() == "body"
    window.action_undo.trigger()  # undoes in the focused field, not in the body
    assert window.metadata.headline.text() == ""
    assert window.editor.toPlainText() == "body"


def test_closing_when_the_store_refuses_keeps_the_text_in_a_file(
    qtbot, store, window, monkeypatch, tmp_path
):
    monkeypatch.setenv("DESK_CONFIG", str(tmp_path / "config"))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    article = store.articles.create(headline="Rescue me", body_md="Filed.", notes="Call back.")
    store.tags.tag(article.id, ["Floods"])
    window.open_article(article.id)
    refuse_updates(store, "attempt to write a readonly database")
    type_at_end(qtbot, window.editor, " Precious words.")
    window.close()
    store.db.conn.execute("DROP TRIGGER refuse")
    assert not window.isVisible()
    rescued = list((tmp_path / "config" / "rescued").glob("*.story.json"))
    assert len(rescued) == 1
    copy = read_copy(rescued[0])
    assert copy["story"]["body_md"] == "Filed. Precious words."
    assert (copy["story"]["notes"], copy["tags"]) == ("Call back.", ["Floods"])
    assert str(rescued[0]) in warnings[0]
    made = store.stories.make(copy)  # the copy brings the whole story back
    assert (made.body_md, made.notes) == ("Filed. Precious words.", "Call back.")


def test_the_window_stays_open_when_neither_the_store_nor_a_copy_will_take_the_text(
    qtbot, store, make_window, monkeypatch, tmp_path, shown_dialogs
):
    window = make_window(show=True)
    article = store.articles.create(headline="Nowhere", body_md="Only copy.")
    window.open_article(article.id)
    refuse_updates(store, "attempt to write a readonly database")
    type_at_end(qtbot, window.editor, " Typed.")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where every copy folder should be")
    monkeypatch.setattr(rescue, "places", lambda kind: [blocked / kind])
    window.close()
    assert window.isVisible()  # it did not close
    assert any("could not be saved or copied" in shown for shown in shown_dialogs)
    assert window.editor.toPlainText() == "Only copy. Typed."
    store.db.conn.execute("DROP TRIGGER refuse")
    assert window.save_now()


def refuse_updates(store, message: str) -> None:
    """Make every write of a story fail as a full or read-only disk would (every connection)."""
    store.db.conn.execute(
        "CREATE TRIGGER refuse BEFORE UPDATE ON articles "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )
