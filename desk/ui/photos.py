"""The Photos dock: the open story's figures as thumbnails in the order the text shows them (the
lead first, then Figure 2, 3 ...; photos not in the text after), their caption, credit and alt
text, and adding photos by file dialog, drag and drop, or paste.

Where a figure stands is the body's: the dock follows the editor's text (hub.bodyParsed) and
asks the editor to move, remove or lead a figure with an undoable edit (hub.bodyEditRequested).
Caption, credit, alt text and photos are figure rows, changed through Store verbs after the
story is saved (a verb that needs the store current stops, saying why, when that save fails).
Photo files are read and verified in a worker; thumbnails are made in another.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QSize,
    Qt,
    QTemporaryDir,
    QUrl,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QProgressDialog,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desk import body
from desk.errors import DeskError
from desk.model import Figure
from desk.store import Store

from desk.ui.hub import BodyEdit, Hub
from desk.ui.jobs import Jobs
from desk.ui.photoparts import (
    FIGURE_ID_ROLE,
    FigureEditor,
    FigureModel,
    FigureStrip,
    scrolled,
)
from desk.ui.photowork import ThumbnailCache, file_patterns, read_photo_files

PROGRESS_FROM = 2  # show a progress dialog when adding at least this many photos


class PhotoPanel(QDockWidget):
    """The open story's photos: add, order, lead, caption, credit, alt text, insert, replace."""

    photosAdded = Signal(list)  # figure ids added by the last batch (also [] when none)

    def __init__(self, store: Store, hub: Hub, parent=None, jobs: Jobs | None = None) -> None:
        super().__init__("Photos", parent)
        self.jobs = jobs or Jobs(self)  # the window's service; a service of its own alone
        self.setObjectName("photoPanel")
        self.store, self.hub = store, hub
        self.article_id: int | None = None
        self.rows: list[Figure] = []  # the story's figure rows, as the store has them
        self.text: body.Body = body.parse("")  # the open story's body, as the editor has it
        self.thumbs = ThumbnailCache(store.root, parent=self, jobs=self.jobs)
        self.model = FigureModel(self.thumbs, self)
        self._tmp = QTemporaryDir()
        self._batch: dict[str, Any] | None = None
        self._library = None
        self._quiet = 0  # > 0 while the panel selects a figure itself (not the user)
        self._fetching: set[int] = set()  # figures whose web photos are being downloaded
        self._build()
        self._wire()
        self.setAcceptDrops(True)
        self._update_actions()

    # -- building -------------------------------------------------------------------------

    def _build(self) -> None:
        """Toolbar, thumbnail strip, figure editor and a message line."""
        body = QWidget(self)
        self.toolbar = QToolBar(body)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.strip = FigureStrip(body)
        self.strip.setModel(self.model)
        self.strip.setIconSize(QSize(self.thumbs.size, self.thumbs.size * 3 // 4))
        self.strip.setGridSize(QSize(self.thumbs.size + 16, self.thumbs.size * 3 // 4 + 48))
        self.strip.setMinimumHeight(self.strip.gridSize().height() + 24)  # one full row
        self.editor = FigureEditor(body)
        self.message = QLabel(body)
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.strip, 2)
        layout.addWidget(self.message)
        layout.addWidget(scrolled(self.editor, body), 1)
        self.setWidget(body)
        self.action_add = self._action("Add Photos…", self.choose_files, "Add photo files")
        self.action_paste = self._action(
            "Paste Photo", self.paste, "Add the photo on the clipboard"
        )
        # Edit > Paste (Ctrl+V) pastes a photo while the strip has the focus: the window's
        # paste goes to the focused widget's paste(), so the strip needs no shortcut of its own.
        self.strip.paste = self.paste  # type: ignore[attr-defined]
        self.strip.addAction(self.action_paste)
        self.action_insert = self._action(
            "Insert at Cursor", self.insert_selected, "Place the photo at the cursor in the text"
        )
        self.action_lead = self._action("Set as Lead", self.set_lead, "Show it above the story")
        self.action_replace = self._action(
            "Replace File…", self.choose_replacement, "Another photo, same caption"
        )
        self.action_remove = self._action(
            "Remove", self.remove_selected, "Take it out of the story"
        )
        self.action_library = self._action(
            "Photo Library…", self.open_library, "Every photo in the store"
        )
        self.action_fetch = self._action(
            "Fetch from Web",
            lambda: self.fetch_web_photos(),
            "Fetch the photos this story's figures await from the web (captions are kept)",
        )
        self.action_earlier = self._action("Move Earlier", lambda: self.move_selected(-1))
        self.action_later = self._action("Move Later", lambda: self.move_selected(1))
        self.action_earlier.setShortcut(QKeySequence("Ctrl+Left"))
        self.action_later.setShortcut(QKeySequence("Ctrl+Right"))
        for action in (self.action_earlier, self.action_later, self.action_remove):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.strip.addAction(action)
        self.action_remove.setShortcut(QKeySequence.StandardKey.Delete)
        self.toolbar.addActions([self.action_add, self.action_fetch, self.action_insert])
        self.toolbar.addAction(self.action_lead)
        self.toolbar.addActions([self.action_replace, self.action_remove, self.action_library])
        self.strip.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in (self.action_insert, self.action_lead, self.action_replace):
            self.strip.addAction(action)

    def _action(self, label: str, slot, tip: str = "") -> QAction:
        """A panel action."""
        action = QAction(label, self)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _wire(self) -> None:
        """Connections to the hub, the strip, the model and the editor."""
        self.hub.articleOpened.connect(self.set_article)
        self.hub.figuresChanged.connect(self._on_figures_changed)
        self.hub.bodyParsed.connect(self._on_body)
        self.hub.figureSelected.connect(self._on_figure_selected)
        self.strip.selectionModel().currentChanged.connect(self._on_current)
        self.strip.filesDropped.connect(self.add_files)
        self.strip.doubleClicked.connect(lambda _i: self.insert_selected())
        self.model.filesDropped.connect(self.add_files)
        self.model.reorderRequested.connect(self.reorder, Qt.ConnectionType.QueuedConnection)
        self.editor.commitRequested.connect(self.save_fields)

    # -- the open story -------------------------------------------------------------------

    def set_article(self, article_id: int) -> None:
        """Show another story's photos (-1: none)."""
        self.editor.commit()
        self.article_id = article_id if article_id is not None and article_id >= 0 else None
        self.text = body.parse("")
        self.reload()

    def reload(self) -> None:
        """Read the story's figure rows again, keeping the selected one."""
        self.rows = []
        if self.article_id is not None:
            try:
                self.rows = self.store.figures.rows(self.article_id)
            except DeskError as exc:
                self.show_message(str(exc))
        self._arrange()

    def _on_body(self, article_id: int, parsed: object) -> None:
        """The editor's text changed: the figures follow where it places them."""
        if article_id == self.article_id and isinstance(parsed, body.Body):
            self.text = parsed
            self._arrange()

    def _arrange(self) -> None:
        """Show the rows in the order the text places them, keeping the selection."""
        keep = self.selected_id()
        figures = body.arrange(self.rows, self.text.text)
        self.model.set_figures(figures, {f.id for f in figures if f.placed})
        self.select(keep)
        current = next((f for f in figures if f.id == keep), None)
        if current is None or self.editor.figure is None or self.editor.figure.id != keep:
            self.editor.load(current)
        else:
            self.editor.saved(current)
        self._update_actions()

    def _on_figures_changed(self, article_id: int) -> None:
        """Another panel changed this story's figure rows."""
        if article_id == self.article_id:
            self.reload()

    def selected_id(self) -> int | None:
        """The selected figure's id."""
        index = self.strip.currentIndex()
        return index.data(FIGURE_ID_ROLE) if index.isValid() else None

    def select(self, figure_id: int | None) -> None:
        """Select a figure by id (when it is shown; None clears the selection). The text is not
        told: only a selection the user makes in the strip moves the text's cursor."""
        self._quiet += 1
        try:
            if figure_id is None:
                self.strip.setCurrentIndex(QModelIndex())
                return
            for row, fig in enumerate(self.model.figures):
                if fig.id == figure_id:
                    self.strip.setCurrentIndex(self.model.index(row))
                    return
        finally:
            self._quiet -= 1

    def _on_current(self, current: QModelIndex, previous: QModelIndex) -> None:
        """Selection moved: save the previous figure's fields, show the new one's; a selection
        the user made selects the figure's card in the text too (hub.figureSelected)."""
        if previous.isValid():
            self.editor.commit()
        row = current.row()
        self.editor.load(self.model.figures[row] if 0 <= row < len(self.model.figures) else None)
        self._update_actions()
        if not self._quiet and self.article_id is not None:
            fig = self.editor.figure
            self.hub.figureSelected.emit(self.article_id, fig.id if fig else -1)

    def _on_figure_selected(self, article_id: int, figure_id: int) -> None:
        """The text's cursor went onto a figure's card (or left one): select it here too."""
        if article_id != self.article_id:
            return
        current = self.editor.figure
        if figure_id >= 0:
            if current is None or current.id != figure_id:
                self.select(figure_id)
        elif current is not None and current.placed:
            self.select(None)

    def awaiting_selected(self) -> Figure | None:
        """The selected figure when it still awaits a photo (Add Photos… fills it)."""
        fig = self.editor.figure
        return fig if fig is not None and fig.photo is None else None

    def _update_actions(self) -> None:
        """Enable what makes sense for the story, the selection and the store."""
        writable = not self.store.readonly and self.article_id is not None
        fig = self.editor.figure
        for action in (self.action_add, self.action_paste):
            action.setEnabled(writable)
        awaiting = self.awaiting_selected()
        self.action_add.setToolTip(
            f"Add Photos: the first fills {awaiting.label()}, which awaits one"
            if awaiting is not None
            else "Add photo files"
        )
        on_the_web = any(f.on_the_web for f in self.rows)
        self.action_fetch.setVisible(on_the_web)
        self.action_fetch.setEnabled(writable and on_the_web and not self._fetching)
        self.action_insert.setEnabled(writable and fig is not None and not fig.placed)
        self.action_lead.setEnabled(writable and fig is not None and fig.role != "lead")
        for action in (self.action_replace, self.action_remove):
            action.setEnabled(writable and fig is not None)
        movable = writable and fig is not None and fig.role == "inline" and not fig.stray
        self.action_earlier.setEnabled(movable)
        self.action_later.setEnabled(movable)

    def show_message(self, text: str) -> None:
        """A message in the panel (never modal), cleared by the next success."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- changing figures -----------------------------------------------------------------

    def fetch_web_photos(self, figure_ids: list[int] | None = None) -> None:
        """Download the photos the story's figures await from the web (in the adding lane)
        and fill the figures with them as each arrives; a failure says why and the figure
        keeps waiting."""
        from desk import webphotos

        chosen = set(figure_ids) if figure_ids is not None else {f.id for f in self.rows}
        placed = body.arrange(self.rows, self.text.text)  # numbered as readers see them
        wanted = [f for f in placed if f.on_the_web and f.id in chosen - self._fetching]
        if not wanted or self.store.readonly or not self._store_current("Fetching photos"):
            return
        for figure in wanted:
            self._fetching.add(figure.id)
            self.jobs.submit(
                "adding",
                webphotos.download,
                figure.remote_url,
                on_done=lambda prepared, f=figure: self._fetched(f, prepared),
                on_failed=lambda message, f=figure: self._not_fetched(f, message),
            )
        many = f"{len(wanted)} photos" if len(wanted) > 1 else "the photo"
        self.show_message(f"Fetching {many} from the web…")
        self._update_actions()

    def _fetched(self, figure: Figure, prepared) -> None:
        """A web photo arrived: it fills its figure (caption and credit kept)."""
        from desk import webphotos

        self._fetching.discard(figure.id)
        try:
            webphotos.attach(self.store, figure.id, prepared)
        except DeskError as exc:
            self.show_message(f"{figure.label()}: {exc}")
        else:
            if not self._fetching:
                self.show_message("")
            self.reload()
            self.hub.figuresChanged.emit(figure.article_id)
        self._update_actions()

    def _not_fetched(self, figure: Figure, message: str) -> None:
        """A web photo could not be fetched: say why; the figure keeps waiting."""
        self._fetching.discard(figure.id)
        self.show_message(f"{figure.label()}: {message}")
        self._update_actions()

    def _store_current(self, what: str) -> bool:
        """Save the open story before a verb that writes the store; say why when it cannot."""
        if self.article_id is None:
            return False
        if self.hub.save_open_story():
            return True
        reason = self.hub.save_failure() or "the store refused it."
        self.show_message(f"{what} was not done: the story could not be saved first ({reason})")
        return False

    def _edit_body(self, label: str, apply) -> None:
        """Ask the editor to change the body, as one undoable edit."""
        if self.article_id is not None:
            self.hub.bodyEditRequested.emit(BodyEdit(label, apply))
            self.show_message("")

    def save_fields(self, figure_id: int, changes: dict) -> None:
        """Save caption, credit or alt text typed in the editor (the alt text is mirrored in
        the body by an edit of the text)."""
        if not self._store_current("Saving the caption"):
            return
        try:
            fig = self.store.figures.update(figure_id, **changes)
        except DeskError as exc:
            self.editor.show_error(str(exc))
            return
        if "alt" in changes:
            self._edit_body("Alt text", lambda t: body.set_alt(t, figure_id, fig.alt))
        self.rows = [fig if f.id == figure_id else f for f in self.rows]
        self._arrange()
        if self.article_id is not None:
            self.hub.figuresChanged.emit(self.article_id)

    def reorder(self, order: list[int]) -> None:
        """Put the inline figures in this order (from a drag in the strip)."""
        self._edit_body("Figures reordered", lambda t: body.reorder_figures(t, order))

    def move_selected(self, step: int) -> None:
        """Move the selected inline figure one place earlier or later."""
        fig = self.editor.figure
        if fig is None or fig.role != "inline":
            return
        inline = [f.id for f in self.model.figures if f.role == "inline" and not f.stray]
        if fig.id not in inline:
            return
        index = inline.index(fig.id) + step
        if 0 <= index < len(inline):
            self._edit_body(
                f"Figure {fig.number} moved", lambda t: body.move_figure(t, fig.id, index)
            )

    def set_lead(self) -> None:
        """Make the selected figure the story's lead photo (the figure opening the text)."""
        fig = self.editor.figure
        if fig is not None:
            self.editor.commit()
            self._edit_body("Lead photo set", lambda t: body.set_lead(t, fig.id))

    def remove_selected(self) -> None:
        """Take the selected figure out of the text (undoable; it stays under "Not in the
        text"), or delete a figure that is not in the text from the story."""
        fig = self.editor.figure
        if fig is None:
            return
        if fig.placed:
            self._edit_body(f"{fig.label()} removed", lambda t: body.remove_figure(t, fig.id))
            return
        if not self._store_current("Removing the photo"):
            return
        try:
            self.store.figures.delete(fig.id)
        except DeskError as exc:
            self.show_message(str(exc))
            return
        self.reload()
        if self.article_id is not None:
            self.hub.figuresChanged.emit(self.article_id)

    def insert_selected(self) -> None:
        """Place the selected figure at the editor's cursor (when it is not in the text yet)."""
        fig = self.editor.figure
        if fig is None or fig.placed:
            return
        self.hub.insertMarkdownRequested.emit(body.figure_line(fig.id, fig.alt))

    def use_photo(self, photo_id: int) -> None:
        """Place a photo from the library in this story, with its own caption here; with a
        figure awaiting a photo selected, the photo fills that figure instead."""
        if not self._store_current("Using the photo"):
            return
        awaiting = self.awaiting_selected()
        try:
            if awaiting is not None:
                fig = self.store.figures.replace_photo(awaiting.id, photo_id)
            else:
                fig = self.store.figures.add(self.article_id, photo_id, place=None)
        except DeskError as exc:
            self.show_message(str(exc))
            return
        self.reload()
        if awaiting is None:
            self.hub.insertMarkdownRequested.emit(body.figure_line(fig.id, fig.alt))
        self.hub.figuresChanged.emit(fig.article_id)
        self.select(fig.id)

    # -- adding photos --------------------------------------------------------------------

    def choose_files(self) -> None:
        """Add photos picked in a file dialog; with a figure awaiting a photo selected (in the
        strip, or its card in the text), the first one fills that figure."""
        awaiting = self.awaiting_selected()
        title = f"Photo for {awaiting.label()}" if awaiting is not None else "Add Photos"
        paths, _ = QFileDialog.getOpenFileNames(
            self, title, "", f"Photos ({' '.join(file_patterns())});;All files (*)"
        )
        if paths:
            self.add_files(paths, fill=awaiting.id if awaiting is not None else None)

    def choose_replacement(self) -> None:
        """Replace the selected figure's photo with a file, keeping caption, credit and alt."""
        fig = self.editor.figure
        if fig is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, "Replace Photo", "", f"Photos ({' '.join(file_patterns())});;All files (*)"
        )
        if path:
            self.add_files([path], replace=fig.id)

    def paste(self) -> None:
        """Add the photo on the clipboard: copied files, or a copied image (saved as PNG)."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime.hasUrls():
            paths = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
            if paths:
                self.add_files(paths)
                return
        image = QGuiApplication.clipboard().image()
        if image.isNull():
            self.show_message("The clipboard holds no photo; copy an image or a photo file first.")
            return
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = Path(self._tmp.path()) / f"pasted-{time.monotonic_ns()}.png"
        if not image.save(str(path), "PNG"):
            self.show_message("The pasted image could not be saved; paste it again.")
            return
        self.add_files([str(path)], names=[f"Pasted photo {stamp}.png"], temporary=True)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        """Files dropped anywhere on the panel are added to the story."""
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)

    def add_files(
        self,
        paths: list[str],
        names: list[str | None] | None = None,
        replace: int | None = None,
        temporary: bool = False,
        fill: int | None = None,
        place: Callable[[list[Figure]], None] | None = None,
    ) -> None:
        """Read the files in a worker, then add each photo as it is ready: replace puts every
        photo into that figure, fill puts the first into that figure (one awaiting a photo: its
        caption and credit are kept) and adds the rest; new figures go into the text at the
        editor's cursor, or where `place` puts them."""
        if self.article_id is None or self.store.readonly:
            self.show_message(
                "Open a story first." if self.article_id is None else "This store is read-only."
            )
            return
        if self._batch is not None:
            self.show_message("Still adding the previous photos; wait a moment.")
            return
        if not self._store_current("Adding photos"):
            return
        paths = [str(p) for p in paths]
        job = self.jobs.submit(
            "adding",
            read_photo_files,
            [Path(p) for p in paths],
            names or [None] * len(paths),
            self.store.root,
            wants_job=True,
            on_partial=self._on_file,
            on_done=lambda _none: self._on_batch_finished(),
            on_failed=self._on_batch_failed,
        )
        progress = None
        if len(paths) >= PROGRESS_FROM:
            progress = QProgressDialog("Adding photos…", "Cancel", 0, len(paths), self)
            progress.setWindowTitle("Adding photos")
            progress.setWindowModality(Qt.WindowModality.WindowModal)
            progress.setMinimumDuration(300)
            progress.canceled.connect(lambda: job.cancel(drop=False))
        self._batch = {
            "job": job,
            "progress": progress,
            "article": self.article_id,
            "replace": replace,
            "fill": fill,
            "place": place,
            "filled": [],
            "added": [],
            "errors": [],
            "done": 0,
            "temporary": paths if temporary else [],
        }

    def _step(self) -> None:
        """One file done: move the progress bar."""
        batch = self._batch
        assert batch is not None
        batch["done"] += 1
        if batch["progress"] is not None:
            batch["progress"].setValue(batch["done"])

    def _on_file(self, piece: tuple[int, Any, str]) -> None:
        """One file of the batch is read (or failed)."""
        _index, prepared, why = piece
        if prepared is None:
            self._on_failed(why)
        else:
            self._on_prepared(prepared)

    def _on_batch_failed(self, message: str) -> None:
        """The reading itself broke (a bug): say so, and end the batch."""
        if self._batch is not None:
            self._batch["errors"].append(message)
        self._on_batch_finished()

    def _on_prepared(self, prepared) -> None:
        """A file was read and verified: store it and place it (GUI thread)."""
        batch = self._batch
        assert batch is not None
        try:
            photo = self.store.photos.add_prepared(prepared)
            if batch["replace"] is not None:
                batch["added"].append(self.store.figures.replace_photo(batch["replace"], photo.id))
            elif batch["fill"] is not None and not batch["filled"]:
                batch["filled"].append(self.store.figures.replace_photo(batch["fill"], photo.id))
            else:
                fig = self.store.figures.add(batch["article"], photo.id, place=None)
                batch["added"].append(fig)
        except DeskError as exc:
            batch["errors"].append(str(exc))
        self._step()

    def _on_failed(self, message: str) -> None:
        """A file could not be added: remember why for the summary."""
        assert self._batch is not None
        self._batch["errors"].append(message)
        self._step()

    def _on_batch_finished(self) -> None:
        """All files read (or cancelled): insert the new figures at the cursor, report."""
        batch, self._batch = self._batch, None
        assert batch is not None
        if batch["progress"] is not None:
            batch["progress"].reset()
            batch["progress"].deleteLater()
        for path in batch["temporary"]:
            Path(path).unlink(missing_ok=True)
        added: list[Figure] = batch["added"]
        if batch["replace"] is None and added and batch["article"] == self.article_id:
            if batch["place"] is not None:
                batch["place"](added)
            else:
                lines = "\n\n".join(body.figure_line(f.id, f.alt) for f in added)
                self.hub.insertMarkdownRequested.emit(lines)
        errors = batch["errors"]
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        self.show_message(" ".join(errors[:3]) + more)
        changed: list[Figure] = batch["filled"] + added
        if changed:
            self.reload()
            self.hub.figuresChanged.emit(batch["article"])
            self.select(changed[0].id if batch["filled"] else changed[-1].id)
        self.photosAdded.emit([f.id for f in changed])

    # -- the library ----------------------------------------------------------------------

    def open_library(self) -> None:
        """Show the photo library (non-modal), searching every photo in the store."""
        from desk.ui.photolibrary import PhotoLibraryDialog

        if self._library is None:
            self._library = PhotoLibraryDialog(self.store, self.hub, self.thumbs, self)
            self._library.useRequested.connect(self.use_photo)
        self._library.set_article(self.article_id)
        self._library.show()
        self._library.raise_()
        self._library.reload()

    def mime_for_files(self, paths: list[str]) -> QMimeData:
        """File URLs as a drag would carry them (also used by tests)."""
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(p) for p in paths])
        return mime
