"""Story > Delete Story…: after a confirmation, the story leaves the store (its photos stay).

A complete copy of the story (every field, figures with captions, credits and alt text, tags) is
written to the configuration folder's `deleted/` first, so a slip of the hand never loses a
word; `desk restore-copy FILE` brings it back.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from desk.errors import DeskError
from desk.rescue import DELETED, write_copy

from desk.ui.actions import add_action


def install_delete_action(window) -> QAction:
    """Add Story > Delete Story… to the main window."""
    window.menu_story.addSeparator()
    return add_action(
        window,
        window.menu_story,
        "&Delete Story…",
        lambda: delete_open_story(window),
        "Ctrl+Shift+Del",
        "Delete the open story (a copy of its text is kept)",
        writes=True,
    )


def confirm_delete(window, headline: str) -> bool:
    """Ask before deleting; Cancel is the default."""
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Delete Story")
    box.setText(f"Delete “{headline or 'Untitled'}”?")
    box.setInformativeText(
        "Its text, figures and tags are removed from the store; its photos stay in the photo "
        "library. A complete copy is kept in Desk's configuration folder (deleted/)."
    )
    delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is delete


def delete_open_story(window) -> bool:
    """Delete the story in the editor and open the next one; False when nothing was deleted."""
    article_id = window.current_article_id()
    if window.read_only or article_id is None:
        return False
    values = window.collect_values()
    if not confirm_delete(window, str(values.get("headline") or "")):
        return False
    if not window.save_now():
        window.statusBar().showMessage("Not deleted: the story could not be saved first.", 8000)
        return False
    try:
        copy = write_copy(window.store.stories.snapshot(article_id, values), DELETED)
    except DeskError as exc:
        QMessageBox.warning(window, "Delete Story", f"Not deleted: {exc}")
        return False
    others = [s.id for s in window.store.articles.all(limit=2) if s.id != article_id]
    if not (others and window.open_article(others[0])) and not window.new_article():
        return False
    try:
        window.store.articles.delete(article_id)
    except DeskError as exc:
        QMessageBox.warning(window, "Delete Story", str(exc))
        return False
    window.hub.articlesChanged.emit()
    window.statusBar().showMessage(f"Story deleted; a complete copy is in {copy}.", 10000)
    return True
