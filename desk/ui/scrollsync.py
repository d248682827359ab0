"""The preview follows the editor: when the body scrolls, the preview shows the block at the
editor's top line at its own top (desk.body's blocks, as the window parsed them last)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from desk import body

SYNC_DELAY_MS = 60  # scrolling fires many times a second: follow once it settles a little


class ScrollSync(QObject):
    """Keeps the preview at the block the editor shows first."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.parsed: body.Body | None = None
        self.last: int | None = None
        self._timer = QTimer(self, singleShot=True, interval=SYNC_DELAY_MS)
        self._timer.timeout.connect(self.sync)
        window.editor.verticalScrollBar().valueChanged.connect(lambda _v: self._timer.start())
        window.hub.bodyParsed.connect(self._parsed)
        window.preview.loaded.connect(self.sync_now)

    def _parsed(self, article_id: int, parsed: object) -> None:
        """Remember the open story's latest blocks."""
        if article_id == self.window.current_article_id() and isinstance(parsed, body.Body):
            self.parsed = parsed

    def block_at_top(self) -> int:
        """The index of the block at (or just after) the editor's first visible line; -1 when
        the editor shows the story's start."""
        editor = self.window.editor
        if editor.verticalScrollBar().value() == 0 or self.parsed is None:
            return -1
        line = editor.firstVisibleBlock().blockNumber()
        for index, block in enumerate(self.parsed.blocks):
            if block.end > line:
                return index
        return max(0, len(self.parsed.blocks) - 1)

    def sync_now(self) -> None:
        """Follow at once (the preview just loaded)."""
        self.last = None
        self.sync()

    def sync(self) -> None:
        """Scroll the preview to the editor's block, when it changed."""
        index = self.block_at_top()
        if index == self.last:
            return
        self.last = index
        self.window.preview.scroll_to_block(index)
