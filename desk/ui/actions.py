"""Menu actions that panels and dialogs add to the main window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget


def add_action(
    window: QWidget,
    menu: QMenu,
    label: str,
    slot: Callable[[], object],
    shortcut: str = "",
    tip: str = "",
    writes: bool = False,
) -> QAction:
    """An action in the window's menu (and its shortcut); writers are off in a read-only store."""
    action = QAction(label, window)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    if writes:
        action.setEnabled(not window.read_only)
    window.addAction(action)
    menu.addAction(action)
    return action
