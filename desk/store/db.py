"""One SQLite connection of a store and its one transaction helper.

Every part of the store (articles, figures, photos, tags, history, search) works through a
Database: reads with query()/one()/value(), writes only inside transaction(), which takes an
IMMEDIATE lock so a write never waits half-way, nests with savepoints, and turns SQLite's and the
disk's failures into one sentence a journalist can act on (StoreError and friends).
"""

from __future__ import annotations

import contextlib
import errno
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from desk.errors import StoreDamaged, StoreError, StoreReadOnly

Params = Sequence[Any]
READ_ONLY_MESSAGE = "This store is open read-only; close the other Desk window to make changes."


def translate(exc: sqlite3.Error | OSError) -> StoreError:
    """Turn an SQLite or disk failure into one sentence a journalist can act on."""
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return StoreError(
                "The disk holding the store is full; free some space and Desk will save again."
            )
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return StoreReadOnly(
                "The store cannot be written to (read-only disk or folder); "
                "your text is still in the editor, so copy it or free the disk."
            )
        return StoreError(
            f"The store could not be written ({exc.strerror or exc}); "
            "check that its disk is still there, then try again."
        )
    message = str(exc).lower()
    if "readonly" in message or "read-only" in message:
        return StoreReadOnly(
            "The store cannot be written to (read-only disk or folder); "
            "your text is still in the editor, so copy it or free the disk."
        )
    if "full" in message:
        return StoreError(
            "The disk holding the store is full; free some space and Desk will save again."
        )
    if "locked" in message or "busy" in message:
        return StoreError("The store is busy with another write; try again in a moment.")
    if "not a database" in message or "malformed" in message:
        return StoreDamaged(
            "The store's database is damaged; `desk doctor` says what it can of it, and a "
            "backup brings it back (desk restore-backup)."
        )
    if "disk i/o" in message or "unable to open" in message:
        return StoreError(
            "The store's disk could not be read or written (was it removed?); "
            "reconnect it and Desk will try again."
        )
    return StoreError(f"The store could not complete that ({exc}).")


def connect(path: Path, readonly: bool) -> sqlite3.Connection:
    """A connection with foreign keys on; a read-only one never writes a byte."""
    try:
        if readonly:
            if not path.exists():
                raise StoreError(f"There is no Desk database in {path.parent}; check the path.")
            conn = _connect_read_only(path)
        else:
            conn = sqlite3.connect(path, check_same_thread=False, timeout=5, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise translate(exc) from None
    return conn


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Open for reading; on read-only media (no -shm file can be made) read it as immutable."""
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(
        f"{uri}?mode=ro", uri=True, check_same_thread=False, timeout=5, isolation_level=None
    )
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        conn.close()
        conn = sqlite3.connect(
            f"{uri}?mode=ro&immutable=1",
            uri=True,
            check_same_thread=False,
            timeout=5,
            isolation_level=None,
        )
    return conn


class Database:
    """One connection: reads anywhere, writes only inside transaction()."""

    def __init__(self, conn: sqlite3.Connection, readonly: bool) -> None:
        self.conn = conn
        self.readonly = readonly
        self._lock = threading.RLock()
        self._depth = 0

    # -- reading --------------------------------------------------------------------------

    def query(self, sql: str, params: Params = ()) -> list[tuple]:
        """Every row of a query."""
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise translate(exc) from None

    def one(self, sql: str, params: Params = ()) -> tuple | None:
        """The first row of a query, or None."""
        try:
            return self.conn.execute(sql, params).fetchone()
        except sqlite3.Error as exc:
            raise translate(exc) from None

    def value(self, sql: str, params: Params = (), default: Any = None) -> Any:
        """The first column of the first row, or default."""
        row = self.one(sql, params)
        return default if row is None or row[0] is None else row[0]

    def table_exists(self, name: str) -> bool:
        """True when the database has this table (or virtual table)."""
        return self.one("SELECT 1 FROM sqlite_master WHERE name = ?", [name]) is not None

    # -- writing --------------------------------------------------------------------------

    def run(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        """One write statement; only inside transaction()."""
        if not self._depth:
            raise RuntimeError("Database.run() outside a transaction")
        return self.conn.execute(sql, params)

    def insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert a row (inside a transaction) and return its id."""
        columns = ", ".join(row)
        marks = ", ".join("?" * len(row))
        cursor = self.run(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))
        return int(cursor.lastrowid or 0)

    def update(self, table: str, row_id: int, row: dict[str, Any]) -> None:
        """Change some columns of one row by id (inside a transaction)."""
        if row:
            sets = ", ".join(f"{column} = ?" for column in row)
            self.run(f"UPDATE {table} SET {sets} WHERE id = ?", [*row.values(), row_id])

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """All of it lands or none of it does; nested calls are savepoints of the outer one."""
        if self.readonly:
            raise StoreReadOnly(READ_ONLY_MESSAGE)
        with self._lock:
            depth = self._depth
            begin, commit, undo = (
                ("BEGIN IMMEDIATE", "COMMIT", "ROLLBACK")
                if depth == 0
                else (f"SAVEPOINT s{depth}", f"RELEASE s{depth}", f"ROLLBACK TO s{depth}")
            )
            try:
                self.conn.execute(begin)
            except sqlite3.Error as exc:
                raise translate(exc) from None
            self._depth = depth + 1
            try:
                yield self
                self.conn.execute(commit)
            except BaseException as exc:
                self._undo(undo, depth)
                if isinstance(exc, sqlite3.Error | OSError):
                    raise translate(exc) from None
                raise
            finally:
                self._depth = depth

    def _undo(self, undo: str, depth: int) -> None:
        """Roll back what the failed transaction (or savepoint) did."""
        with contextlib.suppress(sqlite3.Error):
            if self.conn.in_transaction:
                self.conn.execute(undo)
                if depth:
                    self.conn.execute(f"RELEASE s{depth}")

    @property
    def in_transaction(self) -> bool:
        """True inside transaction()."""
        return self._depth > 0

    def close(self) -> None:
        """Close the connection (optimising the query planner's statistics first)."""
        with contextlib.suppress(sqlite3.Error):
            if not self.readonly:
                self.conn.execute("PRAGMA optimize")
            self.conn.close()
