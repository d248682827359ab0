"""The workflow in the window: status changes through desk.workflow, publishing confirmed, and
after publishing, updates, corrections and withdrawal (desk.corrections).

Picking a status in the form (or Story > Set Status) asks desk.workflow first: moving to ready
or published runs the checks on the story as it is in the window and is refused, with the
reasons listed, while anything blocks (the Checks dock is raised to show them). Publishing asks
for confirmation, is saved at once (the store records the time; the slug is then fixed).
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox

from desk import checks, corrections, workflow
from desk.errors import DeskError

from desk.ui.actions import add_action
from desk.ui.checkspanel import row_text, snapshot

TITLES = {workflow.READY: "Not marked ready", workflow.PUBLISHED: "Not published"}
NOTE_PROMPTS = {
    corrections.UPDATE: (
        "Mark as Update",
        "What the update adds, as readers will see it under the headline\n"
        "(e.g. “Adds the minister's statement.”):",
    ),
    corrections.CORRECTION: (
        "Mark as Correction",
        "What was wrong, as readers will see it\n"
        "(e.g. “An earlier version of this story misspelled the mayor's name.”):",
    ),
    corrections.WITHDRAWAL: (
        "Withdraw Story",
        "Why the story is withdrawn, as readers will see it at its address:",
    ),
}


def request_status(window, status: str) -> bool:
    """Move the open story to a status if the workflow allows it (asking before publishing)."""
    form = window.metadata
    before = form.accepted_status
    shot = snapshot(window, status)
    decision = workflow.decide(
        before,
        shot.article,
        shot.rows,
        shot.tags,
        window.store.root,
        checks.rule_settings(),
        shot.amendments,
    )
    if not decision.allowed:
        show_refusal(window, decision)
        return False
    if decision.publishes and not confirm_publish(window, shot.article.headline):
        window.statusBar().showMessage("Not published.", 6000)
        return False
    form.accept_status(status)
    window.autosaver.changed()
    if not window.save_now():  # a status change is saved at once (publishing: its time)
        form.accept_status(before)
        return False
    if decision.publishes:
        published(window)
    else:
        window.statusBar().showMessage(f"Marked {status}.", 6000)
    update_actions(window)
    return True


def show_refusal(window, decision: workflow.Decision) -> None:
    """Say why the move was refused, listing every blocking problem with its place."""
    title = TITLES.get(decision.after, "Status not changed")
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    if decision.problems:
        count = len(decision.problems)
        what = "thing blocks" if count == 1 else "things block"
        verb = workflow.VERBS[decision.after]
        box.setText(f"The story cannot be {verb} while {count} {what} it.")
        box.setInformativeText(
            "\n".join(f"• {row_text(p)}" for p in decision.problems)
            + "\n\nThe Checks panel lists them; click one to go there."
        )
        window.checks_panel.show()
        window.checks_panel.raise_()
        window.checks_panel.check_now()
    else:
        box.setText(decision.refusal)
    box.exec()


def confirm_publish(window, headline: str) -> bool:
    """Ask before publishing: the time is recorded and the address is fixed."""
    answer = QMessageBox.question(
        window,
        "Publish this story?",
        f"Publish “{headline or 'Untitled'}”? Desk records the publication time, and the "
        "story's address (its slug) no longer changes. Later changes can be marked as updates "
        "or corrections.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def published(window) -> None:
    """After publishing: say when, and show the page as published."""
    from desk.text import local_time

    article_id = window.current_article_id()
    try:
        article = window.store.articles.get(article_id)
    except DeskError:
        return
    window.preview.show_article(article)
    window.statusBar().showMessage(
        f"Published {local_time(article.published)}; its address is now fixed ({article.slug}).",
        10000,
    )


def amend(window, kind: str) -> bool:
    """Story > Mark as Update… / Mark as Correction… / Withdraw Story…: ask for the note, save
    the open story, and record it."""
    article_id = window.current_article_id()
    if article_id is None:
        return False
    title, prompt = NOTE_PROMPTS[kind]
    if kind == corrections.WITHDRAWAL and not confirm_withdrawal(window):
        return False
    note, ok = QInputDialog.getMultiLineText(window, title, prompt)
    if not ok or not note.strip():
        return False
    if not window.save_now():
        window.statusBar().showMessage("Not marked: the story could not be saved first.", 8000)
        return False
    try:
        corrections.add(window.store, article_id, kind, note)
    except DeskError as exc:
        QMessageBox.warning(window, title, str(exc))
        return False
    window.preview.show_article(window.store.articles.get(article_id))
    window.hub.articleSaved.emit(article_id)
    if kind == corrections.WITHDRAWAL:
        window.library.refresh()  # listed as withdrawn (a withdrawal is rare: a new query)
    done = {
        corrections.UPDATE: "Marked as an update; the page says so.",
        corrections.CORRECTION: "Marked as a correction; the page carries the notice.",
        corrections.WITHDRAWAL: "Withdrawn: the next site export leaves a notice at its address.",
    }
    window.statusBar().showMessage(done[kind], 10000)
    update_actions(window)
    return True


def confirm_withdrawal(window) -> bool:
    """Ask before withdrawing: it cannot be undone."""
    answer = QMessageBox.question(
        window,
        "Withdraw this story?",
        "Withdraw the story? The next site export takes it off every page, the feed and the "
        "sitemap, and leaves a notice at its address. It cannot be published again.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def update_actions(window, *_args: object, saved: bool = False) -> None:
    """Updates, corrections and withdrawal are for a published story not withdrawn (after a
    save, as the save lane found it)."""
    article_id = window.current_article_id()
    live = False
    if article_id is not None and article_id >= 0 and not window.read_only:
        known = window.autosaver.facts.get("live") if saved else None
        try:
            live = corrections.amendable(window.store, article_id) if known is None else bool(known)
        except DeskError:
            live = False
    for action in window.amend_actions:
        action.setEnabled(live)


def install_story_flow(window) -> None:
    """The form's status goes through the workflow; Story menu: update, correction, withdraw."""
    window.metadata.status_gate = lambda status: request_status(window, status)
    menu = window.menu_story
    menu.addSeparator()
    window.action_mark_update = add_action(
        window,
        menu,
        "Mark as &Update…",
        lambda: amend(window, corrections.UPDATE),
        tip="Tell readers this published story was updated, and with what",
        writes=True,
    )
    window.action_mark_correction = add_action(
        window,
        menu,
        "Mark as C&orrection…",
        lambda: amend(window, corrections.CORRECTION),
        tip="Add a correction notice to this published story",
        writes=True,
    )
    window.action_withdraw = add_action(
        window,
        menu,
        "&Withdraw Story…",
        lambda: amend(window, corrections.WITHDRAWAL),
        tip="Take this published story down, leaving a notice at its address",
        writes=True,
    )
    window.amend_actions = [
        window.action_mark_update,
        window.action_mark_correction,
        window.action_withdraw,
    ]
    window.hub.articleOpened.connect(lambda _id: update_actions(window))
    window.hub.articleSaved.connect(lambda _id: update_actions(window, saved=True))
    window.autosaver.readers["live"] = corrections.amendable
    update_actions(window)
