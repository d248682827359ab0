"""The library pane: listing, search as you type (off the GUI thread), status, section and tag
filters, sorting, opening a story, following saves."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desk.text import local_time

from desk.ui.fields import ElidedComboBox
from desk.ui.library import SEARCH_LIMIT, LibraryModel


def headlines(window) -> list[str]:
    """Headlines shown in the library, in order."""
    return [row.headline for row in window.library.model.rows]


def shown(window, expected: set[str]) -> bool:
    """True when the library shows exactly these headlines."""
    return set(headlines(window)) == expected


def seed(store) -> dict[str, int]:
    """Three stories in different sections and statuses."""
    stories = [
        dict(headline="Floods in Idlib", section="World", status="ready", body_md="Rain fell."),
        dict(headline="Budget vote delayed", section="Politics", body_md="The vote slipped."),
        dict(headline="Cup final tonight", section="Sport", status="editing", body_md="Kick off."),
    ]
    return {s["headline"]: store.articles.create(**s).id for s in stories}


def test_the_library_lists_every_story(qtbot, store, make_window):
    seed(store)
    window = make_window()
    qtbot.waitUntil(lambda: len(headlines(window)) == 3)
    assert window.library.count_label.text() == "3 stories shown"
    model = window.library.model
    row = headlines(window).index("Floods in Idlib")
    assert model.data(model.index(row, 1)) == "Ready"
    assert model.data(model.index(row, 2)) == "World"
    assert model.data(model.index(row, 4)) == "2"


def test_the_search_box_filters_as_you_type(qtbot, store, make_window):
    seed(store)
    window = make_window()
    qtbot.waitUntil(lambda: len(headlines(window)) == 3)
    qtbot.keyClicks(window.library.search_box, "idli")  # prefix search
    qtbot.waitUntil(lambda: shown(window, {"Floods in Idlib"}))
    assert window.library.count_label.text() == "1 story found"
    window.library.search_box.setText("slipped")  # matches the body
    qtbot.waitUntil(lambda: shown(window, {"Budget vote delayed"}))
    window.library.search_box.clear()
    qtbot.waitUntil(lambda: len(headlines(window)) == 3)


def test_the_newest_search_wins(qtbot, store, make_window):
    """Queries go through the job service under one key (tests/ui/test_jobs.py shows, with a
    controlled order, that an overtaken query's answer is dropped)."""
    seed(store)
    window = make_window()
    library = window.library
    library.search_box.setText("rain")
    library.refresh()
    library.search_box.setText("kick")
    library.refresh()
    qtbot.waitUntil(lambda: shown(window, {"Cup final tonight"}))
    window.jobs.wait("query")
    qtbot.wait(50)  # any late answer would be delivered now
    assert shown(window, {"Cup final tonight"})


def test_status_and_section_filters(qtbot, store, make_window):
    seed(store)
    window = make_window()
    library = window.library
    qtbot.waitUntil(lambda: len(headlines(window)) == 3)
    library.status_filter.setCurrentIndex(library.status_filter.findData("ready"))
    qtbot.waitUntil(lambda: shown(window, {"Floods in Idlib"}))
    library.status_filter.setCurrentIndex(0)
    library.section_filter.setCurrentIndex(library.section_filter.findData("Sport"))
    qtbot.waitUntil(lambda: shown(window, {"Cup final tonight"}))
    library.search_box.setText("vote")  # search within the section: nothing
    qtbot.waitUntil(lambda: shown(window, set()))


def test_the_hub_filters_the_library_by_tags(qtbot, store, make_window):
    ids = seed(store)
    store.tags.tag(ids["Floods in Idlib"], ["Syria", "Weather"])
    store.tags.tag(ids["Cup final tonight"], ["Weather"])
    window = make_window()
    qtbot.waitUntil(lambda: len(headlines(window)) == 3)
    window.hub.tagFilterRequested.emit(["weather"])
    qtbot.waitUntil(lambda: shown(window, {"Floods in Idlib", "Cup final tonight"}))
    assert window.library.tag_note.isVisibleTo(window.library)
    window.hub.tagFilterRequested.emit(["Weather", "Syria"])
    qtbot.waitUntil(lambda: shown(window, {"Floods in Idlib"}))
    window.library.clear_tags_button.click()
    qtbot.waitUntil(lambda: len(headlines(window)) == 3)


def test_the_library_reloads_when_stories_change(qtbot, store, make_window):
    seed(store)
    window = make_window()
    qtbot.waitUntil(lambda: len(headlines(window)) == 3)
    store.articles.create(headline="Imported wire story", section="Business")
    window.hub.articlesChanged.emit()
    qtbot.waitUntil(lambda: "Imported wire story" in headlines(window))
    assert window.library.section_filter.findData("Business") > 0


def test_sorting_by_headline_and_words(qtbot, store, make_window):
    seed(store)
    window = make_window()
    qtbot.waitUntil(lambda: len(headlines(window)) == 3)
    window.library.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert headlines(window) == ["Budget vote delayed", "Cup final tonight", "Floods in Idlib"]
    window.library.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert headlines(window)[0] == "Floods in Idlib"
    window.library.view.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    assert headlines(window)[0] == "Budget vote delayed"  # three words


def test_clicking_a_story_opens_it(qtbot, store, make_window):
    ids = seed(store)
    window = make_window()
    qtbot.waitUntil(lambda: len(headlines(window)) == 3)
    row = headlines(window).index("Cup final tonight")
    window.library.view.activated.emit(window.library.model.index(row, 0))
    assert window.current_article_id() == ids["Cup final tonight"]
    assert window.editor.toPlainText() == "Kick off."
    assert window.metadata.headline.text() == "Cup final tonight"


def test_a_save_updates_the_row_in_place(qtbot, store, make_window):
    ids = seed(store)
    window = make_window()
    qtbot.waitUntil(lambda: len(headlines(window)) == 3)
    window.open_article(ids["Budget vote delayed"])
    window.metadata.headline.setText("Budget vote passes")
    assert window.save_now()
    assert "Budget vote passes" in headlines(window)
    assert "Budget vote delayed" not in headlines(window)


def test_a_new_story_appears_in_the_library(qtbot, store, make_window):
    window = make_window()
    window.new_article()
    qtbot.keyClicks(window.editor, "Fresh")
    qtbot.waitUntil(lambda: len(headlines(window)) == 1)
    model = window.library.model
    assert model.data(model.index(0, 0)) == "Untitled"  # not "Untitled (untitled)"
    window.new_article()
    qtbot.keyClicks(window.editor, "Another")
    qtbot.waitUntil(lambda: len(headlines(window)) == 2)
    labels = {model.data(model.index(n, 0)) for n in range(2)}
    assert labels == {"Untitled", "Untitled (untitled-2)"}  # the slug tells them apart


def test_the_model_handles_ten_thousand_rows(qapp, store):
    store.articles.create(headline="Seed")
    summary = store.articles.all()[0]
    rows = [
        type(summary)(**{**summary.to_dict(), "id": i, "headline": f"H{i}"})
        for i in range(1, 10001)
    ]
    model = LibraryModel()
    model.set_rows(rows)
    assert model.rowCount() == 10000
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.rows[0].headline == "H9999"
    assert model.row_of(5000) >= 0


def test_modified_times_are_shown_in_local_time():
    assert local_time("") == ""
    shown_time = local_time("2026-11-25T11:52:29.123Z")
    assert len(shown_time) == len("2026-11-25 11:52")
    assert shown_time.startswith("2026-11-2")


def test_the_count_says_when_a_search_shows_only_the_best_matches(store, window):
    library = window.library
    assert library._count_text(3) == "3 stories shown"
    library.search_box.setText("flood")
    assert library._count_text(1) == "1 story found"
    assert library._count_text(SEARCH_LIMIT) == f"The {SEARCH_LIMIT} best matches"


def test_enter_in_the_search_box_opens_the_best_match(qtbot, store, make_window):
    ids = seed(store)
    window = make_window()
    qtbot.keyClicks(window.library.search_box, "budget")
    qtbot.waitUntil(lambda: shown(window, {"Budget vote delayed"}))
    qtbot.keyClick(window.library.search_box, Qt.Key.Key_Return)
    assert window.current_article_id() == ids["Budget vote delayed"]


def test_the_model_finds_a_storys_row_after_new_rows_and_a_sort(qtbot, store):
    """row_of answers from an index of the rows (a mark per story of a 10,000-row library
    scanned every row): the index follows new rows and every sort."""
    for n, headline in enumerate(["Charlie", "alpha", "Bravo"]):
        store.articles.create(headline=headline, body_md="Text. " * (n + 1))
    model = LibraryModel()
    model.set_rows(store.articles.all())
    by_id = {row.id: row.headline for row in model.rows}
    for article_id, headline in by_id.items():
        assert model.rows[model.row_of(article_id)].headline == headline
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert [r.headline for r in model.rows] == ["alpha", "Bravo", "Charlie"]
    for article_id, headline in by_id.items():
        assert model.rows[model.row_of(article_id)].headline == headline
    model.set_rows(store.articles.all()[:1])
    gone = [i for i in by_id if i != model.rows[0].id]
    assert all(model.row_of(i) == -1 for i in gone)


def test_a_narrow_filter_shortens_its_text_with_an_ellipsis(qtbot, store, make_window):
    window = make_window()
    assert isinstance(window.library.status_filter, ElidedComboBox)  # each of the three filters
    status = ElidedComboBox()
    qtbot.addWidget(status)
    status.addItem(window.library.status_filter.itemText(0))
    whole = status.currentText()
    status.show()
    qtbot.waitExposed(status)
    status.resize(status.sizeHint().width() + 40, status.height())  # room to spare: whole text
    assert status.shown_text() == whole
    assert status.toolTip() == ""
    status.resize(60, status.height())  # a narrow pane: shortened, never cut through a letter
    shown = status.shown_text()
    assert shown.endswith("…")
    assert whole.startswith(shown[:-1])
    assert len(shown) < len(whole)
    assert status.toolTip() == whole
    status.grab()  # it paints


def test_a_filter_that_lets_everything_through_names_what_it_filters(qtbot, store, make_window):
    window = make_window()
    library = window.library
    window.show()
    filters = {library.status_filter: "Status", library.check_filter: "Check"}
    filters[library.section_filter] = "Section"
    for box, name in filters.items():
        assert box.currentIndex() == 0
        assert box.label() == name  # not "All statuses", "Any check", "All sections"
        assert box.accessibleName() == name
        assert box.toolTip() == box.currentText()  # the list's words, on hovering
    library.status_filter.setCurrentIndex(library.status_filter.findData("ready"))
    assert library.status_filter.label() == "Ready"
    window.grab()  # they paint


def test_a_save_reads_every_section_only_when_its_storys_section_changed(qtbot, store, make_window):
    """Every section in use can change only with a story's section: typing in the text saves
    without reading them (a scan of the whole store at each save), a new section is read and
    offered in the filter."""
    ids = seed(store)
    window = make_window()
    qtbot.waitUntil(lambda: len(headlines(window)) == 3)
    window.open_article(ids["Floods in Idlib"])
    reads: list[int] = []
    read = window.autosaver.readers["sections"]
    window.autosaver.readers["sections"] = lambda s, i: reads.append(i) or read(s, i)
    with qtbot.waitSignal(window.autosaver.saved, timeout=5000):
        window.editor.insertPlainText("More rain. ")
        window.autosaver.save_soon()
    assert reads == []
    with qtbot.waitSignal(window.autosaver.saved, timeout=5000):
        window.metadata.section.setCurrentText("Weather")
        window.autosaver.save_soon()
    assert reads == [ids["Floods in Idlib"]]
    assert window.library.section_filter.findData("Weather") > 0
