"""The store's writer lock: one process writes to a store at a time, on every system.

The lock is an operating-system lock (filelock: flock on Linux and macOS, msvcrt on Windows)
on <store>/desk.lock, so the system releases it when a Desk crashes and the next one takes it
over. Who holds it is written beside it (desk.lock.owner), so a refusal can name the process.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
from pathlib import Path

from filelock import FileLock, Timeout

from desk.errors import StoreLocked, StoreReadOnly

LOCK_NAME = "desk.lock"
OWNER_NAME = "desk.lock.owner"


# How long a command waits for another command writing to the store (an import or a site
# export of 1,000 stories takes a few seconds); a window holds a store for hours, so a command
# is told at once that one is open.
COMMAND_WAIT_S = 30.0
WINDOW, COMMAND = "window", "command"


class StoreLock:
    """The writer lock of one store folder, taken by a window or a command (kind)."""

    def __init__(self, root: Path, kind: str = COMMAND, wait: float = COMMAND_WAIT_S) -> None:
        self.root = root
        self.kind = kind
        self.wait = wait
        self._lock = FileLock(root / LOCK_NAME, timeout=0, thread_local=False)

    def acquire(self) -> None:
        """Take the lock, or raise StoreLocked naming who holds it (StoreReadOnly when the
        folder cannot be written). A command waits a while for another command to finish."""
        try:
            try:
                self._lock.acquire()
            except Timeout:
                if self.kind != COMMAND or self._owner().get("kind") != COMMAND:
                    raise
                self._lock.acquire(timeout=self.wait)
        except Timeout:
            raise self._refusal() from None
        except OSError as exc:
            todo = (
                "open it read-only or copy it to a disk you can write to"
                if self.kind == WINDOW
                else "copy it to a disk you can write to (desk list, show and search work as it is)"
            )
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise StoreReadOnly(f"The store folder {self.root} is read-only; {todo}.") from None
            raise StoreReadOnly(
                f"The store folder {self.root} cannot be locked for writing ({exc.strerror}); "
                f"{todo}."
            ) from None
        self._write_owner()

    def _refusal(self) -> StoreLocked:
        """Why the store cannot be written now, and what to do, for a window or a command."""
        owner = self._owner()
        who = self._holder(owner)
        if owner.get("kind") == COMMAND:
            if self.kind == COMMAND:
                return StoreLocked(
                    f"Another desk command{who} is still writing to this store after "
                    f"{self.wait:g} s; try again when it has finished."
                )
            return StoreLocked(
                f"A desk command{who} is writing to this store; try again when it has "
                "finished, or open it read-only."
            )
        todo = (
            "close that window first, or open this one read-only"
            if self.kind == WINDOW
            else "close that window first (desk list, show and search work meanwhile)"
        )
        return StoreLocked(f"Desk is already open on this store{who}; {todo}.")

    def release(self) -> None:
        """Let another process write to the store."""
        if self._lock.is_locked:
            with contextlib.suppress(OSError):
                (self.root / OWNER_NAME).unlink()
            self._lock.release(force=True)

    @property
    def held(self) -> bool:
        """True while this process holds the lock."""
        return self._lock.is_locked

    def _write_owner(self) -> None:
        """Say who holds the lock (best effort: a full disk must not stop Desk opening)."""
        owner = {"pid": os.getpid(), "host": socket.gethostname(), "kind": self.kind}
        with contextlib.suppress(OSError):
            (self.root / OWNER_NAME).write_text(json.dumps(owner), encoding="utf-8")

    def _owner(self) -> dict:
        """What the holder wrote beside the lock ({} when unknown)."""
        try:
            owner = json.loads((self.root / OWNER_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return owner if isinstance(owner, dict) else {}

    def _holder(self, owner: dict) -> str:
        """' (process 123 on host)' for the message, or '' when unknown."""
        pid, host = owner.get("pid"), owner.get("host")
        if not isinstance(pid, int):
            return ""
        where = f" on {host}" if host and host != socket.gethostname() else ""
        return f" (process {pid}{where})"
