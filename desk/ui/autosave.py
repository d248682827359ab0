"""Autosave: the open story reaches the store within a second of being typed, without a Save
button and without costing the typing.

A change is saved after a short pause, and at the latest MAX_WAIT_MS after the first unsaved
change even when typing never pauses. The write runs in the job service's "save" lane on a
companion connection (the GUI thread only collects the fields); the row lands first and the
search index follows in its own step, so a crash in between loses no text (the index is rebuilt
on the next start). A new story is created in the store on its first keystroke. A failed save
keeps everything in the editor, reports the reason, and is retried.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desk.errors import DeskError
from desk.store import Store

from desk.ui.jobs import Jobs

PAUSE_MS = 300  # a pause in typing this long saves
MAX_WAIT_MS = 700  # ... and typing that never pauses is saved this often
RETRY_MS = 5_000  # a refused save is tried again this often (and on the next change)
SAVED, UNSAVED, SAVING = "saved", "unsaved", "saving"


class Autosaver(QObject):
    """Saves the open story's changed fields through Store verbs, off the GUI thread."""

    stateChanged = Signal(str)  # "saved", "unsaved", "saving", or an error sentence
    saved = Signal(int)  # the story's changes reached the store
    created = Signal(int)  # a new story was created in the store

    def __init__(
        self,
        store: Store,
        collect: Callable[[], dict[str, object]],
        jobs: Jobs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.collect = collect
        self.jobs = jobs
        self.article_id: int | None = None
        self.dirty = False
        self.error: str | None = None
        self.state = SAVED
        self._saved: dict[str, object] = {}  # the fields as the store last confirmed them
        self._in_flight = 0
        self._changed_since_submit = False
        self._companion: Store | None = None
        # What the window shows of a story after a save, read in the save lane right after the
        # write (a column stored past a 1 MB body costs milliseconds to reach): a name -> a
        # reader(store, article_id); the last landing's values are in `facts` until the next
        # (empty after a save made on the GUI thread: the parts then read for themselves).
        self.readers: dict[str, Callable[[Store, int], Any]] = {}
        # A reader named here runs only when the save changed one of these fields (every section
        # in use changes only with a story's section: reading them at each save was ~10 ms of
        # each save in a 100,000-story store); a reader that failed leaves None.
        self.read_when: dict[str, tuple[str, ...]] = {}
        self.facts: dict[str, Any] = {}
        self._pause = QTimer(self, singleShot=True, interval=PAUSE_MS)
        self._pause.timeout.connect(self.save_soon)
        self._max = QTimer(self, singleShot=True, interval=MAX_WAIT_MS)
        self._max.timeout.connect(self.save_soon)
        self._retry = QTimer(self, singleShot=True, interval=RETRY_MS)
        self._retry.timeout.connect(self.save_soon)

    def begin(self, article_id: int | None, values: dict[str, object]) -> None:
        """Start tracking a story just loaded (None: a new story not yet in the store)."""
        self._stop_timers()
        self.article_id = article_id
        self._saved = dict(values) if article_id is not None else {}
        self.dirty = False
        self.error = None
        self._set_state(SAVED)

    def changed(self) -> None:
        """The user edited something: save after a pause, or after MAX_WAIT_MS at the latest."""
        if self.store.readonly:
            return
        self.dirty = True
        self._changed_since_submit = True
        if self.article_id is None and self.error is None:
            self.save_now()  # a new story is in the store from its first keystroke
            return
        self._pause.start()
        if not self._max.isActive():
            self._max.start()
        if self.state == SAVED:
            self._set_state(UNSAVED)

    def save_soon(self) -> None:
        """Hand the pending changes to the save lane (the GUI thread only collects them)."""
        self._stop_timers()
        if not self.dirty or self.store.readonly or self.article_id is None:
            return
        values = self.collect()
        changes = {k: v for k, v in values.items() if self._saved.get(k) != v}
        if not changes:
            self.dirty = False
            self._set_state(SAVED)
            return
        self._changed_since_submit = False
        self._in_flight += 1
        self._set_state(SAVING)
        article_id = self.article_id
        self.jobs.submit(
            "save",
            self._write,
            article_id,
            changes,
            on_done=lambda facts: self._landed(article_id, values, facts),
            on_failed=lambda message: self._refused(article_id, message),
        )

    def save_now(self) -> bool:
        """Write pending changes now and wait for them (Ctrl+S, switching stories, closing);
        False (with the reason in state) when the store refused them."""
        self._stop_timers()
        self.jobs.wait("save")
        if self.error is not None and not self.dirty:
            self.dirty = True  # a refused background save is still pending: try again here
        if not self.dirty or self.store.readonly:
            return not self.dirty
        values = self.collect()
        changes = {k: v for k, v in values.items() if self._saved.get(k) != v}
        self._set_state(SAVING)
        try:
            if self.article_id is None:
                article = self.store.articles.create(**changes)
                self.article_id = article.id
                self.created.emit(article.id)
            elif changes:
                self.store.articles.update(self.article_id, **changes)
        except DeskError as exc:
            self._failed(str(exc))
            return False
        self._saved = values
        self._changed_since_submit = False
        self.facts = {}
        self._succeeded(self.article_id)
        return True

    def _write(self, article_id: int, changes: dict[str, object]) -> dict[str, Any]:
        """In the save lane: the row first (one short transaction), then its search row; then
        what the readers want to know of the story now."""
        if self._companion is None:
            self._companion = self.store.companion()
        self._companion.articles.update(article_id, index=False, **changes)
        self._companion.search.index_story(article_id)
        facts: dict[str, Any] = {}
        for name, read in list(self.readers.items()):
            fields = self.read_when.get(name)
            if fields and not any(field in changes for field in fields):
                continue  # nothing it reads has changed
            try:
                facts[name] = read(self._companion, article_id)
            except DeskError:
                facts[name] = None  # the part reads it itself after the landing
        return facts

    def _landed(self, article_id: int, values: dict[str, object], facts: object) -> None:
        """A background save reached the store."""
        self._in_flight -= 1
        if article_id != self.article_id:
            return  # another story is open now; its own state stands
        self.facts = dict(facts) if isinstance(facts, dict) else {}
        self._saved = values
        self.dirty = self._changed_since_submit
        if self.dirty:
            self._set_state(UNSAVED)
            self._pause.start()
            return
        self._succeeded(article_id)

    def _refused(self, article_id: int, message: str) -> None:
        """A background save was refused: keep the text, say why, try again."""
        self._in_flight -= 1
        if article_id == self.article_id:
            self.dirty = True
            self._failed(message)

    def _succeeded(self, article_id: int | None) -> None:
        """Everything typed is in the store."""
        self.dirty = False
        self.error = None
        self._retry.stop()
        self._set_state(SAVED)
        if article_id is not None:
            self.saved.emit(article_id)

    def _failed(self, message: str) -> None:
        """The store refused: the state carries the reason; retried later."""
        self.error = message
        self._set_state(message)
        self._retry.start()

    def _set_state(self, state: str) -> None:
        """Announce a new save state (only when it changes)."""
        if state != self.state:
            self.state = state
            self.stateChanged.emit(state)

    def _stop_timers(self) -> None:
        """No save pending on a timer."""
        self._pause.stop()
        self._max.stop()
        self._retry.stop()

    def stop(self) -> None:
        """Stop the pending timers (the window is closing)."""
        self._stop_timers()

    def close(self) -> None:
        """Wait for the save lane and close its connection (before the store closes)."""
        self.jobs.wait("save")
        if self._companion is not None:
            self._companion.close()
            self._companion = None
