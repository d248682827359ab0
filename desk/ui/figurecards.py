"""Figures as cards in the body editor: the picture where it sits in the text.

The Markdown stays the only source: a figure block (a figure reference on a line of its own, as
desk.body recognises it) keeps its text `![alt](figure:12)` in the document, readable in any
other tool. The editor only draws it differently: the highlighter gives that line one tall,
transparent character (MarkdownHighlighter.laid_out), and a card is painted over it (the
editor's overlays) with the thumbnail or an "Awaiting photo" drop target, the number readers
will see ("Lead photo · Figure 1"), caption, credit, a provenance badge and what is missing.

The cursor passes a card as one character (arrows, Home/End, clicks); Delete or Backspace on it
removes the figure as one undoable edit (hub.bodyEditRequested); typing beside a card starts a
paragraph of its own. Photos dropped on a card fill that figure (its caption and credit kept);
dropped between blocks, or pasted, they become new figure blocks there; a card dragged to
another place moves its figure. The card under the cursor is the selected figure everywhere
(hub.figureSelected), so the Photos dock's Add Photos… fills it while it awaits a photo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
)

from desk import body
from desk.errors import DeskError
from desk.model import LEAD, Figure
from desk.provenance import reader_label

from desk.ui.carddrops import CardDrops
from desk.ui.cardpaint import CardLook, fitted, paint_card, picture_box
from desk.ui.hub import BodyEdit
from desk.ui.photowork import ThumbnailCache, photo_paths

if TYPE_CHECKING:
    from desk.ui.mainwindow import MainWindow

CARD_THUMB = 320  # thumbnail pixels: sharp at twice the card's picture size
CARD_MIN_HEIGHT = 136
CARD_MAX_WIDTH = 760
SYNC_LIMIT = 400_000  # characters; longer bodies follow the window's background parse only
_HANDLED = {  # on the viewport (keys come through the editor's key handlers)
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.DragEnter,
    QEvent.Type.DragMove,
    QEvent.Type.DragLeave,
    QEvent.Type.Drop,
    QEvent.Type.ContextMenu,
    QEvent.Type.ToolTip,
}
_MOVE = QTextCursor.MoveMode.MoveAnchor
_KEEP = QTextCursor.MoveMode.KeepAnchor


@dataclass
class Card:
    """One figure block drawn as a card: its line in the document and the figure it shows."""

    block: QTextBlock
    source: str  # the line's text when the body model read it
    figure_id: int
    index: int  # the block's index in the parsed body

    def valid(self) -> bool:
        """True while the line still holds what the body model read as this figure."""
        return self.block.isValid() and self.block.text() == self.source

    @property
    def start(self) -> int:
        """The position before the card."""
        return self.block.position()

    @property
    def end(self) -> int:
        """The position after the card."""
        return self.block.position() + len(self.block.text())


class FigureCards(QObject):
    """The open story's figure blocks as cards in the body editor, and how they behave."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.editor = window.editor
        self.hub = window.hub
        self.store = window.store
        self.panel = window.photo_panel
        self.thumbs = ThumbnailCache(self.store.root, CARD_THUMB, parent=self, jobs=window.jobs)
        self.article_id: int | None = None
        self.rows: list[Figure] = []
        self.figures: dict[int, Figure] = {}  # placed by the body: number and role
        self.cards: list[Card] = []
        self.repeats: list[Card] = []  # a figure's second place: shaded text, not a card
        self.parsed = body.parse("")
        self.card_height = CARD_MIN_HEIGHT
        self._formats: tuple[QTextCharFormat, QTextCharFormat] | None = None
        self._current: int | None = None  # the figure whose card the cursor is on
        self._last_position = 0
        self._snapping = False
        self._by_user = False  # a key or click is being handled: cursor moves are the user's
        self._press: tuple[QPointF, int] | None = None
        self._near: dict[int, Card] = {}  # cards drawn as beside or under the cursor
        self._by_line: dict[int, Card] = {}  # cards by line number, while the text is unchanged
        self._revision = -1  # the document's revision when the cards were made
        self._pixmaps: dict[tuple[str, int, int], QPixmap] = {}  # thumbnails at drawn size
        self.drops = CardDrops(self)
        self._make_formats()
        self._wire()

    def _wire(self) -> None:
        """Hooks into the editor, its highlighter and the hub."""
        editor, viewport = self.editor, self.editor.viewport()
        self._viewport = viewport
        editor.highlighter.laid_out = self.formats_for
        editor.overlays.append(self.paint)
        editor.key_handlers.append(self._key)
        viewport.installEventFilter(self)
        viewport.setAcceptDrops(True)
        viewport.setMouseTracking(True)
        editor.cursorPositionChanged.connect(self._on_cursor)
        editor.zoomChanged.connect(lambda _size: self._make_formats(rehighlight=True))
        editor.document().contentsChange.connect(self._on_contents)
        plain_paste = type(editor).paste
        editor.paste = lambda: self.paste_photo() or plain_paste(editor)  # type: ignore[method-assign]
        self.thumbs.ready.connect(lambda _sha: viewport.update())
        self.hub.articleOpened.connect(self._on_opened)
        self.hub.figuresChanged.connect(self._on_figures_changed)
        self.hub.bodyParsed.connect(self._on_parsed)
        self.hub.figureSelected.connect(self._on_selected)

    # -- following the story ----------------------------------------------------------------

    def _on_opened(self, article_id: int) -> None:
        """Another story (already in the editor): its figure rows, and its cards."""
        self.article_id = article_id if article_id >= 0 else None
        self._current = None
        self._load_rows()
        text = self.editor.plain_text()
        # Without a figure line there is no card to draw: the window's parse in the body lane
        # brings the blocks (_on_parsed), and opening waits for no parser.
        self._sync(body.parse(text if body.mentions_figures(text) else ""))

    def _on_figures_changed(self, article_id: int) -> None:
        """Figures were added, or their captions, credits or photos changed: cards follow."""
        if article_id == self.article_id:
            self._load_rows()
            self._sync(body.parse(self.editor.plain_text()))

    def _load_rows(self) -> None:
        """The story's figure rows from the store."""
        self.rows = []
        if self.article_id is not None:
            try:
                self.rows = self.store.figures.rows(self.article_id)
            except DeskError:
                self.rows = []  # the Photos dock says why

    def _on_parsed(self, article_id: int, parsed: object) -> None:
        """The window read the body: cards follow when it is the text in the editor now."""
        if (
            article_id == self.article_id
            and isinstance(parsed, body.Body)
            and parsed is not self.parsed
            and parsed.text == self.editor.plain_text()
        ):
            self._sync(parsed)

    def _on_contents(self, position: int, removed: int, added: int) -> None:
        """An edit touched a figure line (typed, pasted, undone) or a card's line: read the
        body again at once, so a card never shows as raw text for a moment."""
        document = self.editor.document()
        if self.article_id is None or document.characterCount() > SYNC_LIMIT:
            return
        stale = any(not card.valid() for card in self.cards)
        if stale or self._touches_figure(position, added):
            self._sync(body.parse(self.editor.plain_text()))

    def _touches_figure(self, position: int, added: int) -> bool:
        """True when the changed lines mention a figure (the body model then decides)."""
        document = self.editor.document()
        block = document.findBlock(position)
        last = document.findBlock(position + added).blockNumber()
        for _ in range(200):
            if not block.isValid() or block.blockNumber() > last:
                return False
            if body.FIGURE_SCHEME in block.text():
                return True
            block = block.next()
        return True

    def _sync(self, parsed: body.Body) -> None:
        """Cards for the figure blocks of this body (each figure's first place, one line, a
        figure the story has); lines that changed between text and card are laid out again."""
        self.parsed = parsed
        self.figures = {f.id: f for f in body.arrange(self.rows, parsed.text)}
        document = self.editor.document()
        cards: list[Card] = []
        repeats: list[Card] = []
        for index, found in enumerate(parsed.blocks):
            figure_id = found.figure_id
            if figure_id is None or found.end - found.start != 1 or figure_id not in self.figures:
                continue
            block = document.findBlockByNumber(found.start)
            if not block.isValid() or block.text() != found.source:
                continue
            placement = parsed.placement(figure_id)
            first = placement is not None and placement.block == index
            # A repeat stays text (shaded as a figure line); the checks point at it.
            (cards if first else repeats).append(Card(block, found.source, figure_id, index))
        before = {(c.block.blockNumber(), c.figure_id) for c in self.cards if c.valid()}
        old = self.cards + self.repeats
        self.cards, self.repeats = cards, repeats
        self._by_line = {c.block.blockNumber(): c for c in cards}
        self._revision = document.revision()
        after = {(c.block.blockNumber(), c.figure_id) for c in cards}
        if before != after or len(old) != len(cards) + len(repeats):
            for card in [*old, *cards, *repeats]:
                if card.block.isValid():
                    self.editor.highlighter.rehighlightBlock(card.block)
        self._on_cursor()
        self.editor.viewport().update()

    def card_for(self, block: QTextBlock) -> Card | None:
        """The card drawn over this line, if any (by line number while the text is as it was
        read; after an edit, by the line itself, which moves with the text)."""
        if self.editor.document().revision() == self._revision:
            card = self._by_line.get(block.blockNumber())
            return card if card is not None and card.block == block else None
        for card in self.cards:
            if card.block == block and card.valid():
                return card
        return None

    def card_of(self, figure_id: int) -> Card | None:
        """The card showing this figure, if the text shows it as one."""
        return next((c for c in self.cards if c.figure_id == figure_id and c.valid()), None)

    # -- layout: one tall, transparent character --------------------------------------------

    def _make_formats(self, rehighlight: bool = False) -> None:
        """The formats that make a figure line as tall as a card and invisible under it."""
        metrics = QFontMetricsF(self.editor.font())
        self.card_height = max(CARD_MIN_HEIGHT, round(metrics.lineSpacing() * 6.6))
        clear = QColor(0, 0, 0, 0)
        tall_font = QFont(self.editor.font())
        tall_font.setPixelSize(self.card_height)
        tall = QFontMetricsF(tall_font)
        ratio = (tall.ascent() + tall.descent() + max(0.0, tall.leading())) / self.card_height
        tall_font.setPixelSize(max(8, round(self.card_height / max(ratio, 0.5))))
        tall_format = QTextCharFormat()
        tall_format.setFont(tall_font)
        tall_format.setForeground(clear)
        tiny_font = QFont(self.editor.font())
        tiny_font.setPixelSize(1)
        tiny_format = QTextCharFormat()
        tiny_format.setFont(tiny_font)
        tiny_format.setForeground(clear)
        self._formats = (tall_format, tiny_format)
        if rehighlight:
            for card in self.cards:
                if card.valid():
                    self.editor.highlighter.rehighlightBlock(card.block)

    def formats_for(self, block: QTextBlock) -> list[tuple[int, int, QTextCharFormat]] | None:
        """The highlighter's hook: a card's line is one tall character and the rest hairlines;
        a figure's repeated line is shaded as a figure line."""
        if self._formats is None:
            return None
        if self.card_for(block) is None:
            if any(r.block == block and r.valid() for r in self.repeats):
                return [(0, len(block.text()), self.editor.highlighter.formats["figure"])]
            return None
        tall, tiny = self._formats
        length = len(block.text())
        return [(0, 1, tall), (1, max(0, length - 1), tiny)]

    # -- drawing ----------------------------------------------------------------------------

    def card_rect(self, card: Card) -> QRectF | None:
        """Where a card is drawn in the viewport (None while its line is not laid out tall)."""
        geometry = self.editor.blockBoundingGeometry(card.block)
        if geometry.height() < self.card_height * 0.75:
            return None
        geometry = geometry.translated(self.editor.contentOffset())
        margin = self.editor.document().documentMargin()
        width = min(geometry.width() - 2 * margin, CARD_MAX_WIDTH)
        left = geometry.left() + margin
        alignment = self.editor.document().defaultTextOption().alignment()
        if alignment & Qt.AlignmentFlag.AlignRight:
            left = geometry.right() - margin - width
        return QRectF(left, geometry.top() + 4, width, geometry.height() - 8)

    def photo_rect(self, card: Card) -> QRectF | None:
        """Where a card draws its photo: fitted to the picture box, never larger than the
        photo's own pixels (None without a photo or a card on screen)."""
        rect = self.card_rect(card)
        figure = self.figures.get(card.figure_id)
        if rect is None or figure is None or figure.photo is None:
            return None
        return fitted(picture_box(rect), (figure.photo.width, figure.photo.height))

    def _scaled(self, card: Card, figure: Figure) -> QPixmap | None:
        """The card's thumbnail at the size it is drawn (scaled once, not on every paint)."""
        assert figure.photo is not None
        pixmap = self.thumbs.pixmap(figure.photo)
        target = self.photo_rect(card)
        if pixmap is None or target is None:
            return pixmap
        ratio = self.editor.devicePixelRatioF()
        size = (round(target.width() * ratio), round(target.height() * ratio))
        key = (figure.photo.sha256, *size)
        scaled = self._pixmaps.get(key)
        if scaled is None:
            scaled = pixmap.scaled(
                *size,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            scaled.setDevicePixelRatio(ratio)
            if len(self._pixmaps) > 64:
                self._pixmaps.clear()
            self._pixmaps[key] = scaled
        return scaled

    def paint(self, event: QPaintEvent) -> None:
        """The editor's overlay: every card in the repainted area, and where a drop lands."""
        if not self.cards and self.drops.target is None:
            return
        painter = QPainter(self.editor.viewport())
        area = QRectF(event.rect())
        palette, font = self.editor.palette(), self.editor.font()
        cursor = self.editor.textCursor()
        base = palette.base()
        first = self.editor.firstVisibleBlock().blockNumber()
        for card in self.cards:  # in the text's order: skip those above, stop below
            if not card.valid() or card.block.blockNumber() < first:
                continue
            rect = self.card_rect(card)
            if rect is not None and rect.top() > area.bottom() + 6:
                break
            if rect is None or not rect.adjusted(-6, -4, 6, 4).intersects(area):
                continue
            line = rect.adjusted(-8, -4, 8, 4)  # the line's own (transparent) text and selection
            line.setLeft(0)
            line.setRight(self.editor.viewport().width())
            painter.fillRect(line, base)
            paint_card(painter, rect, self.look(card, cursor), palette, font)
        margin = self.editor.document().documentMargin()
        width = min(self.editor.viewport().width() - 2 * margin, CARD_MAX_WIDTH)
        self.drops.paint_gap(painter, width)
        painter.end()

    def look(self, card: Card, cursor: QTextCursor) -> CardLook:
        """What a card shows now: the figure's number, fields, photo and the cursor's place."""
        figure = self.figures.get(card.figure_id)
        if figure is None:
            return CardLook(title="Figure")
        meta = (figure.photo.metadata if figure.photo else None) or {}
        credit = figure.credit or str(meta.get("credit") or "")
        warnings = []
        if not (figure.alt or meta.get("alt_text")):
            warnings.append("No alt text")
        if not credit:
            warnings.append("No credit")
        number = f"Figure {figure.number}" if figure.number else "Figure"
        look = CardLook(
            title=f"Lead photo · {number}" if figure.role == LEAD else number,
            lead=figure.role == LEAD,
            caption=figure.caption,
            credit=credit,
            warnings=warnings,
            provenance=reader_label(meta.get("digital_source_type")),
            awaiting=figure.photo is None,
            web_host=urlsplit(figure.remote_url).hostname or "" if figure.on_the_web else "",
            focused=self.editor.hasFocus(),
        )
        if figure.photo is not None:
            look.photo_size = (figure.photo.width, figure.photo.height)
            look.pixmap = self._scaled(card, figure)
            look.failure = self.thumbs.failures.get(figure.photo.sha256, "")
        start, end = card.start, card.end
        low, high = cursor.selectionStart(), cursor.selectionEnd()
        if cursor.hasSelection():
            look.selected = (low, high) == (start, end)
            look.in_selection = not look.selected and low <= start and high >= end
        else:
            look.selected = cursor.position() in (start, end)
            look.caret = "start" if cursor.position() == start else ""
            look.caret = look.caret or ("end" if cursor.position() == end else "")
        if self.drops.target == ("card", card.figure_id):
            what = "fill" if figure.photo is None else "replace the photo of"
            look.drop_hint = f"Drop to {what} {number}"
        return look

    # -- the cursor: a card is one character ------------------------------------------------

    def _on_cursor(self) -> None:
        """Keep the cursor off the inside of a card (to its far side in the direction it went);
        the card under the cursor becomes the selected figure."""
        if self._snapping:
            return
        cursor = self.editor.textCursor()
        position, anchor = cursor.position(), cursor.anchor()
        forward = position >= self._last_position
        new_position = self._snapped(position, forward)
        new_anchor = anchor
        inside = self._inside(anchor)
        if inside is not None:
            new_anchor = inside.start if new_position >= anchor else inside.end
        if (new_position, new_anchor) != (position, anchor):
            self._snapping = True
            try:
                cursor.setPosition(new_anchor, _MOVE)
                cursor.setPosition(new_position, _KEEP)
                self.editor.setTextCursor(cursor)
            finally:
                self._snapping = False
        self._last_position = new_position
        if self._by_user:
            self._announce()
        self._repaint_near_cursor()

    def _repaint_near_cursor(self) -> None:
        """Repaint the cards whose look follows the cursor (beside it, selected, or in the
        selection), now and before; typing elsewhere repaints no card."""
        cursor = self.editor.textCursor()
        low, high = cursor.selectionStart(), cursor.selectionEnd()
        near = {id(c): c for c in self.cards if c.valid() and c.start <= high and c.end >= low}
        for card in [*near.values(), *self._near.values()]:
            rect = self.card_rect(card) if card.valid() else None
            if rect is not None:
                self.editor.viewport().update(rect.adjusted(-8, -6, 8, 6).toAlignedRect())
        self._near = near

    def _inside(self, position: int) -> Card | None:
        """The card whose line has this position strictly inside it."""
        card = self.card_for(self.editor.document().findBlock(position))
        return card if card is not None and card.start < position < card.end else None

    def _snapped(self, position: int, forward: bool) -> int:
        """A position moved out of a card's inside."""
        card = self._inside(position)
        if card is None:
            return position
        return card.end if forward else card.start

    def current_card(self) -> Card | None:
        """The card the cursor is on (before it, after it, or selecting exactly it)."""
        cursor = self.editor.textCursor()
        card = self.card_for(cursor.block())
        if card is None:
            return None
        if cursor.hasSelection():
            span = (cursor.selectionStart(), cursor.selectionEnd())
            return card if span == (card.start, card.end) else None
        return card

    def _announce(self) -> None:
        """Tell the other views which figure the user put the text's cursor on, when that
        changes (a cursor an edit leaves beside a card selects nothing)."""
        card = self.current_card()
        figure_id = card.figure_id if card is not None else None
        if figure_id == self._current:
            return
        had = self._current is not None
        self._current = figure_id
        if self.article_id is not None and (figure_id is not None or had):
            self.hub.figureSelected.emit(self.article_id, figure_id if figure_id else -1)

    def _on_selected(self, article_id: int, figure_id: int) -> None:
        """A figure was selected elsewhere (the Photos dock): select its card in the text."""
        if article_id != self.article_id or figure_id == (self._current or -1):
            return
        card = self.card_of(figure_id)
        self._current = figure_id if card is not None else None
        if card is not None:
            self.select_card(card)

    def select_card(self, card: Card) -> None:
        """Select a card as one character, and show it."""
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(card.start)
        cursor.setPosition(card.end, _KEEP)
        self._last_position = card.end
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()

    def _place_cursor(self, position: int, keep: bool = False) -> None:
        """Move the text cursor (extending the selection with keep)."""
        cursor = self.editor.textCursor()
        cursor.setPosition(position, _KEEP if keep else _MOVE)
        self._last_position = position
        self.editor.setTextCursor(cursor)

    # -- events -----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Mouse, drops, menus and tooltips on the editor's viewport."""
        from desk.ui import cardevents

        kind = event.type()
        if kind not in _HANDLED:
            return False  # (also what keeps a closing window's events away from the cards)
        if kind == QEvent.Type.MouseButtonPress:
            self._by_user_now()
        return cardevents.viewport_event(self, event)

    def _key(self, event: QKeyEvent) -> bool:
        """A key pressed in the editor (its key handlers); True when a card handled it."""
        from desk.ui import cardevents

        self._by_user_now()
        return cardevents.key(self, event)

    def _by_user_now(self) -> None:
        """Cursor moves are the user's until the key or click has been handled."""
        self._by_user = True
        QTimer.singleShot(0, self, self._input_done)

    def _input_done(self) -> None:
        """The key or click was handled: later cursor moves are the program's."""
        self._by_user = False

    def remove(self, card: Card) -> None:
        """Take a card's figure out of the text as one undoable edit (it stays in the dock)."""
        figure = self.figures.get(card.figure_id)
        label = figure.label() if figure else "The figure"
        figure_id = card.figure_id
        self.hub.bodyEditRequested.emit(
            BodyEdit(f"{label} removed", lambda text: body.remove_figure(text, figure_id))
        )

    def type_beside(self, card: Card, typed: str, before: bool) -> None:
        """Typing next to a card starts a paragraph of its own before or after it."""
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        if before:
            cursor.setPosition(card.start)
            cursor.insertText(typed + "\n\n")
            cursor.setPosition(card.start + len(typed))
        else:
            cursor.setPosition(card.end)
            cursor.insertText("\n\n" + typed)
        cursor.endEditBlock()
        self.editor.setTextCursor(cursor)

    def paste_photo(self) -> bool:
        """Paste a photo on the clipboard into the text at the cursor, as a new figure; False
        (so text pastes as text) when the clipboard holds no photo."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or self.editor.isReadOnly():
            return False
        if not (photo_paths(mime) or (mime.hasImage() and not mime.hasText())):
            return False
        self.panel.paste()
        return True

    # -- dragging and dropping --------------------------------------------------------------

    def card_at(self, point: QPointF) -> Card | None:
        """The card under a point of the viewport."""
        for card in self.cards:
            rect = self.card_rect(card) if card.valid() else None
            if rect is not None and rect.contains(point):
                return card
        return None


def install_figure_cards(window: MainWindow) -> FigureCards:
    """Figure cards in the window's body editor (photos dropped on it land where dropped)."""
    return FigureCards(window)
