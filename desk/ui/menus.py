"""The main window's own actions, menus and toolbar (panels add theirs through
desk.ui.actions.add_action and the install_... functions the window calls)."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QToolBar

from desk.model import Status


def window_action(window, label: str, slot, shortcut=None, tip: str = "") -> QAction:
    """A window action with an optional shortcut (a QKeySequence or standard key)."""
    action = QAction(label, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


def build_actions(window) -> None:
    """Every command of the window, with its standard shortcut."""
    key = QKeySequence.StandardKey
    e = window.editor
    act = partial(window_action, window)
    toggle = partial(pane_toggle, window)
    edit = partial(edit_focused, window)
    wrap = partial(wrap_body, window)
    window.action_new = window_action(
        window, "&New Story", window.new_article, key.New, "Start a story"
    )
    window.action_save = window_action(
        window, "&Save Now", window.save_now, key.Save, "Save at once"
    )
    window.action_quit = act("&Quit", window.close, key.Quit)
    window.action_undo = window_action(window, "&Undo", lambda: edit("undo"), key.Undo)
    window.action_redo = window_action(window, "&Redo", lambda: edit("redo"), key.Redo)
    window.action_cut = act("Cu&t", lambda: edit("cut"), key.Cut)
    window.action_copy = window_action(window, "&Copy", lambda: edit("copy"), key.Copy)
    window.action_paste = window_action(window, "&Paste", lambda: edit("paste"), key.Paste)
    window.action_bold = act("&Bold", lambda: wrap("**"), key.Bold)
    window.action_italic = window_action(window, "&Italic", lambda: wrap("*"), key.Italic)
    window.action_find = act("&Find Stories", window.focus_search, "Ctrl+Shift+F")
    window.action_find_in_story = window_action(
        window, "Find in Stor&y…", window.find_bar.open_bar, key.Find
    )
    window.action_replace_in_story = window_action(
        window, "Replace in St&ory…", window.find_bar.open_replace, "Ctrl+H"
    )
    window.action_find_next = window_action(
        window, "Find &Next", window.find_bar.find_next, key.FindNext
    )
    window.action_find_previous = window_action(
        window, "Find Pre&vious", window.find_bar.find_previous, key.FindPrevious
    )
    window.action_zoom_in = act("Zoom &In", lambda: e.zoom(1), key.ZoomIn)
    window.action_zoom_in.setShortcuts([QKeySequence(key.ZoomIn), QKeySequence("Ctrl+=")])
    window.action_zoom_out = act("Zoom &Out", lambda: e.zoom(-1), key.ZoomOut)
    window.action_zoom_reset = act("&Actual Size", lambda: e.zoom(0), "Ctrl+0")
    window.action_show_library = toggle("Show &Library", 0, "Ctrl+Shift+L")
    window.action_show_preview = toggle("Show &Preview", 2, "Ctrl+Shift+P")
    window.action_headline_limit = window_action(
        window, "Headline &Limit…", window.ask_headline_limit
    )
    window.status_actions = [
        window_action(
            window, f"Mark as {s.value.capitalize()}", lambda s=s: window.set_status(s.value)
        )
        for s in Status
    ]


def edit_focused(window, verb: str) -> None:
    """Undo, redo, cut, copy or paste in the focused field (the body when none has focus)."""
    focused = QApplication.focusWidget()
    target = focused if focused is not None and hasattr(focused, verb) else window.editor
    getattr(target, verb)()


def wrap_body(window, marker: str) -> None:
    """Bold/italic apply to the body only (not while typing the headline)."""
    if QApplication.focusWidget() in (None, window.editor) and not window.read_only:
        window.editor.wrap_selection(marker)


def pane_toggle(window, label: str, pane: int, shortcut: str) -> QAction:
    """A checkable action that shows or hides one pane of the splitter."""
    action = QAction(label, window, checkable=True, checked=True)
    action.setShortcut(QKeySequence(shortcut))
    widget = window.splitter.widget(pane)
    action.toggled.connect(widget.setVisible)
    window.addAction(action)
    return action


def build_menus(window) -> None:
    """File, Edit, Story and View menus (other panels add their actions to these)."""
    bar = window.menuBar()
    window.menu_file = bar.addMenu("&File")
    window.menu_file.addActions([window.action_new, window.action_save])
    window.menu_file.addSeparator()
    window.menu_edit = bar.addMenu("&Edit")
    window.menu_edit.addActions([window.action_undo, window.action_redo])
    window.menu_edit.addSeparator()
    window.menu_edit.addActions([window.action_cut, window.action_copy, window.action_paste])
    window.menu_edit.addSeparator()
    window.menu_edit.addActions([window.action_bold, window.action_italic])
    window.menu_edit.addSeparator()
    window.menu_edit.addActions(
        [
            window.action_find,
            window.action_find_in_story,
            window.action_replace_in_story,
            window.action_find_next,
            window.action_find_previous,
        ]
    )
    window.menu_story = bar.addMenu("&Story")
    status_menu = window.menu_story.addMenu("Set &Status")
    status_menu.addActions(window.status_actions)
    window.menu_story.addAction(window.action_headline_limit)
    window.menu_story.addSeparator()
    window.menu_view = bar.addMenu("&View")
    window.menu_view.addActions(
        [window.action_zoom_in, window.action_zoom_out, window.action_zoom_reset]
    )
    window.menu_view.addSeparator()
    window.menu_view.addActions([window.action_show_library, window.action_show_preview])
    window.menu_view.addSeparator()
    window.toolbar = QToolBar("Main Toolbar", window)
    window.toolbar.setObjectName("mainToolbar")
    window.toolbar.setMovable(False)
    window.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    window.toolbar.addActions([window.action_new, window.action_save])
    window.toolbar.addSeparator()
    window.toolbar.addActions([window.action_bold, window.action_italic])
    window.toolbar.addSeparator()
    window.toolbar.addAction(window.action_find_in_story)
    window.addToolBar(window.toolbar)
    window.menu_view.addAction(window.toolbar.toggleViewAction())
