"""The other writing tools in the window: clean paste, plain paste, text expansion, the alert
line and target length, the Outline dock, focus mode, the preview following the editor, and the
Preferences pages of spelling, house style and expansion."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import QCoreApplication, QMimeData, Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QDialogButtonBox

from desk import housestyle, settings
from desk.wordlists import NEWSROOM, WordLists

from desk.ui.preferences import open_preferences

PASTE = Path(__file__).resolve().parents[1] / "fixtures" / "paste"


@pytest.fixture(autouse=True)
def empty_clipboard():
    """Each test leaves the clipboard empty: mime data put there from Python and still held
    when the interpreter exits makes it crash on the way out (exit code 139)."""
    yield
    QGuiApplication.clipboard().clear()


def put_on_clipboard(html: str, text: str) -> None:
    data = QMimeData()
    data.setHtml(html)
    data.setText(text)
    QGuiApplication.clipboard().setMimeData(data)


def new_story(make_window, body: str = ""):
    window = make_window(show=True)
    window.new_article()
    window.editor.setPlainText(body)
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.editor.setFocus()
    return window


# -- paste ------------------------------------------------------------------------------------


def test_pasting_google_docs_html_gives_markdown_as_one_undoable_edit(qtbot, make_window):
    window = new_story(make_window)
    put_on_clipboard(
        (PASTE / "gdocs-headings-and-paragraphs.html").read_text(encoding="utf-8"),
        "This is a test of headings and paragraphs. Heading 1 Some text.",
    )
    qtbot.keyClick(window.editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.toPlainText() == (
        "This is a test of headings and paragraphs.\n\n## Heading 1\n\nSome text.\n\n"
        "Another paragraph.\n\n## Heading 2\n\nAnother paragraph in the middle.  \n"
        "But with a line break.\n\n### Heading 3\n\nSome final text."
    )
    window.editor.undo()
    assert window.editor.toPlainText() == ""


def test_pasting_word_lists_and_bold_into_a_story(make_window):
    window = new_story(make_window, "Before.")
    put_on_clipboard((PASTE / "word2013-ordered-list.html").read_text(encoding="utf-8"), "x")
    window.action_paste.trigger()
    assert window.editor.toPlainText() == (
        "Before.\n\n1. This\n2. Is\n3. A\n4. One\n5. Level\n6. Ordered\n7. List"
    )


def test_a_one_paragraph_paste_joins_the_sentence_it_lands_in(make_window):
    window = new_story(make_window, "She said  today.")
    cursor = window.editor.textCursor()
    cursor.setPosition(len("She said "))
    window.editor.setTextCursor(cursor)
    put_on_clipboard(
        '<b id="docs-internal-guid-1" style="font-weight:normal">'
        '<span style="font-style:italic">very</span></b>',
        "very",
    )
    window.action_paste.trigger()
    assert window.editor.toPlainText() == "She said *very* today."


def test_ctrl_shift_v_pastes_the_plain_text(qtbot, make_window):
    window = new_story(make_window)
    put_on_clipboard("<p><b>Bold</b> words</p>", "Bold words")
    qtbot.keyClick(
        window.editor,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.editor.toPlainText() == "Bold words"


def test_pasted_pictures_are_left_out_and_said(make_window):
    window = new_story(make_window)
    put_on_clipboard('<p>Text</p><p><img src="https://example.com/a.jpg" alt="A"></p>', "Text")
    window.action_paste.trigger()
    assert window.editor.toPlainText() == "Text"
    assert "1 picture was left out" in window.statusBar().currentMessage()


# -- text expansion -------------------------------------------------------------------------------


def test_a_code_expands_when_its_closing_equals_is_typed_and_ctrl_z_brings_it_back(
    qtbot, make_window
):
    settings.save({"writing.expansions": {"afp": "AFP", "idl": "Idlib, Syria"}})
    window = new_story(make_window, "Smoke over ")
    qtbot.keyClicks(window.editor, "=idl=")
    assert window.editor.toPlainText() == "Smoke over Idlib, Syria"
    window.editor.undo()
    assert window.editor.toPlainText() == "Smoke over =idl="
    window.editor.undo()
    assert window.editor.toPlainText() == "Smoke over "
    qtbot.keyClicks(window.editor, "a=b=c")  # not codes: typed as they are
    assert window.editor.toPlainText() == "Smoke over a=b=c"


def test_codes_expand_in_the_form_and_the_photo_caption_fields(qtbot, make_window):
    settings.save({"writing.expansions": {"afp": "AFP", "idl": "Idlib, Syria"}})
    window = new_story(make_window)
    qtbot.keyClicks(window.metadata.agency, "=afp=")
    assert window.metadata.agency.text() == "AFP"
    window.metadata.agency.undo()
    assert window.metadata.agency.text() == "=afp="
    qtbot.keyClicks(window.metadata.headline, "Floods in =idl=")
    assert window.metadata.headline.text() == "Floods in Idlib, Syria"
    caption = window.photo_panel.editor.caption
    caption.setEnabled(True)
    qtbot.keyClicks(caption, "Smoke over =idl=. =AFP=")
    assert caption.toPlainText() == "Smoke over Idlib, Syria. AFP"


def test_new_codes_from_preferences_apply_at_once(qtbot, make_window):
    window = new_story(make_window)
    dialog = open_preferences(window, "Text Expansion")
    editor = dialog.editors["writing.expansions"].widget
    editor.add_row("rtrs", "Reuters")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert settings.current("writing.expansions") == {"rtrs": "Reuters"}
    qtbot.keyClicks(window.editor, "(=rtrs=)")
    assert window.editor.toPlainText() == "(Reuters)"


# -- lengths ----------------------------------------------------------------------------------


def test_the_alert_line_is_counted_against_its_limit_and_saved(qtbot, store, make_window):
    settings.save({"limits.alert": 30})
    window = make_window(show=True)
    window.new_article()
    qtbot.keyClicks(window.metadata.alert, "BREAKING: Floods cut off Idlib city")
    assert window.metadata.alert_count.text() == "35/30"
    assert "5 characters over the alert limit" in window.metadata.alert_count.toolTip()
    assert window.save_now()
    story = store.articles.get(window.current_article_id())
    assert story.alert == "BREAKING: Floods cut off Idlib city"


def test_a_target_length_shows_progress_in_the_status_bar(store, make_window):
    article = store.articles.create(headline="T", body_md="one two three four", target_words=8)
    window = make_window(show=True)
    window.open_article(article.id)
    window.target_progress.count()
    window.jobs.wait("body")
    QCoreApplication.processEvents()
    bar = window.target_progress.bar
    assert bar.isVisible()
    assert bar.text() == "4 / 8 words"
    assert bar.toolTip() == "4 words to go to the target"
    window.metadata.target.setValue(0)
    assert not bar.isVisible()
    assert window.save_now()
    assert store.articles.get(article.id).target_words == 0


def test_new_stories_start_with_the_default_target(store, make_window):
    settings.save({"stories.target_words": 600})
    window = make_window()
    window.new_article()
    assert window.metadata.target.value() == 600


# -- navigation -------------------------------------------------------------------------------

OUTLINED = "Lead paragraph.\n\n## The flood\n\nText.\n\n### Rescue\n\nMore.\n\n## Aftermath\n\nEnd."


def test_the_outline_lists_subheads_and_a_click_goes_there(store, make_window):
    article = store.articles.create(headline="O", body_md=OUTLINED)
    window = make_window(show=True)
    window.open_article(article.id)
    window.outline.show()
    items = window.outline.items()
    assert [i.text(0) for i in items] == ["The flood", "Rescue", "Aftermath"]
    assert items[1].parent() is items[0]
    window.outline.go_to(items[2])
    assert window.editor.textCursor().block().text() == "## Aftermath"
    window.editor.setTextCursor(QTextCursor(window.editor.document().findBlockByNumber(6)))
    assert window.outline.tree.currentItem().text(0) == "Rescue"


def test_the_outline_follows_the_text(store, make_window):
    article = store.articles.create(headline="O", body_md="Text.")
    window = make_window(show=True)
    window.open_article(article.id)
    window.outline.show()
    assert window.outline.stack.currentWidget() is window.outline.empty
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.editor.insertPlainText("\n\n## New part\n\nMore.")
    window.parse_now()
    assert [i.text(0) for i in window.outline.items()] == ["New part"]


def test_focus_mode_shows_only_the_editor_and_esc_brings_everything_back(qtbot, make_window):
    window = new_story(make_window)
    window.tag_panel.show()
    qtbot.keyClick(window.editor, Qt.Key.Key_F8)
    QCoreApplication.processEvents()  # the editor is laid out wider
    assert window.focus_mode.active
    around = (window.library, window.preview, window.metadata, window.menuBar(), window.tag_panel)
    for widget in around:
        assert not widget.isVisible()
    assert window.editor.isVisible()
    margin = window.editor.viewportMargins().left()
    assert margin > 0
    window.resize(window.width() + 200, window.height())  # the column stays in the middle
    QCoreApplication.processEvents()
    assert window.editor.viewportMargins().left() == margin + 100
    qtbot.keyClick(window.editor, Qt.Key.Key_Escape)
    assert not window.focus_mode.active
    for widget in around:
        assert widget.isVisible()
    assert window.editor.viewportMargins().left() == 0
    qtbot.keyClick(window.editor, Qt.Key.Key_F8)
    qtbot.keyClick(window.editor, Qt.Key.Key_F8)  # the same key leaves too
    assert window.library.isVisible()


def test_the_plain_preview_scrolls_with_the_editor(store, make_window):
    settings.save({"preview.mode": "plain"})
    body = "\n\n".join(f"Paragraph {n} " + "word " * 60 for n in range(80))
    article = store.articles.create(headline="Long", body_md=body)
    window = make_window(show=True)
    window.resize(1200, 700)
    window.open_article(article.id)
    window.preview.create_view()
    window.jobs.wait("body")
    QCoreApplication.processEvents()
    browser = window.preview.browser
    assert browser.verticalScrollBar().value() == 0
    line = 2 * 40  # paragraph 40's line
    first = window.editor.document().findBlockByNumber(line).firstLineNumber()
    window.editor.verticalScrollBar().setValue(first)
    window.scroll_sync.sync()
    assert window.scroll_sync.block_at_top() == 40
    top = browser.cursorForPosition(browser.viewport().rect().topLeft()).block().text()
    assert top.startswith("Paragraph 40 ")
    window.editor.verticalScrollBar().setValue(0)
    window.scroll_sync.sync()
    assert browser.verticalScrollBar().value() == 0


# -- Preferences pages ----------------------------------------------------------------------------


def test_the_spelling_page_lists_dictionaries_and_edits_the_word_lists(store, make_window):
    from spellhelp import english_speller

    english_speller()
    from desk.ui.writingprefs import SpellingExtras

    window = make_window()
    dialog = open_preferences(window, "Spelling")
    page = dialog.findChild(SpellingExtras)
    assert any(
        "en_US" in page.dictionaries.item(i).text() for i in range(page.dictionaries.count())
    )
    assert page.add_word("Kharkiv", NEWSROOM)
    assert WordLists(store).words("en") == ["Kharkiv"]
    box = page.lists[NEWSROOM]
    box.item(0).setSelected(True)
    assert page.remove_selected(NEWSROOM) == 1
    assert WordLists(store).words("en") == []


def test_the_house_style_page_edits_the_rules_and_refuses_a_bad_file(store, make_window):
    from desk.ui.writingprefs import HouseStyleExtras, RulesDialog

    window = make_window()
    dialog = open_preferences(window, "House Style")
    page = dialog.findChild(HouseStyleExtras)
    names = [page.rules.topLevelItem(i).text(0) for i in range(page.rules.topLevelItemCount())]
    assert "per-cent" in names
    edited = RulesDialog(page, store.root)
    edited.text.setPlainText("rules:\n  - name: broken\n    message: m\n    pattern: '(x'\n")
    assert not edited.save()
    assert "not a valid regular expression" in edited.error.text()
    edited.text.setPlainText(
        "rules:\n  - name: no-very\n    message: Cut it.\n    tokens: [very]\n"
    )
    assert edited.save()
    assert [r.name for r in housestyle.load(store.root).rules] == ["no-very"]


def test_the_page_preview_scrolls_with_the_editor(qtbot, store, make_window):
    body = "\n\n".join(f"Paragraph {n} " + "word " * 60 for n in range(60))
    article = store.articles.create(headline="Long", body_md=body)
    window = make_window()
    window.resize(1200, 700)
    window.open_article(article.id)
    with qtbot.waitSignal(window.preview.loaded, timeout=15000):
        window.show()

    def page(script: str) -> object:
        found: list[object] = []
        window.preview.evaluate(script, found.append)
        qtbot.waitUntil(lambda: bool(found), timeout=5000)
        return found[0]

    assert page("window.scrollY") == 0
    line = 2 * 30  # paragraph 30's line
    first = window.editor.document().findBlockByNumber(line).firstLineNumber()
    window.editor.verticalScrollBar().setValue(first)
    window.scroll_sync.sync()
    script = (
        "(function () { var p = document.elementFromPoint(200, 40);"
        " while (p && p.tagName !== 'P') p = p.parentElement;"
        " return p ? p.textContent.slice(0, 13) : ''; })()"
    )
    qtbot.waitUntil(lambda: page("window.scrollY") > 0, timeout=5000)
    assert page(script).startswith("Paragraph 30 ")
