"""The Checks dock: the preflight of the open story, as it is being written.

It follows the editor's text and the form (not the store): a moment after typing (the body is
parsed first, hub.bodyParsed) and after any change of fields, figures or tags, the rules run in
the job service's body lane (key "checks") on a snapshot taken on the GUI thread, so typing
never waits for them. Blocking problems come first, then warnings, each naming its place;
activating one takes the cursor there (a line of the body, a field of the form, a figure in
the Photos dock). Story > Check Story (Ctrl+Shift+K) shows and raises the dock.

Each saved story's check state (desk.checkstate) is recorded in the save lane after its saves,
and a background sweep records it for stories an import or a command left unchecked, so the
library shows every story's mark.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desk import checks, checkstate, corrections
from desk.errors import DeskError
from desk.model import Article

from desk.ui.actions import add_action
from desk.ui.preferences import Page, register_page

CHECK_DELAY_MS = 300  # after the last change (the body is parsed 250 ms after typing first)
SWEEP_DELAY_MS = 3000  # the library's marks are brought up to date this long after start
# The open story's mark is recorded once its saves pause this long: a check of the whole story
# per save would keep a worker busy (and the window waiting for Python's lock) on a long one.
RECORD_DELAY_MS = 1500
# A rule with more findings than this lists its first ones and how many more (a story full of
# names no dictionary knows would otherwise fill the list with hundreds of rows, each laid out
# on the GUI thread at every pause).
ROWS_PER_RULE = 20
SWEEP_CHUNK = 25  # stories checked per background job (about 25 ms of work)
# The sweep yields to typing: a chunk waits until the text has been still this long, since a
# busy worker makes every call into Qt wait for Python's lock (keystrokes would lag).
TYPING_QUIET_S = 1.0
SWEEP_YIELD_MS = 300
PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1
FIELD_WIDGETS = {
    "headline": "headline",
    "slug": "headline",  # the slug follows the headline
    "standfirst": "standfirst",
    "byline": "byline",
    "authors": "authors",
    "dateline": "dateline",
    "agency": "agency",
    "section": "section",
    "status": "status",
    "language": "language",
    "embargo": "embargo",
}

register_page(
    Page(
        "Checks",
        "What the checks warn about before a story is marked ready or published.",
        [
            "limits.slug",
            "checks.lead_width",
            "checks.word_tolerance",
            "checks.notes",
        ],
    )
)


@dataclasses.dataclass
class Snapshot:
    """The open story as the rules see it: its fields and text now, its figure rows, tags and
    updates as the store has them."""

    article: Article
    rows: list[Any]
    tags: list[Any]
    amendments: list[Any]


def snapshot(window, status: str | None = None) -> Snapshot:
    """The open story as it is in the window (unsaved typing included); `status`: as it would
    be with that status."""
    store = window.store
    article_id = window.current_article_id()
    stored = Article()
    rows: list[Any] = []
    tags: list[Any] = []
    amendments: list[Any] = []
    if article_id is not None:
        try:
            stored = store.articles.get(article_id)
            rows = list(store.figures.rows(article_id))
            tags = list(store.tags.for_story(article_id))
            amendments = corrections.for_story(store, article_id)
        except DeskError:
            pass
    names = {f.name for f in dataclasses.fields(Article)}
    values = {k: v for k, v in window.collect_values().items() if k in names}
    if status is not None:
        values["status"] = status
    return Snapshot(dataclasses.replace(stored, **values), rows, tags, amendments)


def run_checks(shot: Snapshot, root: Any) -> list[checks.Problem]:
    """The rules over a snapshot (in the body lane; reads the settings file itself). Spelling
    and house style are left to the editor's underlines (and `desk check`): spelling a long
    story at every pause kept the lane, and so Python's lock, busy while keys arrived."""
    return checks.check_story(
        shot.article,
        shot.rows,
        root,
        shot.tags,
        checks.rule_settings(),
        amendments=shot.amendments,
        writing=False,
    )


class ChecksPanel(QDockWidget):
    """The "Checks" dock: what blocks the open story, then what deserves a look."""

    def __init__(self, window) -> None:
        super().__init__("Checks", window)
        self.setObjectName("checksPanel")
        self.window_ = window
        self.problems: list[checks.Problem] = []
        self.article_id: int | None = None
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        self.verdict = QLabel(self)
        self.verdict.setObjectName("checksVerdict")
        self.verdict.setWordWrap(True)
        font = self.verdict.font()
        font.setBold(True)
        self.verdict.setFont(font)
        self.list = QListWidget(self)
        self.list.setObjectName("checksList")
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setAccessibleName("Checks")
        self.list.itemActivated.connect(self._on_activated)
        self.list.itemClicked.connect(self._on_activated)
        layout.addWidget(self.verdict)
        layout.addWidget(self.list, 1)
        self.setWidget(body)
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)
        self._icons = {
            checks.ERROR: self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            checks.WARNING: self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
        }
        self.verdict.setText("Checking…")
        self._shown: list[checks.Problem] | None = None  # what the list holds now
        self.visibilityChanged.connect(lambda visible: visible and self._fill())

    # -- running the rules ----------------------------------------------------------------

    def schedule(self, *_args: object) -> None:
        """Something changed: check again after a short pause (typing restarts the wait)."""
        self._timer.start()

    def check_now(self) -> None:
        """Run the rules on the story as it is now, in the body lane."""
        self._timer.stop()
        window = self.window_
        article_id = window.current_article_id()
        shot = snapshot(window)
        window.jobs.submit(
            "body",
            run_checks,
            shot,
            window.store.root,
            key="checks",
            on_done=lambda problems: self._show(article_id, problems),
            on_failed=lambda message: self.verdict.setText(f"The checks could not run: {message}"),
        )

    def _show(self, article_id: int | None, problems: object) -> None:
        """Show a result, unless another story was opened meanwhile."""
        if article_id != self.window_.current_article_id() or not isinstance(problems, list):
            return
        self.article_id = article_id
        self.show_problems(problems)

    def show_problems(self, problems: list[checks.Problem]) -> None:
        """Blocking problems first (under their heading), then warnings, each with its place;
        the list is built when the dock is visible and only when the problems changed."""
        self.problems = list(problems)
        blocking = [p for p in problems if p.blocking]
        warnings = [p for p in problems if not p.blocking]
        self.verdict.setText(verdict(len(blocking), len(warnings)))
        if self.isVisibleTo(self.window_):  # shown, or shown once the window is (not a tab behind)
            self._fill()

    def _fill(self) -> None:
        """Build the list from self.problems (nothing to do when it already shows them)."""
        if self._shown == self.problems:
            return
        self._shown = list(self.problems)
        self.list.clear()
        blocking = [p for p in self.problems if p.blocking]
        warnings = [p for p in self.problems if not p.blocking]
        for title, group in (("To fix before publishing", blocking), ("To look at", warnings)):
            if not group:
                continue
            self._heading(f"{title} ({len(group)})")
            per_rule: dict[str, int] = {}
            for problem in group:
                per_rule[problem.rule] = per_rule.get(problem.rule, 0) + 1
                if per_rule[problem.rule] > ROWS_PER_RULE:
                    continue
                item = QListWidgetItem(self._icons[problem.level], "", self.list)
                item.setText(row_text(problem))
                item.setToolTip(problem.message)
                item.setData(PROBLEM_ROLE, problem)
            for rule, count in per_rule.items():
                if count > ROWS_PER_RULE:
                    self._more(count - ROWS_PER_RULE, rule)

    def _more(self, count: int, rule: str) -> None:
        """The row saying how many findings of a rule are not listed."""
        where = " (underlined in the text)" if rule in checks.WRITING_RULES else ""
        item = QListWidgetItem(f"… and {count:,} more of these ({rule}){where}", self.list)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)

    def _heading(self, text: str) -> None:
        """A heading row of the list (not selectable)."""
        item = QListWidgetItem(text, self.list)
        font = QFont(self.list.font())
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # read as text, never selected

    # -- going to a problem ---------------------------------------------------------------

    def _on_activated(self, item: QListWidgetItem) -> None:
        """Take the cursor to the problem's place."""
        problem = item.data(PROBLEM_ROLE)
        if isinstance(problem, checks.Problem):
            go_to(self.window_, problem)

    def show_and_raise(self) -> None:
        """Story > Check Story: show the dock, up to date, and put the focus in its list."""
        self.show()
        self.raise_()
        self.check_now()
        self.list.setFocus()


def row_text(problem: checks.Problem) -> str:
    """A problem as its row shows it: the place first, unless the message already names it."""
    where = problem.where
    if where.casefold() in problem.message[:60].casefold():
        return problem.message
    return f"{where[:1].upper()}{where[1:]}: {problem.message}"


def verdict(blocking: int, warnings: int) -> str:
    """The panel's one line: what the checks found."""
    look = f"{warnings} to look at" if warnings else ""
    if blocking:
        thing = "thing blocks" if blocking == 1 else "things block"
        return f"{blocking} {thing} publication" + (f" · {look}" if look else "")
    if warnings:
        return f"Nothing blocks publication · {look}"
    return "Ready to publish: nothing to fix"


def go_to(window, problem: checks.Problem) -> None:
    """Move the cursor to where a problem is: the body line, the form field, or the figure."""
    place = problem.place or checks.Place(figure_id=problem.figure_id)
    figure_id = place.figure_id if place.figure_id is not None else problem.figure_id
    if figure_id is not None and place.field in ("figure", ""):
        window.photo_panel.show()
        window.photo_panel.raise_()
        window.photo_panel.select(figure_id)
    if place.field == "tags":
        window.tag_panel.show()
        window.tag_panel.raise_()
        window.tag_panel.entry.setFocus(Qt.FocusReason.OtherFocusReason)
        return
    name = FIELD_WIDGETS.get(place.field)
    if name is not None:
        widget = getattr(window.metadata, name)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return
    if place.line is not None or place.field == "body":
        move_to_line(window.editor, place.line)


def move_to_line(editor, line: int | None) -> None:
    """Put the body's cursor at the start of a line (None: keep it), in view, with the focus."""
    if line is not None:
        block = editor.document().findBlockByNumber(max(0, line))
        if block.isValid():
            cursor = QTextCursor(block)
            editor.setTextCursor(cursor)
            editor.centerCursor()
    editor.setFocus(Qt.FocusReason.OtherFocusReason)


# -- the library's marks ----------------------------------------------------------------------


def record_state(store, article_id: int) -> tuple[int, checkstate.Mark]:
    """In the save lane: check the story as saved and record its mark (own connection)."""
    companion = store.companion()
    try:
        return article_id, checkstate.refresh(companion, article_id)
    finally:
        companion.close()


def stale_ids(store) -> list[int]:
    """In the checks lane: the stories whose mark is missing or out of date."""
    companion = store.companion()
    try:
        return checkstate.stale(companion)
    finally:
        companion.close()


def sweep_chunk(store, ids: list[int], job) -> dict[int, checkstate.Mark]:
    """In the checks lane: check these stories and record their marks (stops when cancelled);
    returns the new marks of those it reached."""
    companion = store.companion()
    try:
        reached = ids[: checkstate.sweep(companion, ids, lambda: job.cancelled)]
        marks = checkstate.marks(companion)
        return {i: marks[i] for i in reached if i in marks}
    finally:
        companion.close()


class Marks:
    """Keeps the library's check marks current: after each save of the open story, and for
    every story in a background sweep (after start-up and after imports)."""

    def __init__(self, window) -> None:
        self.window = window
        self._sweep_timer = QTimer(window, singleShot=True, interval=SWEEP_DELAY_MS)
        self._sweep_timer.timeout.connect(self.sweep)
        self._queue: list[int] = []
        self._record_timer = QTimer(window, singleShot=True, interval=RECORD_DELAY_MS)
        self._record_timer.timeout.connect(self._record_pending)
        self._pending: int | None = None
        self._last_edit = 0.0
        self._chunk_timer = QTimer(window, singleShot=True, interval=SWEEP_YIELD_MS)
        self._chunk_timer.timeout.connect(self._next_chunk)
        self._chunk: tuple[Any, list[int]] | None = None  # the chunk being checked: job, ids
        window.editor.textChanged.connect(self._typed)

    def _typed(self) -> None:
        """The text changed: the sweep holds back for a moment, and a chunk being checked stops
        after its current story (its worker would hold Python's lock while keys arrive); the
        stories it did not reach go back to the front of the queue."""
        self._last_edit = time.monotonic()
        if self._chunk is not None:
            self._chunk[0].cancel(drop=False)

    def record(self, article_id: int | None = None) -> None:
        """Record a story's mark (the open one's by default) once its saves pause; a mark left
        unrecorded at exit is caught by the next start's sweep."""
        window = self.window
        article_id = article_id if article_id is not None else window.current_article_id()
        if window.read_only or article_id is None or article_id < 0:
            return
        if self._pending is not None and self._pending != article_id:
            self._record_pending()  # another story's mark: recorded now, not dropped
        self._pending = article_id
        self._record_timer.start()

    def _record_pending(self) -> None:
        """Record the waiting story's mark after its saves (the save lane's order)."""
        self._record_timer.stop()
        article_id, self._pending = self._pending, None
        window = self.window
        if article_id is None or window.released:
            return
        window.jobs.submit(
            "save",
            record_state,
            window.store,
            article_id,
            key=f"checkstate-{article_id}",
            on_done=self._recorded,
        )

    def _recorded(self, result: object) -> None:
        """A mark was recorded: the library's row shows it."""
        article_id, mark = result  # type: ignore[misc]
        self.window.library.set_mark(article_id, mark)

    def sweep_soon(self, *_args: object) -> None:
        """Bring every story's mark up to date in a moment (after start-up, imports)."""
        if not self.window.read_only:
            self._sweep_timer.start()

    def sweep(self) -> None:
        """Find, in the background, the stories whose mark is out of date, then check them a
        chunk at a time (the library shows each chunk's marks)."""
        self._queue: list[int] = []
        self.window.jobs.submit(
            "checks", stale_ids, self.window.store, key="sweep", on_done=self._found
        )

    def _found(self, ids: object) -> None:
        """The stale stories are known: check them, newest first."""
        self._queue = list(ids)  # type: ignore[call-overload]
        self._next_chunk()

    def _next_chunk(self) -> None:
        """Check the next chunk of the queue (once typing has paused)."""
        if self._queue and time.monotonic() - self._last_edit < TYPING_QUIET_S:
            self._chunk_timer.start()
            return
        chunk, self._queue = self._queue[:SWEEP_CHUNK], self._queue[SWEEP_CHUNK:]
        if not chunk:
            return
        job = self.window.jobs.submit(
            "checks",
            sweep_chunk,
            self.window.store,
            chunk,
            key="sweep",
            wants_job=True,
            on_done=self._swept,
        )
        self._chunk = (job, chunk)

    def _swept(self, marks: object) -> None:
        """A chunk was checked: its rows show their marks in place; the next chunk follows,
        and after the last the list is queried again (a check filter may now match more)."""
        job, chunk = self._chunk if self._chunk is not None else (None, [])
        self._chunk = None
        marks = dict(marks)  # type: ignore[call-overload]
        if job is not None and job.cancelled:  # stopped for typing: the rest wait their turn
            self._queue[:0] = [i for i in chunk if i not in marks]
        for article_id, mark in marks.items():
            self.window.library.set_mark(article_id, mark)
        if self._queue:
            self._next_chunk()
        elif marks:
            self.window.library.refresh()


def install_checks_panel(window) -> ChecksPanel:
    """The Checks dock, Story > Check Story (Ctrl+Shift+K), and the library's marks."""
    panel = ChecksPanel(window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
    window.menu_view.addAction(panel.toggleViewAction())
    window.action_check = add_action(
        window,
        window.menu_story,
        "&Check Story",
        panel.show_and_raise,
        "Ctrl+Shift+K",
        "Show the Checks: what blocks publication of the open story, and what deserves a look",
    )
    hub = window.hub
    hub.bodyParsed.connect(panel.schedule)
    hub.articleOpened.connect(panel.schedule)
    hub.articleSaved.connect(panel.schedule)
    hub.figuresChanged.connect(panel.schedule)
    hub.tagsChanged.connect(panel.schedule)
    window.metadata.changed.connect(panel.schedule)
    window.preferences.applied.connect(panel.schedule)
    marks = Marks(window)
    hub.articleSaved.connect(marks.record)
    hub.figuresChanged.connect(marks.record)
    hub.tagsChanged.connect(marks.record)
    hub.articlesChanged.connect(marks.sweep_soon)
    window.preferences.applied.connect(marks.sweep_soon)
    window.marks = marks
    marks.sweep_soon()
    panel.schedule()
    return panel
