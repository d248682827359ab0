"""Photo work off the GUI thread: cached thumbnails and reading photo files before adding them.

Both run through the window's job service (desk.ui.jobs: thumbnails in the photos lane, files
being added in the adding lane). Workers only call pure core functions (desk.images); every
Store call stays on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap

from desk.errors import DeskError
from desk.model import Photo
from desk.store.photos import stage_original

from desk.ui.jobs import Job, Jobs

THUMB_SIZE = 160


def _make_thumbnail(root: Path, photo: Photo, size: int) -> str:
    """One thumbnail (decoded small with JPEG draft mode), on a worker thread; its path."""
    from desk.images import make_thumbnail

    return str(make_thumbnail(root, photo, size))


class ThumbnailCache(QObject):
    """Thumbnails by photo content: from memory, else from cache/thumbs/, else made in a worker."""

    ready = Signal(str)  # sha256 of a photo whose thumbnail can now be shown

    def __init__(
        self,
        store_root: Path,
        size: int = THUMB_SIZE,
        parent: QObject | None = None,
        jobs: Jobs | None = None,
    ):
        super().__init__(parent)
        self.root = Path(store_root)
        self.size = size
        self.jobs = jobs or Jobs(self)  # the window's service; a service of its own alone
        self._pixmaps: dict[str, QPixmap] = {}
        self._pending: set[str] = set()
        self.failures: dict[str, str] = {}

    def pixmap(self, photo: Photo) -> QPixmap | None:
        """The photo's thumbnail if at hand; otherwise one is requested and None returned."""
        cached = self._pixmaps.get(photo.sha256)
        if cached is not None:
            return cached
        from desk.images import thumbnail_path

        path = thumbnail_path(self.root, photo.sha256, self.size)
        if path.exists():
            pix = QPixmap(str(path))
            if not pix.isNull():
                self._pixmaps[photo.sha256] = pix
                return pix
        if photo.sha256 not in self._pending and photo.sha256 not in self.failures:
            sha = photo.sha256
            self._pending.add(sha)
            self.jobs.submit(
                "photos",
                _make_thumbnail,
                self.root,
                photo,
                self.size,
                on_done=lambda path: self._on_done(sha, path),
                on_failed=lambda message: self._on_failed(sha, message),
            )
        return None

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until queued thumbnails are made (for tests and shutdown)."""
        return self.jobs.wait("photos", msecs)

    def _on_done(self, sha256: str, path: str) -> None:
        """A worker finished a thumbnail: keep it and tell the views."""
        self._pending.discard(sha256)
        self._pixmaps[sha256] = QPixmap(path)
        self.ready.emit(sha256)

    def _on_failed(self, sha256: str, message: str) -> None:
        """A thumbnail could not be made: remember why (shown as the item's tooltip)."""
        self._pending.discard(sha256)
        self.failures[sha256] = message
        self.ready.emit(sha256)


def placeholder(size: int, text: str = "…") -> QPixmap:
    """A grey square shown while a thumbnail is being made (or when it cannot be)."""
    pix = QPixmap(size, size * 3 // 4)
    pix.fill(QColor("#d0d0d0"))
    painter = QPainter(pix)
    painter.setPen(QColor("#505050"))
    painter.drawText(pix.rect(), 0x0084, text)  # AlignCenter
    painter.end()
    return pix


def with_badge(pix: QPixmap, label: str) -> QPixmap:
    """A copy of the thumbnail with a small badge (e.g. LEAD) in its top-left corner."""
    out = QPixmap(pix)
    painter = QPainter(out)
    font = QFont(painter.font())
    font.setBold(True)
    font.setPointSize(max(7, font.pointSize() - 1))
    painter.setFont(font)
    width = painter.fontMetrics().horizontalAdvance(label) + 10
    height = painter.fontMetrics().height() + 4
    painter.fillRect(4, 4, width, height, QColor("#b00020"))
    painter.setPen(QColor("white"))
    painter.drawText(4, 4, width, height, 0x0084, label)
    painter.end()
    return out


def read_photo_files(
    paths: Sequence[Path], names: Sequence[str | None], store_root: Path | None, job: Job
) -> None:
    """On a worker: read, verify, hash (and stage into media/ under store_root) photo files one
    by one, stopping between files when cancelled. Each file is sent to the GUI thread as
    (index, PreparedPhoto or None, why it failed); the GUI thread adds the rows."""
    from desk.images import prepare_photo

    for index, (path, name) in enumerate(zip(paths, names, strict=True)):
        if job.cancelled:
            break
        try:
            prepared = prepare_photo(path, name)
            if store_root is not None:
                stage_original(store_root, prepared)  # the slow fsync, off the GUI thread
        except DeskError as exc:
            job.send((index, None, str(exc)))
        except Exception as exc:
            job.send((index, None, f"{Path(path).name} could not be read ({exc})."))
        else:
            job.send((index, prepared, ""))


def photo_paths(mime: QMimeData | None) -> list[str]:
    """Local photo files among dropped URLs (other drops are left to the widget)."""
    if mime is None or not mime.hasUrls():
        return []
    paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
    suffixes = {pattern[1:].lower() for pattern in file_patterns()}  # ".jpg", ".png", ...
    return [p for p in paths if Path(p).suffix.lower() in suffixes]


def file_patterns() -> list[str]:
    """Photo file patterns for open dialogs (Pillow loads here, not at start-up)."""
    from desk.images import FILE_PATTERNS

    return FILE_PATTERNS
