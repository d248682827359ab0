"""Edit > Replace in All Stories…: the same search as the story's bar, across every story, with
a preview of each replacement (story, field, the words before and after) before anything
changes.

The preview is desk.replace.plan, read in the background from a read-only Store; Replace keeps a
version of each story first ("before replacing X with Y") so History takes it back story by
story. The open story is changed through the editor (a BodyEdit) and the form, so the editor
stays the one writer of its text; the autosave writes it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from desk import replace
from desk.errors import BadInput, DeskError
from desk.store import Store
from desk.text import counted

from desk.ui.actions import add_action
from desk.ui.hub import BodyEdit

STORY_ROLE = Qt.ItemDataRole.UserRole + 1


def install_replace_action(window) -> QAction:
    """Edit > Replace in All Stories… (Ctrl+Shift+R), after the story's find commands."""
    action = add_action(
        window,
        window.menu_edit,
        "Replace in &All Stories…",
        lambda: open_replace_dialog(window),
        "Ctrl+Shift+R",
        "Find and replace in every story, with a preview of each replacement first",
        writes=True,
    )
    actions = window.menu_edit.actions()
    anchor = actions.index(window.action_replace_in_story) + 1
    window.menu_edit.removeAction(action)
    window.menu_edit.insertAction(actions[anchor] if anchor < len(actions) else None, action)
    return action


def open_replace_dialog(window) -> ReplaceAllDialog:
    """Show the dialog (not modal), with the story bar's search text and options."""
    dialog = ReplaceAllDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    bar = window.find_bar
    dialog.find.setText(bar.field.text() or window.editor.textCursor().selectedText())
    dialog.replacement.setText(bar.replacement.text())
    for mine, theirs in (
        (dialog.case, bar.case),
        (dialog.whole, bar.whole),
        (dialog.regex, bar.regex),
    ):
        mine.setChecked(theirs.isChecked())
    window.replace_dialog = dialog
    dialog.show()
    return dialog


class ReplaceAllDialog(QDialog):
    """Find, replacement, options; Preview lists every replacement; Replace applies them."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Replace in All Stories")
        self.resize(900, 560)
        self.plan: replace.Plan | None = None
        self._build()

    def _build(self) -> None:
        """Fields and options above, the preview in the middle, the verdict and buttons below."""
        self.find = QLineEdit(self)
        self.find.setPlaceholderText("Text to find, e.g. Kiev")
        self.replacement = QLineEdit(self)
        self.replacement.setPlaceholderText("Replacement, e.g. Kyiv (may be empty)")
        self.case = QCheckBox("Match case", self)
        self.whole = QCheckBox("Whole words", self)
        self.regex = QCheckBox("Regular expression", self)
        options = QHBoxLayout()
        for box in (self.case, self.whole, self.regex):
            options.addWidget(box)
        options.addStretch(1)
        form = QFormLayout()
        form.addRow("&Find:", self.find)
        form.addRow("Replace &with:", self.replacement)
        form.addRow("", options)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("replacePreview")
        self.tree.setHeaderLabels(["Story and place", "Before", "Found → replaced", "After"])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setColumnWidth(0, 260)
        self.tree.setColumnWidth(1, 200)
        self.tree.setColumnWidth(2, 180)
        self.verdict = QLabel(
            "Preview lists every replacement; nothing changes until Replace.", self
        )
        self.verdict.setWordWrap(True)
        self.preview_button = QPushButton("&Preview", self)
        self.preview_button.setDefault(True)
        self.replace_button = QPushButton("&Replace", self)
        self.replace_button.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.replace_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        self.preview_button.clicked.connect(self.preview)
        self.replace_button.clicked.connect(self.apply)
        for field in (self.find, self.replacement):
            field.textEdited.connect(self._stale)
        for box in (self.case, self.whole, self.regex):
            box.toggled.connect(self._stale)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.verdict)
        layout.addWidget(buttons)

    def search(self) -> replace.Search:
        """What the fields ask for."""
        return replace.Search(
            self.find.text(),
            self.replacement.text(),
            regex=self.regex.isChecked(),
            whole_word=self.whole.isChecked(),
            match_case=self.case.isChecked(),
        )

    def _stale(self, *_args: object) -> None:
        """The search changed: the preview no longer says what Replace would do."""
        if self.plan is not None:
            self.plan = None
            self.tree.clear()
            self.replace_button.setEnabled(False)
            self.verdict.setText("The search changed: preview again before replacing.")

    # -- preview ----------------------------------------------------------------------------

    def preview(self) -> bool:
        """Save the open story, then list every replacement (read in the background)."""
        search = self.search()
        try:
            search.check()
        except BadInput as exc:
            self._say(str(exc))
            return False
        window = self.window_
        if not window.hub.save_open_story():
            self._say(
                f"Not previewed: the open story could not be saved ({window.hub.save_failure()})."
            )
            return False
        self._say("Looking through the stories…")
        self.preview_button.setEnabled(False)
        window.jobs.submit(
            "work",
            read_plan,
            window.store.root,
            search,
            key="replace-preview",
            on_done=lambda found: self._show(found, search),
            on_failed=self._failed,
        )
        return True

    def _failed(self, message: str) -> None:
        """The preview could not be made."""
        self.preview_button.setEnabled(True)
        self._say(f"No preview: {message}")

    def _show(self, found: replace.Plan, search: replace.Search) -> None:
        """Fill the preview: a row per story (checked: included), a row per replacement."""
        self.preview_button.setEnabled(True)
        if search != self.search():
            return  # the fields changed meanwhile
        self.plan = found
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        stories: dict[int, QTreeWidgetItem] = {}
        for r in found.replacements:
            story = stories.get(r.article_id)
            if story is None:
                story = QTreeWidgetItem(self.tree, [r.headline or r.slug])
                story.setData(0, STORY_ROLE, r.article_id)
                story.setFlags(story.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                story.setCheckState(0, Qt.CheckState.Checked)
                story.setToolTip(0, r.slug)
                stories[r.article_id] = story
            where = replace.FIELD_LABELS[r.field]
            if r.line is not None:
                where += f", line {r.line + 1}"
            row = QTreeWidgetItem(
                story, [where, "…" + r.before, f"{r.found} → {r.replaced}", r.after + "…"]
            )
            row.setFont(2, bold)
            row.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for story in stories.values():
            story.setText(0, f"{story.text(0)} ({story.childCount()})")
        self.tree.expandAll()
        count, in_stories = len(found.replacements), len(found.stories)
        left = (
            f" {counted(found.left, 'match')} in figures or editor's notes "
            f"{'is left as it is' if found.left == 1 else 'are left as they are'}."
            if found.left
            else ""
        )
        if count:
            self._say(
                f"{counted(count, 'replacement')} in {counted(in_stories, 'story')}; untick a "
                "story to leave it "
                f"out. Each story keeps a version first, so History can take it back.{left}",
                error=False,
            )
        else:
            self._say("No story has that text." + left, error=False)
        self.replace_button.setEnabled(bool(count) and not self.window_.read_only)

    def chosen(self) -> list[int]:
        """The stories left ticked in the preview."""
        out = []
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item.checkState(0) == Qt.CheckState.Checked:
                out.append(int(item.data(0, STORY_ROLE)))
        return out

    # -- replacing --------------------------------------------------------------------------

    def apply(self) -> int:
        """Replace in the ticked stories (each after keeping a version); how many changed."""
        if self.plan is None:
            return 0
        window = self.window_
        search = self.plan.search
        chosen = self.chosen()
        open_id = window.current_article_id()
        if open_id in chosen and not window.hub.save_open_story():
            reason = window.hub.save_failure()
            self._say(f"Nothing replaced: the open story could not be saved ({reason}).")
            return 0
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            done = replace.apply(window.store, search, chosen, skip=[open_id] if open_id else [])
            if open_id in chosen:
                replace_in_open_story(window, search)
        except DeskError as exc:
            self._say(f"Stopped: {exc} Stories already changed keep a version in History.")
            window.hub.articlesChanged.emit()
            return 0
        finally:
            QApplication.restoreOverrideCursor()
        changed = len(done) + (1 if open_id in chosen else 0)
        window.hub.articlesChanged.emit()
        self.plan = None
        self.tree.clear()
        self.replace_button.setEnabled(False)
        self._say(
            f"Replaced in {counted(changed, 'story')}. Story > History… (Ctrl+Shift+H) shows the "
            "version "
            f"kept before, to take a story back.",
            error=False,
        )
        said = f"Replaced {search.what} in {counted(changed, 'story')}."
        window.statusBar().showMessage(said, 8000)
        return changed

    def _say(self, message: str, error: bool = True) -> None:
        """One sentence under the preview."""
        self.verdict.setText(message)
        self.verdict.setProperty("error", error)


def read_plan(root, search: replace.Search) -> replace.Plan:
    """The preview, read from a read-only Store of its own (on a worker thread)."""
    with Store.open(root, readonly=True) as store:
        return replace.plan(store, search)


def replace_in_open_story(window, search: replace.Search) -> None:
    """The open story: a version first, then its fields through the form and its body through
    the editor (one undoable edit)."""
    article_id = window.current_article_id()
    window.store.history.add(window.store.articles.get(article_id), f"before {search.label}")
    form = window.metadata
    for widget in (form.headline, form.standfirst, form.alert):
        text = widget.toPlainText() if hasattr(widget, "toPlainText") else widget.text()
        new, count = replace.replace_field(text, search)
        if count:
            replace_widget_text(widget, new)
    window.hub.bodyEditRequested.emit(
        BodyEdit(f"Replaced {search.what}", lambda text: replace.replace_body(text, search)[0])
    )
    window.save_now()


def replace_widget_text(widget, text: str) -> None:
    """Put new text in a form field as an edit the field can undo."""
    if hasattr(widget, "textCursor"):
        cursor = widget.textCursor()
        cursor.beginEditBlock()
        cursor.select(cursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
    else:
        widget.selectAll()
        widget.insert(text)
