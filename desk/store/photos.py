"""Photo originals in the store: media/ab/<sha256>.<ext>, stored once by content, never modified,
with the metadata read from them (images table) and the library that searches them."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from desk.clock import utc_now
from desk.errors import NotFound, StoreError, StoreReadOnly
from desk.model import ArticleSummary, Photo
from desk.store.db import Database
from desk.store.rows import NEWEST_FIRST, PHOTO_COLUMNS, SUMMARY_COLUMNS, photo_from_row
from desk.store.search import SearchIndex

if TYPE_CHECKING:
    from desk.images import PreparedPhoto

# A photo copy in progress: a leftover of a killed Desk is removed on the next start.
PART_PREFIX, PART_SUFFIX = ".adding-", ".part"


def media_rel(prepared: PreparedPhoto) -> str:
    """Where a photo's original lives, relative to the store: media/ab/<sha256>.<ext>."""
    return f"media/{prepared.info.sha256[:2]}/{prepared.info.sha256}.{prepared.info.ext}"


def write_original(root: Path, rel: str, data: bytes, label: str) -> bool:
    """Put a photo's bytes at root/rel atomically (temp file, fsync, os.replace), read-only;
    False when an original of that size is already there."""
    target = root / rel
    if target.is_file() and target.stat().st_size == len(data):
        return False
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=PART_PREFIX, suffix=PART_SUFFIX)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o444)  # originals are never modified
        os.replace(tmp, target)
    except OSError as exc:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if exc.errno == errno.ENOSPC:
            raise StoreError(
                f"{label} was not added: the disk holding the store is full; free some space "
                "and add it again."
            ) from None
        raise StoreError(
            f"Could not copy {label} into the store ({exc.strerror}); "
            "free some disk space or check the store folder's permissions."
        ) from None
    return True


def stage_original(root: Path, prepared: PreparedPhoto) -> None:
    """Copy a prepared photo's original into media/ ahead of Photos.add_prepared().

    File work only (no database), so the UI does it in its worker; add_prepared then just adds
    the rows, and removes the staged file again if that fails.
    """
    prepared.staged = write_original(Path(root), media_rel(prepared), prepared.data, prepared.name)


def leftover_parts(root: Path) -> list[Path]:
    """Half-copied originals a killed Desk left in media/ (safe to delete)."""
    media = Path(root) / "media"
    if not media.is_dir():
        return []
    return sorted(media.glob(f"*/{PART_PREFIX}*{PART_SUFFIX}"))


class Photos:
    """The images table and media/ folder."""

    def __init__(self, db: Database, root: Path, search: SearchIndex) -> None:
        self.db = db
        self.root = root
        self.search = search

    def add(self, path: Path | str, name: str | None = None) -> Photo:
        """Copy a photo into the store (once per content) and return it with its metadata.

        `name` overrides the original file name kept for the library (e.g. a pasted image).
        Raises BadImage for anything that is not a whole, supported, sane photo.
        """
        self._check_writable(name or Path(path).name)
        from desk.images import prepare_photo  # Pillow loads on first use, not at start-up

        return self.add_prepared(prepare_photo(path, name))

    def add_prepared(self, prepared: PreparedPhoto) -> Photo:
        """Store a photo already read and verified by desk.images.prepare_photo()."""
        data, info, label = prepared.data, prepared.info, prepared.name
        self._check_writable(label)
        existing = self.by_sha(info.sha256)
        if existing is not None:
            write_original(self.root, existing.path, data, label)  # restores a lost original
            return existing
        rel = media_rel(prepared)
        created = prepared.staged
        try:
            with self.db.transaction() as db:
                created = write_original(self.root, rel, data, label) or created
                photo_id = db.insert(
                    "images",
                    {
                        "sha256": info.sha256,
                        "path": rel,
                        "format": info.format,
                        "width": info.width,
                        "height": info.height,
                        "size_bytes": info.size_bytes,
                        "original_name": label,
                        "metadata": json.dumps(info.metadata, ensure_ascii=False),
                        "added": utc_now(),
                    },
                )
                self.search.index_photo(photo_id)
        except BaseException:
            if created:
                with contextlib.suppress(OSError):
                    (self.root / rel).unlink()
                    (self.root / rel).parent.rmdir()  # only when nothing else is in it
            raise
        return self.get(photo_id)

    def get(self, photo_id: int) -> Photo:
        """A photo by id, or NotFound."""
        row = self.db.one(f"SELECT {PHOTO_COLUMNS} FROM images WHERE id = ?", [photo_id])
        if row is None:
            raise NotFound(
                f"There is no photo {photo_id}; `desk images` lists the photos there are."
            )
        return photo_from_row(row)

    def by_sha(self, sha256: str) -> Photo | None:
        """The stored photo with this content, if any."""
        row = self.db.one(f"SELECT {PHOTO_COLUMNS} FROM images WHERE sha256 = ?", [sha256])
        return photo_from_row(row) if row else None

    def file(self, photo: Photo) -> Path:
        """The absolute path of a photo's original in media/."""
        return self.root / photo.path

    def library(self, query: str = "", limit: int = 500) -> list[Photo]:
        """Photos across all stories, newest first, or best match for words in captions,
        credits, keywords and names."""
        if not query.strip():
            rows = self.db.query(
                f"SELECT {PHOTO_COLUMNS} FROM images ORDER BY id DESC LIMIT ?", [limit]
            )
            return [photo_from_row(r) for r in rows]
        ids = self.search.photo_ids(query, limit)
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        rows = self.db.query(f"SELECT {PHOTO_COLUMNS} FROM images WHERE id IN ({marks})", ids)
        by_id = {r[0]: photo_from_row(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def usage(self, photo_id: int) -> list[ArticleSummary]:
        """The stories that use a photo, most recently changed first."""
        rows = self.db.query(
            f"SELECT DISTINCT {SUMMARY_COLUMNS} FROM article_images f "
            "JOIN articles a ON a.id = f.article_id WHERE f.image_id = ? "
            f"ORDER BY {NEWEST_FIRST}",
            [photo_id],
        )
        return [ArticleSummary(*r) for r in rows]

    def _check_writable(self, label: str) -> None:
        """Refuse early, naming the file, when the store is open read-only."""
        if self.db.readonly:
            raise StoreReadOnly(
                f"Could not add {label}: this store is open read-only; "
                "close the other Desk window to add photos."
            )
