"""The Export dialog: choose a folder and a form, watch progress, read the privacy report.

The export runs in the job service's work lane on its own read-only Store, so the window stays
responsive and the autosaver keeps writing; Cancel stops it between photos and nothing
half-written stays.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desk.errors import DeskError, ExportFailed
from desk.store import Store

from desk.ui.actions import add_action
from desk.ui.jobs import Job, Jobs

MODES = (
    ("folder", "Web page folder (index.html, style.css, images, article.json)"),
    ("zip", "Zip archive of that folder"),
    ("fragment", "HTML fragment to paste into a CMS, with its images"),
    ("site", "Whole site: every ready or published story, front, section and tag pages, feed"),
)
FOLDER_KEY = "export/folder"


def run_export(
    store_root: Path, slugs: list[str], out: Path, mode: str, ignore_embargo: bool, job: Job
) -> list:
    """In the job service's work lane: open the store read-only, export, return the results
    (stories, and for a site the stories it left out, with why); ignore_embargo: export a
    story before its embargo (never a site)."""
    from desk import export, site

    def stop() -> bool:
        return job.cancelled

    try:
        with Store.open(store_root, readonly=True) as store:
            if mode == "site":
                built = site.export_site(store, out, progress=job.progress, cancelled=stop)
                return [*built.stories, *built.skipped]
            return export.export_stories(
                store,
                slugs,
                out,
                mode,
                progress=job.progress,
                cancelled=stop,
                ignore_embargo=ignore_embargo,
            )
    except OSError as exc:
        raise ExportFailed(f"The export could not be written ({exc}).") from None


class ExportDialog(QDialog):
    """Export one or more stories to a folder the user chooses."""

    finished_export = Signal(bool)  # True when something was written

    def __init__(
        self,
        store: Store,
        slugs: list[str],
        parent: QWidget | None = None,
        settings: QSettings | None = None,
        jobs: Jobs | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.slugs = slugs
        self.settings = settings or QSettings()
        self.jobs = jobs or Jobs(self)
        self.worker: Job | None = None  # the export running in the job service
        self.written: Path | None = None
        self.setWindowTitle("Export")
        self.setMinimumWidth(560)
        self._build()

    def _build(self) -> None:
        """Lay out the folder chooser, the form, progress, report and buttons."""
        layout = QVBoxLayout(self)
        what = ", ".join(self.slugs) if len(self.slugs) <= 3 else f"{len(self.slugs)} stories"
        self.heading = QLabel(f"Export <b>{what}</b> as a web page.")
        layout.addWidget(self.heading)
        row = QHBoxLayout()
        self.folder = QLineEdit(str(self.settings.value(FOLDER_KEY, str(Path.home()))))
        self.folder.setAccessibleName("Export folder")
        choose = QPushButton("Choose…")
        choose.clicked.connect(self.choose_folder)
        row.addWidget(QLabel("Folder:"))
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        layout.addLayout(row)
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QRadioButton] = {}
        for index, (mode, label) in enumerate(MODES):
            button = QRadioButton(label)
            self.mode_group.addButton(button, index)
            self.mode_buttons[mode] = button
            layout.addWidget(button)
        self.mode_buttons["folder"].setChecked(True)
        self.mode_buttons["site"].toggled.connect(
            lambda site: self.heading.setText(
                "Export <b>every ready or published story</b> as a site."
                if site
                else f"Export <b>{what}</b> as a web page."
            )
        )
        self.embargo_box = embargo_choice(self.store, self.slugs)
        if self.embargo_box is not None:
            layout.addWidget(self.embargo_box)
            self.mode_buttons["site"].toggled.connect(
                lambda site: self.embargo_box.setEnabled(not site)  # type: ignore[union-attr]
            )
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setPlaceholderText("What was written, and what private data was removed.")
        layout.addWidget(self.report, 1)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button = self.buttons.addButton(
            "Open Folder", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.open_button.setEnabled(False)
        self.export_button.clicked.connect(self.start)
        self.open_button.clicked.connect(self.open_folder)
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(self.buttons)

    def mode(self) -> str:
        """The chosen form: folder, zip or fragment."""
        return next(m for m, b in self.mode_buttons.items() if b.isChecked())

    def choose_folder(self) -> None:
        """Ask for the folder to export into."""
        chosen = QFileDialog.getExistingDirectory(self, "Export to", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def start(self) -> None:
        """Start exporting in the worker thread."""
        if self.worker is not None:
            return
        text = self.folder.text().strip()
        if not text:
            self.status.setText("Choose a folder to export into.")
            return
        out = Path(text).expanduser()
        self.settings.setValue(FOLDER_KEY, str(out))
        self.report.clear()
        self.status.setText("Exporting…")
        self.progress.setRange(0, 0)
        self.export_button.setEnabled(False)
        self.open_button.setEnabled(False)
        self.cancel_button.setText("Cancel")  # stops the export
        ignore = self.embargo_box is not None and self.embargo_box.isChecked()
        self.worker = self.jobs.submit(
            "work",
            run_export,
            Path(self.store.root),
            self.slugs,
            out,
            self.mode(),
            ignore and self.mode() != "site",
            wants_job=True,
            on_progress=self._progressed,
            on_done=self._succeeded,
            on_failed=self._failed,
        )

    def _progressed(self, done: int, total: int, label: str) -> None:
        """A photo is ready."""
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.status.setText(f"Photos: {done} of {total} ({label})")

    def _succeeded(self, results: list) -> None:
        """Show what was written and what was removed from which photo."""
        self._worker_done()
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        lines = []
        for r in results:
            if isinstance(r, str):  # a story the site left out, and why
                lines.append(f"left out: {r}")
                continue
            lines.append(f"{r.slug}: {r.path}")
            lines += [f"  {line}" for line in r.privacy]
            lines += [f"  warning: {line}" for line in r.warnings]
        self.report.setPlainText("\n".join(lines))
        self.written = Path(self.folder.text()).expanduser()
        removed = any(getattr(r, "privacy", None) for r in results)
        self.status.setText(
            "Exported. Private photo data was removed as listed below."
            if removed
            else "Exported; what was written is listed below."
        )
        self.open_button.setEnabled(True)
        self.finished_export.emit(True)

    def _failed(self, message: str) -> None:
        """Say why nothing was exported."""
        self._worker_done()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status.setText(message)
        self.finished_export.emit(False)

    def _worker_done(self) -> None:
        """The worker is gone: the dialog can export again, and its button closes it."""
        self.worker = None
        self.export_button.setEnabled(True)
        self.cancel_button.setText("Close")

    def cancel(self) -> None:
        """Stop a running export (nothing half-written stays), or close the dialog."""
        if self.worker is not None:
            self.worker.cancel(drop=False)  # it stops between photos and says so
            self.status.setText("Cancelling…")
            return
        self.reject()

    def open_folder(self) -> None:
        """Show the exported folder in the file manager."""
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written)))

    def closeEvent(self, event) -> None:
        """Closing while exporting cancels and waits for the worker."""
        if self.worker is not None:
            self.worker.cancel()
            self.jobs.wait("work")
        super().closeEvent(event)

    def reject(self) -> None:
        """Escape or Cancel: stop a running export first."""
        if self.worker is not None:
            self.cancel()
            return
        super().reject()


def install_export_action(window) -> QAction:
    """Add File > Export… (Ctrl+E) to the main window."""
    return add_action(
        window,
        window.menu_file,
        "&Export…",
        lambda: open_export_dialog(window),
        "Ctrl+E",
        "Export the open story as a web page, a zip or a CMS fragment",
    )


def open_export_dialog(window) -> ExportDialog | None:
    """Save the open story, then show the Export dialog for it."""
    status = window.statusBar()
    if not window.save_now():
        status.showMessage("Not exported: the open story could not be saved.", 8000)
        return None
    article_id = window.current_article_id()
    if article_id is None:
        status.showMessage("There is no story to export yet: write one first.", 8000)
        return None
    slug = window.store.articles.get(article_id).slug
    dialog = ExportDialog(
        window.store, [slug], window, getattr(window, "settings", None), window.jobs
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.export_dialog = dialog
    dialog.open()
    return dialog


def embargo_choice(store: Store, slugs: list[str]) -> QCheckBox | None:
    """ "Export before the embargo", offered only when a story to export is under one."""
    from desk import embargo

    held = []
    for slug in slugs:
        try:
            article = store.articles.get(slug)
        except DeskError:
            continue
        if embargo.embargoed(article):
            held.append(f"'{slug}' until {embargo.human(article.embargo)}")
    if not held:
        return None
    box = QCheckBox(
        "Export before the embargo, for a partner who keeps it (the page records the embargo)"
    )
    box.setObjectName("ignoreEmbargo")
    box.setToolTip("Embargoed: " + "; ".join(held) + ". A site export never includes it early.")
    return box
