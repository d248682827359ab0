"""Markdown syntax highlighting for the body editor, one block (line) at a time.

Colours come from the palette so light and dark modes both read well. Only the changed line
(and the lines after it while a multi-line state changes) is re-highlighted per keystroke. A
long body is highlighted as it loads only down to a frontier (the first screens), and the rest
a slice at a time while the window is idle (defer_rest), so opening a 5 MB story does not wait
for 30,000 lines to be highlighted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
)

# Block states carried from one line to the next.
NORMAL, IN_NOTE, IN_FENCE = 0, 1, 2

HEADING = re.compile(r"^\s{0,3}(#{1,6})\s.*$")
QUOTE = re.compile(r"^\s{0,3}>.*$")
LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])(?=\s)")
FENCE = re.compile(r"^\s*(```|~~~)")
STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
EMPHASIS = re.compile(r"(?<![*_\w])([*_])(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![*_\w])")
CODE = re.compile(r"`[^`\n]+`")
LINK = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)|<https?://[^>\s]+>")
NOTE_OPEN, NOTE_CLOSE = "{>>", "<<}"
# A body of more lines than this is highlighted lazily: the first FRONTIER_BLOCKS lines as it
# loads, then SLICE_BLOCKS lines per pass of the event loop (about 10 ms each).
LAZY_BLOCKS = 2_000
FRONTIER_BLOCKS = 400
SLICE_BLOCKS = 200


def blend(a: QColor, b: QColor, amount: float) -> QColor:
    """Mix colour b into a by amount (0..1): tints that follow the palette."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )


class MarkdownHighlighter(QSyntaxHighlighter):
    """Headings, emphasis, links, quotes, lists, code and editor's notes (figure lines are the
    body model's to recognise: the figure cards give them their formats through laid_out)."""

    def __init__(self, document: QTextDocument, palette: QPalette | None = None) -> None:
        super().__init__(document)
        self.formats: dict[str, QTextCharFormat] = {}
        # Lines another part lays out itself (figure blocks, which desk.ui.figurecards draws
        # as cards): a block -> its formats as (start, length, format), or None.
        self.laid_out: Callable[[QTextBlock], list[tuple[int, int, QTextCharFormat]] | None]
        self.laid_out = lambda _block: None
        # Spelling and house-style marks of a line (desk.ui.proofreading sets it): called with
        # (block, text, note_open), returns marks with start, end (Python offsets) and kind.
        self.mark_source: Callable[[QTextBlock, str, bool], Sequence[Any]] | None = None
        # Lines past the frontier are left plain until a slice reaches them (None: none are).
        self.frontier: int | None = None
        self._next: QTextBlock | None = None
        self._slicer = QTimer(self, interval=0)
        self._slicer.timeout.connect(self._highlight_slice)
        self.set_palette(palette or QPalette())

    def defer_rest(self, line_count: int) -> None:
        """Before a body of line_count lines is loaded: when it is long, highlight only its first
        lines as it loads and the rest in slices afterwards (call rest_deferred() after)."""
        self._slicer.stop()
        self._next = None
        self.frontier = FRONTIER_BLOCKS if line_count > LAZY_BLOCKS else None

    def rest_deferred(self) -> None:
        """The body is loaded: start highlighting past the frontier, a slice per idle pass."""
        document = self.document()
        if self.frontier is None or document is None:
            return
        self._next = document.findBlockByNumber(self.frontier + 1)
        self._slicer.start()

    @property
    def pending(self) -> bool:
        """True while lines of a long body still wait for their highlighting."""
        return self.frontier is not None

    def _highlight_slice(self) -> None:
        """Highlight the next slice of lines past the frontier."""
        block = self._next
        for _ in range(SLICE_BLOCKS):
            if block is None or not block.isValid():
                self.frontier, self._next = None, None
                self._slicer.stop()
                return
            self.frontier = block.blockNumber()
            self.rehighlightBlock(block)
            block = block.next()
        self._next = block

    def set_palette(self, palette: QPalette) -> None:
        """Derive every format from the palette (call again when light/dark changes)."""
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        link = palette.color(QPalette.ColorRole.Link)
        accent = palette.color(QPalette.ColorRole.Highlight)
        muted = blend(text, base, 0.45)
        f: dict[str, QTextCharFormat] = {}
        f["heading"] = self._format(foreground=blend(text, accent, 0.35), bold=True)
        f["marker"] = self._format(foreground=muted)
        f["strong"] = self._format(bold=True)
        f["emphasis"] = self._format(italic=True)
        f["link"] = self._format(foreground=link, underline=True)
        f["quote"] = self._format(foreground=blend(text, base, 0.3), italic=True)
        f["list"] = self._format(foreground=accent, bold=True)
        f["code"] = self._format(foreground=blend(text, accent, 0.5), mono=True)
        f["note"] = self._format(foreground=blend(text, base, 0.25), italic=True)
        f["note"].setBackground(blend(base, QColor(230, 180, 40), 0.28))
        f["figure"] = self._format(foreground=link, bold=True)
        f["figure"].setBackground(blend(base, link, 0.14))
        f.update(proofing_formats(text, base, link))
        self.formats = f
        self.rehighlight()

    @staticmethod
    def _format(
        foreground: QColor | None = None,
        bold: bool = False,
        italic: bool = False,
        underline: bool = False,
        mono: bool = False,
    ) -> QTextCharFormat:
        """One character format."""
        fmt = QTextCharFormat()
        if foreground is not None:
            fmt.setForeground(foreground)
        if bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        if italic:
            fmt.setFontItalic(True)
        if underline:
            fmt.setFontUnderline(True)
        if mono:
            fmt.setFontFixedPitch(True)
            fmt.setFontFamilies(["monospace"])
        return fmt

    def highlightBlock(self, text: str) -> None:
        """Highlight one line, carrying fenced-code and editor's-note state to the next."""
        previous = max(self.previousBlockState(), 0)
        if not text or (
            self.frontier is not None and self.currentBlock().blockNumber() > self.frontier
        ):
            # A blank line carries the state; a line past the frontier waits for its slice
            # (a card's line is laid out at once, so the cards show where they stand).
            self.setCurrentBlockState(previous if previous in (IN_NOTE, IN_FENCE) else NORMAL)
            own = self.laid_out(self.currentBlock()) if text else None
            for start, length, fmt in own or ():
                self.setFormat(start, length, fmt)
            return
        self.setCurrentBlockState(NORMAL)
        if previous == IN_FENCE or FENCE.match(text):
            self._fence_line(text, previous)
            return
        own = self.laid_out(self.currentBlock())
        if own:
            for start, length, fmt in own:
                self.setFormat(start, length, fmt)
            return
        self._line_formats(text)
        self._inline_formats(text)
        self._notes(text, previous == IN_NOTE)
        self._proofing_marks(text, previous == IN_NOTE)

    def _fence_line(self, text: str, previous: int) -> None:
        """A line of fenced code: shaded as code; the closing fence ends the state."""
        self.setFormat(0, len(text), self.formats["code"])
        opening = previous != IN_FENCE
        closes = not opening and FENCE.match(text) is not None
        self.setCurrentBlockState(NORMAL if closes else IN_FENCE)

    def _line_formats(self, text: str) -> None:
        """Formats that depend on how the line starts: headings, quotes, list markers."""
        heading = HEADING.match(text)
        if heading:
            self.setFormat(0, len(text), self.formats["heading"])
            self.setFormat(heading.start(1), len(heading.group(1)), self.formats["marker"])
            return
        if QUOTE.match(text):
            self.setFormat(0, len(text), self.formats["quote"])
            return
        marker = LIST_MARKER.match(text)
        if marker:
            self.setFormat(0, marker.end(), self.formats["list"])

    def _inline_formats(self, text: str) -> None:
        """Emphasis, strong, code spans and links within the line."""
        if not any(c in text for c in "*_`[<"):
            return
        for match in STRONG.finditer(text):
            self._merge(match.start(), match.end() - match.start(), self.formats["strong"])
        for match in EMPHASIS.finditer(text):
            self._merge(match.start(), match.end() - match.start(), self.formats["emphasis"])
        for match in LINK.finditer(text):
            self._merge(match.start(), match.end() - match.start(), self.formats["link"])
        for match in CODE.finditer(text):
            self.setFormat(match.start(), match.end() - match.start(), self.formats["code"])

    def _merge(self, start: int, length: int, fmt: QTextCharFormat) -> None:
        """Apply fmt over whatever the line already has (bold inside a heading stays bold)."""
        combined = QTextCharFormat(self.format(start))
        combined.merge(fmt)
        self.setFormat(start, length, combined)

    def _notes(self, text: str, inside: bool) -> None:
        """Shade CriticMarkup editor's notes {>> ... <<}, which may span lines."""
        if not inside and NOTE_OPEN not in text:
            return
        position = 0
        while position <= len(text):
            if not inside:
                start = text.find(NOTE_OPEN, position)
                if start < 0:
                    return
            else:
                start = position
            end = text.find(NOTE_CLOSE, start if inside else start + len(NOTE_OPEN))
            if end < 0:
                self.setFormat(start, len(text) - start, self.formats["note"])
                self.setCurrentBlockState(IN_NOTE)
                return
            end += len(NOTE_CLOSE)
            self.setFormat(start, end - start, self.formats["note"])
            position = end
            inside = False

    def _proofing_marks(self, text: str, note_open: bool) -> None:
        """Underline misspelt words and house-style findings over the Markdown formats."""
        if self.mark_source is None:
            return
        marks = self.mark_source(self.currentBlock(), text, note_open)
        if not marks:
            return
        wide = not text.isascii() and len(text.encode("utf-16-le")) != 2 * len(text)
        for mark in marks:  # Qt counts UTF-16 units: characters outside the BMP take two
            start, end = mark.start, mark.end
            if wide:
                start, end = utf16_offset(text, start), utf16_offset(text, end)
            fmt = self.formats.get(mark.kind)
            if fmt is not None:
                self._merge(start, end - start, fmt)


def proofing_formats(text: QColor, base: QColor, link: QColor) -> dict[str, QTextCharFormat]:
    """A red spell-check underline for misspellings, a dotted one in the link colour for house
    style, both readable in light and dark palettes."""
    spelling = QTextCharFormat()
    spelling.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
    spelling.setUnderlineColor(blend(QColor(220, 30, 30), text, 0.15))
    style = QTextCharFormat()
    style.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    style.setUnderlineColor(blend(link, base, 0.1))
    return {"spelling": spelling, "style": style}


def utf16_offset(text: str, index: int) -> int:
    """A Python string offset as Qt's (characters outside the BMP count twice)."""
    if text.isascii():
        return index
    return len(text[:index].encode("utf-16-le")) // 2
