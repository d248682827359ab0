"""Dragging and dropping in the body editor with figure cards (desk.ui.figurecards): where a
drop lands, what it does, dragging a card, and a card's menu and tooltip.

Photo files dropped on a card fill that figure (the first file; its caption and credit are
kept, the photo's metadata fills only empty fields); dropped between blocks they become new
figure blocks there. A card (or a photo from the Photos dock's strip) dropped between blocks
moves its figure there, or places one that is not in the text. Every change of the text is one
undoable edit asked of the editor (hub.bodyEditRequested).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QMimeData, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QDrag, QPainter, QTextCursor
from PySide6.QtWidgets import QMenu, QToolTip

from desk import body
from desk.model import LEAD, Figure
from desk.provenance import name as source_name

from desk.ui.hub import BodyEdit
from desk.ui.photoparts import MIME_FIGURES

if TYPE_CHECKING:
    from desk.ui.figurecards import Card, FigureCards

Target = tuple[str, int]  # ("card", figure id) or ("gap", index of the block it goes before)


class CardDrops:
    """Drops on the editor with cards, a card's drag, menu and tooltip."""

    def __init__(self, cards: FigureCards) -> None:
        self.cards = cards
        self.editor = cards.editor
        self.target: Target | None = None  # shown while something is dragged over the text

    # -- where a drop lands -----------------------------------------------------------------

    def blocks(self) -> tuple[body.Block, ...]:
        """The blocks of the text in the editor now."""
        text = self.editor.plain_text()
        if self.cards.parsed.text != text:
            self.cards.parsed = body.parse(text)
        return self.cards.parsed.blocks

    def span(self, found: body.Block) -> tuple[float, float]:
        """A body block's top and bottom in the viewport."""
        document, offset = self.editor.document(), self.editor.contentOffset()
        first = self.editor.blockBoundingGeometry(document.findBlockByNumber(found.start))
        last = self.editor.blockBoundingGeometry(document.findBlockByNumber(found.end - 1))
        return first.top() + offset.y(), last.bottom() + offset.y()

    def gap_at(self, y: float) -> int:
        """Before which block of the body a drop at this height lands (the number of blocks:
        at the end): above a block's middle goes before it."""
        blocks = self.blocks()
        for index, found in enumerate(blocks):
            top, bottom = self.span(found)
            if y < (top + bottom) / 2:
                return index
        return len(blocks)

    def gap_y(self, gap: int) -> float:
        """Where the drop line is drawn for a gap."""
        blocks = self.blocks()
        if not blocks:
            return self.editor.document().documentMargin()
        if gap >= len(blocks):
            return self.span(blocks[-1])[1] + 4
        top = self.span(blocks[gap])[0]
        if gap == 0:
            return top - 3
        return (self.span(blocks[gap - 1])[1] + top) / 2

    def target_at(self, point: QPointF, files: bool) -> Target:
        """What a drop here would do: fill a card (photo files on it) or go into a gap."""
        card = self.cards.card_at(point) if files else None
        if card is not None:
            return ("card", card.figure_id)
        return ("gap", self.gap_at(point.y()))

    def show(self, target: Target | None) -> None:
        """Show (or, with None, hide) where a drop lands."""
        if target != self.target:
            self.target = target
            self.editor.viewport().update()

    def paint_gap(self, painter: QPainter, width: float) -> None:
        """The line that shows where a dragged photo or card will land."""
        if self.target is None or self.target[0] != "gap":
            return
        y = self.gap_y(self.target[1])
        margin = self.editor.document().documentMargin()
        painter.fillRect(QRectF(margin, y - 1.5, width, 3), self.editor.palette().highlight())

    # -- what a drop does -------------------------------------------------------------------

    def drop_files(self, paths: list[str], target: Target) -> None:
        """Photo files dropped: they fill the card they were dropped on (the first one; any
        others follow it), or become new figures where they were dropped."""
        kind, value = target
        panel = self.cards.panel
        if kind == "card":
            card = self.cards.card_of(value)
            gap = card.index + 1 if card is not None else len(self.blocks())
            panel.add_files(paths, fill=value, place=self.placer(gap))
        else:
            panel.add_files(paths, place=self.placer(value))

    def placer(self, gap: int) -> Callable[[list[Figure]], None]:
        """How new figures go into the text before block `gap`, once their photos are read (a
        cursor in the document keeps the place however the text changes meanwhile)."""
        blocks = self.blocks()
        document = self.editor.document()
        mark = QTextCursor(document)
        at_end = gap >= len(blocks)
        if at_end:
            mark.movePosition(QTextCursor.MoveOperation.End)
        else:
            mark.setPosition(document.findBlockByNumber(blocks[gap].start).position())

        def place(figures: list[Figure]) -> None:
            parsed = body.parse(self.editor.plain_text())
            line = mark.blockNumber()
            index = len(parsed.blocks)
            if not at_end:
                index = next((i for i, b in enumerate(parsed.blocks) if b.end > line), index)
            lines = "\n\n".join(body.figure_line(f.id, f.alt) for f in figures)
            label = "Photo placed" if len(figures) == 1 else f"{len(figures)} photos placed"
            self.cards.hub.bodyEditRequested.emit(
                BodyEdit(label, lambda text: body.insert_before(text, index, lines))
            )

        return place

    def drop_figure(self, figure_id: int, gap: int) -> None:
        """A card (or a photo from the dock's strip) dropped into a gap: move its figure there,
        or place a figure that is not in the text yet."""
        figure = self.cards.figures.get(figure_id)
        if figure is None:
            return
        if figure.placed and not figure.stray:
            edit = BodyEdit(
                f"{figure.label()} moved", lambda text: body.move_figure_to(text, figure_id, gap)
            )
        else:
            line = body.figure_line(figure_id, figure.alt)
            edit = BodyEdit(
                f"{figure.label()} placed", lambda text: body.insert_before(text, gap, line)
            )
        self.cards.hub.bodyEditRequested.emit(edit)

    def start_drag(self, card: Card) -> None:
        """Drag a card: dropped in the text, it moves the figure (one undoable edit)."""
        drag = QDrag(self.editor.viewport())
        drag.setMimeData(figure_mime(card.figure_id))
        figure = self.cards.figures.get(card.figure_id)
        photo = figure.photo if figure is not None else None
        pixmap = self.cards.thumbs.pixmap(photo) if photo is not None else None
        if pixmap is not None:
            drag.setPixmap(pixmap.scaledToHeight(72, Qt.TransformationMode.SmoothTransformation))
        drag.exec(Qt.DropAction.MoveAction)
        self.show(None)

    # -- a card's menu and tooltip ----------------------------------------------------------

    def context_menu(self, card: Card, global_pos: QPoint) -> None:
        """A card's own menu: fill or replace its photo, make it the lead, take it out of the
        text, edit its caption."""
        cards = self.cards
        figure = cards.figures.get(card.figure_id)
        if figure is None:
            return
        cards.select_card(card)
        cards.panel.select(card.figure_id)
        writable = not self.editor.isReadOnly()
        menu = QMenu(self.editor)
        photo = menu.addAction("Add Photo…" if figure.photo is None else "Replace Photo…")
        photo.triggered.connect(cards.panel.choose_replacement)
        lead = menu.addAction("Make Lead Photo")
        lead.triggered.connect(cards.panel.set_lead)
        if figure.on_the_web:
            fetch = menu.addAction("Fetch Photo from the Web")
            fetch.triggered.connect(lambda: cards.panel.fetch_web_photos([card.figure_id]))
            fetch.setEnabled(writable)
        remove = menu.addAction("Remove from Text")
        remove.triggered.connect(lambda: cards.remove(card))
        photo.setEnabled(writable)
        lead.setEnabled(writable and figure.role != LEAD)
        remove.setEnabled(writable)
        menu.addSeparator()
        caption = menu.addAction("Edit Caption, Credit and Alt Text")
        caption.triggered.connect(lambda: self.edit_caption(card))
        menu.exec(global_pos)

    def edit_caption(self, card: Card) -> None:
        """Show the figure in the Photos dock with its caption field focused."""
        panel = self.cards.panel
        panel.select(card.figure_id)
        panel.show()
        panel.raise_()
        panel.editor.caption.setFocus()

    def tooltip(self, card: Card, global_pos: QPoint) -> None:
        """The photo's file, size and source, or how to fill the figure."""
        figure = self.cards.figures.get(card.figure_id)
        if figure is None:
            return
        if figure.on_the_web:
            size = (
                f" ({figure.remote_width}×{figure.remote_height})"
                if figure.remote_width and figure.remote_height
                else ""
            )
            words = (
                f"Awaiting its photo from the web{size}: {figure.remote_url}\n"
                "Right-click › Fetch Photo from the Web, or drop a photo here"
            )
        elif figure.photo is None:
            words = "Awaiting a photo: drop one here, or select it and use Add Photos…"
        else:
            photo = figure.photo
            words = f"{photo.original_name} · {photo.width}×{photo.height}"
            source = source_name(photo.metadata.get("digital_source_type"))
            words += f"\nSource: {source}" if source else ""
        QToolTip.showText(global_pos, f"{words}\nDouble-click to edit the caption.", self.editor)


def figure_mime(figure_id: int) -> QMimeData:
    """What a dragged card carries (the Photos dock's strip drags the same type)."""
    mime = QMimeData()
    mime.setData(MIME_FIGURES, QByteArray(str(figure_id).encode()))
    return mime


def dragged_figures(mime: QMimeData | None) -> list[int]:
    """Figure ids a drag carries (from a card or the dock's strip)."""
    if mime is None or not mime.hasFormat(MIME_FIGURES):
        return []
    raw = bytes(mime.data(MIME_FIGURES).data()).decode()
    return [int(x) for x in raw.split(",") if x.strip().isdigit()]
