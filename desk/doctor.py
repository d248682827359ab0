"""Store health: what `desk doctor` checks, what it can repair, and the tidying every start does.

Checks: SQLite's integrity check and foreign-key check; photos the store lists whose original is
missing from media/; media files no photo row uses; leftovers of a killed Desk (half-copied
originals, an unfinished backup); the search index against the stories (rows left stale by a
crash, stories with no row, rows with no story). Repairs are the safe ones only: rebuilding
search rows, deleting leftovers, moving unused media files aside into <store>/lost+found/ (never
deleting a photo), and nothing that could lose text.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from desk.errors import DeskError
from desk.store.photos import PART_PREFIX, leftover_parts

PROBLEM, NOTE = "problem", "note"
UNREADABLE = (
    "The database is too damaged for SQLite to read; restore a backup "
    "(desk restore-backup SRC) and keep this store's folder until you have."
)
BACKUP_MARK = ".backup-in-progress-"  # in the store folder while a backup stages a copy
LOST_AND_FOUND = "lost+found"


@dataclass
class Finding:
    """One thing the doctor found: a problem (exit 1 unless repaired) or a note."""

    level: str
    message: str
    repaired: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain data for `desk doctor --json`."""
        return asdict(self)


@dataclass
class Report:
    """Everything the doctor found."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        """True when no problem is left unrepaired."""
        return not any(f.level == PROBLEM and not f.repaired for f in self.findings)

    def add(self, level: str, message: str, repaired: bool = False) -> None:
        """Note a finding."""
        self.findings.append(Finding(level, message, repaired))


def examine(store: Any, repair: bool = False) -> Report:
    """Check the store (repairing what is safe to repair when asked)."""
    report = Report()
    if not _database(store, report):
        return report  # the other checks would only fail the same way
    _photos(store, report, repair)
    _leftovers(store, report, repair)
    _index(store, report, repair)
    return report


def unreadable() -> Report:
    """The report on a store whose database cannot even be opened (StoreDamaged): what
    `desk doctor` says instead of the refusal that sent the user to it."""
    report = Report()
    report.add(PROBLEM, UNREADABLE)
    return report


def tidy(store: Any) -> list[str]:
    """What every start does quietly: leftovers of a killed Desk removed, stale search rows
    rebuilt. Returns one sentence per thing done (for the log and, when any, the window)."""
    if store.readonly:
        return []
    report = Report()
    _leftovers(store, report, repair=True)
    _index(store, report, repair=True, quiet=True)
    return [f.message for f in report.findings if f.repaired]


def quick_check(store: Any) -> str:
    """SQLite's quick check of the database: 'ok', or what it says is wrong (for the window's
    check on opening)."""
    try:
        rows = store.db.query("PRAGMA quick_check")
    except DeskError as exc:
        return str(exc)
    return "ok" if rows == [("ok",)] else "; ".join(str(r[0]) for r in rows[:5])


def _database(store: Any, report: Report) -> bool:
    """SQLite's own checks; False when the database cannot be read at all."""
    try:
        integrity = store.db.query("PRAGMA integrity_check")
        keys = store.db.query("PRAGMA foreign_key_check")
    except DeskError:
        report.add(PROBLEM, UNREADABLE)
        return False
    if integrity != [("ok",)]:
        said = "; ".join(str(r[0]) for r in integrity[:5])
        report.add(
            PROBLEM,
            f"The database is damaged ({said}); restore it from a backup "
            "(desk restore-backup) or copy the stories out with desk show.",
        )
    if keys:
        tables = sorted({str(r[0]) for r in keys})
        report.add(
            PROBLEM,
            f"{len(keys)} rows point at rows that are gone (in {', '.join(tables)}); "
            "restore a backup if stories look wrong.",
        )
    return True


def _photos(store: Any, report: Report, repair: bool) -> None:
    """Originals the store lists but lacks, and media files no photo uses."""
    rows = store.db.query("SELECT id, path, original_name FROM images ORDER BY id")
    listed = {path for _, path, _ in rows}
    for photo_id, path, name in rows:
        if not (store.root / path).is_file():
            uses = store.photos.usage(photo_id)
            where = ", ".join(a.slug for a in uses[:3]) or "no story"
            report.add(
                PROBLEM,
                f"The photo {name or path} is missing from media/ (used in {where}); "
                "add the file again to the story, or restore a backup.",
            )
    media = store.root / "media"
    if not media.is_dir():
        return
    unused = [
        p
        for p in sorted(media.glob("*/*"))
        if p.is_file()
        and not p.name.startswith(PART_PREFIX)
        and f"media/{p.parent.name}/{p.name}" not in listed
    ]
    if not unused:
        return
    if repair:
        folder = store.root / LOST_AND_FOUND / datetime.now().strftime("%Y%m%d-%H%M%S")
        folder.mkdir(parents=True, exist_ok=True)
        for path in unused:
            shutil.move(str(path), folder / path.name)
        report.add(
            NOTE,
            f"{len(unused)} media files no photo uses were moved to {folder}.",
            repaired=True,
        )
    else:
        report.add(
            NOTE,
            f"{len(unused)} media files no photo uses (desk doctor --repair moves them to "
            f"{LOST_AND_FOUND}/).",
        )


class BackupMark:
    """While a backup is written: a file in the store naming its hidden folder, locked by the
    process writing it. A mark whose lock is free was left by a killed backup (whatever the
    platform: the lock is filelock's, released by the system when its holder dies). Writing the
    mark is best-effort: a store on read-only media gets none."""

    def __init__(self, root: Path, staging: Path) -> None:
        self.path = Path(root) / f"{BACKUP_MARK}{staging.name}.json"
        self.staging = staging
        self.lock: FileLock | None = None

    def __enter__(self) -> BackupMark:
        try:
            self.lock = FileLock(_lock_path(self.path), timeout=0)
            self.lock.acquire()
            self.path.write_text(json.dumps({"staging": str(self.staging)}), encoding="utf-8")
        except (OSError, Timeout):
            self.__exit__()
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)
        if self.lock is not None:
            with contextlib.suppress(OSError):
                self.lock.release()
                Path(self.lock.lock_file).unlink(missing_ok=True)
            self.lock = None


def _lock_path(mark: Path) -> str:
    """The lock file beside a backup mark."""
    return str(mark.with_suffix(".lock"))


def unfinished_backups(root: Path) -> list[tuple[Path, Path | None]]:
    """Backups a killed Desk left half-written: (mark, hidden folder or None when gone). A
    backup still being written by a live process is not among them."""
    found = []
    for mark in sorted(Path(root).glob(f"{BACKUP_MARK}*.json")):
        lock = FileLock(_lock_path(mark), timeout=0)
        try:
            lock.acquire()
        except (Timeout, OSError):
            continue  # its writer is alive
        lock.release()
        try:
            staging: Path | None = Path(json.loads(mark.read_text(encoding="utf-8"))["staging"])
        except (OSError, ValueError, KeyError, TypeError):
            staging = None
        found.append((mark, staging if staging is not None and staging.exists() else None))
    return found


def _leftovers(store: Any, report: Report, repair: bool) -> None:
    """Half-copied originals and unfinished backups, left by a Desk that was killed."""
    parts = leftover_parts(store.root)
    backups = unfinished_backups(store.root)
    folders = [staging for _, staging in backups if staging is not None]
    if not parts and not folders:
        if repair:
            for mark, _ in backups:  # only a mark was left (killed after the rename)
                _forget(mark)
        return
    size = sum(p.stat().st_size for p in parts if p.exists())
    what = []
    if parts:
        what.append(f"{len(parts)} half-copied photo files ({size // 1024:,} KB)")
    if folders:
        where = ", ".join(str(f) for f in folders)
        what.append(
            f"an unfinished backup ({where})"
            if len(folders) == 1
            else f"{len(folders)} unfinished backups ({where})"
        )
    if not repair:
        report.add(
            PROBLEM, f"A killed Desk left {' and '.join(what)}; desk doctor --repair removes them."
        )
        return
    for path in parts:
        with contextlib.suppress(OSError):
            os.chmod(path, 0o644)
            path.unlink()
    for mark, staging in backups:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        _forget(mark)
    report.add(PROBLEM, f"Removed what a killed Desk left: {' and '.join(what)}.", repaired=True)


def _forget(mark: Path) -> None:
    """A backup mark and its lock file, removed."""
    with contextlib.suppress(OSError):
        mark.unlink(missing_ok=True)
        Path(_lock_path(mark)).unlink(missing_ok=True)


def _index(store: Any, report: Report, repair: bool, quiet: bool = False) -> None:
    """Search rows that do not match their stories."""
    try:
        wrong = sorted(set(store.search.stale()) | set(store.search.missing()))
    except DeskError as exc:
        report.add(PROBLEM, f"The search index cannot be read ({exc}).")
        return
    if not wrong:
        return
    if not repair:
        report.add(
            PROBLEM,
            f"The search index is out of date for {len(wrong)} stories; "
            "desk doctor --repair rebuilds their rows.",
        )
        return
    existing = {r[0] for r in store.db.query("SELECT id FROM articles")}
    for article_id in wrong:
        if article_id in existing:
            store.search.index_story(article_id)
        else:
            store.search.remove_story(article_id)
    report.add(
        NOTE if quiet else PROBLEM,
        f"Search rows rebuilt for {len(wrong)} stories (left out of date by an interrupted save).",
        repaired=True,
    )
