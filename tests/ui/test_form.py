"""The story form: the headline wraps to two lines, the language is picked by name with its code,
the byline follows the authors until edited (and the edit is kept), new stories take the
reporter's defaults, the standfirst is counted against its limit."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desk import settings


def test_a_long_headline_wraps_to_two_lines_in_sight(qtbot, window):
    headline = window.metadata.headline
    window.resize(1200, 800)
    window.show()
    headline.setText("Anti-Assad fighters withdraw from key area of northwest Syria, monitor says")
    qtbot.waitUntil(lambda: headline.document().lineCount() >= 1)
    lines = headline.document().documentLayout().documentSize().height()
    spacing = headline.fontMetrics().lineSpacing()
    assert headline.height() >= 2 * spacing  # room for two lines
    assert lines <= headline.viewport().height()  # both lines shown, nothing scrolled away
    assert headline.lineWrapMode() == headline.LineWrapMode.WidgetWidth
    assert headline.horizontalScrollBar().maximum() == 0


def test_a_headline_that_wraps_to_three_lines_is_shown_whole(qtbot, window):
    """At 1,280 px the seed's headline takes three lines of the form's column: the box showed
    two and half of the third, with a scroll bar."""
    headline = window.metadata.headline
    window.resize(1200, 800)
    window.show()
    headline.setText("Anti-Assad fighters withdraw from key area of northwest Syria")
    headline.setFixedWidth(headline.fontMetrics().horizontalAdvance("Anti-Assad fighters wi") + 30)
    qtbot.waitUntil(lambda: headline.wrapped_lines() >= 3)
    assert headline.lines == min(headline.wrapped_lines(), headline.MOST_LINES)
    QApplication.processEvents()
    assert headline.verticalScrollBar().maximum() == 0  # nothing scrolled out of sight
    headline.setText("Short")
    qtbot.waitUntil(lambda: headline.lines == headline.LEAST_LINES)


def test_the_headline_stays_one_paragraph(qtbot, window):
    headline = window.metadata.headline
    window.show()
    headline.setFocus()
    qtbot.keyClicks(headline, "Storm")
    qtbot.keyClick(headline, Qt.Key.Key_Return)
    qtbot.keyClicks(headline, " hits")
    assert "\n" not in window.metadata.headline.text()
    assert window.metadata.values()["headline"].startswith("Storm")


def test_languages_are_listed_by_name_with_the_code_beside(qtbot, window):
    box = window.metadata.language
    box.fill()
    labels = [box.itemText(i) for i in range(box.count())]
    assert "French — fr" in labels
    assert "Arabic — ar" in labels
    assert len(labels) > 150
    assert box.findData("fr") >= 0


def test_picking_a_language_by_name_saves_its_code(qtbot, store, window):
    article = store.articles.create(headline="Talks", body_md="Text.")
    window.open_article(article.id)
    box = window.metadata.language
    box.fill()
    box.setEditText("Arabic")  # typed as a name
    box.lineEdit().editingFinished.emit()
    assert box.currentText() == "Arabic — ar"
    assert window.save_now()
    assert store.articles.get(article.id).language == "ar"
    box.activated.emit(box.findData("fr"))  # picked from the list
    assert window.save_now()
    assert store.articles.get(article.id).language == "fr"


def test_an_unknown_language_is_refused_and_the_old_one_kept(qtbot, store, window):
    article = store.articles.create(headline="Talks", body_md="Text.", language="de")
    window.open_article(article.id)
    box = window.metadata.language
    box.fill()
    box.setEditText("Klingon")
    box.lineEdit().editingFinished.emit()
    assert box.code() == "de"
    assert box.currentText() == "German — de"


def test_a_regional_language_of_a_story_is_shown_by_name(qtbot, store, window):
    article = store.articles.create(headline="Notícia", body_md="Texto.", language="pt-BR")
    window.open_article(article.id)
    window.metadata.language.fill()
    assert window.metadata.language.currentText() == "Portuguese (Brazil) — pt-BR"


def test_the_language_and_section_show_their_names_from_the_start(qtbot, store, window):
    article = store.articles.create(
        headline="Notícia", body_md="Texto.", language="pt-BR", section="International politics"
    )
    window.open_article(article.id)
    form = window.metadata
    assert form.section.lineEdit().cursorPosition() == 0  # not scrolled to its end
    for filled in (False, True):  # shown as a code at first, by name once Babel's list is in
        if filled:
            form.language.fill()
        assert form.language.lineEdit().cursorPosition() == 0


def test_the_byline_follows_the_authors_until_edited_and_the_edit_is_kept(qtbot, store, window):
    article = store.articles.create(headline="Talks", body_md="Text.")
    window.open_article(article.id)
    form = window.metadata
    window.show()
    form.authors.setFocus()
    qtbot.keyClicks(form.authors, "Jane Doe")
    assert form.byline.text() == "By Jane Doe"
    qtbot.keyClicks(form.authors, ", Sam Roe")
    assert form.byline.text() == "By Jane Doe and Sam Roe"
    form.byline.setFocus()
    form.byline.selectAll()
    qtbot.keyClicks(form.byline, "By Jane Doe in Paris")  # edited by hand
    form.authors.setFocus()
    form.authors.selectAll()
    qtbot.keyClicks(form.authors, "Ann Lee")
    assert form.byline.text() == "By Jane Doe in Paris"  # the edit is kept
    assert window.save_now()
    saved = store.articles.get(article.id)
    assert saved.byline == "By Jane Doe in Paris"
    assert saved.authors == ["Ann Lee"]
    window.open_article(store.articles.create(headline="Other").id)
    window.open_article(article.id)  # reopened: still kept
    qtbot.keyClicks(form.authors, ", Bo Li")
    assert form.byline.text() == "By Jane Doe in Paris"


def test_a_written_byline_follows_the_language(qtbot, store, window):
    article = store.articles.create(headline="Talks", authors=["Jane Doe"], byline="By Jane Doe")
    window.open_article(article.id)
    box = window.metadata.language
    box.fill()
    box.activated.emit(box.findData("fr"))
    assert window.metadata.byline.text() == "Par Jane Doe"


def test_a_new_story_takes_the_reporters_defaults(qtbot, store, window):
    settings.save(
        {
            "reporter.name": "Jane Doe",
            "reporter.agency": "AFP",
            "stories.section": "World",
            "stories.language": "fr",
        }
    )
    assert window.new_article()
    form = window.metadata
    assert form.authors.text() == "Jane Doe"
    assert form.byline.text() == "Par Jane Doe"
    assert form.section.currentText() == "World"
    assert form.language.code() == "fr"
    qtbot.keyClicks(window.editor, "F")  # the first keystroke creates it, with the defaults
    created = store.articles.get(window.current_article_id())
    assert (created.authors, created.agency, created.section) == (["Jane Doe"], "AFP", "World")
    assert created.language == "fr"


def test_the_standfirst_is_counted_against_its_limit(qtbot, window):
    window.metadata.set_standfirst_limit(20)
    window.metadata.standfirst.setPlainText("x" * 20)
    assert window.metadata.standfirst_count.text() == "20/20"
    assert not window.metadata.standfirst_count.font().bold()
    window.metadata.standfirst.setPlainText("x" * 21)
    assert window.metadata.standfirst_count.font().bold()


def contrast(first, second) -> float:
    """WCAG's contrast ratio of two QColors."""

    def luminance(colour) -> float:
        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(v) for v in (colour.redF(), colour.greenF(), colour.blueF()))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_count_over_its_limit_is_readable_in_either_theme(qtbot, window, theme):
    """Fusion's light palette has white for BrightText, the warning colour: '185/70' was white
    on the window's grey."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from desk.ui import app as desk_app

    settings.save({"appearance.theme": theme})
    desk_app.apply_palette(QApplication.instance())
    try:
        window.metadata.headline.setText("Council " * 12)
        count = window.metadata.headline_count
        shown = count.palette().color(QPalette.ColorRole.WindowText)
        behind = count.palette().color(QPalette.ColorRole.Window)
        assert count.font().bold()
        assert contrast(shown, behind) >= 4.5, (shown.name(), behind.name())
    finally:
        settings.save({"appearance.theme": "light"})
        desk_app.apply_palette(QApplication.instance())
