"""Focus mode: only the body editor, its text in a centred column; View > Focus Mode (F8), and
F8 again or Esc leaves it, putting every pane, dock and bar back as it was."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QDockWidget, QWidget

COLUMN_CHARACTERS = 76  # the text column's width in focus mode, in average characters


class FocusMode(QObject):
    """Hides everything but the editor, and brings it all back."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self.hidden: list[QWidget] = []
        self.action = QAction("&Focus Mode", window, checkable=True)
        self.action.setShortcut(QKeySequence("F8"))
        self.action.setStatusTip("Only the text; F8 or Esc brings the rest back")
        self.action.toggled.connect(self.set_on)
        window.addAction(self.action)
        self.leave = QShortcut(QKeySequence(Qt.Key.Key_Escape), window)
        self.leave.setObjectName("leaveFocusMode")
        self.leave.setWhatsThis("Leave Focus Mode")
        self.leave.setContext(Qt.ShortcutContext.WindowShortcut)
        self.leave.setEnabled(False)
        self.leave.activated.connect(self._escape)
        window.editor.resized.connect(self._resized)

    def set_on(self, on: bool) -> None:
        """Enter or leave focus mode (the action's check mark follows)."""
        if on and not self.active:
            self._enter()
        elif not on and self.active:
            self._leave()
        if self.action.isChecked() != on:
            self.action.setChecked(on)

    def _enter(self) -> None:
        """Hide what is shown around the editor; centre its text."""
        window = self.window
        around = [
            window.library,
            window.preview,
            window.metadata,
            window.banner,
            window.find_bar,
            window.menuBar(),
            *window.findChildren(QDockWidget),
            *[w for w in window.findChildren(QWidget) if w.objectName() == "mainToolbar"],
        ]
        self.hidden = [w for w in around if w.isVisible()]
        for widget in self.hidden:
            widget.hide()
        self.active = True
        self.leave.setEnabled(True)
        self._centre()
        window.editor.setFocus()
        window.statusBar().showMessage("Focus mode: F8 or Esc brings everything back.", 5000)

    def _leave(self) -> None:
        """Show again what focus mode hid."""
        for widget in self.hidden:
            widget.show()
        self.hidden = []
        self.active = False
        self.leave.setEnabled(False)
        self.window.editor.setViewportMargins(0, 0, 0, 0)
        self.window.editor.setFocus()

    def _centre(self) -> None:
        """Margins that keep the text in a readable column in the middle of the editor."""
        editor = self.window.editor
        column = editor.fontMetrics().averageCharWidth() * COLUMN_CHARACTERS
        side = max(0, (editor.width() - column) // 2)
        editor.setViewportMargins(side, 0, side, 0)

    def _resized(self) -> None:
        """The editor changed size: keep the column centred."""
        if self.active:
            self._centre()

    def _escape(self) -> None:
        """Esc: close the find bar when it is open, else leave focus mode."""
        if self.window.find_bar.isVisible():
            self.window.find_bar.close_bar()
            return
        self.set_on(False)
