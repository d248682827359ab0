"""Run a function off the GUI thread, one job at a time, keeping only the latest result.

Used for work that follows typing (preview rendering, word counts): each submit() makes earlier
queued jobs stale; a stale job is skipped or its result dropped, so the GUI only ever sees the
answer for the newest text.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Job(QRunnable):
    """One call of a function on the pool's thread."""

    def __init__(self, owner: Background, generation: int, fn: Callable, args: tuple) -> None:
        super().__init__()
        self.owner = owner
        self.generation = generation
        self.fn = fn
        self.args = args

    def run(self) -> None:
        """Call the function unless a newer job was submitted; report the result."""
        if self.generation != self.owner.generation:
            return
        try:
            result = self.fn(*self.args)
        except Exception as exc:  # reported to the GUI, which says so; the thread lives on
            self._report(self.owner.failed, str(exc) or type(exc).__name__)
            return
        self._report(self.owner.done, result)

    def _report(self, signal, value: object) -> None:
        """Emit a result, unless its receiver was deleted meanwhile (the window closed)."""
        try:
            signal.emit(self.generation, value)
        except RuntimeError:
            pass


class Background(QObject):
    """A one-thread worker whose results arrive (on the GUI thread) as done(generation, result)."""

    done = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.generation = 0
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)

    def submit(self, fn: Callable, *args: object) -> int:
        """Queue fn(*args); returns its generation (compare with is_current on arrival)."""
        self.generation += 1
        self.pool.start(_Job(self, self.generation, fn, args))
        return self.generation

    def is_current(self, generation: int) -> bool:
        """True when no job was submitted after this one."""
        return generation == self.generation

    def wait(self, msecs: int = 10000) -> bool:
        """Make queued jobs stale and wait for the running one to finish."""
        self.generation += 1
        return self.pool.waitForDone(msecs)
