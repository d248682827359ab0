"""Autosave: the open story reaches the store shortly after typing stops, without a Save button.

A new story is created in the store on its first change. A failed save keeps everything in the
editor, reports the reason, and is retried on the next change (or on Ctrl+S).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desk.errors import DeskError
from desk.paths import config_dir
from desk.store import Store

SAVE_DELAY_MS = 600
SAVED, UNSAVED, SAVING = "saved", "unsaved", "saving"


class Autosaver(QObject):
    """Saves the open story's changed fields through Store verbs after a pause in typing."""

    stateChanged = Signal(str)  # "saved", "unsaved", "saving", or an error sentence
    saved = Signal(int)  # the story's changes reached the store
    created = Signal(int)  # a new story was created in the store

    def __init__(
        self, store: Store, collect: Callable[[], dict[str, object]], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.collect = collect
        self.article_id: int | None = None
        self.dirty = False
        self.error: str | None = None
        self.state = SAVED
        self._saved: dict[str, object] = {}
        self._timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)

    def begin(self, article_id: int | None, values: dict[str, object]) -> None:
        """Start tracking a story just loaded (None: a new story not yet in the store)."""
        self._timer.stop()
        self.article_id = article_id
        self._saved = dict(values) if article_id is not None else {}
        self.dirty = False
        self.error = None
        self._set_state(SAVED)

    def changed(self) -> None:
        """The user edited something: save after a pause (a new story is created at once)."""
        if self.store.readonly:
            return
        self.dirty = True
        if self.article_id is None and self.error is None:
            self.save_now()  # a new story is in the store from its first keystroke
            return
        self._timer.start()
        if self.state == SAVED:
            self._set_state(UNSAVED)

    def save_now(self) -> bool:
        """Write pending changes now; False (with the reason in state) when the store refused."""
        self._timer.stop()
        if not self.dirty or self.store.readonly:
            return not self.dirty
        values = self.collect()
        changes = {k: v for k, v in values.items() if self._saved.get(k) != v}
        self._set_state(SAVING)
        try:
            if self.article_id is None:
                article = self.store.create_article(**changes)
                self.article_id = article.id
                self.created.emit(article.id)
            elif changes:
                self.store.update_article(self.article_id, **changes)
        except DeskError as exc:
            self.error = str(exc)
            self._set_state(self.error)
            return False
        self._saved = values
        self.dirty = False
        self.error = None
        self._set_state(SAVED)
        self.saved.emit(self.article_id)
        return True

    def _set_state(self, state: str) -> None:
        """Announce a new save state (only when it changes)."""
        if state != self.state:
            self.state = state
            self.stateChanged.emit(state)

    def stop(self) -> None:
        """Stop the pending timer (the window is closing)."""
        self._timer.stop()


def rescue_copy(values: dict[str, object], kind: str = "rescued") -> Path:
    """Write the story's text to a Markdown file in the config folder's `kind` folder
    (rescued: the store refused it; deleted: the user deleted the story)."""
    folder = config_dir() / kind
    folder.mkdir(parents=True, exist_ok=True)
    headline = str(values.get("headline") or "untitled")
    name = re.sub(r"[^\w-]+", "-", headline.lower()).strip("-")[:60] or "untitled"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"{stamp}-{name}.md"
    standfirst = str(values.get("standfirst") or "")
    body = str(values.get("body_md") or "")
    path.write_text(f"# {headline}\n\n{standfirst}\n\n{body}\n", encoding="utf-8")
    return path
