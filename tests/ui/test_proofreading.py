"""Spelling and house style in the window: underlines, the right-click menu's suggestions,
word lists that outlive the window, words the story allows, and typing that is not disturbed."""

from __future__ import annotations

from spellhelp import english_speller

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor

from desk.store import Store
from desk.wordlists import WordLists

BODY = "Rebels recieve aid in Idlib, Hadjiyorgou said.\n\nOver 5 people saw teh rebels."


def settle(window) -> None:
    """Check now, let the background check finish, and deliver its result (no wall clock)."""
    window.proofreading.check_now()
    window.jobs.wait("body")
    QCoreApplication.processEvents()


def underlines(window, line: int) -> list[tuple[str, QTextCharFormat.UnderlineStyle]]:
    """The underlined words of a body line, as the highlighter drew them."""
    block = window.editor.document().findBlockByNumber(line)
    text = block.text()
    return [
        (text[r.start : r.start + r.length], r.format.underlineStyle())
        for r in block.layout().formats()
        if r.format.underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline
        and not r.format.isAnchor()
        and r.format.underlineStyle()
        in (
            QTextCharFormat.UnderlineStyle.SpellCheckUnderline,
            QTextCharFormat.UnderlineStyle.DotLine,
        )
    ]


SPELL = QTextCharFormat.UnderlineStyle.SpellCheckUnderline
STYLE = QTextCharFormat.UnderlineStyle.DotLine


def open_story(store, make_window, body=BODY, tags=("Idlib",), **fields):
    english_speller()
    fields.setdefault("byline", "By Eleni Hadjiyorgou")
    headline = fields.pop("headline_text", "Aid")
    article = store.articles.create(headline=headline, body_md=body, **fields)
    if tags:
        store.tags.tag(article.id, list(tags))
    window = make_window(show=True)
    window.open_article(article.id)
    settle(window)
    return window, article


def menu_at(window, line: int, word: str):
    """The body's right-click menu over a word of a line."""
    block = window.editor.document().findBlockByNumber(line)
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + block.text().index(word) + 1)
    pos = window.editor.cursorRect(cursor).center()
    return window.editor.context_menu(pos)


def action(menu, text: str):
    found = [a for a in menu.actions() if a.text() == text]
    assert found, [a.text() for a in menu.actions()]
    return found[0]


def test_a_misspelt_word_is_underlined_and_its_suggestion_replaces_it(store, make_window):
    window, _ = open_story(store, make_window)
    assert ("recieve", SPELL) in underlines(window, 0)
    menu = menu_at(window, 0, "recieve")
    assert menu.actions()[0].text() == "receive"  # the best suggestion first, bold
    assert menu.actions()[0].font().bold()
    action(menu, "receive").trigger()
    assert window.editor.toPlainText().startswith("Rebels receive aid")
    settle(window)
    assert underlines(window, 0) == []
    window.editor.undo()  # one edit
    assert window.editor.toPlainText().startswith("Rebels recieve aid")


def test_a_tag_and_a_byline_name_are_not_flagged(store, make_window):
    window, article = open_story(store, make_window)
    words = [w for w, _ in underlines(window, 0)]
    assert "Idlib" not in words
    assert "Hadjiyorgou" not in words
    assert words == ["recieve"]
    store.tags.untag(article.id, ["Idlib"])
    window.hub.tagsChanged.emit()
    settle(window)
    assert "Idlib" in [w for w, _ in underlines(window, 0)]


def test_add_to_dictionary_persists_across_a_restart(store_dir, store, make_window, settings):
    window, article = open_story(store, make_window, tags=())
    assert "Idlib" in [w for w, _ in underlines(window, 0)]
    action(menu_at(window, 0, "Idlib"), "Add to Dictionary").trigger()
    settle(window)
    assert "Idlib" not in [w for w, _ in underlines(window, 0)]
    window.close()
    store.close()
    with Store.open(store_dir) as again:
        assert WordLists(again).words("en") == ["Idlib"]
        second = make_window(show=True, store=again)
        second.open_article(article.id)
        settle(second)
        assert [w for w, _ in underlines(second, 0)] == ["recieve"]
        second.close()


def test_ignore_stops_flagging_a_word_for_the_session(store, make_window):
    window, _ = open_story(store, make_window)
    action(menu_at(window, 2, "teh"), "Ignore").trigger()
    settle(window)
    assert ("teh", SPELL) not in underlines(window, 2)
    assert WordLists(store).words("en") == []  # not kept


def test_a_house_style_rule_fires_and_its_replacement_applies(store, make_window):
    window, _ = open_story(store, make_window)
    assert ("Over", STYLE) in underlines(window, 2)
    assert ("5", STYLE) in underlines(window, 2)
    menu = menu_at(window, 2, "Over")
    assert menu.actions()[0].text() == 'Use "more than" with numbers, not "over".'
    assert not menu.actions()[0].isEnabled()
    action(menu, "Replace with “More than”").trigger()
    assert window.editor.toPlainText().endswith("More than 5 people saw teh rebels.")
    action(menu_at(window, 2, "5"), "Replace with “five”").trigger()
    assert window.editor.toPlainText().endswith("More than five people saw teh rebels.")


def test_the_word_being_typed_is_underlined_only_once_the_cursor_leaves_it(
    store, make_window, qtbot
):
    window, _ = open_story(store, make_window, body="Start.")
    editor = window.editor
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.setFocus()
    qtbot.keyClicks(editor, " Thw")
    assert underlines(window, 0) == []  # still typing it
    qtbot.keyClick(editor, Qt.Key.Key_Space)
    assert ("Thw", SPELL) in underlines(window, 0)
    assert window.autosaver.dirty  # typed, so unsaved; underlining itself saves nothing


def test_underlining_does_not_count_as_an_edit(store, make_window):
    window, _ = open_story(store, make_window)
    window.save_now()
    assert not window.autosaver.dirty
    window.proofreading.refresh()
    window.proofreading.ignore_word("teh")
    settle(window)
    assert not window.autosaver.dirty


def test_a_language_without_a_dictionary_says_so_once_and_underlines_nothing(store, make_window):
    window, _ = open_story(store, make_window, language="sw")
    assert "No Swahili spelling dictionary is installed" in window.statusBar().currentMessage()
    assert [s for _, s in underlines(window, 0) if s == SPELL] == []
    assert ("Over", STYLE) in underlines(window, 2)  # house style still applies
    window.statusBar().clearMessage()
    window.proofreading.refresh()
    assert window.statusBar().currentMessage() == ""  # said once


def test_figure_lines_notes_links_and_code_are_never_underlined(store, make_window):
    body = (
        "{>> chekc the quoet <<} Fine [lnk](https://exampel.com/x) `codde`.\n\n"
        "![Smoke rieses](figure:7)"
    )
    window, _ = open_story(store, make_window, body=body)
    assert underlines(window, 0) == [("lnk", SPELL)]
    assert underlines(window, 2) == []


def test_the_headline_is_underlined_and_its_menu_offers_suggestions(store, make_window):
    window, _ = open_story(store, make_window, headline_text="Rebels recieve aid")
    field = window.metadata.headline
    block = field.document().firstBlock()
    formats = [
        (block.text()[r.start : r.start + r.length], r.format.underlineStyle())
        for r in block.layout().formats()
    ]
    assert ("recieve", SPELL) in formats
    cursor = QTextCursor(block)
    cursor.setPosition(block.text().index("recieve") + 2)
    menu = window.field_proofing[0].menu(field.cursorRect(cursor).center())
    action(menu, "receive").trigger()
    assert field.text() == "Rebels receive aid"
    assert window.save_now()
    assert store.articles.get(window.current_article_id()).headline == "Rebels receive aid"


def test_a_misspelling_stays_underlined_while_another_word_is_typed_on_its_line(
    store, make_window, qtbot
):
    window, _ = open_story(store, make_window)
    editor = window.editor
    cursor = QTextCursor(editor.document().findBlockByNumber(0))
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    editor.setFocus()
    qtbot.keyClicks(editor, " Aftr")  # letters: the line's marks move, nothing is checked
    assert ("recieve", SPELL) in underlines(window, 0)
    assert ("Aftr", SPELL) not in underlines(window, 0)
    qtbot.keyClick(editor, Qt.Key.Key_Period)  # the word ends: the line is checked
    assert ("Aftr", SPELL) in underlines(window, 0)
    assert ("recieve", SPELL) in underlines(window, 0)
