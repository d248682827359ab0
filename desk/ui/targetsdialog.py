"""Story > Publish To > Publishing Targets…: add, replace and remove where stories go.

A WordPress target is signed in to once (off the GUI thread) before it is saved; a refused
password or a site that is not WordPress is said in one sentence and nothing is saved. The
password goes to the system keychain, or is kept for this session where there is none.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk.errors import DeskError
from desk.publish import targets
from desk.publish.targets import Target

from desk.ui.jobs import Job, Jobs

KINDS = (("wordpress", "WordPress site"), ("folder", "Ingest folder (Superdesk and others)"))
FORMATS = (("ninjs", "IPTC ninjs (JSON)"), ("newsml", "IPTC NewsML-G2 (XML)"))


def check_sign_in(target: Target, password: str) -> str:
    """In the job service's publish lane: sign in to a WordPress target; a note on success, a
    DeskError (one sentence) when the site refuses."""
    from desk.publish.service import check_target

    return check_target(target, password)


class TargetsDialog(QDialog):
    """The list of targets and a form to add one."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Publishing Targets")
        self.jobs: Jobs = getattr(parent, "jobs", None) or Jobs(self)
        self.setMinimumWidth(560)
        self.worker: Job | None = None  # the sign-in check running in the job service
        layout = QVBoxLayout(self)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Publishing targets")
        layout.addWidget(self.list, 1)
        self.empty = QLabel(  # in the list's place while there is none (a blank box said nothing)
            "No targets yet. A target is where Publish sends a story: a WordPress site (its "
            "address, a user and an application password) or an ingest folder, where ninjs or "
            "NewsML-G2 files are written for the newsroom's system. Add one below.",
            self,
        )
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty, 1)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        layout.addWidget(QLabel("<b>Add a target</b> (a target of the same name is replaced)"))
        form = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("e.g. site or superdesk")
        self.kind = QComboBox(self)
        for value, label in KINDS:
            self.kind.addItem(label, value)
        form.addRow("&Name:", self.name)
        form.addRow("&Kind:", self.kind)
        layout.addLayout(form)
        self.pages = QStackedWidget(self)
        wordpress, folder = self._wordpress_page(), self._folder_page()
        self.pages.addWidget(wordpress)
        self.pages.addWidget(folder)
        align_labels([form, wordpress.layout(), folder.layout()])
        self.kind.currentIndexChanged.connect(self.pages.setCurrentIndex)
        layout.addWidget(self.pages)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.add_button = buttons.addButton("Add", QDialogButtonBox.ButtonRole.ActionRole)
        self.add_button.clicked.connect(self.add)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()

    def _wordpress_page(self) -> QWidget:
        """Address, user and application password."""
        page = QWidget(self)
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        self.url = QLineEdit(page)
        self.url.setPlaceholderText("https://news.example.com")
        self.user = QLineEdit(page)
        self.password = QLineEdit(page)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("WordPress: Users > Profile > Application Passwords")
        form.addRow("Site &address:", self.url)
        form.addRow("&User:", self.user)
        form.addRow("Application &password:", self.password)
        return page

    def _folder_page(self) -> QWidget:
        """Folder and format."""
        page = QWidget(self)
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        self.folder = QLineEdit(page)
        choose = QPushButton("Choose…", page)
        choose.clicked.connect(self.choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        self.format = QComboBox(page)
        for value, label in FORMATS:
            self.format.addItem(label, value)
        form.addRow("&Folder:", row)
        form.addRow("&Format:", self.format)
        return page

    def reload(self) -> None:
        """List the targets in the settings."""
        self.list.clear()
        try:
            known = targets.targets()
        except DeskError as exc:
            self.status.setText(str(exc))
            known = []
        for target in known:
            item = QListWidgetItem(f"{target.name}: {target.describe()}")
            item.setData(Qt.ItemDataRole.UserRole, target.name)
            self.list.addItem(item)
        self.remove_button.setEnabled(bool(known))
        self.list.setVisible(bool(known))
        self.empty.setVisible(not known)

    def choose_folder(self) -> None:
        """Ask for the ingest folder."""
        chosen = QFileDialog.getExistingDirectory(self, "Ingest folder", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def target_from_form(self) -> Target:
        """The target the form describes (BadInput when something is missing or wrong)."""
        kind = self.kind.currentData()
        return targets.make_target(
            self.name.text().strip(),
            kind,
            url=self.url.text(),
            user=self.user.text(),
            path=self.folder.text(),
            fmt=self.format.currentData(),
        )

    def add(self) -> None:
        """Check (WordPress: sign in, in a worker) and save the target."""
        if self.worker is not None:
            return
        try:
            target = self.target_from_form()
        except DeskError as exc:
            self.status.setText(str(exc))
            return
        if not target.needs_password:
            self._save(target, None, "")
            return
        password = self.password.text().strip()
        if not password:
            self.status.setText("Give the application password WordPress made for Desk.")
            return
        self.status.setText(f"Signing in to {target.host}…")
        self.add_button.setEnabled(False)

        def checked(note: str) -> None:
            self._worker_done()
            self._save(target, password, note)

        def refused(message: str) -> None:
            self._worker_done()
            self.status.setText(message.rstrip(".") + ".")

        self.worker = self.jobs.submit(
            "publish", check_sign_in, target, password, on_done=checked, on_failed=refused
        )

    def _save(self, target: Target, password: str | None, note: str) -> None:
        """Write the target (and keep its password)."""
        try:
            kept = targets.add_target(target, password)
        except DeskError as exc:
            self.status.setText(str(exc))
            return
        said = [f"Added {target.name}: {target.describe()}"]
        if note:
            said.append(note)
        if target.needs_password:
            said.append(
                "the password is in the system keychain"
                if kept
                else "there is no system keychain here, so Desk keeps it until you quit"
            )
        self.status.setText("; ".join(said) + ".")
        self.password.clear()
        self.reload()
        self.changed.emit()

    def _worker_done(self) -> None:
        """The sign-in check is over."""
        self.worker = None
        self.add_button.setEnabled(True)

    def remove_selected(self) -> None:
        """Remove the selected target (and its password)."""
        item = self.list.currentItem()
        if item is None:
            self.status.setText("Choose the target to remove.")
            return
        try:
            gone = targets.delete_target(item.data(Qt.ItemDataRole.UserRole))
        except DeskError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(f"Removed {gone.name}.")
        self.reload()
        self.changed.emit()

    def closeEvent(self, event: Any) -> None:
        """Wait for a running sign-in check before closing."""
        if self.worker is not None:
            self.jobs.wait("publish", 30_000)
        super().closeEvent(event)


def open_targets_dialog(window: Any) -> TargetsDialog:
    """Show the dialog; the Publishing dock follows its changes."""
    dialog = TargetsDialog(window)
    dialog.changed.connect(window.publishing_panel.refresh)
    window.targets_dialog = dialog
    dialog.open()
    return dialog


def align_labels(forms: list) -> None:
    """One label column for forms stacked in a dialog: each form sizes its own, so the fields
    of "Name" and of "Application password" would start at different places."""
    labels = [
        item.widget()
        for form in forms
        for row in range(form.rowCount())
        if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) and item.widget()
    ]
    width = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(width)
