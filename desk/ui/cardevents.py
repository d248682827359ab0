"""What keys, the mouse and drops do to figure cards in the body editor (desk.ui.figurecards).

A card is one character: Left and Right step over it, Delete before it or Backspace after it
removes the figure (one undoable edit), and typing beside it starts a paragraph of its own. A
click selects the card, a drag moves it, a double click opens its caption in the Photos dock.
Photo files dropped on a card fill it; dropped between blocks they become new figures there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import (
    QContextMenuEvent,
    QDragMoveEvent,
    QDropEvent,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QTextBlock,
)
from PySide6.QtWidgets import QApplication

from desk.ui.carddrops import dragged_figures
from desk.ui.photowork import photo_paths

if TYPE_CHECKING:
    from desk.ui.figurecards import Card, FigureCards

_NAVIGATION_MODIFIERS = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def key(cards: FigureCards, event: QKeyEvent) -> bool:
    """A key pressed in the editor; True when the card handled it."""
    if event.matches(QKeySequence.StandardKey.Paste):
        return cards.paste_photo()
    editor = cards.editor
    cursor = editor.textCursor()
    card = cards.card_for(cursor.block())
    if card is None:
        return False
    position, selected = cursor.position(), cursor.hasSelection()
    covering = selected and (cursor.selectionStart(), cursor.selectionEnd()) == (
        card.start,
        card.end,
    )
    pressed, modifiers = event.key(), event.modifiers()
    shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
    navigation = not (modifiers & ~_NAVIGATION_MODIFIERS)
    if pressed in (Qt.Key.Key_Right, Qt.Key.Key_Left) and navigation:
        return _step(cards, card, pressed == Qt.Key.Key_Right, position, covering, shift)
    if editor.isReadOnly():
        return False
    if pressed in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not modifiers:
        return _delete(cards, card, pressed == Qt.Key.Key_Delete, position, selected, covering)
    if pressed in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and covering:
        cards._place_cursor(card.end)  # Enter on a selected card: a new line after it
        return False
    typed = event.text()
    plain = not (modifiers & ~_NAVIGATION_MODIFIERS)
    if typed and typed.isprintable() and plain and not selected:
        if position == card.start:
            cards.type_beside(card, typed, before=True)
            return True
        if position == card.end:
            cards.type_beside(card, typed, before=False)
            return True
    return False


def _step(
    cards: FigureCards, card: Card, right: bool, position: int, covering: bool, shift: bool
) -> bool:
    """Left or Right over a card: from one side of it to the other, as over one character."""
    if covering and not shift:
        cards._place_cursor(card.end if right else card.start)
        return True
    if right and position == card.start:
        cards._place_cursor(card.end, keep=shift)
        return True
    if not right and position == card.end:
        cards._place_cursor(card.start, keep=shift)
        return True
    return False


def _delete(
    cards: FigureCards, card: Card, forward: bool, position: int, selected: bool, covering: bool
) -> bool:
    """Delete before a card or Backspace after it (or either on a selected card) removes its
    figure. The other way round it steps over the blank line that keeps the card a block of its
    own (with two or more blank lines there, it takes one away as usual)."""
    if covering or (not selected and position == (card.start if forward else card.end)):
        cards.remove(card)
        return True
    if selected or position not in (card.start, card.end):
        return False
    step = QTextBlock.next if forward else QTextBlock.previous
    neighbour = step(card.block)
    if _blank(neighbour) and _blank(step(neighbour)):
        return False
    while _blank(neighbour):
        neighbour = step(neighbour)
    if neighbour.isValid():
        end = neighbour.position() + len(neighbour.text())
        cards._place_cursor(neighbour.position() if forward else end)
    return True


def _blank(block: QTextBlock) -> bool:
    """True for an existing line holding nothing but spaces."""
    return block.isValid() and not block.text().strip()


def viewport_event(cards: FigureCards, event: QEvent) -> bool:
    """Mouse, drag and drop, menu and tooltip events on the editor's viewport."""
    kind = event.type()
    if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
        return _drag_move(cards, event)  # type: ignore[arg-type]
    if kind == QEvent.Type.DragLeave:
        cards.drops.show(None)
        return False
    if kind == QEvent.Type.Drop:
        return _drop(cards, event)  # type: ignore[arg-type]
    if kind == QEvent.Type.MouseButtonPress:
        return _press(cards, event)  # type: ignore[arg-type]
    if kind == QEvent.Type.MouseMove:
        return _move(cards, event)  # type: ignore[arg-type]
    if kind == QEvent.Type.MouseButtonRelease and cards._press is not None:
        cards._press = None
        return True
    if kind == QEvent.Type.MouseButtonDblClick:
        card = cards.card_at(event.position())  # type: ignore[attr-defined]
        if card is not None:
            cards.drops.edit_caption(card)
            return True
    if kind == QEvent.Type.ContextMenu:
        menu_event: QContextMenuEvent = event  # type: ignore[assignment]
        card = cards.card_at(QPointF(menu_event.pos()))
        if card is not None:
            cards.drops.context_menu(card, menu_event.globalPos())
            return True
    if kind == QEvent.Type.ToolTip:
        help_event: QHelpEvent = event  # type: ignore[assignment]
        card = cards.card_at(QPointF(help_event.pos()))
        if card is not None:
            cards.drops.tooltip(card, help_event.globalPos())
            return True
    return False


def _press(cards: FigureCards, event: QMouseEvent) -> bool:
    """A click on a card selects it (and may start dragging it)."""
    if event.button() != Qt.MouseButton.LeftButton:
        return False
    if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
        return False  # extend the selection over it as Qt does
    card = cards.card_at(event.position())
    if card is None:
        return False
    cards.editor.setFocus(Qt.FocusReason.MouseFocusReason)
    cards.select_card(card)
    cards._press = (event.position(), card.figure_id)
    return True


def _move(cards: FigureCards, event: QMouseEvent) -> bool:
    """Dragging a pressed card moves it; hovering a card shows an arrow, not a text cursor."""
    viewport = cards.editor.viewport()
    if cards._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
        start, figure_id = cards._press
        distance = (event.position() - start).manhattanLength()
        if distance >= QApplication.startDragDistance():
            cards._press = None
            card = cards.card_of(figure_id)
            if card is not None and not cards.editor.isReadOnly():
                cards.drops.start_drag(card)
        return True
    over = cards.card_at(event.position()) is not None
    shape = Qt.CursorShape.ArrowCursor if over else Qt.CursorShape.IBeamCursor
    if viewport.cursor().shape() != shape:
        viewport.setCursor(shape)
    return False


def _accepts(cards: FigureCards, event: QDropEvent) -> tuple[list[str], list[int]]:
    """Photo files (the Photos dock says why when the story cannot take them: none open, a
    read-only store) or dragged figures of the open story this drop carries."""
    mime = event.mimeData()
    if cards.article_id is None or cards.editor.isReadOnly():
        return photo_paths(mime), []
    return photo_paths(mime), dragged_figures(mime)


def _drag_move(cards: FigureCards, event: QDragMoveEvent) -> bool:
    """Show where a dragged photo or card would land; other drags (text) are Qt's."""
    paths, figures = _accepts(cards, event)
    if not paths and not figures:
        cards.drops.show(None)
        return False
    cards.drops.show(cards.drops.target_at(event.position(), files=bool(paths)))
    event.setDropAction(Qt.DropAction.CopyAction if paths else Qt.DropAction.MoveAction)
    event.accept()
    return True


def _drop(cards: FigureCards, event: QDropEvent) -> bool:
    """Photo files fill the card they land on or become figures there; a card moves."""
    paths, figures = _accepts(cards, event)
    cards.drops.show(None)
    if not paths and not figures:
        return False
    target = cards.drops.target_at(event.position(), files=bool(paths))
    event.setDropAction(Qt.DropAction.CopyAction if paths else Qt.DropAction.MoveAction)
    event.accept()
    if paths:
        cards.drops.drop_files(paths, target)
    elif target[0] == "gap":
        cards.drops.drop_figure(figures[0], target[1])
    return True
