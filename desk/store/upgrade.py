"""Before a schema upgrade, a copy of the database as it was (the store's backups/ folder)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

UPGRADE_BACKUPS = "backups"  # inside the store: copies of desk.db from before a schema upgrade
KEEP_UPGRADE_BACKUPS = 3


def backup_before_upgrade(db_path: Path) -> Path | None:
    """A copy of desk.db made just before a schema upgrade (inside the store's backups/ folder;
    the last few kept). None when there is no database yet."""
    if not db_path.is_file():
        return None
    folder = db_path.parent / UPGRADE_BACKUPS
    folder.mkdir(exist_ok=True)
    target = folder / f"desk-before-upgrade-{datetime.now():%Y%m%d-%H%M%S}.db"
    partial = target.with_suffix(".partial")
    source = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    partial.rename(target)
    for old in sorted(folder.glob("desk-before-upgrade-*.db"))[:-KEEP_UPGRADE_BACKUPS]:
        old.unlink(missing_ok=True)
    return target
