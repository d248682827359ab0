"""The one job service: every piece of background work (saving, parsing and rendering the body,
counting, searching, thumbnails, renditions, imports, exports) runs through it.

Work goes into a lane (a named pool; most have one thread, so jobs of a lane run in order).
A job may be given a key: a newer job with the same key makes the older one stale, so it is
skipped if it has not started and its result is dropped if it has. Jobs can be cancelled (the
function sees job.cancelled) and report progress (job.progress(done, total, text)). Results,
failures and progress reach their callbacks on the GUI thread, in one place (_deliver).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desk.errors import DeskError
from desk.store import Store

DONE, FAILED, PROGRESS, PARTIAL = "done", "failed", "progress", "partial"
# Lanes and their threads: one each keeps order; thumbnails and renditions use both cores.
# "adding" reads photo files one batch at a time, in order.
LANES = {
    "save": 1,
    "body": 1,
    "query": 1,
    "photos": 2,
    "adding": 1,
    "checks": 1,
    "work": 1,
    "publish": 1,
}


@dataclass(eq=False)
class Job:
    """One piece of background work and what to do with its outcome."""

    lane: str
    key: str | None
    generation: int
    fn: Callable[..., Any]
    args: tuple
    on_done: Callable[[Any], None] | None = None
    on_failed: Callable[[str], None] | None = None
    on_progress: Callable[[int, int, str], None] | None = None
    on_partial: Callable[[Any], None] | None = None
    wants_job: bool = False
    _cancel: threading.Event = field(default_factory=threading.Event)
    _drop: bool = True
    _service: Jobs | None = None

    def cancel(self, drop: bool = True) -> None:
        """Ask the job to stop; its result is dropped, or (drop=False) still delivered, so the
        GUI hears how it ended (e.g. an export that stops saying it was cancelled)."""
        self._drop = drop
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """True once cancel() was called (the function should stop at its next step)."""
        return self._cancel.is_set()

    def progress(self, done: int, total: int, text: str = "") -> None:
        """Report progress from the worker (reaches on_progress on the GUI thread)."""
        if self._service is not None and not self.cancelled:
            self._service.relay.emit(self, PROGRESS, (done, total, text))

    def send(self, value: Any) -> None:
        """Hand one piece of a result to the GUI thread as it is ready (reaches on_partial), e.g.
        each file of a batch; the GUI may act on it while the job goes on."""
        if self._service is not None and not self.cancelled:
            self._service.relay.emit(self, PARTIAL, value)


class _Runner(QRunnable):
    """Runs one job on a pool thread."""

    def __init__(self, job: Job, service: Jobs) -> None:
        super().__init__()
        self.job, self.service = job, service

    def run(self) -> None:
        job = self.job
        if (job.cancelled and job._drop) or not self.service.is_current(job):
            return
        try:
            result = job.fn(*job.args, job) if job.wants_job else job.fn(*job.args)
        except DeskError as exc:
            self._emit(FAILED, str(exc))
        except Exception as exc:  # a bug or a library's surprise: reported, the thread lives on
            self._emit(FAILED, f"{type(exc).__name__}: {exc}")
        else:
            self._emit(DONE, result)

    def _emit(self, event: str, payload: object) -> None:
        """Hand the outcome to the GUI thread (unless the service was deleted meanwhile)."""
        try:
            self.service.relay.emit(self.job, event, payload)
        except RuntimeError:
            pass


class Jobs(QObject):
    """Background lanes with stale-result dropping, cancel and progress, delivered on the GUI."""

    relay = Signal(object, str, object)  # job, event, payload (queued to the GUI thread)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pools: dict[str, QThreadPool] = {}
        self._latest: dict[tuple[str, str], int] = {}
        self._counter = itertools.count(1)
        self._closed = False
        self._readers: dict[tuple[int, str], Store] = {}
        self._readers_lock = threading.Lock()
        self.relay.connect(self._deliver)

    def pool(self, lane: str) -> QThreadPool:
        """The lane's thread pool (made on first use)."""
        if lane not in self._pools:
            pool = QThreadPool(self)
            pool.setMaxThreadCount(LANES.get(lane, 1))
            self._pools[lane] = pool
        return self._pools[lane]

    def submit(
        self,
        lane: str,
        fn: Callable[..., Any],
        *args: Any,
        key: str | None = None,
        on_done: Callable[[Any], None] | None = None,
        on_failed: Callable[[str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_partial: Callable[[Any], None] | None = None,
        wants_job: bool = False,
    ) -> Job:
        """Queue fn(*args) (fn(*args, job) with wants_job) on a lane; a newer job with the same
        key makes this one stale."""
        generation = next(self._counter)
        if key is not None:
            self._latest[(lane, key)] = generation
        job = Job(
            lane, key, generation, fn, args, on_done, on_failed, on_progress, on_partial, wants_job
        )
        job._service = self
        if self._closed:
            job.cancel()
            return job
        self.pool(lane).start(_Runner(job, self))
        return job

    def is_current(self, job: Job) -> bool:
        """False once a newer job with the same key was submitted."""
        if job.key is None:
            return True
        return self._latest.get((job.lane, job.key)) == job.generation

    def wait(self, lane: str | None = None, msecs: int = 30_000) -> bool:
        """Block until a lane (or every lane) has finished its queued jobs."""
        pools = [self._pools[lane]] if lane in self._pools else [] if lane else self._pools.values()
        return all(pool.waitForDone(msecs) for pool in list(pools))

    def idle(self, lane: str) -> bool:
        """True when nothing runs or waits in the lane."""
        pool = self._pools.get(lane)
        return pool is None or pool.activeThreadCount() == 0

    def reader(self, root: Path) -> Store:
        """A read-only Store of root for the calling worker thread (made once per thread and
        store; closed at shutdown), so jobs read what was committed without the GUI's Store."""
        key = (threading.get_ident(), str(root))
        with self._readers_lock:
            store = self._readers.get(key)
        if store is None:
            store = Store.open(root, readonly=True)
            with self._readers_lock:
                self._readers[key] = store
        return store

    def shutdown(self, msecs: int = 30_000) -> None:
        """Take no more work and wait for what runs (the window is closing)."""
        self._closed = True
        for pool in self._pools.values():
            pool.clear()
        self.wait(msecs=msecs)
        with self._readers_lock:
            readers, self._readers = list(self._readers.values()), {}
        for store in readers:
            store.close()

    def _deliver(self, job: Job, event: str, payload: object) -> None:
        """On the GUI thread: the job's callback, unless the job went stale or was cancelled."""
        if event == PROGRESS:
            if job.on_progress is not None and not job.cancelled:
                done, total, text = payload  # type: ignore[misc]
                _call(job.on_progress, done, total, text)
            return
        if event == PARTIAL:  # pieces sent before a cancel(drop=False) are part of its ending
            dropped = job.cancelled and job._drop
            if job.on_partial is not None and not dropped and self.is_current(job):
                _call(job.on_partial, payload)
            return
        if (job.cancelled and job._drop) or not self.is_current(job):
            return
        callback = job.on_done if event == DONE else job.on_failed
        if callback is not None:
            _call(callback, payload)


def _call(callback: Callable[..., None], *args: object) -> None:
    """Call a GUI callback whose widget may have been deleted meanwhile (then nothing happens)."""
    try:
        callback(*args)
    except RuntimeError as exc:
        if "already deleted" not in str(exc):
            raise
