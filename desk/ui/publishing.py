"""Story > Publish To > (target), and the Publishing dock: the open story's targets, their
links and last results, and the stories waiting in the outbox.

The GUI thread checks the story, asks for a password Desk lacks (once per session where there
is no keychain) and makes the publication row; a worker thread does the network or file work
on its own read-only Store and reports each remote step, which the GUI thread records at once
(so a crash after "post created" still lets the next try find the post). Queued jobs are
retried on a timer (their backoff decides when) and as soon as the network comes back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.errors import DeskError
from desk.publish import QUEUED, Outcome, finish, perform, prepare, records, secrets, service
from desk.publish.targets import Target, get_target, targets
from desk.store import Store

from desk.ui.jobs import Job
from desk.ui.targetsdialog import open_targets_dialog

RETRY_EVERY_MS = 30_000
STATE_WORDS = {"published": "Published", "queued": "Queued", "failed": "Failed", "": "Not yet"}


def run_publish(
    store_root: Path,
    article_id: int,
    target: Target,
    password: str | None,
    publication: records.Publication,
    job: Job,
) -> Outcome:
    """In the job service's publish lane: open the store read-only and publish; each remote step
    is handed to the GUI thread as it lands (job.send), to be recorded at once."""
    try:
        with Store.open(store_root, readonly=True) as store:
            return perform(
                store,
                article_id,
                target,
                password,
                publication,
                lambda event, data: job.send((event, dict(data))),
            )
    except DeskError as exc:
        return Outcome("", target.name, "failed", f"Not published: {exc}")


class Publisher(QObject):
    """Runs publish jobs one at a time for the window, and retries the outbox."""

    finished = Signal(int, object)  # article id, Outcome
    started = Signal(int, str)  # article id, target name

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.worker: Job | None = None  # the publish running in the job service
        self.pending: list[tuple[int, str, bool]] = []  # (article id, target, may ask)
        self.timer = QTimer(self, interval=RETRY_EVERY_MS)
        self.timer.timeout.connect(self.retry_due)
        self.timer.start()
        QTimer.singleShot(0, self._watch_network)  # loads a network plugin: after the window
        window.closing.connect(self.shutdown)  # a running job ends and records its outcome

    @property
    def store(self) -> Store:
        """The window's (writable) store."""
        return self.window.store

    def _watch_network(self) -> None:
        """Retry at once when the system says the network is back (where Qt can tell)."""
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if QNetworkInformation.loadDefaultBackend() and QNetworkInformation.instance():
                info = QNetworkInformation.instance()
                online = QNetworkInformation.Reachability.Online

                def changed(reachability: Any) -> None:
                    if reachability == online:
                        self.retry_due(now=True)  # queued ones only, and never asks

                info.reachabilityChanged.connect(changed)
        except (ImportError, RuntimeError):
            pass  # no backend: the timer still retries

    def publish(self, article_id: int, target_name: str, may_ask: bool = True) -> None:
        """Queue a publish of the story to the target (run now when nothing else runs)."""
        job = (article_id, target_name, may_ask)
        if job[:2] not in [p[:2] for p in self.pending]:
            self.pending.append(job)
        self._next()

    def retry_due(self, now: bool = False, failed_too: bool = False, may_ask: bool = False) -> None:
        """Try the outbox's queued jobs whose time has come (now: whatever their backoff says;
        failed_too: failed ones as well, as Retry Now does; may_ask: a password may be asked)."""
        if self.store.readonly:
            return
        jobs = records.outbox(self.store) if now else records.due_jobs(self.store)
        for job in jobs:
            if job.state == QUEUED or failed_too:
                self.publish(job.article_id, job.target, may_ask=may_ask)

    def busy(self) -> bool:
        """True while a job runs or waits."""
        return self.worker is not None or bool(self.pending)

    def _next(self) -> None:
        """Start the next job unless one is running."""
        while self.worker is None and self.pending:
            article_id, target_name, may_ask = self.pending.pop(0)
            self._start(article_id, target_name, may_ask)

    def _start(self, article_id: int, target_name: str, may_ask: bool) -> None:
        """Check, get the password, make the publication row, start the worker."""
        try:
            target = get_target(target_name)
            article = self.store.articles.get(article_id)
        except DeskError as exc:
            self.finished.emit(article_id, Outcome("", target_name, "failed", str(exc)))
            return
        problem = service.blocking_problem(self.store, article)
        if problem:
            outcome = Outcome(article.slug, target.name, "failed", f"Not published: {problem}.")
            self.finished.emit(article_id, outcome)
            return
        password = None
        if target.needs_password:
            password = secrets.known(target) or (self._ask(target) if may_ask else None)
            if not password:
                if may_ask:  # the user cancelled the password: nothing was tried
                    outcome = Outcome(
                        article.slug, target.name, "failed", "Not published: no password was given."
                    )
                    self.finished.emit(article_id, outcome)
                return  # a background retry waits until the user gives the password
        publication = prepare(self.store, article_id, target)

        def noted(step: tuple) -> None:
            records.apply_event(self.store, publication.id, *step)

        def done(outcome: Outcome) -> None:
            self._done(article_id, outcome)
            self._worker_ended()

        def failed(message: str) -> None:
            done(Outcome(article.slug, target.name, "failed", f"Not published: {message}"))

        self.started.emit(article_id, target.name)
        self.worker = self.window.jobs.submit(
            "publish",
            run_publish,
            Path(self.store.root),
            article_id,
            target,
            password,
            publication,
            wants_job=True,
            on_partial=noted,
            on_done=done,
            on_failed=failed,
        )

    def _ask(self, target: Target) -> str | None:
        """Ask for a target's password (kept for this session, and in the keychain if any)."""
        text, ok = QInputDialog.getText(
            self.window,
            "Publishing password",
            f"Application password for {target.describe()}:",
            QLineEdit.EchoMode.Password,
        )
        if not ok or not text.strip():
            return None
        secrets.remember(target, text.strip())
        return text.strip()

    def _done(self, article_id: int, outcome: Outcome) -> None:
        """Record the outcome in the store and tell the window."""
        try:
            outcome = finish(self.store, article_id, outcome)
        except DeskError as exc:
            outcome.message = f"{outcome.message} (Desk could not record it: {exc})"
        self.finished.emit(article_id, outcome)

    def _worker_ended(self) -> None:
        """The job is over: start the next one."""
        self.worker = None
        self._next()

    def shutdown(self, msecs: int = 30_000) -> None:
        """Stop retrying and wait for a running job (its outcome is still recorded)."""
        self.timer.stop()
        self.pending.clear()
        if self.worker is not None:
            self.window.jobs.wait("publish", msecs)
            QCoreApplication.sendPostedEvents()  # its last steps and outcome reach the store


class PublishingPanel(QDockWidget):
    """The open story's targets: state, link and last result; and the outbox."""

    publishRequested = Signal(str)  # target name
    retryRequested = Signal()
    targetsRequested = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__("Publishing", parent)
        self.setObjectName("publishingDock")
        self.store = store
        self.article_id: int | None = None
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.tree = QTreeWidget(body)
        self.tree.setHeaderLabels(["Target", "State", "Where"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName("Publishing targets of the open story")
        self.tree.itemActivated.connect(self._activated)
        layout.addWidget(self.tree, 1)
        self.result = QLabel(body)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)
        row = QHBoxLayout()
        self.publish_button = QPushButton("Publish", body)
        self.publish_button.setToolTip("Publish the open story to the selected target")
        self.publish_button.clicked.connect(self._publish_selected)
        self.open_button = QPushButton("Open Link", body)
        self.open_button.clicked.connect(self._open_selected)
        self.targets_button = QPushButton("Targets…", body)
        self.targets_button.setToolTip("Add or remove publishing targets")
        self.targets_button.clicked.connect(self.targetsRequested.emit)
        row.addWidget(self.publish_button)
        row.addWidget(self.open_button)
        row.addStretch(1)
        row.addWidget(self.targets_button)
        layout.addLayout(row)
        self.outbox_label = QLabel(body)
        self.outbox_label.setWordWrap(True)
        self.retry_button = QPushButton("Retry Now", body)
        self.retry_button.clicked.connect(self.retryRequested.emit)
        box = QHBoxLayout()
        box.addWidget(self.outbox_label, 1)
        box.addWidget(self.retry_button)
        layout.addLayout(box)
        self.setWidget(body)
        self.tree.currentItemChanged.connect(lambda *_: self._selection_changed())
        self.refresh()

    def show_article(self, article_id: int | None) -> None:
        """Follow the story open in the editor."""
        self.article_id = article_id if article_id is not None and article_id >= 0 else None
        self.refresh()
        self._selection_changed()

    def refresh(self) -> None:
        """Rebuild the rows from the settings and the store."""
        current = self.selected_target()
        self.tree.clear()
        try:
            known = targets()
        except DeskError as exc:
            self.result.setText(str(exc))
            known = []
        published = {}
        if self.article_id is not None:
            published = {p.target: p for p in records.publications(self.store, self.article_id)}
        for target in known:
            pub = published.get(target.name)
            state = STATE_WORDS.get(pub.result_state if pub else "", "")
            item = QTreeWidgetItem([target.name, state, (pub.remote_url if pub else "") or ""])
            item.setData(0, Qt.ItemDataRole.UserRole, target.name)
            item.setToolTip(0, target.describe())
            item.setToolTip(1, pub.result if pub else "Never published there")
            item.setToolTip(2, item.text(2))
            item.setData(1, Qt.ItemDataRole.UserRole, pub.result if pub else "")
            self.tree.addTopLevelItem(item)
            if target.name == current:
                self.tree.setCurrentItem(item)
        if self.tree.currentItem() is None and self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        for column in range(2):
            self.tree.resizeColumnToContents(column)
        if not known:
            self.result.setText(
                "No publishing targets yet: Targets… adds a WordPress site or an ingest folder."
            )
        self._show_outbox()
        self._enable()

    def _show_outbox(self) -> None:
        """How many stories wait, and why the first one does."""
        jobs = records.outbox(self.store)
        if not jobs:
            self.outbox_label.setText("Outbox: empty.")
        else:
            queued = sum(j.state == QUEUED for j in jobs)
            failed = len(jobs) - queued
            parts = [f"{queued} queued" if queued else "", f"{failed} failed" if failed else ""]
            first = jobs[0]
            self.outbox_label.setText(
                f"Outbox: {', '.join(p for p in parts if p)}. "
                f"Next: {first.headline or first.slug} to {first.target}."
            )
        self.retry_button.setEnabled(bool(jobs) and not self.store.readonly)

    def selected_target(self) -> str | None:
        """The selected row's target name."""
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def selected_link(self) -> str:
        """The selected row's remote address or file."""
        item = self.tree.currentItem()
        return item.text(2) if item else ""

    def show_outcome(self, outcome: Outcome) -> None:
        """The last attempt's result, in words, on its target's row."""
        self.refresh()
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item.data(0, Qt.ItemDataRole.UserRole) == outcome.target:
                self.tree.setCurrentItem(item)
        self.result.setText(outcome.message)

    def _selection_changed(self) -> None:
        """Show the selected target's last result (why a story waits, where it went)."""
        item = self.tree.currentItem()
        if item is not None:  # with no targets, refresh() left a hint there
            self.result.setText(item.data(1, Qt.ItemDataRole.UserRole) or "")
        self._enable()

    def _enable(self) -> None:
        """Buttons follow the selection and the story."""
        chosen = self.selected_target() is not None
        self.publish_button.setEnabled(
            chosen and self.article_id is not None and not self.store.readonly
        )
        self.open_button.setEnabled(bool(self.selected_link()))

    def _publish_selected(self) -> None:
        """Publish to the selected target."""
        name = self.selected_target()
        if name:
            self.publishRequested.emit(name)

    def _open_selected(self) -> None:
        """Open the selected row's post in the browser (or its file in the file manager)."""
        link = self.selected_link()
        if not link:
            return
        url = QUrl(link) if "://" in link else QUrl.fromLocalFile(link)
        QDesktopServices.openUrl(url)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        """Double-click: open the link when there is one."""
        if item.text(2):
            self._open_selected()


def install_publish_actions(window: Any) -> QMenu:
    """Add Story > Publish To > (each target) and the Publishing dock to the main window."""
    window.publisher = Publisher(window)
    panel = PublishingPanel(window.store, window)
    window.publishing_panel = panel
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
    window.menu_view.addAction(panel.toggleViewAction())
    menu = window.menu_story.addMenu("P&ublish To")
    menu.setObjectName("publishMenu")
    menu.aboutToShow.connect(lambda: fill_publish_menu(window, menu))
    fill_publish_menu(window, menu)
    window.menu_publish = menu
    panel.publishRequested.connect(lambda name: publish_open_story(window, name))
    panel.retryRequested.connect(
        lambda: window.publisher.retry_due(now=True, failed_too=True, may_ask=True)
    )
    panel.targetsRequested.connect(lambda: open_targets_dialog(window))
    panel.targets_button.setEnabled(not window.read_only)
    window.hub.articleOpened.connect(panel.show_article)
    window.publisher.started.connect(lambda *_: _show_running(window))
    window.publisher.finished.connect(lambda aid, outcome: _show_finished(window, aid, outcome))
    panel.show_article(window.current_article_id())
    return menu


def fill_publish_menu(window: Any, menu: QMenu) -> None:
    """One action per target (read from the settings each time the menu opens)."""
    menu.clear()
    try:
        known = targets()
    except DeskError as exc:
        known = []
        window.statusBar().showMessage(str(exc), 8000)
    for target in known:
        action = QAction(f"{target.name} ({target.describe()})", menu)
        action.setData(target.name)
        action.setEnabled(not window.read_only)
        action.triggered.connect(
            lambda _checked=False, name=target.name: publish_open_story(window, name)
        )
        menu.addAction(action)
    if not known:
        hint = QAction("No targets yet", menu)
        hint.setEnabled(False)
        menu.addAction(hint)
    menu.addSeparator()
    manage = QAction("Publishing &Targets…", menu)
    manage.setStatusTip("Add or remove the WordPress sites and ingest folders stories go to")
    manage.setEnabled(not window.read_only)
    manage.triggered.connect(lambda _checked=False: open_targets_dialog(window))
    menu.addAction(manage)


def publish_open_story(window: Any, target_name: str) -> bool:
    """Save the open story, then publish it to the target in the background."""
    status = window.statusBar()
    if window.read_only:
        status.showMessage("Not published: this store is open read-only.", 8000)
        return False
    if not window.save_now():
        status.showMessage("Not published: the open story could not be saved.", 8000)
        return False
    article_id = window.current_article_id()
    if article_id is None:
        status.showMessage("There is no story to publish yet: write one first.", 8000)
        return False
    window.publisher.publish(article_id, target_name)
    return True


def _show_running(window: Any) -> None:
    """Say that publishing started."""
    window.statusBar().showMessage("Publishing…", 4000)


def _show_finished(window: Any, article_id: int, outcome: Outcome) -> None:
    """Show the outcome in the status bar and, for the open story, in the dock."""
    window.statusBar().showMessage(outcome.message, 12000)
    window.library.refresh()  # its rows mark the stories queued or failed in the outbox
    panel = window.publishing_panel
    if article_id == window.current_article_id():
        panel.show_outcome(outcome)
        if outcome.state != "published":
            panel.show()
            panel.raise_()
    else:
        panel.refresh()
