"""The Checks dock: the open story's problems as it is written, blocking first, each naming its
place; clicking one moves the cursor there; Story > Check Story shows the dock."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
from exporthelp import make_photo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desk import checks


def problems_now(qtbot, window) -> list[checks.Problem]:
    """Run the checks on the story as it is in the window and wait for the result."""
    panel = window.checks_panel
    panel.problems = []
    panel.article_id = None
    panel.check_now()
    window.jobs.wait("body")
    qtbot.waitUntil(lambda: panel.article_id == window.current_article_id())
    return panel.problems


def click_problem(qtbot, window, where: str) -> checks.Problem:
    """Click the panel's row for the first problem at this place."""
    panel = window.checks_panel
    for row in range(panel.list.count()):
        item = panel.list.item(row)
        problem = item.data(Qt.ItemDataRole.UserRole + 1)
        if isinstance(problem, checks.Problem) and problem.where == where:
            panel.list.scrollToItem(item)
            rect = panel.list.visualItemRect(item)
            qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            return problem
    raise AssertionError(f"no problem at {where}: {[p.where for p in panel.problems]}")


def story_with_problems(store, tmp_path) -> int:
    """A story with a figure lacking alt text, a TK in paragraph 3 and no standfirst."""
    article = store.articles.create(
        headline="Floods",
        authors=["Ann Lee"],
        dateline="IDLIB",
        body_md="Rain fell.\n\nRivers rose.\n\nThe toll is TK.",
    )
    photo = store.photos.add(make_photo(tmp_path / "p.jpg", (1600, 1000)))
    store.figures.add(article.id, photo.id, caption="The river", credit="Desk", alt="")
    store.tags.tag(article.id, ["Weather"])
    return article.id


def test_the_panel_lists_blocking_problems_first_each_naming_its_place(
    qtbot, store, make_window, tmp_path
):
    article_id = story_with_problems(store, tmp_path)
    window = make_window()
    window.open_article(article_id)
    found = [(p.level, p.where) for p in problems_now(qtbot, window)]
    assert found == [
        ("error", "Figure 1"),
        ("error", "paragraph 3"),
        ("warning", "standfirst"),
        ("warning", "lead photo"),
    ]
    panel = window.checks_panel
    assert panel.verdict.text() == "2 things block publication · 2 to look at"
    texts = [panel.list.item(row).text() for row in range(panel.list.count())]
    assert texts[0] == "To fix before publishing (2)"
    assert texts[1].startswith('Figure 1 ("The river") has no alt text')
    assert texts[2].startswith("Paragraph 3 still holds the marker")
    assert texts[3] == "To look at (2)"


def test_clicking_a_check_moves_the_cursor_to_its_place(qtbot, store, make_window, tmp_path):
    article_id = story_with_problems(store, tmp_path)
    window = make_window(show=True)
    window.open_article(article_id)
    problems_now(qtbot, window)
    # A line of the body: the cursor goes to the start of paragraph 3.
    problem = click_problem(qtbot, window, "paragraph 3")
    assert window.editor.textCursor().blockNumber() == problem.place.line == 4
    assert QApplication.focusWidget() is window.editor
    # A field of the form.
    click_problem(qtbot, window, "standfirst")
    assert QApplication.focusWidget() is window.metadata.standfirst
    # A figure: selected in the Photos dock, and the cursor on its line.
    problem = click_problem(qtbot, window, "Figure 1")
    assert window.photo_panel.selected_id() == problem.figure_id
    assert window.editor.textCursor().blockNumber() == problem.place.line


def test_the_panel_follows_the_text_as_it_is_typed(qtbot, store, make_window):
    article = store.articles.create(
        headline="Calm", standfirst="All quiet.", dateline="LEEDS", authors=["Ann"], body_md="A."
    )
    store.tags.tag(article.id, ["Weather"])
    window = make_window(show=True)
    window.open_article(article.id)
    panel = window.checks_panel
    qtbot.waitUntil(lambda: panel.article_id == article.id)
    assert [p.rule for p in panel.problems] == ["search"]  # no image: a warning only
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.editor, " Then TK.")
    qtbot.waitUntil(lambda: any(p.rule == "markers" for p in panel.problems), timeout=5000)
    assert panel.verdict.text().startswith("1 thing blocks publication")


def test_check_story_shows_and_raises_the_panel(qtbot, store, make_window):
    article = store.articles.create(headline="Calm", body_md="A.")
    window = make_window(show=True)
    window.open_article(article.id)
    window.checks_panel.hide()
    assert window.action_check.shortcut().toString() == "Ctrl+Shift+K"
    assert window.action_check in window.menu_story.actions()
    window.action_check.trigger()
    assert window.checks_panel.isVisible()
    window.jobs.wait("body")
    qtbot.waitUntil(lambda: window.checks_panel.article_id == article.id)


def test_a_rule_with_many_findings_lists_its_first_ones_and_how_many_more(
    qtbot, store, make_window
):
    from desk.ui.checkspanel import ROWS_PER_RULE

    paragraphs = [f"Paragraph {n} is TK." for n in range(ROWS_PER_RULE + 7)]
    article = store.articles.create(headline="Markers", body_md="\n\n".join(paragraphs))
    window = make_window(show=True)
    window.open_article(article.id)
    panel = window.checks_panel
    panel.show()
    panel.raise_()
    found = problems_now(qtbot, window)
    assert sum(p.rule == "markers" for p in found) == ROWS_PER_RULE + 7
    rows = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert sum("still holds the marker" in r for r in rows) == ROWS_PER_RULE
    assert "… and 7 more of these (markers)" in rows


def test_the_dock_leaves_spelling_to_the_underlines(qtbot, store, make_window):
    from spellhelp import english_speller

    english_speller()
    article = store.articles.create(headline="Aid", body_md="Rebels recieve aid.")
    window = make_window(show=True)
    window.open_article(article.id)
    assert not [p for p in problems_now(qtbot, window) if p.rule == "spelling"]


def test_a_sweep_chunk_stopped_for_typing_puts_the_stories_it_did_not_reach_back(
    store, make_window
):
    """Typing stops the background sweep after its current story (its worker would hold
    Python's lock while keys arrive); the stories it did not reach are checked later, first."""
    import threading
    import time

    from desk.ui.checkspanel import sweep_chunk
    from desk.ui.jobs import Job

    class TypedAfterOne(threading.Event):
        """A cancel flag that is raised once the first story has been checked."""

        asked = 0

        def is_set(self) -> bool:
            self.asked += 1
            return self.asked > 1

    ids = [store.articles.create(headline=f"Story {n}", body_md="Text.").id for n in range(4)]
    window = make_window()
    job = Job("checks", "sweep", 0, sweep_chunk, ())
    job._cancel = TypedAfterOne()
    reached = sweep_chunk(window.store, ids, job)
    assert list(reached) == ids[:1]
    marks = window.marks
    marks._queue = [99]
    marks._chunk = (job, ids)
    marks._last_edit = time.monotonic()  # still typing: the next chunk waits
    marks._swept(reached)
    assert marks._queue == [*ids[1:], 99]
    assert window.library.model.marks[ids[0]] == reached[ids[0]]
