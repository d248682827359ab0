"""Pieces of the Photos dock: the thumbnail strip (model and view) and the figure editor.

The strip shows a story's figures lead first; dragging reorders them, dropping files adds them
(both as requests the panel carries out through the Store). The editor saves caption, credit
and alt text a moment after typing stops.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)

from desk.model import Figure
from desk.store.figures import ALT_MAX

from desk.ui.photowork import ThumbnailCache, placeholder, with_badge
from desk.ui.style import show_warning

FIGURE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
MIME_FIGURES = "application/x-desk-figure-ids"
COMMIT_DELAY_MS = 600


def summary(fig: Figure, placed: bool) -> str:
    """The text under a thumbnail: its number, the caption's start, and what is still missing."""
    short = fig.caption or "(no caption)"  # the strip shortens it to its cell (cut here too: "……")
    name = f"Figure {fig.number}" if fig.number else "Not in the text"
    notes = []
    label = _reader_label(fig)
    if label:
        notes.append(label)
    if not fig.alt:
        notes.append("no alt text")
    if fig.stray:
        notes.append("not on a line of its own")
    return f"{name}: {short}" + (f"\n⚠ {', '.join(notes)}" if notes else "")


def _reader_label(fig: Figure) -> str:
    """'AI-generated image' for a synthetic photo, else ''."""
    from desk.provenance import reader_label

    return reader_label(fig.photo.metadata.get("digital_source_type")) if fig.photo else ""


class FigureModel(QAbstractListModel):
    """A story's figures for the thumbnail strip; drops become reorder or add requests."""

    reorderRequested = Signal(list)  # figure ids in their new order
    filesDropped = Signal(list)  # local file paths

    def __init__(self, thumbs: ThumbnailCache, parent=None) -> None:
        super().__init__(parent)
        self.thumbs = thumbs
        self.figures: list[Figure] = []
        self.placed: set[int] = set()
        thumbs.ready.connect(self._on_thumb)

    def set_figures(self, figures: list[Figure], placed: set[int]) -> None:
        """Show these figures (lead first); nothing happens when they are unchanged."""
        if figures == self.figures and placed == self.placed:
            return  # e.g. an autosave of the text: keep scroll position and any drag
        self.beginResetModel()
        self.figures, self.placed = figures, placed
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.figures)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.figures):
            return None
        fig = self.figures[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return summary(fig, fig.id in self.placed)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(fig)
        if role == Qt.ItemDataRole.ToolTipRole:
            name = fig.photo.original_name if fig.photo else "no photo yet"
            failure = self.thumbs.failures.get(fig.photo.sha256, "") if fig.photo else ""
            return "\n".join(filter(None, [name, fig.caption, fig.credit, failure]))
        if role == FIGURE_ID_ROLE:
            return fig.id
        return None

    def _icon(self, fig: Figure):
        """The thumbnail (or a placeholder), badged LEAD for the lead photo."""
        size = self.thumbs.size
        pix = self.thumbs.pixmap(fig.photo) if fig.photo else placeholder(size, "Awaiting photo")
        pix = pix or placeholder(size)
        return with_badge(pix, "LEAD") if fig.role == "lead" else pix

    def _on_thumb(self, sha256: str) -> None:
        """A thumbnail arrived: repaint the figures showing that photo."""
        for row, fig in enumerate(self.figures):
            if fig.photo and fig.photo.sha256 == sha256:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return (
            base
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | (
                Qt.ItemFlag.ItemIsDragEnabled
                if self.figures[index.row()].role == "inline"
                else Qt.ItemFlag.NoItemFlags
            )
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [MIME_FIGURES, "text/uri-list"]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        ids = [str(self.figures[i.row()].id) for i in indexes if i.isValid()]
        mime = QMimeData()
        mime.setData(MIME_FIGURES, QByteArray(",".join(ids).encode()))
        return mime

    def dropMimeData(self, data: QMimeData, action, row: int, column: int, parent) -> bool:
        """A drop of our own figures reorders them; a drop of files adds them."""
        if data.hasUrls():
            paths = [u.toLocalFile() for u in data.urls() if u.isLocalFile()]
            if paths:
                self.filesDropped.emit(paths)
            return False  # handled by the panel; nothing to remove from the source
        if not data.hasFormat(MIME_FIGURES):
            return False
        moved = [int(x) for x in bytes(data.data(MIME_FIGURES).data()).decode().split(",") if x]
        if row < 0:
            row = parent.row() if parent.isValid() else len(self.figures)
        self.reorderRequested.emit(self.order_after_drop(moved, row))
        return False  # the store reorders; the model reloads from it

    def order_after_drop(self, moved: list[int], row: int) -> list[int]:
        """Inline figure ids after moving `moved` to just before `row`."""
        inline = [f.id for f in self.figures if f.role == "inline"]
        before = [f.id for f in self.figures[:row] if f.role == "inline" and f.id not in moved]
        rest = [f for f in inline if f not in moved and f not in before]
        return before + [m for m in moved if m in inline] + rest


class FigureStrip(QListView):
    """The thumbnail strip: icon mode, drag to reorder, drop files to add them."""

    filesDropped = Signal(list)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)  # drags go through the model
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setWrapping(True)
        self.setSpacing(6)
        self.setWordWrap(True)  # items sized each by its own label (a uniform size, taken
        # from the first item, cut the labels of the others under their pictures)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setAcceptDrops(True)
        self.setAccessibleName("Photos in this story")

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
            event.acceptProposedAction()
            self.filesDropped.emit(paths)
            return
        super().dropEvent(event)


class FigureEditor(QWidget):
    """Caption, credit and alt text of one figure, saved a moment after typing stops."""

    commitRequested = Signal(int, dict)  # figure id, changed fields

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.figure: Figure | None = None
        self.caption = QPlainTextEdit(self)
        self.caption.setPlaceholderText("What readers read under the photo")
        self.caption.setTabChangesFocus(True)
        self.caption.setMaximumHeight(80)
        self.credit = QLineEdit(self)
        self.credit.setPlaceholderText("Photographer/Agency")
        self.alt = QPlainTextEdit(self)
        self.alt.setPlaceholderText(
            "Describe the picture for someone who cannot see it (not the caption again)"
        )
        self.alt.setTabChangesFocus(True)
        self.alt.setMaximumHeight(70)
        self.alt_count = QLabel(self)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        show_warning(self.error, True)  # readable in the dark palette too (#b00020 was not)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # fits a narrow dock
        alt_hint = (
            "Describes the picture for someone who cannot see it (read aloud by screen readers)."
        )
        for name, hint, field in (
            ("Caption", "What readers read under the photo.", self.caption),
            ("Credit", "Who took or supplied the photo.", self.credit),
            ("Alt text", alt_hint, self.alt),
        ):
            # a row of its own above the field: a form's label column would wrap the hint at
            # its own narrow width rather than the dock's
            form.addRow(self._label(name, hint, field))
            form.addRow(field)
        form.addRow(self.alt_count)
        form.addRow(self.error)
        form.addRow(self.info)
        self._timer = QTimer(self, singleShot=True, interval=COMMIT_DELAY_MS)
        self._timer.timeout.connect(self.commit)
        self.caption.textChanged.connect(self._changed)
        self.credit.textEdited.connect(self._changed)
        self.alt.textChanged.connect(self._changed)
        self.load(None)

    def _label(self, text: str, hint: str, field: QWidget) -> QLabel:
        """A field's label (its buddy, so screen readers name the field by it) with its
        explanation as a tooltip and below the name."""
        label = QLabel(f"{text}<br><small>{hint}</small>", self)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setToolTip(hint)
        label.setBuddy(field)
        return label

    def load(self, fig: Figure | None) -> None:
        """Show a figure's fields (or nothing)."""
        self._timer.stop()
        self.figure = fig
        for widget in (self.caption, self.credit, self.alt):
            widget.blockSignals(True)
        self.caption.setPlainText(fig.caption if fig else "")
        self.credit.setText(fig.credit if fig else "")
        self.alt.setPlainText(fig.alt if fig else "")
        for widget in (self.caption, self.credit, self.alt):
            widget.blockSignals(False)
            widget.setEnabled(fig is not None)
        self.error.clear()
        self.info.setText(photo_info(fig))
        self._update_count()

    def _changed(self) -> None:
        """Typing: update the counter and save a moment later."""
        self._update_count()
        self._timer.start()

    def _update_count(self) -> None:
        """The alt text's live length against IPTC's limit."""
        n = len(" ".join(self.alt.toPlainText().split()))
        over = n > ALT_MAX
        self.alt_count.setText(f"{n} / {ALT_MAX}" + (" — too long, not saved" if over else ""))
        show_warning(self.alt_count, over)

    def pending(self) -> dict[str, str]:
        """Fields that differ from the figure as last loaded."""
        if self.figure is None:
            return {}
        values = {
            "caption": " ".join(self.caption.toPlainText().split()),
            "credit": " ".join(self.credit.text().split()),
            "alt": " ".join(self.alt.toPlainText().split()),
        }
        return {k: v for k, v in values.items() if v != getattr(self.figure, k)}

    def commit(self) -> None:
        """Ask for the changed fields to be saved now (also called before switching)."""
        self._timer.stop()
        changes = self.pending()
        if changes and self.figure is not None:
            self.commitRequested.emit(self.figure.id, changes)

    def saved(self, fig: Figure) -> None:
        """The store took the changes: remember them without touching what is being typed."""
        self.figure = fig
        self.error.clear()

    def show_error(self, message: str) -> None:
        """The store refused a change: say why beside the fields."""
        self.error.setText(message)


def photo_info(fig: Figure | None) -> str:
    """What the photo itself says: file, size, creators, date, place, camera, keywords."""
    if fig is None:
        return "Select a photo to edit its caption, credit and alt text."
    if fig.photo is None:
        return "Awaiting a photo: drop one on its card in the text, or use Add Photos…"
    p, meta = fig.photo, fig.photo.metadata
    place = ", ".join(filter(None, [meta.get("city"), meta.get("state"), meta.get("country")]))
    gps = meta.get("gps")
    lines = [
        f"{p.original_name} · {p.format} {p.width}×{p.height} · {p.size_bytes // 1024} KB",
        "By " + ", ".join(meta.get("creators") or []) if meta.get("creators") else "",
        taken(meta.get("date_created") or meta.get("captured_at") or ""),
        place,
        f"GPS {gps['lat']:.5f}, {gps['lon']:.5f}" if gps else "",
        meta.get("camera") or "",
        "Keywords: " + ", ".join(meta.get("keywords") or []) if meta.get("keywords") else "",
        *provenance_lines(meta),
    ]
    return "\n".join(line for line in lines if line)


def scrolled(editor: FigureEditor, parent: QWidget) -> QScrollArea:
    """The figure editor in a scroll area: its photo details grow with the photo chosen,
    and the dock, then the window, grew with them past a 720 px screen's bottom."""
    fields = editor.minimumSizeHint().height()  # caption, credit and alt text, no details
    area = QScrollArea(parent)
    area.setWidget(editor)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setMinimumHeight(fields)  # the fields stay in sight; the details scroll
    return area


def taken(value: str) -> str:
    """When the photo was taken, as its camera or agency recorded it ('Taken 2017-07-13 17:01',
    the wall time written, not moved to this computer's zone), or '' when unknown."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return f"Taken {value}"
    shown = "%Y-%m-%d %H:%M" if moment.hour or moment.minute else "%Y-%m-%d"  # a date alone
    return f"Taken {moment:{shown}}"


def provenance_lines(meta: dict) -> list[str]:
    """How the picture was made (IPTC Digital Source Type, flagged when synthetic) and its
    extended description, as the photo's metadata says."""
    from desk import provenance

    lines = []
    source = meta.get("digital_source_type")
    if source:
        flag = "⚠ " if provenance.reader_label(source) else ""
        lines.append(f"{flag}Source: {provenance.name(source)}")
    if meta.get("extended_description"):
        lines.append(f"Extended description: {meta['extended_description']}")
    return lines
