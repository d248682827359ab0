"""Photo work off the GUI thread: cached thumbnails and reading photo files before adding them.

Workers only call pure core functions (desk.images); every Store call stays on the GUI thread,
fed by queued signals.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap

from desk.errors import DeskError
from desk.model import Photo
from desk.store.photos import stage_original

THUMB_SIZE = 160


class _ThumbSignals(QObject):
    """Carries a finished thumbnail back to the GUI thread."""

    done = Signal(str, str)  # sha256, path of the cached thumbnail
    failed = Signal(str, str)  # sha256, message


class _ThumbJob(QRunnable):
    """Make one thumbnail (decoded small with JPEG draft mode) in a worker thread."""

    def __init__(self, root: Path, photo: Photo, size: int, signals: _ThumbSignals) -> None:
        super().__init__()
        self.root, self.photo, self.size, self.signals = root, photo, size, signals

    def run(self) -> None:
        try:
            from desk.images import make_thumbnail

            path = make_thumbnail(self.root, self.photo, self.size)
        except Exception as exc:
            self.signals.failed.emit(self.photo.sha256, str(exc))
        else:
            self.signals.done.emit(self.photo.sha256, str(path))


class ThumbnailCache(QObject):
    """Thumbnails by photo content: from memory, else from cache/thumbs/, else made in a worker."""

    ready = Signal(str)  # sha256 of a photo whose thumbnail can now be shown

    def __init__(self, store_root: Path, size: int = THUMB_SIZE, parent: QObject | None = None):
        super().__init__(parent)
        self.root = Path(store_root)
        self.size = size
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._pixmaps: dict[str, QPixmap] = {}
        self._pending: set[str] = set()
        self.failures: dict[str, str] = {}
        self._signals = _ThumbSignals(self)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)

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
            self._pending.add(photo.sha256)
            self.pool.start(_ThumbJob(self.root, photo, self.size, self._signals))
        return None

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until queued thumbnails are made (for tests and shutdown)."""
        return self.pool.waitForDone(msecs)

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


class AddSignals(QObject):
    """Progress of reading a batch of photo files in a worker."""

    prepared = Signal(int, object)  # index, desk.images.PreparedPhoto
    failed = Signal(int, str)  # index, one-sentence reason naming the file
    finished = Signal()


class AddPhotosJob(QRunnable):
    """Read, verify, hash (and stage into media/) photo files one by one; cancellable between
    files. The rows are added by the GUI thread (Store.add_prepared)."""

    def __init__(
        self, paths: Sequence[Path], names: Sequence[str | None], store_root: Path | None = None
    ) -> None:
        super().__init__()
        self.paths, self.names = list(paths), list(names)
        self.store_root = store_root  # when given, originals are copied into media/ here too
        self.signals = AddSignals()
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop after the current file."""
        self._cancel.set()

    def run(self) -> None:
        try:
            for index, (path, name) in enumerate(zip(self.paths, self.names, strict=True)):
                if self._cancel.is_set():
                    break
                try:
                    from desk.images import prepare_photo

                    prepared = prepare_photo(path, name)
                    if self.store_root is not None:
                        stage_original(self.store_root, prepared)  # the slow fsync, off the GUI
                except DeskError as exc:
                    self.signals.failed.emit(index, str(exc))
                except Exception as exc:
                    self.signals.failed.emit(index, f"{Path(path).name} could not be read ({exc}).")
                else:
                    self.signals.prepared.emit(index, prepared)
        finally:
            self.signals.finished.emit()


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
