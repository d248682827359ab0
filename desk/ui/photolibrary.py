"""The photo library: every photo in the store, searchable by caption, credit, keyword and file
name, with the stories that use each one; a photo can be reused in the open story."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desk.errors import DeskError
from desk.model import Photo
from desk.store import Store

from desk.ui.hub import Hub
from desk.ui.photowork import ThumbnailCache, placeholder

PHOTO_ID_ROLE = Qt.ItemDataRole.UserRole + 1
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_DELAY_MS = 200


class PhotoModel(QAbstractListModel):
    """Photos as thumbnails with their caption or file name."""

    def __init__(self, thumbs: ThumbnailCache, parent=None) -> None:
        super().__init__(parent)
        self.thumbs = thumbs
        self.photos: list[Photo] = []
        thumbs.ready.connect(self._on_thumb)

    def set_photos(self, photos: list[Photo]) -> None:
        """Show these photos."""
        self.beginResetModel()
        self.photos = photos
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.photos)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.photos):
            return None
        photo = self.photos[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = photo.metadata.get("caption") or photo.original_name
            return text if len(text) <= 40 else text[:39] + "…"
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumbs.pixmap(photo) or placeholder(self.thumbs.size)
        if role == Qt.ItemDataRole.ToolTipRole:
            return photo.original_name
        if role == PHOTO_ID_ROLE:
            return photo.id
        return None

    def _on_thumb(self, sha256: str) -> None:
        """Repaint a photo whose thumbnail arrived."""
        for row, photo in enumerate(self.photos):
            if photo.sha256 == sha256:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


class PhotoLibraryDialog(QDialog):
    """Search every photo; see where each is used; reuse one in the open story."""

    useRequested = Signal(int)  # photo id to place in the open story

    def __init__(self, store: Store, hub: Hub, thumbs: ThumbnailCache, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Photo Library")
        self.store, self.hub = store, hub
        self.article_id: int | None = None
        self.model = PhotoModel(thumbs, self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search captions, credits, keywords, file names")
        self.search.setClearButtonEnabled(True)
        self.view = QListView(self)
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setIconSize(QSize(thumbs.size, thumbs.size * 3 // 4))
        self.view.setGridSize(QSize(thumbs.size + 16, thumbs.size * 3 // 4 + 40))
        self.view.setWordWrap(True)
        self.view.setModel(self.model)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.usage = QListWidget(self)
        self.usage.setToolTip("Double-click a story to open it")
        self.use_button = QPushButton("Use in This Story", self)
        self.use_button.setToolTip("Place it in the open story with a caption of its own")
        self.count = QLabel(self)
        self._layout()
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.view.selectionModel().currentChanged.connect(lambda *_: self._show_current())
        self.view.doubleClicked.connect(lambda _i: self.use_current())
        self.usage.itemDoubleClicked.connect(self._open_story)
        self.use_button.clicked.connect(self.use_current)
        self.resize(900, 600)

    def _layout(self) -> None:
        """Search and grid on the left; details, usage and the button on the right."""
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.search)
        lv.addWidget(self.view, 1)
        lv.addWidget(self.count)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.details)
        rv.addWidget(QLabel("Used in:", right))
        rv.addWidget(self.usage, 1)
        rv.addWidget(self.use_button)
        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        outer = QHBoxLayout(self)
        outer.addWidget(splitter)

    def set_article(self, article_id: int | None) -> None:
        """The story a chosen photo would go into (None: no story open)."""
        self.article_id = article_id
        self._show_current()

    def reload(self) -> None:
        """Search the library again."""
        try:
            photos = self.store.photos.library(self.search.text())
        except DeskError as exc:
            self.count.setText(str(exc))
            return
        self.model.set_photos(photos)
        self.count.setText(f"{len(photos)} photo" + ("" if len(photos) == 1 else "s"))
        if photos:
            self.view.setCurrentIndex(self.model.index(0))
        self._show_current()

    def current_photo(self) -> Photo | None:
        """The selected photo."""
        row = self.view.currentIndex().row()
        return self.model.photos[row] if 0 <= row < len(self.model.photos) else None

    def _show_current(self) -> None:
        """Details and usage of the selected photo."""
        photo = self.current_photo()
        self.usage.clear()
        writable = not self.store.readonly and self.article_id is not None
        self.use_button.setEnabled(photo is not None and writable)
        if photo is None:
            self.details.setText("No photo selected.")
            return
        meta = photo.metadata
        lines = [
            f"<b>{_esc(photo.original_name)}</b> · {photo.width}×{photo.height}",
            _esc(meta.get("caption") or meta.get("headline") or "(no embedded caption)"),
            "Credit: " + _esc(meta.get("credit") or ", ".join(meta.get("creators") or []) or "—"),
            "Keywords: " + _esc(", ".join(meta.get("keywords") or []) or "—"),
        ]
        self.details.setText("<br>".join(lines))
        for story in self.store.photos.usage(photo.id):
            item = QListWidgetItem(f"{story.headline or story.slug}  [{story.status}]")
            item.setData(ARTICLE_ID_ROLE, story.id)
            self.usage.addItem(item)

    def use_current(self) -> None:
        """Reuse the selected photo in the open story."""
        photo = self.current_photo()
        if photo is not None and self.use_button.isEnabled():
            self.useRequested.emit(photo.id)
            self._show_current()

    def _open_story(self, item: QListWidgetItem) -> None:
        """Open a story that uses the photo."""
        self.hub.openArticleRequested.emit(int(item.data(ARTICLE_ID_ROLE)))


def _esc(text: str) -> str:
    """Plain text for a rich-text label."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
