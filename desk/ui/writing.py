"""The writing tools of the window, installed in one place: spelling and house style as you type,
clean paste (rich text as Markdown; Ctrl+Shift+V plain), text expansion codes, find and replace
in the story and across stories, the outline of subheads, the preview following the editor,
focus mode, and the lengths (alert line, target word count).

Each tool lives in its own module; this one only adds them to the window, its menus and its
shortcuts (Help > Keyboard Shortcuts lists them all).
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication

from desk import body
from desk.text import counted

from desk.ui import writingprefs  # noqa: F401  (the Preferences pages register themselves)
from desk.ui.expander import TextExpander
from desk.ui.fieldproofing import FieldProofing
from desk.ui.focusmode import FocusMode
from desk.ui.lengths import TargetProgress
from desk.ui.outline import OutlineDock
from desk.ui.proofreading import Proofreading
from desk.ui.replacedialog import install_replace_action
from desk.ui.scrollsync import ScrollSync


def install_writing_tools(window) -> None:
    """Add every writing tool to the main window (after its menus and Preferences exist)."""
    window.proofreading = Proofreading(window)
    window.field_proofing = [
        FieldProofing(field, window.proofreading)
        for field in (window.metadata.headline, window.metadata.standfirst)
    ]
    _install_paste(window)
    window.action_replace_all = install_replace_action(window)
    window.target_progress = TargetProgress(window)
    _install_expander(window)
    _install_navigation(window)
    window.proofreading.refresh(new_story=True)
    window.target_progress.count()


def _install_expander(window) -> None:
    """Text expansion codes in every text field: body, form, the Photos dock's fields."""
    window.expander = TextExpander(window)
    form = window.metadata
    fields = [window.editor, form.headline, form.standfirst, form.alert, form.byline]
    fields += [form.authors, form.dateline, form.agency, form.section.lineEdit()]
    figure = getattr(getattr(window, "photo_panel", None), "editor", None)
    if figure is not None:
        fields += [figure.caption, figure.credit, figure.alt]
    window.expander.watch(*fields)
    window.preferences.applied.connect(
        lambda keys: window.expander.reload() if "writing.expansions" in keys else None
    )


def _install_navigation(window) -> None:
    """The Outline dock (Ctrl+Shift+O), the preview following the editor, focus mode (F8)."""
    from PySide6.QtCore import Qt

    window.outline = OutlineDock(window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.outline)
    toggle = window.outline.toggleViewAction()
    toggle.setText("&Outline")  # as the other docks are named in the View menu
    toggle.setShortcut(QKeySequence("Ctrl+Shift+O"))
    toggle.setStatusTip("The story's subheads; click one to go there")
    window.menu_view.addAction(toggle)
    window.scroll_sync = ScrollSync(window)
    window.focus_mode = FocusMode(window)
    window.menu_view.addSeparator()
    window.menu_view.addAction(window.focus_mode.action)


# -- paste ------------------------------------------------------------------------------------


def _install_paste(window) -> None:
    """Rich text pastes as Markdown; Edit > Paste as Plain Text (Ctrl+Shift+V)."""
    window.editor.paste_hooks.append(lambda source: paste_rich(window, source))
    action = QAction("Paste as P&lain Text", window)
    action.setShortcut(QKeySequence("Ctrl+Shift+V"))
    action.setStatusTip("Paste the clipboard's text without its formatting")
    action.triggered.connect(lambda _checked=False: paste_plain(window))
    window.addAction(action)
    actions = window.menu_edit.actions()
    index = actions.index(window.action_paste)
    following = actions[index + 1] if index + 1 < len(actions) else None
    window.menu_edit.insertAction(following, action)
    window.action_paste_plain = action


def paste_rich(window, source) -> bool:
    """Paste clipboard HTML into the body as Markdown, as one undoable edit (True: done)."""
    if not source.hasHtml():
        return False
    try:
        from desk import paste  # lxml and the HTML reader: loaded on the first rich paste

        pasted = paste.html_to_markdown(source.html())
    except Exception as exc:  # markup lxml cannot read: the plain text is pasted instead
        window.statusBar().showMessage(
            f"Pasted as plain text: the formatting was unreadable ({exc}).", 8000
        )
        return False
    if not pasted.markdown.strip():
        return False
    insert_markdown_at_cursor(window.editor, pasted.markdown)
    if pasted.pictures_left_out:
        window.statusBar().showMessage(
            f"Pasted as Markdown; {counted(pasted.pictures_left_out, 'picture')} "
            f"{'was' if pasted.pictures_left_out == 1 else 'were'} left out: add "
            "photos with Story > Add Photos… so they keep their captions and credits.",
            10_000,
        )
    return True


def insert_markdown_at_cursor(editor, markdown: str) -> None:
    """Insert pasted Markdown where the cursor is: one plain paragraph joins the line it lands
    in; anything else (several blocks, a list, a subhead, a quote) gets blank lines round it."""
    cursor = editor.textCursor()
    text = markdown
    blocks = body.parse(markdown).blocks
    if len(blocks) != 1 or blocks[0].kind != "paragraph":
        line = cursor.block().text()
        before = line[: cursor.positionInBlock()] if not cursor.hasSelection() else ""
        after = line[cursor.positionInBlock() :] if not cursor.hasSelection() else ""
        if before.strip():
            text = "\n\n" + text
        if after.strip():
            text = text + "\n\n"
    cursor.beginEditBlock()
    cursor.insertText(text)
    cursor.endEditBlock()
    editor.setTextCursor(cursor)
    editor.ensureCursorVisible()


def paste_plain(window) -> None:
    """Paste the clipboard's plain text (into the body, or the field that has the focus)."""
    focused = QApplication.focusWidget()
    if focused is not window.editor and focused is not None and hasattr(focused, "paste"):
        focused.paste()  # the form's fields take plain text anyway
        return
    if window.editor.isReadOnly():
        return
    text = QGuiApplication.clipboard().text()
    if text:
        cursor = window.editor.textCursor()
        cursor.beginEditBlock()
        from desk import paste

        cursor.insertText(paste.plain_to_markdown(text))
        cursor.endEditBlock()
        window.editor.setTextCursor(cursor)
