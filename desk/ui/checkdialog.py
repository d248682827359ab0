"""Story > Check Story…: the preflight of `desk check`, for the open story, in the window."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from desk import checks

from desk.ui.actions import add_action


def install_check_action(window) -> QAction:
    """Add Story > Check Story… to the main window."""
    return add_action(
        window,
        window.menu_story,
        "&Check Story…",
        lambda: show_check(window),
        "Ctrl+Shift+K",
        "What blocks publication of the open story, and what deserves a second look",
    )


def check_report(window) -> tuple[str, list[str], bool] | None:
    """Save the open story and check it: a verdict, one line per problem, and whether any blocks."""
    article_id = window.current_article_id()
    if article_id is None or not window.save_now():
        return None
    store = window.store
    article = store.articles.get(article_id)
    problems = checks.check_story(article, store.figures.for_story(article_id), store.root)
    blocking = sum(p.blocking for p in problems)
    if blocking:
        verdict = f"Not ready to publish: {blocking} thing(s) to fix."
    elif problems:
        verdict = "Nothing blocks publication, but some things deserve a second look."
    else:
        verdict = "Ready to publish: nothing to fix."
    lines = [("✗ " if p.blocking else "• ") + p.message for p in problems]
    return verdict, lines, blocking > 0


def show_check(window) -> None:
    """Show the preflight verdict and its problems."""
    report = check_report(window)
    if report is None:
        window.statusBar().showMessage("Write something first: there is nothing to check.", 6000)
        return
    verdict, lines, blocked = report
    box = QMessageBox(window)
    box.setWindowTitle("Check Story")
    box.setIcon(QMessageBox.Icon.Warning if blocked else QMessageBox.Icon.Information)
    box.setText(verdict)
    box.setInformativeText("\n".join(lines))
    box.exec()
