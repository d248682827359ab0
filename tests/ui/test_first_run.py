"""First run and finding stories: an empty library says how to start, with buttons; Import is
on the toolbar; the search shows the matching words, Esc clears it, and a story just started
is listed whatever the search or filters."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from desk.ui.librarylook import snippet_runs


def headlines(window) -> list[str]:
    """Headlines listed, in order."""
    return [row.headline for row in window.library.model.rows]


def test_an_empty_library_says_how_to_start_with_buttons(qtbot, make_window):
    window = make_window(show=True)
    library = window.library
    qtbot.waitUntil(lambda: library.pages.currentWidget() is library.empty)
    empty = library.empty
    assert empty.title.text() == "Your library is empty"
    assert "import wire copy" in empty.text.text()
    assert empty.new_button.isVisible()
    assert empty.import_button.isVisible()
    assert empty.drop_note.text() == "or drop files here"
    assert library.acceptDrops()  # and dropping on it imports (desk.ui.importer)


def test_the_empty_librarys_new_story_button_starts_a_story(qtbot, store, make_window):
    window = make_window(show=True)
    qtbot.mouseClick(window.library.empty.new_button, Qt.MouseButton.LeftButton)
    assert window.current_article_id() is None
    assert window.metadata.headline.hasFocus()
    qtbot.keyClicks(window.metadata.headline, "First story")
    qtbot.waitUntil(lambda: headlines(window) == ["First story"])
    assert window.library.pages.currentWidget() is window.library.view


def test_the_empty_librarys_import_button_opens_the_import_dialog(qtbot, make_window, monkeypatch):
    window = make_window(show=True)
    asked = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *args: asked.append(args[1]) or ([], "")
    )
    qtbot.mouseClick(window.library.empty.import_button, Qt.MouseButton.LeftButton)
    assert asked == ["Import stories"]


def test_import_is_on_the_toolbar(window):
    assert window.action_import in window.toolbar.actions()
    names = [a.text() for a in window.toolbar.actions() if not a.isSeparator()]
    assert names[:3] == ["&New Story", "&Save Now", "&Import…"]


def test_a_search_that_finds_nothing_offers_to_clear_it(qtbot, store, make_window):
    store.articles.create(headline="Floods in Idlib", body_md="Rain fell.")
    window = make_window(show=True)
    qtbot.waitUntil(lambda: headlines(window) == ["Floods in Idlib"])
    window.library.search_box.setText("volcano")
    qtbot.waitUntil(lambda: window.library.pages.currentWidget() is window.library.empty)
    assert window.library.empty.title.text() == "No story matches “volcano”"
    assert not window.library.empty.new_button.isVisible()
    qtbot.mouseClick(window.library.empty.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: headlines(window) == ["Floods in Idlib"])
    assert window.library.search_box.text() == ""


def test_esc_clears_the_search(qtbot, store, make_window):
    store.articles.create(headline="Floods in Idlib", body_md="Rain fell.")
    store.articles.create(headline="Budget vote", body_md="Delayed.")
    window = make_window(show=True)
    box = window.library.search_box
    box.setFocus()
    qtbot.keyClicks(box, "idlib")
    qtbot.waitUntil(lambda: headlines(window) == ["Floods in Idlib"])
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == ""
    qtbot.waitUntil(lambda: len(headlines(window)) == 2)


def test_search_results_show_the_matching_words(qtbot, store, make_window):
    store.articles.create(
        headline="Floods", body_md="After days of rain the river Orontes burst its banks at dawn."
    )
    window = make_window(show=True)
    window.library.search_box.setText("orontes")
    qtbot.waitUntil(
        lambda: [getattr(r, "snippet", "") != "" for r in window.library.model.rows] == [True]
    )
    [hit] = window.library.model.rows
    runs = snippet_runs(hit.snippet)
    assert ("Orontes", True) in runs  # the match, marked for bold
    view = window.library.view
    assert view.rowHeight(0) >= 2 * view.fontMetrics().height()  # room for the snippet line
    with_snippet = lower_band(view)
    hit.snippet = ""  # the same row without its snippet
    window.library.model.dataChanged.emit(
        window.library.model.index(0, 0), window.library.model.index(0, 0)
    )
    assert lower_band(view) != with_snippet  # the snippet line is painted under the headline


def lower_band(view) -> list[str]:
    """The colours of the lower half of the first row's headline cell."""
    view.viewport().repaint()
    picture = view.viewport().grab().toImage()
    height = view.rowHeight(0)
    width = min(view.columnWidth(0), picture.width())
    return [
        picture.pixelColor(x, y).name()
        for x in range(0, width)
        for y in range(height // 2 + 2, height - 2)
    ]


def test_a_story_just_started_is_listed_whatever_the_search(qtbot, store, make_window):
    store.articles.create(headline="Floods in Idlib", body_md="Rain fell.", section="World")
    window = make_window(show=True)
    window.library.search_box.setText("idlib")
    index = window.library.section_filter.findData("World")
    window.library.section_filter.setCurrentIndex(index)
    qtbot.waitUntil(lambda: headlines(window) == ["Floods in Idlib"])
    window.new_article()
    qtbot.keyClicks(window.metadata.headline, "Budget vote delayed")  # matches neither
    qtbot.waitUntil(lambda: "Budget vote delayed" in headlines(window))
    assert headlines(window)[0] == "Budget vote delayed"
    assert window.library.selected_id() == window.current_article_id()
    assert "and your new story" in window.library.count_label.text()
    window.library.search_box.setText("floods")  # the user changes the search: exact again
    qtbot.waitUntil(lambda: headlines(window) == ["Floods in Idlib"])
