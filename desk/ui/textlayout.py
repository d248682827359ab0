"""The body editor's document layout: Qt's plain-text layout, repainting only the line typed in.

When a highlighter changes the formats of the paragraph being typed in (a misspelling's
underline or a link moves along by one character), Qt's layout receives the change with the
paragraph's lines already cleared and so cannot tell whether its height changed: it repaints
the whole editor (about three times the work of painting one paragraph, at every key). This
layout remembers the paragraph's height as the edit arrives, lays it out again when the change
is the highlighter's, and, when the height is the same, asks for the paragraph alone to be
repainted, as Qt does for a paragraph without formats. Any other change is Qt's to handle.
"""

from __future__ import annotations

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout


class BlockLayout(QPlainTextDocumentLayout):
    """QPlainTextDocumentLayout that repaints one paragraph when its formats change."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._before: tuple[int, float] | None = None  # block number, height as the edit came
        self._blocks = document.blockCount()
        # Connected before any highlighter is (it reformats the paragraph on the same signal).
        document.contentsChange.connect(self._remember)

    def _remember(self, position: int, _removed: int, _added: int) -> None:
        """The paragraph's height as it was laid out before this edit."""
        block = self.document().findBlock(position)
        lines = block.layout()
        self._before = (
            (block.blockNumber(), lines.boundingRect().height()) if lines.lineCount() else None
        )

    def documentChanged(self, position: int, removed: int, added: int) -> None:
        """Repaint only the paragraph when a change inside it left its height as it was."""
        before, self._before = self._before, None
        document = self.document()
        block = document.findBlock(position)
        if (
            before is not None
            and added > 0
            and block.blockNumber() == before[0]
            and document.blockCount() == self._blocks
            and block.layout().lineCount() == 0  # reformatted: Qt would repaint everything
            and position + added <= block.position() + block.length()
            and self.blockBoundingRect(block).height() == before[1]  # lays it out again
        ):
            self.updateBlock.emit(block)
            return
        super().documentChanged(position, removed, added)
        self._blocks = document.blockCount()
