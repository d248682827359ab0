"""The Tags dock: tagging the open story, autocomplete, suggestions, filtering the library."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QToolButton

from desk.ui.hub import Hub
from desk.ui.tags import TagPanel


@pytest.fixture
def hub(qtbot) -> Hub:
    """A hub of our own (no main window)."""
    return Hub()


@pytest.fixture
def dialogs(monkeypatch):
    """Record every message box instead of showing it; answers are set per test."""
    seen: list[str] = []
    answers = {"question": QMessageBox.StandardButton.Yes}

    def question(_parent, _title, message, *args, **kwargs):
        seen.append(message)
        return answers["question"]

    def warning(_parent, _title, message, *args, **kwargs):
        seen.append(message)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    return seen, answers


@pytest.fixture
def panel(qtbot, store, hub, dialogs) -> TagPanel:
    """A Tags dock on the test's store, shown offscreen."""
    widget = TagPanel(store, hub)
    qtbot.addWidget(widget)
    widget.resize(300, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def story_tags(store, article_id: int) -> list[str]:
    """The names of a story's tags, from the store."""
    return [t.name for t in store.tags.for_story(article_id)]


def listed(panel: TagPanel) -> list[tuple[str, int]]:
    """(name, count) for every row the tag list shows."""
    model = panel.view.model()
    return [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount())]


def buttons(widget, name: str) -> list[QToolButton]:
    """The visible tool buttons (chips or suggestions) with this object name."""
    return [b for b in widget.findChildren(QToolButton, name) if b.isVisibleTo(widget)]


def click_row(qtbot, panel: TagPanel, name: str) -> None:
    """Click the tag list row showing this tag."""
    model = panel.view.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)
    rect = panel.view.visualRect(model.index(row, 0))
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_typing_a_tag_and_enter_adds_it_to_the_story(qtbot, panel, store, hub):
    article = store.articles.create(headline="Shelling")
    hub.articleOpened.emit(article.id)
    assert panel.entry.isEnabled()
    qtbot.keyClicks(panel.entry, "Idlib, syria")
    with qtbot.waitSignal(hub.tagsChanged):
        qtbot.keyClick(panel.entry, Qt.Key.Key_Return)
    assert story_tags(store, article.id) == ["Idlib", "syria"]
    assert panel.entry.text() == ""
    assert [b.text() for b in buttons(panel, "tagChip")] == ["Idlib  ×", "syria  ×"]
    assert listed(panel) == [("Idlib", 1), ("syria", 1)]


def test_no_story_open_means_no_tagging(qtbot, panel, store, hub):
    article = store.articles.create(headline="Shelling")
    hub.articleOpened.emit(article.id)
    hub.articleOpened.emit(-1)
    assert not panel.entry.isEnabled()
    assert panel.story_label.text() == "Open a story to tag it."


def test_a_bad_tag_is_refused_with_the_reason_and_the_text_stays(qtbot, panel, store, hub, dialogs):
    article = store.articles.create(headline="Shelling")
    hub.articleOpened.emit(article.id)
    panel.entry.setText("x" * 200)
    qtbot.keyClick(panel.entry, Qt.Key.Key_Return)
    assert "at most 100" in dialogs[0][-1]
    assert panel.entry.text() == "x" * 200
    assert story_tags(store, article.id) == []


def test_one_click_on_a_chip_or_backspace_removes_a_tag(qtbot, panel, store, hub):
    article = store.articles.create(headline="Shelling")
    store.tags.tag(article.id, ["Aleppo", "Idlib", "Syria"])
    hub.articleOpened.emit(article.id)
    chip = next(b for b in buttons(panel, "tagChip") if b.text().startswith("Idlib"))
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert story_tags(store, article.id) == ["Aleppo", "Syria"]
    panel.entry.setFocus()
    qtbot.keyClick(panel.entry, Qt.Key.Key_Backspace)
    assert story_tags(store, article.id) == ["Aleppo"]
    panel.entry.setText("Al")
    qtbot.keyClick(panel.entry, Qt.Key.Key_Backspace)
    assert panel.entry.text() == "A"
    assert story_tags(store, article.id) == ["Aleppo"]


def completions(panel: TagPanel) -> list[str]:
    """What the entry's completer offers now."""
    model = panel.completer.completionModel()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_the_completer_offers_existing_tags(qtbot, panel, store, hub):
    for name in ("Idlib", "Iran", "Syria", "Aid"):
        store.tags.create(name)
    hub.tagsChanged.emit()
    article = store.articles.create(headline="Shelling")
    hub.articleOpened.emit(article.id)
    qtbot.keyClicks(panel.entry, "ID")
    assert panel.completer.completionPrefix() == "ID"
    assert sorted(completions(panel)) == ["Aid", "Idlib"]
    panel.entry.clear()
    qtbot.keyClicks(panel.entry, "Syria, ir")
    assert completions(panel) == ["Iran"]
    assert panel.completer.pathFromIndex(panel.completer.completionModel().index(0, 0)) == (
        "Syria, Iran"
    )


def test_choosing_a_completion_adds_it(qtbot, panel, store, hub):
    store.tags.create("Idlib")
    hub.tagsChanged.emit()
    article = store.articles.create(headline="Shelling")
    hub.articleOpened.emit(article.id)
    panel.entry.setFocus()
    qtbot.keyClicks(panel.entry, "Syria, idl")
    assert completions(panel) == ["Idlib"]
    popup = panel.completer.popup()
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    with qtbot.waitSignal(hub.tagsChanged):
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert story_tags(store, article.id) == ["Idlib", "Syria"]
    qtbot.waitUntil(lambda: panel.entry.text() == "")


def test_suggestions_are_accepted_with_one_click(qtbot, panel, store, hub):
    store.tags.create("Idlib")
    article = store.articles.create(headline="Shelling in Idlib")
    hub.articleOpened.emit(article.id)
    suggested = buttons(panel, "tagSuggestion")
    assert [b.text() for b in suggested] == ["+ Idlib"]
    qtbot.mouseClick(suggested[0], Qt.MouseButton.LeftButton)
    assert story_tags(store, article.id) == ["Idlib"]
    assert buttons(panel, "tagSuggestion") == []
    assert not panel.suggest_label.isVisibleTo(panel)


def test_a_save_that_changes_no_suggestion_keeps_the_buttons(qtbot, panel, store, hub):
    store.tags.create("Idlib")
    store.tags.create("Aleppo")
    article = store.articles.create(headline="Shelling in Idlib")
    hub.articleOpened.emit(article.id)
    before = buttons(panel, "tagSuggestion")
    store.articles.update(article.id, body_md="The town was shelled again.")
    hub.articleSaved.emit(article.id)  # every autosave while typing
    assert buttons(panel, "tagSuggestion") == before  # the same buttons, not made again
    store.articles.update(article.id, body_md="Then Aleppo.")
    hub.articleSaved.emit(article.id)
    assert sorted(b.text() for b in buttons(panel, "tagSuggestion")) == ["+ Aleppo", "+ Idlib"]


def test_clicking_tags_asks_the_library_for_stories_having_all_of_them(qtbot, panel, store, hub):
    article = store.articles.create(headline="Shelling")
    store.tags.tag(article.id, ["Idlib", "Syria", "Aleppo"])
    hub.tagsChanged.emit()
    with qtbot.waitSignal(hub.tagFilterRequested) as first:
        click_row(qtbot, panel, "Idlib")
    assert first.args == [["Idlib"]]
    with qtbot.waitSignal(hub.tagFilterRequested) as second:
        click_row(qtbot, panel, "Syria")
    assert second.args == [["Idlib", "Syria"]]
    with qtbot.waitSignal(hub.tagFilterRequested) as third:
        click_row(qtbot, panel, "Idlib")
    assert third.args == [["Syria"]]
    with qtbot.waitSignal(hub.tagFilterRequested) as cleared:
        qtbot.keyClick(panel.view, Qt.Key.Key_Escape)
    assert cleared.args == [[]]


def test_keyboard_only_filter_move_down_and_tick(qtbot, panel, store, hub):
    article = store.articles.create(headline="Shelling")
    store.tags.tag(article.id, ["Idlib", "Syria", "Aleppo", "Damascus"])
    hub.tagsChanged.emit()
    qtbot.keyClicks(panel.filter_box, "SY")
    assert listed(panel) == [("Syria", 1)]
    qtbot.keyClick(panel.filter_box, Qt.Key.Key_Down)
    with qtbot.waitSignal(hub.tagFilterRequested) as ticked:
        qtbot.keyClick(panel.view, Qt.Key.Key_Space)
    assert ticked.args == [["Syria"]]
    panel.filter_box.clear()
    assert len(listed(panel)) == 4
    assert panel.model.ticked_names() == ["Syria"]
    panel.view.setCurrentIndex(panel.view.model().index(0, 0))
    with qtbot.waitSignal(hub.tagFilterRequested) as both:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert both.args == [["Aleppo", "Syria"]]
    panel.filter_box.setFocus()
    with qtbot.waitSignal(hub.tagFilterRequested) as cleared:
        qtbot.keyClick(panel.filter_box, Qt.Key.Key_Escape)
    assert cleared.args == [[]]


def test_counts_follow_changes_made_elsewhere(qtbot, panel, store, hub):
    a, b = store.articles.create(headline="A"), store.articles.create(headline="B")
    store.tags.tag(a.id, ["Syria"])
    store.tags.tag(b.id, ["Syria"])
    hub.tagsChanged.emit()
    assert listed(panel) == [("Syria", 2)]
    store.articles.delete(a.id)
    hub.articlesChanged.emit()
    assert listed(panel) == [("Syria", 1)]


def menu_action(menu, *path: str):
    """The action at a path of labels in a menu ('Set kind', 'Place')."""
    for label in path[:-1]:
        menu = next(a.menu() for a in menu.actions() if a.text() == label)
    return next(a for a in menu.actions() if a.text() == path[-1])


def test_rename_onto_an_existing_tag_asks_then_merges(
    qtbot, panel, store, hub, dialogs, monkeypatch
):
    seen, answers = dialogs
    a, b = store.articles.create(headline="A"), store.articles.create(headline="B")
    store.tags.tag(a.id, ["Daesh"])
    store.tags.tag(b.id, ["Daesh", "Islamic State"])
    hub.tagsChanged.emit()
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *a, **k: ("islamic state", True))
    )
    answers["question"] = QMessageBox.StandardButton.No
    menu_action(panel.tag_menu("Daesh"), "Rename…").trigger()
    assert seen == ["Merge 'Daesh' into 'Islamic State'? 2 stories will be affected."]
    assert listed(panel) == [("Daesh", 2), ("Islamic State", 1)]
    answers["question"] = QMessageBox.StandardButton.Yes
    click_row(qtbot, panel, "Daesh")
    with qtbot.waitSignal(hub.tagFilterRequested) as refiltered:
        menu_action(panel.tag_menu("Daesh"), "Rename…").trigger()
    assert listed(panel) == [("Islamic State", 2)]
    assert refiltered.args == [["Islamic State"]]


def test_rename_keeps_the_tick_and_refilters_under_the_new_name(
    qtbot, panel, store, hub, monkeypatch
):
    a = store.articles.create(headline="A")
    store.tags.tag(a.id, ["idlib"])
    hub.tagsChanged.emit()
    click_row(qtbot, panel, "idlib")
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Idlib", True)))
    with qtbot.waitSignal(hub.tagFilterRequested) as renamed:
        menu_action(panel.tag_menu("idlib"), "Rename…").trigger()
    assert renamed.args == [["Idlib"]]


def test_merge_into_kind_and_delete_from_the_menu(qtbot, panel, store, hub, dialogs, monkeypatch):
    seen, _answers = dialogs
    a = store.articles.create(headline="A")
    store.tags.tag(a.id, ["Daesh", "ISIS"])
    store.tags.create("Unused")
    hub.tagsChanged.emit()
    menu = panel.tag_menu("ISIS")
    assert not menu_action(menu, "Delete").isEnabled()
    menu_action(menu, "Set kind", "Organisation").trigger()
    assert store.tags.get("ISIS").kind == "organisation"
    assert menu_action(panel.tag_menu("ISIS"), "Set kind", "Organisation").isChecked()
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("ISIS", True)))
    menu_action(panel.tag_menu("Daesh"), "Merge into…").trigger()
    assert seen[-1] == "Merge 'Daesh' into 'ISIS'? 1 story will be affected."
    menu_action(panel.tag_menu("Unused"), "Delete").trigger()
    assert listed(panel) == [("ISIS", 1)]


def filtered_by_a_tag_click(qtbot, store, make_window):
    """A main window whose library was filtered by clicking the tag 'Idlib' in the dock."""
    tagged = store.articles.create(headline="Tagged story")
    store.articles.create(headline="Other story")
    store.tags.tag(tagged.id, ["Idlib"])
    window = make_window()
    panel = window.tag_panel
    qtbot.waitUntil(lambda: len(window.library.model.rows) == 2)
    # The window is not shown (no web preview), so the click arrives as the view's signal.
    panel.view.clicked.emit(panel.view.model().index(0, 0))
    qtbot.waitUntil(lambda: [r.id for r in window.library.model.rows] == [tagged.id])
    return window, panel


def test_clicking_a_tag_filters_the_main_windows_library(qtbot, store, make_window, dialogs):
    window, panel = filtered_by_a_tag_click(qtbot, store, make_window)
    assert window.library.tags == ["Idlib"]
    qtbot.keyClick(panel.view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: len(window.library.model.rows) == 2)
    assert window.library.tags == []


def test_the_librarys_clear_button_clears_the_panels_ticks_too(qtbot, store, make_window, dialogs):
    window, panel = filtered_by_a_tag_click(qtbot, store, make_window)
    assert panel.model.ticked_names() == ["Idlib"]
    window.library.clear_tags_button.click()
    qtbot.waitUntil(lambda: len(window.library.model.rows) == 2)
    assert window.library.tags == []
    assert panel.model.ticked_names() == []


def test_the_panel_is_in_the_view_menu(make_window):
    window = make_window()
    assert window.tag_panel.toggleViewAction() in window.menu_view.actions()
    assert window.tag_panel.toggleViewAction().text() == "Tags"


def test_read_only_store_offers_no_edits(qtbot, store_dir, store, hub, dialogs):
    from desk.store import Store

    article = store.articles.create(headline="A")
    store.tags.tag(article.id, ["Idlib"])
    reader = Store.open(store_dir, readonly=True)
    try:
        widget = TagPanel(reader, hub)
        qtbot.addWidget(widget)
        hub.articleOpened.emit(article.id)
        assert not widget.entry.isEnabled()
        assert [a.text() for a in widget.tag_menu("Idlib").actions()] == [
            "This store is open read-only."
        ]
    finally:
        reader.close()


def test_context_menu_opens_at_a_tag(qtbot, panel, store, hub, monkeypatch):
    store.tags.create("Idlib")
    hub.tagsChanged.emit()
    shown = []
    monkeypatch.setattr(panel, "show_menu", lambda menu, _at: shown.append(menu))
    rect = panel.view.visualRect(panel.view.model().index(0, 0))
    panel.view.customContextMenuRequested.emit(rect.center())
    panel.view.customContextMenuRequested.emit(QPoint(5, 5000))
    assert len(shown) == 1
    assert menu_action(shown[0], "Rename…").isEnabled()
