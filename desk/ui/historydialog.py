"""Story > History…: the open story's earlier versions with their time, words and the change in
words; the selected one shown in full or compared with today's text (changed words marked); one
click to restore. Restoring keeps today's version in the history too, so it needs no
confirmation, and the restore is a version of its own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk import compare, text
from desk.errors import DeskError
from desk.model import Revision

from desk.ui.actions import add_action


def install_history_action(window) -> QAction:
    """Add Story > History… to the main window."""
    return add_action(
        window,
        window.menu_story,
        "&History…",
        lambda: open_history(window),
        "Ctrl+Shift+H",
        "Earlier versions of the open story, to read or restore",
    )


def open_history(window) -> HistoryDialog | None:
    """Save the open story, then show its versions."""
    article_id = window.current_article_id()
    if article_id is None or not window.save_now():
        window.statusBar().showMessage("This story has no history yet.", 6000)
        return None
    dialog = HistoryDialog(window, article_id)
    dialog.show()
    return dialog


def version_label(revision: Revision, older: Revision | None) -> str:
    """One line of the list: when, why, how long and how much longer, which headline."""
    as_of = text.local_time(revision.as_of)
    headline = revision.snapshot.get("headline") or "Untitled"
    change = ""
    if older is not None:
        delta = revision.words - older.words
        change = f" ({delta:+,})" if delta else " (±0)"
    words = text.counted(revision.words, "word")
    return f"{as_of} · {words}{change} · {revision.reason}\n{headline}"


class HistoryDialog(QDialog):
    """The versions of one story (newest first), the selected one in full, and Restore."""

    def __init__(self, window, article_id: int) -> None:
        super().__init__(window)
        self.window_ = window
        self.article_id = article_id
        self.setWindowTitle("History")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(820, 520)
        self.versions = QListWidget(self)
        self.versions.setWordWrap(True)
        self.versions.setAccessibleName("Versions")
        self.shown = QTextBrowser(self)
        self.shown.setAccessibleName("The selected version")
        self.compare = QCheckBox("&Compare with today's text", self)
        self.compare.setToolTip(
            "Words this version lacks are struck out; words it adds, underlined."
        )
        self.compare.toggled.connect(lambda _on: self._show_version(self.versions.currentRow()))
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.compare)
        column.addWidget(self.shown, 1)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        split = QSplitter(self)
        split.addWidget(self.versions)
        split.addWidget(right)
        split.setSizes([300, 520])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton("&Restore This Version", self)
        self.restore_button.setEnabled(False)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        self.restore_button.clicked.connect(self.restore)
        self.versions.currentRowChanged.connect(self._show_version)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        """List the story's versions, newest first."""
        self.revisions = self.window_.store.history.versions(self.article_id)
        self.versions.clear()
        for n, revision in enumerate(self.revisions):
            older = self.revisions[n + 1] if n + 1 < len(self.revisions) else None
            self.versions.addItem(QListWidgetItem(version_label(revision, older)))
        if self.revisions:
            self.note.setText(
                "Desk keeps a version when a burst of editing goes quiet (and every ten minutes "
                "of a long one), at status changes and around a restore; after a day it keeps "
                "one an hour, after a week one a day."
            )
            self.versions.setCurrentRow(0)
        else:
            self.note.setText("No earlier versions yet: one is kept once you pause editing.")
            self.shown.setPlainText("")

    def _show_version(self, row: int) -> None:
        """The selected version's headline, standfirst and body; it can be restored unless it
        is the story as it is now (the only version of a story never changed since)."""
        if not 0 <= row < len(self.revisions):
            self.restore_button.setEnabled(False)
            return
        story = self.revisions[row].snapshot
        now = self.window_.collect_values()
        same = all(story[k] == now[k] for k in set(story) & set(now))
        self.restore_button.setEnabled(not same and not self.window_.read_only)
        self.restore_button.setToolTip("This version is the story as it is now." if same else "")
        if self.compare.isChecked():
            self.shown.setHtml(compare.as_html(story, now))
            return
        parts = [
            f"# {story.get('headline') or 'Untitled'}",
            story.get("standfirst", ""),
            story.get("body_md", ""),
        ]
        self.shown.setPlainText("\n\n".join(p for p in parts if p))

    def restore(self) -> bool:
        """Bring the selected version back into the story (and the editor)."""
        row = self.versions.currentRow()
        if not 0 <= row < len(self.revisions):
            return False
        window = self.window_
        if not window.save_now():
            self.note.setText("Not restored: the open story could not be saved first.")
            return False
        revision = self.revisions[row]
        try:
            window.store.articles.restore(self.article_id, revision.id)
        except DeskError as exc:
            self.note.setText(str(exc))
            return False
        window.hub.articleChanged.emit(self.article_id)
        window.hub.articlesChanged.emit()
        window.statusBar().showMessage("Earlier version restored; today's is in the history.", 8000)
        self.reload()
        return True
