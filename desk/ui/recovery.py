"""What the window does for the store's safety besides saving: on opening, a quick check, tidying
what a killed Desk left, and offering back copies kept when the store refused a story; while it
is open, automatic backups on the schedule of the settings; File > Back Up Now… and File >
Restore from Backup…. The rules are the core's (desk.doctor, desk.backup, desk.rescue).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desk import backup, doctor, rescue, settings
from desk.errors import DeskError
from desk.paths import default_backup_dir
from desk.text import counted, local_time

from desk.ui.actions import add_action

LOG = logging.getLogger("desk")
FIRST_BACKUP_CHECK_MS = 60_000  # a minute after opening: the window and preview come first
BACKUP_CHECK_EVERY_MS = 15 * 60_000


def backup_folder() -> Path:
    """Where automatic backups go: the setting, else desk-backups beside Desk's data."""
    try:
        chosen = str(settings.current("backup.folder") or "").strip()
    except DeskError:
        chosen = ""
    return Path(chosen).expanduser() if chosen else default_backup_dir()


class Safekeeping(QObject):
    """The window's part in keeping the store safe (one per window)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self, interval=BACKUP_CHECK_EVERY_MS)
        self.timer.timeout.connect(self.back_up_if_due)
        self.running = False
        self.last_result = ""

    def start(self) -> None:
        """After the window is up: check and tidy in the background, offer kept copies, and
        schedule the backups."""
        store = self.window.store
        if store.readonly:
            return
        jobs = self.window.jobs

        def check_and_tidy() -> tuple[str, list[str]]:
            verdict = doctor.quick_check(jobs.reader(store.root))
            companion = store.companion()  # the worker's own connection for its repairs
            try:
                return verdict, doctor.tidy(companion)
            finally:
                companion.close()

        jobs.submit("work", check_and_tidy, on_done=self._checked)
        QTimer.singleShot(0, self.offer_copies)
        QTimer.singleShot(FIRST_BACKUP_CHECK_MS, self.back_up_if_due)
        self.timer.start()

    def _checked(self, result: tuple[str, list[str]]) -> None:
        """Say what the opening check found (nothing, usually)."""
        verdict, tidied = result
        for sentence in tidied:
            LOG.info(sentence)
        if verdict != "ok":
            self.window.show_banner(
                f"The store's database reports a problem ({verdict}); run desk doctor, or "
                "restore a backup (File > Restore from Backup…). Your text is saved as it is.",
                "error",
            )

    # -- copies kept when the store refused a story ---------------------------------------

    def offer_copies(self) -> None:
        """Copies kept when the store refused a story: offer each back, once."""
        for path in rescue.copies(rescue.RESCUED):
            try:
                copy = rescue.read_copy(path)
            except DeskError:
                continue
            story = copy["story"]
            headline = story.get("headline") or "Untitled"
            box = QMessageBox(self.window)
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle("A story Desk could not save")
            box.setText(f"Desk kept a copy of “{headline}” when it could not save it.")
            box.setInformativeText(
                f"The copy ({path}) holds the text as it was then. Bring it back as a new story "
                "beside the stored one, to compare and keep what you need?"
            )
            back = box.addButton("Bring It Back", box.ButtonRole.AcceptRole)
            box.addButton("Later", box.ButtonRole.RejectRole)
            box.setDefaultButton(back)
            box.exec()
            if box.clickedButton() is not back:
                return  # asked again on the next start
            try:
                made = self.window.store.stories.make(copy)
            except DeskError as exc:
                self.window.show_banner(f"The copy was not brought back: {exc}", "error")
                return
            done = path.parent / "brought-back"
            done.mkdir(exist_ok=True)
            shutil.move(str(path), done / path.name)
            self.window.hub.articlesChanged.emit()
            self.window.open_article(made.id)

    # -- backups ----------------------------------------------------------------------------

    def back_up_if_due(self) -> None:
        """Back up in the background when the schedule says it is time."""
        try:
            every = str(settings.current("backup.every"))
            keep = int(settings.current("backup.keep"))
        except DeskError:
            every, keep = "daily", 7
        folder = backup_folder()
        if self.running or every == "off" or not backup.due(folder, every):
            return
        self.back_up(folder, keep)

    def back_up(self, folder: Path, keep: int) -> None:
        """A backup into the folder now (File > Back Up Now…, or the schedule)."""
        store = self.window.store
        self.running = True

        def run() -> backup.BackupResult:
            reader = self.window.jobs.reader(store.root)
            return backup.scheduled_backup(store, folder, keep, reader.db.conn)

        self.window.jobs.submit(
            "work", run, key="backup", on_done=self._backed_up, on_failed=self._not_backed_up
        )

    def _backed_up(self, result: backup.BackupResult) -> None:
        """Say so quietly."""
        self.running = False
        self.last_result = f"Backed up {result.stories} stories to {result.path}."
        LOG.info(self.last_result)
        self.window.statusBar().showMessage(self.last_result, 8000)

    def _not_backed_up(self, message: str) -> None:
        """Say why (the store itself is fine); the next check tries again."""
        self.running = False
        self.last_result = message
        self.window.show_banner(f"The automatic backup failed: {message}", "error")


def install_backup_actions(window: Any) -> Safekeeping:
    """File > Back Up Now… and File > Restore from Backup…, and the window's safekeeping."""
    keeping = Safekeeping(window)
    window.safekeeping = keeping
    window.menu_file.addSeparator()
    window.action_back_up = add_action(
        window,
        window.menu_file,
        "&Back Up Now…",
        lambda: back_up_now(window),
        "",
        "Copy the whole store into a folder you choose",
        writes=True,
    )
    window.action_restore_backup = add_action(
        window,
        window.menu_file,
        "&Restore from Backup…",
        lambda: choose_backup(window),
        "",
        "Bring back a backup in this store's place (today's store is kept)",
        writes=True,
    )
    return keeping


def back_up_now(window: Any) -> None:
    """Back up into the backup folder (asked for, starting from the settings' one)."""
    folder = QFileDialog.getExistingDirectory(
        window, "Back up the store into", str(backup_folder())
    )
    if folder:
        keep = int(settings.current("backup.keep"))
        window.safekeeping.back_up(Path(folder), keep)
        window.statusBar().showMessage(f"Backing up into {folder}…", 4000)


def choose_backup(window: Any) -> bool:
    """Pick a backup folder and bring it back, after saying what will happen."""
    src = QFileDialog.getExistingDirectory(window, "Restore from backup", str(backup_folder()))
    return bool(src) and restore_into_window(window, Path(src))


def restore_into_window(window: Any, src: Path, confirm: bool = True) -> bool:
    """Put a backup in the open store's place and reopen the store in a new window."""
    try:
        manifest = backup.check_backup(src)
    except DeskError as exc:
        QMessageBox.warning(window, "Restore from Backup", str(exc))
        return False
    if confirm and not _confirm(window, src, manifest):
        return False
    if not window.save_now():
        QMessageBox.warning(
            window, "Restore from Backup", "Not restored: the open story could not be saved first."
        )
        return False
    from desk.store import Store

    from desk.ui.mainwindow import MainWindow

    root = window.store.root
    window.release_store()
    aside: Path | None = None
    try:
        aside = backup.restore_backup(src, root).replaced
        restored = None
    except DeskError as exc:
        restored = exc
    store = Store.open(root, window=True)
    replacement = MainWindow(store, settings=window.settings)
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(replacement.close_store)
    replacement.show()
    window.replaced_by = replacement
    window.hide()
    if restored is not None:
        QMessageBox.warning(replacement, "Restore from Backup", str(restored))
        return False
    kept = f"; the store it replaced is kept in {aside}" if aside else ""
    stories = counted(int(manifest.get("stories", 0)), "story")
    replacement.statusBar().showMessage(f"The backup is back ({stories}){kept}.", 12000)
    return True


def _confirm(window: Any, src: Path, manifest: dict) -> bool:
    """Ask before putting a backup in the store's place."""
    made = local_time(manifest["made"]) if manifest.get("made") else "at an unknown time"
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Restore from Backup")
    stories = counted(int(manifest.get("stories", 0)), "story")
    box.setText(f"Bring back the backup made {made} ({stories})?")
    box.setInformativeText(
        "It takes the place of this store; today's store is kept in its replaced- folder, "
        "so nothing is lost. Desk reopens the store afterwards."
    )
    restore = box.addButton("Restore", box.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is restore
