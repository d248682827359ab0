"""Fields of the story form: a headline that wraps to two lines, the standfirst, a length count
against a limit, and the language chosen by name (code beside) from Babel's list; and a choice
box that shortens its text with an ellipsis when narrow (the library's filters)."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFontMetrics,
    QKeyEvent,
    QPalette,
    QTextCursor,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QToolTip,
    QWidget,
)

from desk.errors import BadInput

from desk.ui.style import show_warning

FILL_DELAY_MS = 300


class OneParagraphEdit(QPlainTextEdit):
    """A plain-text field that wraps but holds one paragraph: Enter moves on, pasted line breaks
    become spaces. Offers QLineEdit's text()/setText() so callers need not care."""

    def __init__(self, lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        option = self.document().defaultTextOption()
        option.setTextDirection(Qt.LayoutDirection.LayoutDirectionAuto)
        self.document().setDefaultTextOption(option)
        self.lines = lines
        self._fit_height()

    def _fit_height(self) -> None:
        """Exactly `lines` lines of the current font tall."""
        margins = self.contentsMargins()
        spacing = QFontMetrics(self.font()).lineSpacing()
        chrome = int(self.document().documentMargin() * 2) + margins.top() + margins.bottom()
        self.setFixedHeight(spacing * self.lines + chrome + 2)

    def setFont(self, font) -> None:
        """A new font keeps the field `lines` lines tall."""
        super().setFont(font)
        self._fit_height()

    def text(self) -> str:
        """The field's text (one paragraph)."""
        return self.toPlainText()

    def setText(self, text: str) -> None:
        """Replace the text (line breaks become spaces)."""
        self.setPlainText(" ".join(str(text).splitlines()))

    def setCursorPosition(self, position: int) -> None:
        """Put the cursor at a character position (0: the start, scrolled into view)."""
        cursor = self.textCursor()
        cursor.setPosition(max(0, min(position, len(self.toPlainText()))))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter moves to the next field instead of breaking the line."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source) -> None:
        """Pasted text joins into the paragraph."""
        if source.hasText():
            self.textCursor().insertText(" ".join(source.text().split()))

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Leaving the field shows its start again."""
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.moveCursor(QTextCursor.MoveOperation.Start)


class HeadlineEdit(OneParagraphEdit):
    """The headline: large and bold, two lines tall, and as tall as its wrapped text up to
    MOST_LINES, so a long one stays in sight in a narrow form (a third line was cut in half
    at 1,280 px)."""

    LEAST_LINES, MOST_LINES = 2, 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.LEAST_LINES, parent)
        self.setObjectName("headlineEdit")
        self.setPlaceholderText("Headline")
        self.setAccessibleName("Headline")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.setFont(font)
        self.document().setDocumentMargin(3)
        self._fit_height()
        self.textChanged.connect(self._follow_text)

    def wrapped_lines(self) -> int:
        """How many lines the headline takes at the field's width (laid out here: the
        editor's own layout is made lazily, as it paints)."""
        layout = QTextLayout(self.toPlainText(), self.font())
        option = layout.textOption()
        option.setWrapMode(self.wordWrapMode())  # wrapped as the field wraps it
        layout.setTextOption(option)
        width = self.viewport().width() - 2 * self.document().documentMargin()
        count = 0
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(max(width, 1.0))
            count += 1
        layout.endLayout()
        return count

    def _follow_text(self, *_args: object) -> None:
        """As many lines as the wrapped headline takes (between the least and the most)."""
        lines = max(self.LEAST_LINES, min(self.MOST_LINES, self.wrapped_lines()))
        if lines != self.lines:
            self.lines = lines
            self._fit_height()

    def resizeEvent(self, event) -> None:
        """A new width may wrap the headline onto more lines, or fewer."""
        super().resizeEvent(event)
        self._follow_text()


class StandfirstEdit(QPlainTextEdit):
    """A short plain-text field, a few lines high, that wraps (standfirsts run long)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("standfirstEdit")
        self.setTabChangesFocus(True)
        self.setPlaceholderText("Standfirst: the summary under the headline")
        self.setAccessibleName("Standfirst")
        option = self.document().defaultTextOption()
        option.setTextDirection(Qt.LayoutDirection.LayoutDirectionAuto)
        self.document().setDefaultTextOption(option)
        lines = QFontMetrics(self.font()).lineSpacing()
        self.setFixedHeight(lines * 3 + 12)


class LengthCount(QLabel):
    """'64/70' beside a field; bold in the palette's warning colour once over the limit."""

    def __init__(self, what: str, limit: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.limit = limit
        self.length = 0
        self.setMinimumWidth(QFontMetrics(self.font()).horizontalAdvance("0000/0000"))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.show_length(0)

    def set_limit(self, limit: int) -> None:
        """A new limit (from the settings)."""
        self.limit = max(1, int(limit))
        self.show_length(self.length)

    def show_length(self, length: int) -> None:
        """Show a length against the limit."""
        self.length = length
        over = length > self.limit
        self.setText(f"{length}/{self.limit}")
        self.setToolTip(
            f"{length - self.limit} characters over the {self.what} limit"
            if over
            else f"{self.what.capitalize()} length (limit {self.limit}, set in Preferences)"
        )
        show_warning(self, over, calm=QPalette.ColorRole.PlaceholderText)
        font = self.font()
        font.setBold(over)
        self.setFont(font)


class LanguageBox(QComboBox):
    """The story's language, picked by name with its code beside ('French — fr'); typing a name
    or a code (e.g. 'pt-BR') works too. The list comes from Babel once the window is up."""

    languageChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("languageBox")
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setAccessibleName("Language")
        self.setMaxVisibleItems(16)
        self.lineEdit().setPlaceholderText("Language")
        self._code = "en"
        self._filled = False
        completer = QCompleter(QStringListModel(self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.activated.connect(self._on_activated)
        self.lineEdit().editingFinished.connect(self._on_typed)
        # Babel's names take a tenth of a second to load: after the window is up, not before.
        QTimer.singleShot(FILL_DELAY_MS, self.fill)

    def fill(self) -> None:
        """Offer every language Babel knows, by name."""
        if self._filled:
            return
        from desk.languages import language_choices

        self._filled = True
        self.blockSignals(True)
        for code, label in language_choices():
            self.addItem(label, code)
        self.completer().model().setStringList([self.itemText(i) for i in range(self.count())])
        self.blockSignals(False)
        self.set_code(self._code)

    def showPopup(self) -> None:
        """The list is filled before it first opens."""
        self.fill()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Typing completes from the whole list."""
        self.fill()
        super().focusInEvent(event)

    def code(self) -> str:
        """The chosen language's code."""
        return self._code

    def set_code(self, code: str) -> None:
        """Show a language (without emitting languageChosen)."""
        self._code = code or "en"
        if not self._filled:
            self._show(self._code)
            return
        from desk.languages import language_label

        self.blockSignals(True)
        index = self.findData(self._code)
        if index < 0:  # a regional form or a code Babel does not know: listed for this story
            self.addItem(language_label(self._code), self._code)
            index = self.count() - 1
        self.setCurrentIndex(index)
        self._show(self.itemText(index))
        self.setToolTip(self._tooltip())
        self.blockSignals(False)

    def _show(self, text: str) -> None:
        """The field shows a language's name from its start ("Portuguese (Brazil) — pt-BR" in a
        narrow form showed its end, "nglish — en")."""
        self.setEditText(text)
        self.lineEdit().setCursorPosition(0)

    def _tooltip(self) -> str:
        """The language's own name, and how to choose another."""
        from desk.languages import native_name

        native = native_name(self._code)
        return (f"{native} · " if native else "") + "type a language's name or code to change it"

    def _on_activated(self, index: int) -> None:
        """Picked from the list."""
        self._choose(str(self.itemData(index) or self.itemText(index)))

    def _on_typed(self) -> None:
        """Typed and left the field (or pressed Enter)."""
        typed = self.currentText().strip()
        if typed and typed != self.itemText(self.currentIndex()):
            self._choose(typed)
        elif not typed:
            self.set_code(self._code)

    def _choose(self, typed: str) -> None:
        """Take a typed or picked language; an unknown one is refused in one sentence."""
        from desk.languages import normalise_language

        try:
            code = normalise_language(typed)
        except BadInput as exc:
            self.set_code(self._code)
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), str(exc), self)
            return
        changed = code != self._code
        self.set_code(code)
        if changed:
            self.languageChosen.emit(code)


class ElidedComboBox(QComboBox):
    """A choice box that, when narrower than its text, shows the text shortened with an
    ellipsis ("Not chec…") instead of cut through a letter, and the whole of it as a tooltip.

    A filter's box names what it filters while it lets everything through (idle: "Status",
    where its list says "All statuses"), as filter bars do: "All stat…", "Any ch…" and
    "All sect…" side by side in a narrow library read as cut, and said less."""

    def __init__(self, parent: QWidget | None = None, idle: str = "") -> None:
        super().__init__(parent)
        self._idle = idle
        if idle:
            self.setAccessibleName(idle)
        self.currentTextChanged.connect(self._update_tip)

    def label(self) -> str:
        """What the closed box says: the idle name on the first item, else the item's text."""
        return self._idle if self._idle and self.currentIndex() == 0 else self.currentText()

    def shown_text(self, option: QStyleOptionComboBox | None = None) -> str:
        """The label as it fits the box's text field now (option: the box's, if made)."""
        if option is None:
            option = QStyleOptionComboBox()
            self.initStyleOption(option)
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        return self.fontMetrics().elidedText(
            self.label(), Qt.TextElideMode.ElideRight, max(field.width(), 0)
        )

    def paintEvent(self, event) -> None:
        """QComboBox's own painting, with the label shortened to fit."""
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text(option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def resizeEvent(self, event) -> None:
        """A new width may shorten the text or show it whole again."""
        super().resizeEvent(event)
        self._update_tip()

    def _update_tip(self, *_args: object) -> None:
        """The whole text as a tooltip while the box shows it shortened."""
        whole = self.currentText()
        self.setToolTip(whole if self.shown_text() != whole else "")  # "All statuses" when idle
