"""A backup of a store: a consistent copy of desk.db (SQLite's online backup) and media/.

The copy is a store folder of its own (open it with `desk --store DEST`). It is written beside
DEST under a temporary name and renamed into place when whole, so a failed backup leaves
nothing half-written; cache/ is not copied (it is rebuilt on demand).
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desk.errors import BadInput, StoreError


@dataclass
class BackupResult:
    """Where the backup went and what it holds."""

    path: Path
    stories: int
    photos: int


def backup_store(store: Any, dest: Path | str) -> BackupResult:
    """Copy the store (database and photo originals) into the new folder dest."""
    dest = Path(dest).expanduser().resolve()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BadInput(
            f"{dest} already exists and is not empty; choose a new folder to back up to."
        )
    if dest == store.root or store.root in dest.parents:
        raise BadInput("The backup cannot go inside the store itself; choose a folder elsewhere.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
    try:
        target = sqlite3.connect(staging / "desk.db")
        try:
            store.db.conn.backup(target)
        finally:
            target.close()
        if store.media_dir.is_dir():
            shutil.copytree(store.media_dir, staging / "media")
        if dest.exists():
            dest.rmdir()
        staging.rename(dest)
    except (OSError, sqlite3.Error) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        reason = getattr(exc, "strerror", None) or str(exc)
        raise StoreError(
            f"The backup to {dest} failed ({reason}); nothing was left there, free some space "
            "or choose another disk."
        ) from None
    photos = (
        sum(1 for p in (dest / "media").rglob("*") if p.is_file())
        if (dest / "media").exists()
        else 0
    )
    return BackupResult(dest, store.articles.count(), photos)
