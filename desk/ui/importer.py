"""File > Import…: files or a folder (or files dropped on the library) become stories.

Files are parsed in the job service's work lane (parsing is pure: no store); each parsed file is
handed back and its stories committed on the GUI thread, each in its own transaction.
Many files get a progress dialog with Cancel; errors are listed in one dialog at the end; the
first story made opens in the editor and the library reloads (hub.articlesChanged).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractScrollArea, QFileDialog, QMessageBox, QProgressDialog

from desk.errors import DeskError
from desk.text import counted

from desk.ui.actions import add_action

if TYPE_CHECKING:  # the importers load on first use, not at start-up
    from desk.importers import ImportResult

PROGRESS_FROM = 2  # files: a progress dialog for batches this big or bigger
FILE_FILTER = (
    "Stories (*.txt *.md *.markdown *.json *.xml *.html *.htm *.docx *.7901 *.anpa *.ipt *.nitf);;"
    "All files (*)"
)


def parse_files(paths: list[Path], fmt: str, job) -> None:
    """In the job service's work lane: parse each file (and read its photos) and hand it to the
    GUI thread, which commits it; stops between files when cancelled."""
    from desk.importers import parse
    from desk.importers.commit import prepare_photos

    for index, path in enumerate(paths):
        if job.cancelled:
            return
        try:
            stories = parse(path, fmt)
            for story in stories:
                prepare_photos(story)  # read and verify photos here, not on the GUI thread
        except DeskError as exc:
            job.send((index, path, None, str(exc)))
        except Exception as exc:  # a parser bug must not kill the batch
            job.send((index, path, None, f"{path.name}: could not be read ({exc})."))
        else:
            job.send((index, path, stories, ""))


@dataclass
class Outcome:
    """What a batch gave: results per file, in order."""

    results: list[ImportResult] = field(default_factory=list)

    @property
    def ids(self) -> list[int]:
        """Ids of the stories made."""
        return [i for r in self.results for i in r.ids]

    @property
    def errors(self) -> list[str]:
        """One sentence per file that failed (duplicates excluded)."""
        return [r.error for r in self.results if r.error and not r.duplicate_of]


class ImportSession(QObject):
    """One batch: parse in the job service, commit here, report at the end."""

    done = Signal(object)  # Outcome

    def __init__(self, window, paths: list[Path], fmt: str = "auto") -> None:
        super().__init__(window)
        self.window = window
        from desk.importers import ImportResult, expand

        self.files = expand(paths)
        self.fmt = fmt
        self.outcome = Outcome([ImportResult(p) for p in self.files])
        self.progress: QProgressDialog | None = None
        self.stopped = False
        self._finished = False
        self.job = None

    def start(self) -> None:
        """Begin (with a progress dialog for batches)."""
        if len(self.files) >= PROGRESS_FROM:
            self.progress = QProgressDialog("Importing…", "Cancel", 0, len(self.files), self.window)
            self.progress.setWindowTitle("Import")
            self.progress.setWindowModality(Qt.WindowModality.WindowModal)
            self.progress.setMinimumDuration(400)
            self.progress.canceled.connect(self.cancel)
        self.job = self.window.jobs.submit(
            "work",
            parse_files,
            self.files,
            self.fmt,
            wants_job=True,
            on_partial=self._on_file,
            on_done=lambda _none: self._on_finished(),
            on_failed=self._on_crashed,
        )

    def cancel(self) -> None:
        """Stop after the file being parsed; stories already made stay, the report follows."""
        if self.job is not None and not self.job.cancelled:
            self.job.cancel()
            QTimer.singleShot(0, self._on_finished)  # the report comes once the loop runs

    def stop(self) -> None:
        """Cancel and wait for the worker, reporting nothing more (the window is closing)."""
        self.stopped = True
        if self.job is not None:
            self.job.cancel()
        self.window.jobs.wait("work")
        if self.progress is not None:
            self.progress.reset()

    def running(self) -> bool:
        """True while files are still being parsed."""
        return self.job is not None and not self.job.cancelled and not self._finished

    def _step(self, index: int, path: Path) -> None:
        """Move the progress dialog on."""
        if self.progress is not None:
            self.progress.setLabelText(f"Importing {path.name}…")
            self.progress.setValue(index + 1)

    def _on_file(self, item: tuple) -> None:
        """One file parsed: commit each of its stories, one transaction each (or keep why not)."""
        from desk.importers import named
        from desk.importers.commit import AlreadyImported, commit_story

        index, path, stories, error = item
        if self.stopped:
            return
        result = self.outcome.results[index]
        if error:
            result.error = error
        for story in stories or []:
            try:
                article = commit_story(self.window.store, story)
            except AlreadyImported as exc:
                result.duplicate_of.extend(exc.slugs)
                result.error = str(exc)
            except DeskError as exc:
                result.error = named(path, str(exc))
            except Exception as exc:  # a bug must not end the batch: say so for this file
                result.error = f"{path.name}: could not be imported ({type(exc).__name__}: {exc})."
            else:
                result.slugs.append(article.slug)
                result.ids.append(int(article.id or 0))
        self._step(index, path)

    def _on_crashed(self, message: str) -> None:
        """The parsing job itself failed: say so, keep what was imported."""
        self.window.statusBar().showMessage(f"The import stopped: {message}", 10000)
        self._on_finished()

    def _on_finished(self) -> None:
        """Tidy up, refresh the library, report errors, open the first new story."""
        if self.stopped or self._finished:
            return
        self._finished = True
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None
        outcome = self.outcome
        if outcome.ids:
            self.window.hub.articlesChanged.emit()
        if outcome.errors:
            show_errors(self.window, outcome)
        first = outcome.ids[0] if outcome.ids else _first_duplicate(self.window.store, outcome)
        if first is not None:
            self.window.open_article(first)
        self.window.statusBar().showMessage(summary(outcome), 8000)
        self.done.emit(outcome)


def _first_duplicate(store, outcome: Outcome) -> int | None:
    """The id of a story a re-imported file made before (to show it instead)."""
    for result in outcome.results:
        for slug in result.duplicate_of:
            try:
                return store.articles.get(slug).id
            except DeskError:
                continue
    return None


def summary(outcome: Outcome) -> str:
    """A status-bar line: how many stories were made, how many files failed."""
    parts = [f"Imported {counted(len(outcome.ids), 'story')}"]
    twins = sum(1 for r in outcome.results if r.duplicate_of)
    if twins:
        parts.append(f"{twins} already imported (shown instead)")
    if outcome.errors:
        parts.append(f"{len(outcome.errors)} could not be imported")
    return "; ".join(parts) + "."


def show_errors(window, outcome: Outcome) -> None:
    """One dialog listing every file that could not be imported, and what became of the rest
    (it said 'The other files were imported' when one of five was, and one was a file
    imported before)."""
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Import")
    box.setText(f"{counted(len(outcome.errors), 'file')} could not be imported.")
    box.setInformativeText(summary(outcome))
    box.setDetailedText("\n".join(outcome.errors))
    box.exec()


def import_paths(window, paths: list[Path], fmt: str = "auto") -> ImportSession | None:
    """Import these files and folders into the window's store."""
    if window.read_only:
        window.statusBar().showMessage("This store is open read-only: nothing imported.", 8000)
        return None
    if not window.save_now():
        window.statusBar().showMessage("Not imported: the open story could not be saved.", 8000)
        return None
    session = ImportSession(window, [Path(p) for p in paths], fmt)
    if not session.files:
        window.statusBar().showMessage("No story files there to import.", 8000)
        return None
    window.import_session = session
    session.start()
    return session


def choose_files(window) -> None:
    """File > Import…: pick files."""
    names, _ = QFileDialog.getOpenFileNames(window, "Import stories", "", FILE_FILTER)
    if names:
        import_paths(window, [Path(n) for n in names])


def choose_folder(window) -> None:
    """File > Import Folder…: every story file in a folder."""
    folder = QFileDialog.getExistingDirectory(window, "Import a folder of stories")
    if folder:
        import_paths(window, [Path(folder)])


def stop_on_close(window) -> None:
    """The window is closing: a running import stops, so no thread outlives it."""
    session = getattr(window, "import_session", None)
    if session is not None and session.running():
        session.stop()


class LibraryDropFilter(QObject):
    """Files dropped on the library are imported."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if local_paths(event.mimeData()) and not self.window.read_only:
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            paths = local_paths(event.mimeData())
            if paths:
                event.acceptProposedAction()
                import_paths(self.window, paths)
                return True
        return super().eventFilter(watched, event)


def local_paths(mime) -> list[Path]:
    """Local files and folders in dragged data."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]


def install_drop_target(window) -> LibraryDropFilter:
    """Make the library (and the scroll areas inside it) accept dropped files."""
    drop = LibraryDropFilter(window)
    targets = [window.library]
    for area in window.library.findChildren(QAbstractScrollArea):
        targets.append(area.viewport())
    for widget in targets:
        widget.setAcceptDrops(True)
        widget.installEventFilter(drop)
    return drop


def install_import_actions(window) -> QAction:
    """Add File > Import… (Ctrl+Shift+I; Ctrl+I is Italic) and Import Folder… to the menu,
    Import… to the toolbar, and dropping files on the library."""
    action = add_action(
        window,
        window.menu_file,
        "&Import…",
        lambda: choose_files(window),
        "Ctrl+Shift+I",
        "Import wire copy, Markdown, ninjs, NewsML-G2, web pages or Word files",
        writes=True,
    )
    folder = add_action(
        window,
        window.menu_file,
        "Import &Folder…",
        lambda: choose_folder(window),
        tip="Import every story file in a folder",
        writes=True,
    )
    toolbar = getattr(window, "toolbar", None)
    if toolbar is not None:  # after New Story and Save Now
        after = [a for a in toolbar.actions() if a.isSeparator()]
        toolbar.insertAction(after[0] if after else None, action)
    window.import_drop = install_drop_target(window)
    window.closing.connect(lambda: stop_on_close(window))
    window.action_import_folder = folder
    return action
