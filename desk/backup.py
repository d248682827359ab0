"""Backups of a store: consistent copies (SQLite's online backup of desk.db, and media/), made by
hand (`desk backup DEST`), on a schedule into a folder the user picks (the last N kept), and
before every schema upgrade; and bringing one back (`desk restore-backup SRC [--into DIR]`).

A backup is a store folder of its own (open it with `desk --store DEST`) holding a backup.json
manifest. It is written beside its destination under a hidden name and renamed only when whole,
so a failed or killed backup never leaves a folder that looks complete; the store remembers the
hidden folder while it is written (desk.doctor removes it after a kill). cache/ is not copied.
"""

from __future__ import annotations

import contextlib
import errno
import json
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from desk import __version__
from desk.clock import parse_utc, utc_now
from desk.doctor import BackupMark
from desk.errors import BadInput, StoreError

MANIFEST = "backup.json"
SCHEDULED_PREFIX = "desk-backup-"
EVERY = {"hourly": timedelta(hours=1), "daily": timedelta(days=1), "weekly": timedelta(days=7)}


@dataclass
class BackupResult:
    """Where the backup went and what it holds."""

    path: Path
    stories: int
    photos: int


@dataclass
class Restored:
    """Where a backup was brought back, and where today's store went (None: there was none)."""

    path: Path
    replaced: Path | None = None


def backup_store(
    store: Any, dest: Path | str, connection: sqlite3.Connection | None = None
) -> BackupResult:
    """Copy the store (database and photo originals) into the new folder dest.

    connection: the one to copy from (a worker's read-only one; the store's own by default).
    """
    dest = Path(dest).expanduser().resolve()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BadInput(
            f"{dest} already exists and is not empty; choose a new folder to back up to."
        )
    if dest == store.root or store.root in dest.parents:
        raise BadInput("The backup cannot go inside the store itself; choose a folder elsewhere.")
    staging: Path | None = None
    mark = contextlib.ExitStack()
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}-partial-", dir=dest.parent))
        mark.enter_context(BackupMark(store.root, staging))
        target = sqlite3.connect(staging / "desk.db")
        try:
            (connection or store.db.conn).backup(target)
            stories = int(target.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            target.close()
        if store.media_dir.is_dir():
            shutil.copytree(
                store.media_dir, staging / "media", ignore=shutil.ignore_patterns(".adding-*")
            )
        photos = sum(1 for p in (staging / "media").rglob("*") if p.is_file())
        manifest = {"made": utc_now(), "stories": stories, "photos": photos, "desk": __version__}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        if dest.exists():
            dest.rmdir()
        staging.rename(dest)
        staging = None
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        todo = (
            "free some space or choose another disk"
            if getattr(exc, "errno", None) == errno.ENOSPC or "full" in reason.lower()
            else "choose a folder you can write to"
        )
        raise StoreError(
            f"The backup to {dest} failed ({reason}); nothing was left there, {todo}."
        ) from None
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        mark.close()
    return BackupResult(dest, stories, photos)


# -- scheduled backups ----------------------------------------------------------------------


def backups_in(folder: Path) -> list[Path]:
    """The scheduled backups in a folder, oldest first (only whole ones: hidden ones are not)."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.glob(f"{SCHEDULED_PREFIX}*")
        if p.is_dir() and (p / MANIFEST).is_file() and (p / "desk.db").is_file()
    )


def made(backup: Path) -> datetime | None:
    """When a backup was made (from its manifest), or None when it cannot be read."""
    try:
        return parse_utc(json.loads((backup / MANIFEST).read_text(encoding="utf-8"))["made"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def due(folder: Path, every: str, now: datetime | None = None) -> bool:
    """True when the newest backup in the folder is older than the schedule allows."""
    if every not in EVERY:
        return False
    newest = backups_in(folder)
    when = made(newest[-1]) if newest else None
    return when is None or (now or datetime.now(UTC)) - when >= EVERY[every]


def scheduled_backup(
    store: Any, folder: Path, keep: int, connection: sqlite3.Connection | None = None
) -> BackupResult:
    """A new backup in the folder (named by its time), then only the newest `keep` are kept."""
    folder = Path(folder).expanduser()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = folder / f"{SCHEDULED_PREFIX}{stamp}"
    n = 2
    while dest.exists():
        dest = folder / f"{SCHEDULED_PREFIX}{stamp}-{n}"
        n += 1
    result = backup_store(store, dest, connection)
    for old in backups_in(folder)[: -max(1, keep)]:
        shutil.rmtree(old, ignore_errors=True)
    return result


# -- bringing one back ------------------------------------------------------------------------


def check_backup(src: Path) -> dict[str, Any]:
    """A backup's manifest, once its database proves whole and Desk's; BadInput otherwise."""
    src = Path(src).expanduser()
    db = src / "desk.db"
    if not db.is_file():
        raise BadInput(f"{src} is not a Desk backup (it has no desk.db); choose a backup folder.")
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        try:
            verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
            desk = conn.execute(
                "SELECT count(*) FROM sqlite_master "
                "WHERE name IN ('articles', '_sqlite_migrations')"
            ).fetchone()[0]
            stories = 0
            if desk == 2:
                stories = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BadInput(f"The backup {src} cannot be read ({exc}); choose another one.") from None
    if desk != 2:
        raise BadInput(f"{src} is not a Desk backup (its database is not Desk's).")
    if verdict != "ok":
        raise BadInput(f"The backup {src} is damaged ({verdict}); choose another one.")
    try:
        manifest = json.loads((src / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    manifest.setdefault("stories", stories)
    return manifest


def restore_backup(src: Path | str, into: Path | str) -> Restored:
    """Make the store at `into` the backup: a new folder, or (when a store is there) the backup
    in its place, today's store kept in <into>/replaced-<time>/. The store must not be open."""
    from desk.store.lock import StoreLock

    src, into = Path(src).expanduser().resolve(), Path(into).expanduser().resolve()
    check_backup(src)
    if into == src or src in into.parents or into in src.parents:
        raise BadInput("Restore the backup into another folder than the backup itself.")
    existing = into.is_dir() and any(into.iterdir())
    if not existing:
        return Restored(_copy_new(src, into))
    lock = StoreLock(into)
    lock.acquire()  # StoreLocked (naming the window) when Desk is open on it
    try:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        staging = Path(tempfile.mkdtemp(prefix=".restoring-", dir=into))
        try:
            _copy_parts(src, staging)
            aside = into / f"replaced-{stamp}"
            aside.mkdir()
            for name in ("desk.db", "desk.db-wal", "desk.db-shm", "media"):
                if (into / name).exists():
                    (into / name).rename(aside / name)
            for name in ("desk.db", "media"):
                if (staging / name).exists():
                    (staging / name).rename(into / name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        raise StoreError(
            f"The backup could not be put in place ({exc.strerror}); the store was left as it was "
            "or is in its replaced- folder."
        ) from None
    finally:
        lock.release()
    return Restored(into, aside)


def _copy_new(src: Path, into: Path) -> Path:
    """The backup copied into a new store folder (written hidden, renamed when whole)."""
    try:
        into.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{into.name}-restoring-", dir=into.parent))
        try:
            _copy_parts(src, staging)
            if into.exists():
                into.rmdir()
            staging.rename(into)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    except OSError as exc:
        raise StoreError(
            f"The backup could not be copied to {into} ({exc.strerror}); nothing was left there."
        ) from None
    return into


def _copy_parts(src: Path, dest: Path) -> None:
    """A backup's database (through SQLite, so it is whole) and its media into dest."""
    source = sqlite3.connect(f"{(src / 'desk.db').as_uri()}?mode=ro", uri=True)
    copy = sqlite3.connect(dest / "desk.db")
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    if (src / "media").is_dir():
        shutil.copytree(src / "media", dest / "media")
