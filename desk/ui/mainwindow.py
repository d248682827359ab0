"""The workstation window: library | metadata + body editor | live preview, wired in one place.

The window holds no business rules: it calls Store verbs (through the Autosaver) and shows the
results; panels talk to each other only through the Hub. While a story is open its body changes
only through the editor's document (panels ask with hub.bodyEditRequested), and the Autosaver is
the one writer of it to the store. Background work goes through one job service (self.jobs).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPalette
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desk import body, text
from desk.errors import DeskError
from desk.model import Article
from desk.rescue import RESCUED, story_copy, write_copy
from desk.store import Store

from desk.ui.autosave import SAVED, SAVING, UNSAVED, Autosaver
from desk.ui.editor import BodyEditor
from desk.ui.findreplace import FindReplaceBar
from desk.ui.heap import settle_heap
from desk.ui.hub import BodyEdit, Hub
from desk.ui.jobs import Jobs
from desk.ui.library import LibraryPane
from desk.ui.menus import build_actions, build_menus
from desk.ui.metaform import MetadataForm
from desk.ui.preferences import remember_setting
from desk.ui.preview import PreviewPane
from desk.ui.windowstate import (
    default_settings,
    restore_dock_state,
    restore_window_state,
    save_window_state,
    whole_dock_tabs,
)

COUNT_DELAY_MS = 250
PARSE_DELAY_MS = 250  # panels follow the text (hub.bodyParsed) this long after typing
# The web preview (about half a second of work) starts in the first pause this long.
PREVIEW_START_MS = 400
# A staged window builds its panels after its first frame, or this long after it was made.
STAGED_LATEST_MS = 300
STATE_TEXT = {SAVED: "All changes saved", UNSAVED: "Unsaved changes", SAVING: "Saving…"}


class MainWindow(QMainWindow):
    """Desk's main window on one open Store."""

    closing = Signal()  # the window is asked to close (before it saves)

    def __init__(
        self,
        store: Store,
        hub: Hub | None = None,
        settings: QSettings | None = None,
        read_only_reason: str = "",
        staged: bool = False,
    ) -> None:
        """staged: the panels other modules add are built on the event loop's first pass, so
        the window shows the library and the story first (the program does this; tests build
        everything at once)."""
        super().__init__()
        self.read_only_reason = read_only_reason
        self.store = store
        self.hub = hub or Hub(self)
        self.jobs = Jobs(self)
        self.settings = settings or default_settings()
        self.read_only = store.readonly
        self._loading = False
        self._preview_started = False
        self.released = False  # the store was let go (a backup was restored in its place)
        self.building = True  # until __init__ ends: parts may leave work for the first pass
        self._save_text, self._modified = STATE_TEXT[SAVED], False  # status bar and title
        self._build_widgets()
        build_actions(self)
        build_menus(self)
        self._build_status_bar()
        self._wire()
        restore_window_state(self)
        self._apply_read_only()
        self.library.reload()
        opened = self._load_initial_article()
        self.editor.setFocus()
        self._opened, self._unbuilt = opened, staged  # the panels wait for the first frame
        if staged:
            QTimer.singleShot(STAGED_LATEST_MS, self, self._finish_staged)
        else:
            self._finish_building(opened)

    def paintEvent(self, event) -> None:
        """The first frame is drawn: the rest of the window is built right after it."""
        super().paintEvent(event)
        if self._unbuilt:
            QTimer.singleShot(0, self, self._finish_staged)

    def _finish_staged(self) -> None:
        """The staged window's second part, once (after its first frame, or at the latest
        STAGED_LATEST_MS after it was made: a window never painted is built all the same)."""
        if self._unbuilt:
            self._unbuilt = False
            self._finish_building(self._opened)

    def _finish_building(self, opened: Article | None) -> None:
        """The panels and menus other modules add (docks, actions) and the docks' places; then
        the open story is announced to them all."""
        self._install_panels()
        self._finish_menus()
        restore_dock_state(self)
        whole_dock_tabs(self)
        self._announce(opened)
        self.building = False

    # -- building -----------------------------------------------------------------------

    def _build_widgets(self) -> None:
        """The three panes in a splitter; the editor column holds banner, form, find bar, body."""
        self.setObjectName("mainWindow")
        self.library = LibraryPane(self.store, self.jobs, self)
        self.metadata = MetadataForm(parent=self)
        self.metadata.set_sections(self.store.articles.sections())
        self.editor = BodyEditor(self)
        self.find_bar = FindReplaceBar(self.editor, self)
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setAutoFillBackground(True)
        self.banner.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.banner.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.banner.setMargin(6)
        self.banner.hide()
        self.preview = PreviewPane(self.store, self.jobs, self)
        self.preview.body_source = self.editor.toPlainText
        column = QWidget(self)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.metadata)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.editor, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.library)
        self.splitter.addWidget(column)
        self.splitter.addWidget(self.preview)
        self.splitter.setChildrenCollapsible(True)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 3)
        self.setCentralWidget(self.splitter)
        self.autosaver = Autosaver(self.store, self.collect_values, self.jobs, self)
        self._count_timer = QTimer(self, singleShot=True, interval=COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._count_later)
        self._parse_timer = QTimer(self, singleShot=True, interval=PARSE_DELAY_MS)
        self._parse_timer.timeout.connect(self._parse_later)
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_START_MS)
        self._preview_timer.timeout.connect(self.preview.create_view)

    def _build_status_bar(self) -> None:
        """Counts and save state, always visible at the bottom right."""
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("countsLabel")
        self.save_label = QLabel(STATE_TEXT[SAVED], self)
        self.save_label.setObjectName("saveLabel")
        self.mode_label = QLabel(self)
        bar = self.statusBar()
        bar.addPermanentWidget(self.mode_label)
        bar.addPermanentWidget(self.counts_label)
        bar.addPermanentWidget(self.save_label)

    def _wire(self) -> None:
        """Every connection of the window, in one place."""
        hub = self.hub
        self.editor.textChanged.connect(self._on_body_changed)
        self.metadata.changed.connect(self._on_fields_changed)
        self.metadata.headerChanged.connect(self._on_header_changed)
        self.metadata.languageChanged.connect(self.preview.set_language)
        self.metadata.languageChanged.connect(self._align_for_language)
        self.library.openRequested.connect(self.open_article)
        self.autosaver.stateChanged.connect(self._on_save_state)
        self.autosaver.saved.connect(self._on_saved)
        self.autosaver.created.connect(self._on_created)
        hub.openArticleRequested.connect(self.open_article)
        hub.insertMarkdownRequested.connect(self.editor.insert_markdown)
        hub.articlesChanged.connect(self.library.reload)
        hub.articlesChanged.connect(self._reload_sections)
        hub.tagsChanged.connect(self.library.reload)
        hub.tagFilterRequested.connect(self.library.set_tag_filter)
        self.library.clearTagsRequested.connect(lambda: hub.tagFilterRequested.emit([]))
        hub.figuresChanged.connect(self._on_figures_changed)
        hub.bodyEditRequested.connect(self.apply_body_edit)
        hub.articleChanged.connect(self._on_article_changed)
        hub.set_saver(self.save_now, lambda: self.autosaver.error or "")

    def _install_panels(self) -> None:
        """Add the panels other modules provide (docks, menu actions: desk.ui.panels)."""
        from desk.ui.panels import install_panels

        install_panels(self)

    def _finish_menus(self) -> None:
        """Quit goes last in the File menu, after whatever the panels added."""
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.action_quit)

    # -- the open story -------------------------------------------------------------------

    def current_article_id(self) -> int | None:
        """The id of the story in the editor (None: a new story not yet in the store)."""
        return self.autosaver.article_id

    def open_article(self, article_id: int) -> bool:
        """Save the current story, then show another; False if it could not be done."""
        if article_id == self.current_article_id() and article_id is not None:
            return True
        if not self.save_now():
            self.statusBar().showMessage("Not switched: the open story could not be saved.", 8000)
            return False
        try:
            article = self.store.articles.get(article_id)
        except DeskError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return False
        self._show_article(article)
        return True

    def new_article(self) -> bool:
        """Save the current story, then start a new one (in the store from its first change)."""
        if self.read_only:
            return False
        if not self.save_now():
            return False
        self._show_article(None)
        self.metadata.headline.setFocus()
        return True

    def save_now(self) -> bool:
        """Write pending changes at once (Ctrl+S); False when the store refused them."""
        return self.autosaver.save_now()

    def collect_values(self) -> dict[str, object]:
        """The open story's fields and body as the store takes them."""
        values = self.metadata.values()
        values["body_md"] = self.editor.plain_text()
        return values

    def _show_article(self, article: Article | None) -> None:
        """Load a story (None: a blank new one) into the form, editor and preview."""
        self._load_article(article)
        self._announce(article)

    def _load_article(self, article: Article | None) -> None:
        """The story's fields and text into the form and editor, the autosaver on it."""
        self._loading = True
        try:
            self.metadata.load(article)
            self.editor.load_text(article.body_md if article else "")
        finally:
            self._loading = False
        values = self.collect_values()
        self.autosaver.begin(article.id if article else None, values)
        self._align_for_language(article.language if article else "en")
        self._update_title()

    def _announce(self, article: Article | None) -> None:
        """Tell the preview, the counts, the library and every panel which story is open."""
        shown = Article(**(article or Article()).to_dict())
        self.preview.show_article(shown)
        self._count_later()
        self.library.select(article.id if article else None)
        self.hub.articleOpened.emit(article.id if article else -1)
        self._parse_opened()
        if article:
            self.settings.setValue("editor/last_article", article.id)

    def _load_initial_article(self) -> Article | None:
        """Reopen the story open last time, else the latest one, else start a new one (loaded
        into the form and editor; announced by _finish_building); the story (None: new)."""
        last = self.settings.value("editor/last_article")
        candidates = [int(last)] if last not in (None, "") else []
        latest = self.store.articles.all(limit=1)
        candidates += [s.id for s in latest]
        for article_id in candidates:
            try:
                article = self.store.articles.get(article_id)
            except DeskError:
                continue
            self._load_article(article)
            return article
        self._load_article(None)
        return None

    # -- reacting to edits ----------------------------------------------------------------

    def _on_body_changed(self) -> None:
        """A keystroke in the body: only restart timers (nothing here scales with length)."""
        if self._loading:
            return
        if self._preview_timer.isActive():
            self._preview_timer.start()  # not while the user types: wait for a pause
        self.autosaver.changed()
        self.preview.schedule_body()
        self._count_timer.start(self._count_delay())
        self._parse_timer.start()

    def _count_delay(self) -> int:
        """Count sooner on short stories, later on long ones."""
        return COUNT_DELAY_MS + min(2000, self.editor.document().characterCount() // 500)

    def _align_for_language(self, language: str) -> None:
        """Right-to-left stories (Arabic, Hebrew ...) are right-aligned in the editor."""
        from desk.languages import text_direction

        rtl = text_direction(language or "en") == "rtl"
        self.editor.set_right_to_left(rtl)
        self.metadata.set_right_to_left(rtl)

    def _on_fields_changed(self) -> None:
        """A metadata field changed."""
        if self._loading:
            return
        self.autosaver.changed()
        self._update_title()

    def _on_header_changed(self) -> None:
        """Headline or standfirst changed: the preview's header follows."""
        self.preview.schedule_header(
            self.metadata.headline.text(), self.metadata.standfirst.toPlainText()
        )

    def update_counts(self) -> None:
        """Words, characters and reading time of the body, in the status bar, now."""
        self.counts_label.setText(count_summary(self.editor.plain_text()))

    def _count_later(self) -> None:
        """Count the body in the background (a long story takes a while to count)."""
        self._count_timer.stop()
        self.jobs.submit(
            "body",
            count_summary,
            self.editor.plain_text(),
            key="count",
            on_done=lambda summary: self.counts_label.setText(str(summary)),
        )

    def _parse_later(self) -> None:
        """Read the body with the body model in the background; panels follow the result."""
        article_id = self.current_article_id()
        self.jobs.submit(
            "body",
            body.parse,
            self.editor.plain_text(),
            key="parse",
            on_done=lambda parsed: self._parsed(article_id, parsed),
        )

    def _parse_opened(self) -> None:
        """A story was just shown: parse it now when it has figure lines (their cards draw at
        once), else in the background (the window shows without waiting for the parser)."""
        if body.mentions_figures(self.editor.plain_text()):
            self.parse_now()
        else:
            self._parse_timer.stop()
            self._parse_later()

    def parse_now(self) -> None:
        """Read the body now (after an edit a panel asked for, so it sees the result at once)."""
        self._parse_timer.stop()
        self._parsed(self.current_article_id(), body.parse(self.editor.plain_text()))

    def _parsed(self, article_id: int | None, parsed: object) -> None:
        """Tell the panels what the open story's body holds now; a figure line typed against a
        paragraph (or a figure inside a sentence) is set on a line of its own first, as part of
        the edit that made it (one Ctrl+Z takes both back)."""
        if article_id != self.current_article_id() or article_id is None:
            return
        if (
            isinstance(parsed, body.Body)
            and parsed.needs_normalise
            and not self.read_only
            and parsed.text == self.editor.plain_text()
        ):
            self.editor.apply_text(body.normalise(parsed.text), join_previous=True)
            parsed = body.parse(self.editor.plain_text())
        self.hub.bodyParsed.emit(article_id, parsed)

    def apply_body_edit(self, edit: BodyEdit) -> bool:
        """Apply a panel's edit of the body as one undoable edit of the document."""
        if self.read_only or self.current_article_id() is None:
            return False
        changed = self.editor.apply_text(edit.apply(self.editor.plain_text()))
        if changed:
            self.statusBar().showMessage(f"{edit.label} (Ctrl+Z in the text undoes it).", 6000)
            self.parse_now()
        return changed

    def set_status(self, status: str) -> None:
        """Change the open story's status (from the Story menu)."""
        self.metadata.set_status(status)

    def ask_headline_limit(self) -> None:
        """Ask for the headline length limit and remember it."""
        limit, ok = QInputDialog.getInt(
            self,
            "Headline limit",
            "Warn when a headline is longer than (characters):",
            self.metadata.headline_limit,
            10,
            500,
        )
        if ok:
            remember_setting(self, "limits.headline", limit)

    def focus_search(self) -> None:
        """Ctrl+Shift+F: search the library (Ctrl+F finds in the open story)."""
        self.action_show_library.setChecked(True)
        self.library.search_box.setFocus()
        self.library.search_box.selectAll()

    # -- reacting to saves and the hub ----------------------------------------------------

    def _on_save_state(self, state: str) -> None:
        """Show the save state in the status bar, the title and (for errors) the banner."""
        known = state in STATE_TEXT
        text, modified = STATE_TEXT.get(state, "Not saved"), state != SAVED
        # Each call into Qt waits for Python's lock when a worker holds it: only what changed.
        if text != self._save_text:
            self._save_text = text
            self.save_label.setText(text)
        if modified != self._modified:
            self._modified = modified
            self.setWindowModified(modified)
        if known:
            if self.banner.property("kind") == "error":
                self.banner.hide()
        else:
            self.show_banner(
                f"Not saved: {state} Desk tries again every few seconds and on your next change.",
                "error",
            )
        self.hub.saveStateChanged.emit(state)

    def _on_saved(self, article_id: int) -> None:
        """A save landed: the library row and other panels follow."""
        facts = self.autosaver.facts
        self.library.update_article(article_id, facts)
        if not facts or "sections" in facts:  # a save on this thread leaves none: read them
            self.library.reload_sections(facts.get("sections"))
        self._update_title()
        self.hub.articleSaved.emit(article_id)

    def _on_created(self, article_id: int) -> None:
        """A new story reached the store: panels may now attach photos and tags to it."""
        self.settings.setValue("editor/last_article", article_id)
        self.library.open_id = article_id
        if self.preview.article is not None:
            self.preview.article.id = article_id
        self.hub.articleOpened.emit(article_id)
        self.hub.articlesChanged.emit()

    def _on_figures_changed(self, article_id: int) -> None:
        """The open story's figure rows changed: the preview draws them again."""
        if article_id == self.current_article_id():
            self.preview.reload()

    def _on_article_changed(self, article_id: int) -> None:
        """The store's copy of the open story changed (a restored version): take it into the
        editor as one undoable edit, and into the form."""
        if article_id != self.current_article_id():
            return
        try:
            article = self.store.articles.get(article_id)
        except DeskError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return
        self._loading = True
        try:
            self.editor.apply_text(article.body_md)
            if self.metadata.values() != self._form_values(article):
                self.metadata.load(article)
        finally:
            self._loading = False
        self.autosaver.begin(article.id, self.collect_values())
        self.preview.show_article(Article(**article.to_dict()))
        self.parse_now()
        self.update_counts()
        self._update_title()

    def _form_values(self, article: Article) -> dict[str, object]:
        """An article's fields as the form would give them."""
        values = self.metadata.values()
        return {key: getattr(article, key) for key in values}

    def _reload_sections(self) -> None:
        """Offer every section in use in the form's combo."""
        self.metadata.set_sections(self.store.articles.sections())

    def _update_title(self) -> None:
        """'Headline[*] — Desk', with the unsaved marker and the read-only note."""
        headline = self.metadata.headline.text().strip() or "Untitled"
        note = " (read-only)" if self.read_only else ""
        self.setWindowTitle(f"{headline}[*]{note} — Desk")

    def show_banner(self, message: str, kind: str = "info") -> None:
        """A message above the editor that stays until it no longer applies (never modal)."""
        self.banner.setText(message)
        self.banner.setProperty("kind", kind)
        self.banner.show()

    def _apply_read_only(self) -> None:
        """In a read-only store, editing is off and a banner says why."""
        if not self.read_only:
            return
        self.editor.setReadOnly(True)
        self.metadata.set_read_only(True)
        for action in (self.action_new, self.action_save, self.action_bold, self.action_italic):
            action.setEnabled(False)
        self.mode_label.setText("Read-only")
        self.show_banner(
            self.read_only_reason
            or "Read-only: this store was opened for reading. You can read, search and export; "
            "open it again without --read-only to make changes.",
            "readonly",
        )

    # -- window life ----------------------------------------------------------------------

    def showEvent(self, event) -> None:
        """Create the (heavy) web preview once the window is up; then the store's safekeeping
        (a check, tidying, copies to offer back, backups) starts."""
        super().showEvent(event)
        if not self._preview_started:
            self._preview_started = True
            self._preview_timer.start()
            QTimer.singleShot(PREVIEW_START_MS * 2, self._start_safekeeping)

    def _start_safekeeping(self) -> None:
        """The store's safekeeping (installed with the panels) starts: start-up is over."""
        self.safekeeping.start()
        settle_heap()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save everything (never ask); when the store refuses, keep a copy elsewhere; when even
        that fails, stay open and offer to save the text somewhere else."""
        self.closing.emit()  # what runs in the background stops first (publishing, imports)
        if self.released:
            super().closeEvent(event)
            return
        self._finish_staged()  # closed before its first frame: its panels save and stop too
        self.autosaver.stop()
        if not self.save_now() and not self._rescue():
            event.ignore()
            return
        self.proofreading.stop()
        save_window_state(self)
        self.library.shutdown()
        self.preview.shutdown()
        self.autosaver.close()
        self.jobs.shutdown()
        super().closeEvent(event)

    def _rescue(self) -> bool:
        """The store refused the last changes on closing: keep a complete copy of the story in
        a place with room and say where; False (the window stays open) when nothing took it."""
        values = self.collect_values()
        try:
            path = write_copy(story_copy(self.store, self.current_article_id(), values), RESCUED)
        except DeskError as exc:
            return self._save_elsewhere(f"{self.autosaver.error} {exc}")
        QMessageBox.warning(
            self,
            "Desk could not save",
            f"{self.autosaver.error} A complete copy of the story was kept in {path}; "
            "Desk offers it back when it next opens.",
        )
        return True

    def _save_elsewhere(self, reason: str) -> bool:
        """Neither the store nor a copy would take the text: say so and offer Save As."""
        from PySide6.QtWidgets import QFileDialog

        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Desk cannot keep this story")
        box.setText("The story could not be saved or copied, so Desk stays open.")
        box.setInformativeText(reason)
        save_as = box.addButton("Save Text As…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep Open", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save_as)
        box.exec()
        if box.clickedButton() is not save_as:
            return False
        path, _ = QFileDialog.getSaveFileName(self, "Save the story's text", "", "Markdown (*.md)")
        if not path:
            return False
        values = self.collect_values()
        try:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(f"# {values.get('headline') or ''}\n\n{values.get('standfirst') or ''}")
                fh.write(f"\n\n{values.get('body_md') or ''}\n")
        except OSError as exc:
            QMessageBox.critical(
                self, "Not saved", f"{path} could not be written ({exc.strerror})."
            )
            return False
        return True

    def release_store(self) -> None:
        """Let go of the store while the window stays (File > Restore from Backup… puts a backup
        in its place and reopens it in a new window); closing the window afterwards only hides
        it."""
        self.autosaver.stop()
        self.safekeeping.timer.stop()
        self.close_store()
        self.released = True

    def close_store(self) -> None:
        """Close the store (after the window has closed)."""
        if self.released:
            return
        self._finish_staged()  # the panels' parts are stopped below, so they must exist
        self.proofreading.stop()  # its timers would read the closed store
        self.library.shutdown()
        self.preview.shutdown()
        self.autosaver.close()
        self.jobs.shutdown()
        self.store.close()


def count_summary(markdown: str) -> str:
    """'1,234 words · 7,890 characters · 5 min read' for a Markdown body."""
    words = body.word_count(markdown)
    minutes = text.reading_minutes(words)
    chars = text.counted(body.char_count(markdown), "character")
    return f"{text.counted(words, 'word')} · {chars} · {minutes} min read"
