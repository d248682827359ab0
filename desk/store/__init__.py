"""The store: one folder holding desk.db (SQLite, WAL) and media/, worked on through small parts.

    store.articles   stories: create, get, update, delete, list, restore a version
    store.figures    a story's figures (caption, credit, alt text, its photo)
    store.photos     photo originals in media/ and the photo library
    store.tags       tags and the stories they label
    store.history    versions of a story
    store.search     the full-text indexes and story search
    store.stories    whole stories: create one with everything (imports), complete copies

All parts share one connection (store.db) and its one transaction helper (store.transaction()).
A Store opened for writing holds the folder's lock, so one process writes at a time; any number
of read-only Stores (other processes, worker threads) may read alongside. companion() gives a
worker thread of the writing process its own connection under the same lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desk.errors import SchemaTooNew, StoreError
from desk.migrations import REINDEX_AFTER, SET_NAME, migrations
from desk.store.articles import Articles
from desk.store.db import Database, connect, translate
from desk.store.figures import Figures
from desk.store.history import History
from desk.store.lock import COMMAND, COMMAND_WAIT_S, WINDOW, StoreLock
from desk.store.photos import Photos
from desk.store.search import SearchIndex
from desk.store.stories import Stories
from desk.store.tags import Tags
from desk.store.upgrade import backup_before_upgrade

DB_NAME = "desk.db"
SQLITE_MAGIC = b"SQLite format 3\x00"

__all__ = ["DB_NAME", "Store"]


class Store:
    """A Desk store folder. Use Store.open(); close() when done (or use it as a context manager)."""

    def __init__(self, root: Path, db: Database, lock: StoreLock | None) -> None:
        self.root = root
        self.db = db
        self._lock = lock
        self.search = SearchIndex(db)
        self.history = History(db)
        self.articles = Articles(db, self.search, self.history)
        self.photos = Photos(db, root, self.search)
        self.figures = Figures(db, self.photos, self.search, self.articles)
        self.tags = Tags(db, self.articles, self.figures)
        self.stories = Stories(
            db, self.articles, self.photos, self.figures, self.tags, self.history
        )

    # -- opening and closing --------------------------------------------------------------

    @classmethod
    def open(
        cls,
        root: Path | str,
        readonly: bool = False,
        window: bool = False,
        wait: float = COMMAND_WAIT_S,
    ) -> Store:
        """Open (and create, when writable) the store at root, upgrading its schema if needed;
        window: for the workstation's window (a command waits up to wait seconds for another
        command's lock, never for a window's)."""
        root = Path(root).expanduser().resolve()
        check_folder(root, create=not readonly)
        lock = None
        if not readonly:
            lock = StoreLock(root, kind=WINDOW if window else COMMAND, wait=wait)
            lock.acquire()
        conn = None
        try:
            conn = connect(root / DB_NAME, readonly)
            db = Database(conn, readonly)
            upgraded = _check_schema(db, root)
            if not readonly:
                _use_wal(db)  # only now: a refused database must be left byte for byte
        except BaseException:
            if conn is not None:
                conn.close()
            if lock:
                lock.release()
            raise
        store = cls(root, db, lock)
        if upgraded:
            try:
                store.search.reindex_all()
            except BaseException:
                store.close()
                raise
        return store

    def companion(self) -> Store:
        """Another connection to this store for a worker thread of this process (the lock stays
        with this Store; close the companion before this one)."""
        return Store(
            self.root, Database(connect(self.root / DB_NAME, self.readonly), self.readonly), None
        )

    def close(self) -> None:
        """Close the database and release the lock."""
        self.db.close()
        if self._lock:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def readonly(self) -> bool:
        """True when this Store may only read."""
        return self.db.readonly

    @property
    def media_dir(self) -> Path:
        """Where photo originals live, content-addressed."""
        return self.root / "media"

    @property
    def cache_dir(self) -> Path:
        """Thumbnails and renditions: safe to delete, rebuilt on demand."""
        return self.root / "cache"

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """One transaction over every part: all of it lands or none of it does."""
        with self.db.transaction() as db:
            yield db


def check_folder(root: Path, create: bool) -> None:
    """Make sure root is a usable store folder (created when allowed); raise StoreError if not."""
    if root.exists() and not root.is_dir():
        raise StoreError(f"{root} is a file, not a Desk store folder; choose a folder instead.")
    if not root.exists():
        if not create:
            raise StoreError(f"There is no Desk store at {root}; check the path.")
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Could not create the store folder {root} ({exc.strerror}); "
                "choose a folder you can write to."
            ) from None
    db_path = root / DB_NAME
    if db_path.exists():
        if not db_path.is_file():
            raise StoreError(f"{db_path} is not a file; move it aside or choose another store.")
        with open(db_path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
        if head and head != SQLITE_MAGIC:
            raise StoreError(
                f"{db_path} is not a Desk database (not SQLite); "
                "it was left untouched, choose another store folder."
            )


def _use_wal(db: Database) -> None:
    """Switch a checked, writable database to WAL so readers never block the writer."""
    import sqlite3

    try:
        db.conn.execute("PRAGMA journal_mode = WAL")
        db.conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error as exc:
        raise translate(exc) from None


def _recorded_steps(db: Database) -> list[str]:
    """The schema steps the database says it has had, in order (none for a new one)."""
    if not db.one("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'"):
        return []
    rows = db.query(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id", [SET_NAME]
    )
    return [r[0] for r in rows]


def _check_schema(db: Database, root: Path) -> bool:
    """Refuse a newer Desk's database, upgrade an older one; True when its index must be rebuilt."""
    import sqlite3

    recorded = _recorded_steps(db)
    if recorded == migrations.names:
        return False  # up to date: sqlite-utils is not needed
    from sqlite_utils import Database as Utils

    utils = Utils(db.conn)
    known = set(migrations.names)
    applied = set(recorded)
    if applied - known:
        raise SchemaTooNew(
            f"The store at {root} was written by a newer version of Desk; "
            "update Desk to open it (it was not changed)."
        )
    pending = migrations.pending(utils)
    if not pending:
        return False
    if db.readonly:
        raise StoreError(f"The store at {root} needs upgrading; open it once for writing first.")
    if utils.table_names() and not applied:
        raise StoreError(
            f"{root / DB_NAME} is an SQLite file but not a Desk database; "
            "it was left untouched, choose another store folder."
        )
    try:
        if applied:
            backup_before_upgrade(root / DB_NAME)  # the store as it was, whatever happens next
        migrations.apply(utils)
    except sqlite3.Error as exc:
        raise translate(exc) from None
    except OSError as exc:
        raise StoreError(
            f"The store at {root} was not upgraded: its copy from before the upgrade could not "
            f"be written ({exc.strerror}); free some space and open it again."
        ) from None
    return bool(applied) and any(m.name in REINDEX_AFTER for m in pending)
