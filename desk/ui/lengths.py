"""The story's target length in the status bar: words written against the target set in the
form (Target), counted in the background a moment after typing, as the word count is."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QProgressBar

from desk import body

COUNT_DELAY_MS = 400


class TargetProgress(QObject):
    """A progress bar beside the counts: '1,234 / 1,500 words'; hidden without a target."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.words = 0
        self.bar = QProgressBar(window)
        self.bar.setObjectName("targetProgress")
        self.bar.setMaximumWidth(190)
        self.bar.setTextVisible(True)
        self.bar.hide()
        window.statusBar().insertPermanentWidget(0, self.bar)
        self._timer = QTimer(self, singleShot=True, interval=COUNT_DELAY_MS)
        self._timer.timeout.connect(self.count)
        window.editor.textChanged.connect(self._changed)
        window.metadata.target.valueChanged.connect(lambda _value: self.count())

    @property
    def target(self) -> int:
        """The open story's target length (0: none)."""
        return int(self.window.metadata.target.value())

    def _changed(self) -> None:
        """Typing: count again after a pause (only when the story has a target)."""
        if self.target:
            self._timer.start()

    def count(self) -> None:
        """Count the body in the background and show the progress."""
        self._timer.stop()
        if not self.target:
            self.bar.hide()
            return
        self.window.jobs.submit(
            "body",
            body.word_count,
            self.window.editor.plain_text(),
            key="target-words",
            on_done=self.show_words,
        )

    def show_words(self, words: object) -> None:
        """Show words written against the target."""
        target = self.target
        if not target:
            self.bar.hide()
            return
        self.words = int(words)  # type: ignore[call-overload]
        self.bar.setRange(0, target)
        self.bar.setValue(min(self.words, target))
        self.bar.setFormat(f"{self.words:,} / {target:,} words")
        left = target - self.words
        self.bar.setToolTip(
            f"{left:,} words to go to the target"
            if left > 0
            else f"{-left:,} words over the target"
            if left < 0
            else "On target"
        )
        self.bar.show()
