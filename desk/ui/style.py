"""Desk's widget style: Fusion, with outlines that stay readable in the dark palette.

Fusion draws the rim of radio buttons, check boxes and text fields a shade darker than the
window, which on a dark window is nearly black on nearly black: an unticked radio button
disappears. Desk draws those rims from the text colour instead, in light and dark alike.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QPlainTextEdit,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QTextEdit,
    QWidget,
)

PE = QStyle.PrimitiveElement
RIMMED = (PE.PE_IndicatorRadioButton, PE.PE_IndicatorCheckBox, PE.PE_FrameLineEdit, PE.PE_Frame)


# The colour of a warning in text (a count over its limit, an error under a form): BrightText,
# which Desk sets in both palettes (Fusion's light one has it white: invisible on the window).
WARNING_ROLE = QPalette.ColorRole.BrightText
LIGHT_WARNING = "#b00020"  # 6.9:1 on Fusion's light window; the dark palette's is #ff6b6b


def show_warning(
    widget: QWidget,
    warning: bool,
    calm: QPalette.ColorRole | None = None,
    text: QPalette.ColorRole = QPalette.ColorRole.WindowText,
) -> None:
    """Draw a widget's text (a label's WindowText, a field's Text) in the warning colour, or,
    not warning, in its calm role, else as its parent draws that text."""
    source = widget.parentWidget() or widget
    palette = widget.palette()
    role = WARNING_ROLE if warning else (calm or text)
    palette.setColor(text, source.palette().color(role))
    widget.setPalette(palette)


def rim_colour(palette: QPalette, focused: bool = False) -> QColor:
    """A rim that reads on the window: the text colour mixed into the window's, or the
    highlight when focused."""
    if focused:
        return palette.color(QPalette.ColorRole.Highlight)
    text = palette.color(QPalette.ColorRole.Text)
    window = palette.color(QPalette.ColorRole.Window)
    mix = 0.5
    return QColor(
        round(text.red() * mix + window.red() * (1 - mix)),
        round(text.green() * mix + window.green() * (1 - mix)),
        round(text.blue() * mix + window.blue() * (1 - mix)),
    )


class DeskStyle(QProxyStyle):
    """Fusion with readable rims on radio buttons, check boxes and line edits."""

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        """Fusion's drawing, then a rim from the palette's text colour on top."""
        super().drawPrimitive(element, option, painter, widget)
        if element not in RIMMED:
            return
        if element == PE.PE_Frame and not isinstance(widget, QPlainTextEdit | QTextEdit):
            return  # text boxes only: other frames (docks, lists) keep Fusion's
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        typed_in = element in (PE.PE_FrameLineEdit, PE.PE_Frame)
        colour = rim_colour(option.palette, focused and typed_in)
        if not enabled:
            colour.setAlphaF(0.45)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(colour, 1.0))
        painter.setBrush(QColor(0, 0, 0, 0))
        rect = QRectF(option.rect).adjusted(1.5, 1.5, -1.5, -1.5)
        if element == PE.PE_IndicatorRadioButton:
            painter.drawEllipse(rect)
        elif element == PE.PE_IndicatorCheckBox:
            painter.drawRoundedRect(rect, 2, 2)
        elif element == PE.PE_Frame:
            painter.drawRect(QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5))
        else:
            painter.drawRoundedRect(QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
        painter.restore()
