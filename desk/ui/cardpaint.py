"""How a figure card looks in the body editor: the photo (or a drop target while it awaits one),
its number as readers see it, caption, credit, a provenance badge and what is still missing.

Pure drawing: desk.ui.figurecards decides what a card says (a CardLook) and where it goes.
Colours come from the editor's palette, so light and dark both read well.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QTextLayout,
    QTextOption,
)

from desk.ui.highlighter import blend

PAD = 10  # inside the card
RADIUS = 6
WARNING_LIGHT, WARNING_DARK = QColor("#a3361a"), QColor("#ffb38a")


@dataclass
class CardLook:
    """What one card shows."""

    title: str  # "Lead photo · Figure 1", "Figure 2"
    lead: bool = False
    caption: str = ""
    credit: str = ""
    warnings: list[str] = field(default_factory=list)  # "No alt text", "No credit"
    provenance: str = ""  # "AI-generated image" ('' for a camera photo)
    awaiting: bool = False  # no photo yet: the picture area is a drop target
    web_host: str = ""  # the photo it awaits is on this web site (it can be fetched)
    photo_size: tuple[int, int] = (0, 0)  # the photo's own pixels (never drawn larger)
    pixmap: QPixmap | None = None  # its thumbnail, once made
    failure: str = ""  # why the thumbnail cannot be made
    selected: bool = False  # the cursor is on the card (it is the selected figure)
    focused: bool = True  # the editor has the keyboard focus
    caret: str = ""  # "start" or "end": the text cursor sits before or after the card
    in_selection: bool = False  # part of a wider text selection
    drop_hint: str = ""  # "Drop to fill Figure 2" while a photo is dragged over it


def is_dark(palette: QPalette) -> bool:
    """True for a dark colour scheme (light text on a dark base)."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def picture_box(rect: QRectF) -> QRectF:
    """Where the photo (or the drop target) goes: a 4:3 box at the card's start."""
    height = rect.height() - 2 * PAD
    return QRectF(rect.left() + PAD, rect.top() + PAD, round(height * 4 / 3), height)


def fitted(box: QRectF, size: tuple[int, int]) -> QRectF:
    """The photo's rectangle inside box: its aspect kept, centred, never wider or taller than
    the photo itself (a 100-pixel photo stays 100 pixels)."""
    width, height = size
    if width <= 0 or height <= 0:
        return QRectF(box)
    scale = min(box.width() / width, box.height() / height, 1.0)
    shown = QSizeF(width * scale, height * scale)
    return QRectF(
        QPointF(
            box.left() + (box.width() - shown.width()) / 2,
            box.top() + (box.height() - shown.height()) / 2,
        ),
        shown,
    )


def paint_card(
    painter: QPainter, rect: QRectF, look: CardLook, palette: QPalette, font: QFont
) -> None:
    """Draw one card in rect (viewport coordinates)."""
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    accent = palette.color(QPalette.ColorRole.Highlight)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    outline = QPainterPath()
    outline.addRoundedRect(rect, RADIUS, RADIUS)
    painter.fillPath(outline, blend(base, text, 0.045))
    if look.in_selection:
        painter.fillPath(outline, _alpha(accent, 0.22))
    border = accent if look.selected else blend(base, text, 0.22)
    if look.selected and not look.focused:
        border = blend(base, accent, 0.55)
    painter.setPen(QPen(border, 2.0 if look.selected else 1.0))
    painter.drawPath(outline)
    box = picture_box(rect)
    if look.awaiting:
        _drop_target(painter, box, accent, text, font, look.web_host)
    else:
        _picture(painter, box, look, base, text, font)
    column = QRectF(box.right() + PAD + 2, rect.top() + PAD, 0, rect.height() - 2 * PAD)
    column.setRight(rect.right() - PAD)
    _words(painter, column, look, palette, font)
    if look.caret:
        x = rect.left() - 4 if look.caret == "start" else rect.right() + 3
        painter.fillRect(QRectF(x - 1, rect.top(), 2, rect.height()), text)
    if look.drop_hint:
        painter.fillPath(outline, _alpha(accent, 0.18))
        painter.setPen(QPen(accent, 3.0))
        painter.drawPath(outline)
        _hint(painter, rect, look.drop_hint, accent, base, font)
    painter.restore()


def _alpha(colour: QColor, amount: float) -> QColor:
    """The colour with this opacity."""
    out = QColor(colour)
    out.setAlphaF(amount)
    return out


def _drop_target(
    painter: QPainter, box: QRectF, accent: QColor, text: QColor, font: QFont, web_host: str = ""
) -> None:
    """The picture area of a figure awaiting a photo: a dashed frame that says so (and, when
    the photo is on the web, where)."""
    painter.fillRect(box, _alpha(accent, 0.08))
    pen = QPen(accent, 1.6, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.drawRoundedRect(box.adjusted(1, 1, -1, -1), 4, 4)
    words = "Awaiting photo"
    bold = QFont(font)
    bold.setBold(True)
    bold.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
    advance = QFontMetricsF(bold).horizontalAdvance(words)
    if advance > box.width() - 12:
        bold.setPointSizeF(max(6.0, bold.pointSizeF() * (box.width() - 12) / advance))
    painter.setFont(bold)
    painter.setPen(accent)
    upper = QRectF(box.left(), box.top(), box.width(), box.height() / 2)
    painter.drawText(upper, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, words)
    small = QFont(font)
    small.setPointSizeF(max(7.0, font.pointSizeF() * 0.78))
    painter.setFont(small)
    painter.setPen(blend(text, accent, 0.4))
    lower = QRectF(box.left() + 4, box.center().y() + 2, box.width() - 8, box.height() / 2 - 4)
    painter.drawText(
        lower,
        int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
        f"On {web_host}: right-click to fetch it" if web_host else "Drop a photo here",
    )


def _picture(
    painter: QPainter, box: QRectF, look: CardLook, base: QColor, text: QColor, font: QFont
) -> None:
    """The photo's thumbnail at no more than its own size, or a note while it is made."""
    painter.fillRect(box, blend(base, text, 0.08))
    if look.pixmap is not None and not look.pixmap.isNull():
        target = fitted(box, look.photo_size or (look.pixmap.width(), look.pixmap.height()))
        if look.pixmap.deviceIndependentSize().toSize() == target.size().toSize():
            painter.drawPixmap(target.topLeft(), look.pixmap)  # already at its drawn size
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(target, look.pixmap, QRectF(look.pixmap.rect()))
        return
    small = QFont(font)
    small.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
    painter.setFont(small)
    painter.setPen(blend(text, base, 0.45))
    note = "The photo cannot be shown" if look.failure else "…"
    painter.drawText(
        box.adjusted(6, 6, -6, -6),
        int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
        note,
    )


def _words(
    painter: QPainter, column: QRectF, look: CardLook, palette: QPalette, font: QFont
) -> None:
    """Number, provenance badge, caption (up to three lines), credit and what is missing."""
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    accent = palette.color(QPalette.ColorRole.Highlight)
    muted = blend(text, base, 0.42)
    title_font = QFont(font)
    title_font.setBold(True)
    small = QFont(font)
    small.setPointSizeF(max(7.0, font.pointSizeF() * 0.82))
    y = column.top()
    y = _title(painter, column, y, look, title_font, small, text, accent, base)
    bottom = column.bottom()
    if look.warnings:
        bottom = _bottom_line(
            painter, column, bottom, "⚠ " + " · ".join(look.warnings), small, _warning(palette)
        )
    if look.credit:
        bottom = _bottom_line(painter, column, bottom, look.credit.upper(), small, muted)
    caption_font = QFont(font)
    caption = look.caption
    colour = text
    if not caption:
        caption_font.setItalic(True)
        caption = "No caption yet"
        colour = muted
    line = QFontMetricsF(caption_font).lineSpacing()
    room = max(1, int((bottom - y - 2) // line))
    painter.setFont(caption_font)
    painter.setPen(colour)
    for row in wrapped(caption, caption_font, column.width(), min(3, room)):
        painter.drawText(QPointF(column.left(), y + QFontMetricsF(caption_font).ascent()), row)
        y += line


def _title(
    painter: QPainter,
    column: QRectF,
    y: float,
    look: CardLook,
    title_font: QFont,
    small: QFont,
    text: QColor,
    accent: QColor,
    base: QColor,
) -> float:
    """The figure's number ('Lead photo · Figure 1') and its provenance badge; the next y."""
    metrics = QFontMetricsF(title_font)
    painter.setFont(title_font)
    painter.setPen(blend(text, accent, 0.55) if look.lead else text)
    painter.drawText(QPointF(column.left(), y + metrics.ascent()), look.title)
    if look.provenance:
        badge_metrics = QFontMetricsF(small)
        width = badge_metrics.horizontalAdvance(look.provenance) + 12
        left = column.left() + metrics.horizontalAdvance(look.title) + 10
        if left + width <= column.right():
            badge = QRectF(left, y + 1, width, metrics.height() - 2)
            painter.setPen(QPen(text, 1.0))
            painter.setBrush(blend(base, text, 0.1))
            painter.drawRoundedRect(badge, 3, 3)
            painter.setFont(small)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, look.provenance)
            painter.setBrush(Qt.BrushStyle.NoBrush)
    return y + metrics.lineSpacing() + 3


def _bottom_line(
    painter: QPainter, column: QRectF, bottom: float, words: str, font: QFont, colour: QColor
) -> float:
    """One line of small text ending at bottom (elided to the column); the y above it."""
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    painter.setPen(colour)
    shown = metrics.elidedText(words, Qt.TextElideMode.ElideRight, column.width())
    painter.drawText(QPointF(column.left(), bottom - metrics.descent()), shown)
    return bottom - metrics.lineSpacing()


def _hint(
    painter: QPainter, rect: QRectF, words: str, accent: QColor, base: QColor, font: QFont
) -> None:
    """What dropping here does, on a pill in the card's corner."""
    bold = QFont(font)
    bold.setBold(True)
    metrics = QFontMetricsF(bold)
    width = min(rect.width() - 20, metrics.horizontalAdvance(words) + 24)
    pill = QRectF(0, 0, width, metrics.height() + 10)
    pill.moveBottomRight(rect.bottomRight() - QPointF(PAD, PAD))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(accent)
    painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setFont(bold)
    painter.setPen(base if accent.lightness() < 150 else QColor("black"))
    shown = metrics.elidedText(words, Qt.TextElideMode.ElideRight, width - 16)
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, shown)


def _warning(palette: QPalette) -> QColor:
    """A warning colour that reads on this palette's base."""
    return WARNING_DARK if is_dark(palette) else WARNING_LIGHT


def wrapped(words: str, font: QFont, width: float, lines: int) -> list[str]:
    """Text broken into at most `lines` lines of this width, the last one elided."""
    layout = QTextLayout(" ".join(words.split()), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    out: list[str] = []
    source = layout.text()
    layout.beginLayout()
    while len(out) < lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        start, length = line.textStart(), line.textLength()
        out.append(source[start : start + length].rstrip())
        if len(out) == lines and start + length < len(source):
            rest = source[start:]
            out[-1] = QFontMetricsF(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    layout.endLayout()
    return out
