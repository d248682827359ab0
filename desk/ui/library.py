"""The library pane: every story, sortable, searchable as you type, filtered by status, check,
section and tags; each story's check mark and embargo beside its status (desk.ui.librarymarks).

Queries (the list and full-text search alike) run in the job service's query lane with its own
read-only Store; a newer query makes an older one's results stale, so they are dropped.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desk import corrections, embargo
from desk.errors import DeskError
from desk.model import ArticleSummary, SearchHit, Status
from desk.store import Store
from desk.text import counted, local_time

from desk.ui import librarymarks
from desk.ui.fields import ElidedComboBox
from desk.ui.jobs import Jobs

SEARCH_DELAY_MS = 150
SEARCH_LIMIT = 500  # best matches shown for a search
COLUMNS = ("Headline", "Status", "Section", "Modified", "Words")
SORT_KEYS = ("headline", "status", "section", "modified", "word_count")
PINNED_NOTE = "Your new story: listed whatever the search or filters"


class LibraryModel(QAbstractTableModel):
    """Story summaries as a table; data is formatted only for the rows the view paints."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ArticleSummary | SearchHit] = []
        self._row_of: dict[int, int] | None = None  # story id -> row, made when first asked
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self.marks: dict[int, object] = {}  # story id -> desk.checkstate.Mark
        self.embargoes: dict[int, str] = {}  # story id -> embargo still to come
        self.waiting: dict[int, str] = {}  # story id -> queued or failed in the outbox
        self.withdrawn: set[int] = set()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Stories shown."""
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Headline, status, section, modified, words."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        """One cell, formatted on demand."""
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 1:
                return librarymarks.status_text(
                    row.status,
                    self.embargoes.get(row.id),
                    self.waiting.get(row.id),
                    row.id in self.withdrawn,
                )
            return self._display(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            mark = self.marks.get(row.id)
            return librarymarks.mark_icon(mark.state) if mark is not None else None  # type: ignore[attr-defined]
        if role == Qt.ItemDataRole.ToolTipRole:
            snippet = " ".join(getattr(row, "snippet", "").replace("**", "").split())
            headline = row.headline or "Untitled"
            shown = corrections.shown_status(row.status, row.id in self.withdrawn)
            details = f"{shown.capitalize()} · {row.section or 'no section'} · "
            details += f"{local_time(row.modified)} · {counted(row.word_count, 'word')}"
            extra = librarymarks.tooltip(
                self.marks.get(row.id),  # type: ignore[arg-type]
                self.embargoes.get(row.id),
                self.waiting.get(row.id),
            )
            return "\n".join(filter(None, [headline, details, *extra, snippet]))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    @staticmethod
    def _display(row: ArticleSummary | SearchHit, column: int) -> str:
        """The text of one cell."""
        if column == 0:
            if row.headline:
                return row.headline
            return "Untitled" if row.slug == "untitled" else f"Untitled ({row.slug})"
        if column == 1:
            return row.status.capitalize()
        if column == 2:
            return row.section
        if column == 3:
            return local_time(row.modified)
        return f"{row.word_count:,}"

    def set_rows(self, rows: list[ArticleSummary | SearchHit]) -> None:
        """Replace the stories shown, keeping the user's sort order."""
        self.beginResetModel()
        self.rows = list(rows)
        self._row_of = None
        if self._sort:
            self._sort_rows(*self._sort)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python by the column's raw value (fast for 10,000 rows)."""
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._sort_rows(column, order)
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        """Sort self.rows in place."""
        self._row_of = None
        key = SORT_KEYS[column]
        if key == "headline":
            self.rows.sort(key=lambda r: r.headline.casefold())
        else:
            self.rows.sort(key=lambda r: getattr(r, key))
        if order == Qt.SortOrder.DescendingOrder:
            self.rows.reverse()

    def update_row(self, summary: ArticleSummary) -> bool:
        """Refresh one story's row in place; False when it is not shown."""
        number = self.row_of(summary.id)
        if number < 0:
            return False
        row = self.rows[number]
        if isinstance(row, SearchHit):
            summary = SearchHit(**summary.to_dict(), snippet=row.snippet, rank=row.rank)
        self.rows[number] = summary
        self.dataChanged.emit(self.index(number, 0), self.index(number, len(COLUMNS) - 1))
        return True

    def set_marks(
        self,
        marks: dict,
        embargoes: dict[int, str],
        waiting: dict[int, str] | None = None,
        withdrawn: set[int] | None = None,
    ) -> None:
        """Every story's check mark, embargo, outbox state and withdrawal (from the same query
        as the rows)."""
        self.marks, self.embargoes, self.waiting = marks, embargoes, dict(waiting or {})
        self.withdrawn = set(withdrawn or ())

    def set_mark(self, article_id: int, mark: object) -> None:
        """One story's new mark (just recorded after a save)."""
        self.marks[article_id] = mark
        row = self.row_of(article_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 1), self.index(row, 1))

    def set_embargo(self, article_id: int, until: str | None) -> None:
        """One story's embargo as saved (shown while still to come)."""
        held = librarymarks.held_embargo(until)
        if held:
            self.embargoes[article_id] = held
        else:
            self.embargoes.pop(article_id, None)

    def row_of(self, article_id: int) -> int:
        """The row showing a story, or -1 (from an index of the rows: the background sweep
        marks 25 stories at a time, and a scan of 10,000 rows for each held up typing)."""
        if self._row_of is None:
            self._row_of = {}
            for number, row in enumerate(self.rows):
                self._row_of.setdefault(row.id, number)  # the first, as a scan finds it
        return self._row_of.get(article_id, -1)


class QueryRunner:
    """Library queries on the job service's query lane, with that lane's own read-only Store
    (the lane has one thread, so the Store never crosses threads)."""

    def __init__(self, store_path: Path, jobs: Jobs) -> None:
        self.store_path = store_path
        self.jobs = jobs
        self._store: Store | None = None

    def submit(self, query: dict, on_done, on_failed) -> None:
        """Queue a query; an earlier one not yet answered is dropped."""
        self.jobs.submit(
            "query", self.execute, query, key="library", on_done=on_done, on_failed=on_failed
        )

    def execute(self, query: dict) -> object:
        """Run a query (on the query lane; opens the read-only Store on first use): the rows
        with every story's check mark and embargo."""
        if self._store is None:
            self._store = Store.open(self.store_path, readonly=True)
        text = query.get("text", "").strip()
        filters = {k: query.get(k) or None for k in ("status", "section", "tags")}
        if text:
            rows = self._store.search.stories(text, limit=SEARCH_LIMIT, **filters)
        else:
            rows = self._store.articles.all(**filters)
        return librarymarks.listing(self._store, rows, query.get("check") or "")

    def close(self) -> None:
        """Wait for the query lane and close its Store."""
        self.jobs.wait("query", 5000)
        if self._store is not None:
            self._store.close()
            self._store = None


class LibraryPane(QWidget):
    """Search box, status and section filters, and the story table."""

    openRequested = Signal(int)
    # The "Clear tags" button: the window passes it on as hub.tagFilterRequested([]).
    clearTagsRequested = Signal()
    # The empty library's buttons: the window runs New Story and Import….
    newRequested = Signal()
    importRequested = Signal()

    def __init__(self, store: Store, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPane")
        self.store = store
        self.tags: list[str] = []
        self.open_id: int | None = None
        self.pinned: list[int] = []  # stories just started: shown whatever the search
        self.runner = QueryRunner(store.root, jobs)
        self._build()
        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search_box.textChanged.connect(self._debounce.start)
        self.search_box.textChanged.connect(self._unpin)
        self.search_box.returnPressed.connect(self.open_first)
        self.search_box.installEventFilter(self)
        for combo in (self.status_filter, self.check_filter, self.section_filter):
            combo.currentIndexChanged.connect(self._unpin)
            combo.currentIndexChanged.connect(self.refresh)
        self.view.activated.connect(self._on_activated)
        self.view.clicked.connect(self._on_activated)

    def _build(self) -> None:
        """Search row, filter row, tag-filter note and the table."""
        self.search_box = QLineEdit(self)
        self.search_box.setObjectName("librarySearch")
        self.search_box.setPlaceholderText("Search stories (Ctrl+Shift+F)")  # whole when narrow
        self.search_box.setToolTip("Headlines, standfirsts, bodies and captions; Esc clears")
        self.search_box.setClearButtonEnabled(True)
        self.status_filter = ElidedComboBox(self, idle="Status")
        self.status_filter.addItem("All statuses", "")
        for status in Status:
            self.status_filter.addItem(status.value.capitalize(), status.value)
        self.check_filter = ElidedComboBox(self, idle="Check")
        self.check_filter.setObjectName("checkFilter")
        for value, label in librarymarks.CHECK_FILTERS:
            self.check_filter.addItem(label, value)
        self.section_filter = ElidedComboBox(self, idle="Section")
        self.section_filter.addItem("All sections", "")
        self.tag_note = QLabel(self)
        self.tag_note.hide()
        self.clear_tags_button = QToolButton(self)
        self.clear_tags_button.setText("Clear tags")
        self.clear_tags_button.clicked.connect(self.clearTagsRequested)
        self.clear_tags_button.hide()
        self.count_label = QLabel(self)
        self.model = LibraryModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("libraryView")
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        metrics = self.fontMetrics()
        for column, sample in (
            (1, "Published"),
            (2, "Politics"),
            (3, "2026-11-25 12:52"),
            (4, "9,999"),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 18)
        for combo in (self.status_filter, self.check_filter, self.section_filter):
            # Three filters side by side must not widen a narrow pane: they shrink, eliding.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(2)
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.check_filter, 1)
        filters.addWidget(self.section_filter, 1)
        tags = QHBoxLayout()
        tags.addWidget(self.tag_note, 1)
        tags.addWidget(self.clear_tags_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.search_box)
        layout.addLayout(filters)
        layout.addLayout(tags)
        self._empty = None  # the empty-library page, made when first needed
        self._read_only = False
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.view)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.count_label)

    def resizeEvent(self, event) -> None:
        """In a narrow pane, the headline keeps the room: minor columns step aside."""
        super().resizeEvent(event)
        width = event.size().width()  # the view is laid out later; the pane's width leads
        for column, needed in ((2, 520), (4, 440), (3, 360), (1, 200)):
            self.view.setColumnHidden(column, width < needed)

    def query(self) -> dict:
        """The search and filters as the worker takes them."""
        return {
            "text": self.search_box.text(),
            "status": self.status_filter.currentData(),
            "check": self.check_filter.currentData(),
            "section": self.section_filter.currentData(),
            "tags": list(self.tags),
        }

    def refresh(self) -> None:
        """Run the current query off the GUI thread; results replace the table when they come."""
        self._debounce.stop()
        self.runner.submit(self.query(), self._on_results, self._on_failed)

    def reload(self) -> None:
        """Stories or tags changed elsewhere: refresh the section choices and the list."""
        self.reload_sections()
        self.refresh()

    def reload_sections(self, sections: list[str] | None = None) -> None:
        """Offer every section in use (read now unless given) in the section filter, keeping
        the choice."""
        current = self.section_filter.currentData() or ""
        if sections is None:
            sections = self.store.articles.sections()
        present = [self.section_filter.itemData(i) for i in range(1, self.section_filter.count())]
        if sections == present:
            return
        self.section_filter.blockSignals(True)
        self.section_filter.clear()
        self.section_filter.addItem("All sections", "")
        for name in sections:
            self.section_filter.addItem(name, name)
        index = self.section_filter.findData(current)
        self.section_filter.setCurrentIndex(max(index, 0))
        self.section_filter.blockSignals(False)

    def set_tag_filter(self, tags: list[str]) -> None:
        """Show only stories having all these tags ([] clears the filter)."""
        self.tags = [t for t in tags if t]
        self._unpin()
        shown = bool(self.tags)
        self.tag_note.setText("Tagged: " + ", ".join(self.tags) if shown else "")
        self.tag_note.setVisible(shown)
        self.clear_tags_button.setVisible(shown)
        self.refresh()

    def _on_results(self, result: object) -> None:
        """Show the newest query's results (older ones were dropped by the job service)."""
        listing = result if isinstance(result, librarymarks.Listing) else None
        rows = listing.rows if listing is not None else list(result)  # type: ignore[call-overload]
        if listing is not None:
            self.model.set_marks(
                listing.marks, listing.embargoes, listing.waiting, listing.withdrawn
            )
        found = len(rows)
        rows = self._pinned_rows(rows) + rows
        searching = bool(self.search_box.text().strip())
        if searching and self.view.itemDelegateForColumn(0) is None:
            from desk.ui.librarylook import SnippetDelegate  # what a search needs, when it does

            self.view.setItemDelegateForColumn(0, SnippetDelegate(self.view))
        rows_height = self.fontMetrics().height() + 8
        self.view.verticalHeader().setDefaultSectionSize(rows_height * (2 if searching else 1))
        self.model.set_rows(rows)
        note = " · and your new story" if len(rows) > found else ""
        self.count_label.setText(self._count_text(found) + note)
        self._show_empty_state(rows)
        if self.open_id is not None:
            self.select(self.open_id)

    def _pinned_rows(self, rows: list) -> list:
        """Stories just started that the query left out, to list first."""
        listed = {r.id for r in rows}
        pinned = []
        for article_id in self.pinned:
            if article_id in listed:
                continue
            try:
                a = self.store.articles.get(article_id)
            except DeskError:
                continue
            values = (a.id, a.slug, a.headline, a.status, a.section, a.modified, a.word_count)
            pinned.append(SearchHit(*values, snippet=PINNED_NOTE, rank=0.0))
        return pinned

    def pin(self, article_id: int) -> None:
        """A story just started stays listed, whatever the search, until the search changes."""
        if article_id not in self.pinned:
            self.pinned.append(article_id)
            self.refresh()

    def _unpin(self, *_args: object) -> None:
        """The user changed the search or filters: list exactly what matches again."""
        self.pinned.clear()

    def filtered(self) -> bool:
        """True while a search, a status, a section or tags narrow the list."""
        query = self.query()
        narrowed = query["status"] or query["check"] or query["section"] or query["tags"]
        return bool(query["text"].strip() or narrowed)

    def _show_empty_state(self, rows: list) -> None:
        """An empty library says how to start; an empty search says so and offers to clear."""
        if rows:
            self.pages.setCurrentWidget(self.view)
            return
        if self.filtered():
            self.empty.show_no_match(self.search_box.text().strip())
        else:
            self.empty.show_empty_library()
            self.count_label.setText("")  # the page says it: no "0 stories shown" under it
        self.pages.setCurrentWidget(self.empty)

    def clear_search(self) -> None:
        """Clear the search text and the filters (the empty search's button, Esc)."""
        self.search_box.clear()
        for combo in (self.status_filter, self.check_filter, self.section_filter):
            combo.setCurrentIndex(0)
        if self.tags:
            self.clearTagsRequested.emit()
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc in the search box clears it (and lists every story again)."""
        if (
            watched is self.search_box
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.search_box.text()
        ):
            self.search_box.clear()
            self.refresh()
            return True
        return super().eventFilter(watched, event)

    @property
    def empty(self):  # -> EmptyLibrary
        """The page shown instead of the list when there is nothing to list."""
        if self._empty is None:
            from desk.ui.librarylook import EmptyLibrary

            self._empty = EmptyLibrary(self)
            self._empty.set_read_only(self._read_only)
            self._empty.newRequested.connect(self.newRequested)
            self._empty.importRequested.connect(self.importRequested)
            self._empty.clearRequested.connect(self.clear_search)
            self.pages.addWidget(self._empty)
        return self._empty

    def set_read_only(self, read_only: bool) -> None:
        """In a read-only store the empty library offers no New Story or Import."""
        self._read_only = read_only
        if self._empty is not None:
            self._empty.set_read_only(read_only)

    def _count_text(self, count: int) -> str:
        """'3 stories shown', '1 story found', or 'The 500 best matches' when a search is cut."""
        searching = bool(self.search_box.text().strip())
        if searching and count >= SEARCH_LIMIT:
            return f"The {count:,} best matches"
        noun = "story" if count == 1 else "stories"
        return f"{count:,} {noun} {'found' if searching else 'shown'}"

    def _on_failed(self, message: str) -> None:
        """Say why the query failed (e.g. an unusable search) under the table."""
        self.count_label.setText(message)

    def _on_activated(self, index: QModelIndex) -> None:
        """Clicking or pressing Enter on a story opens it."""
        if index.isValid():
            self.openRequested.emit(self.model.rows[index.row()].id)

    def open_first(self) -> None:
        """Enter in the search box opens the best match."""
        self._debounce.stop()
        if self.model.rows:
            self.openRequested.emit(self.model.rows[0].id)

    def selected_id(self) -> int | None:
        """The id of the selected story, if any."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()].id if rows else None

    def select(self, article_id: int | None) -> None:
        """Mark the open story's row (without opening it), now and after each reload."""
        self.open_id = article_id
        row = self.model.row_of(article_id) if article_id is not None else -1
        if row >= 0:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))
        else:
            self.view.clearSelection()

    def update_article(self, article_id: int, facts: dict | None = None) -> None:
        """A story was saved: refresh its row in place (cheap; no reload of the list), from
        what the save lane read after the write when given (install_library_hooks)."""
        facts = facts or {}
        try:
            summary = facts.get("summary") or self.store.articles.summary(article_id)
            held = facts.get("embargo")
            if held is None:
                held = embargo.of_story(self.store, article_id)
        except DeskError:
            return
        self.model.set_embargo(article_id, held)
        if not self.model.update_row(summary):
            self.refresh()

    def set_mark(self, article_id: int, mark: object) -> None:
        """A story's check was recorded: its row shows the new mark."""
        self.model.set_mark(article_id, mark)

    def shutdown(self) -> None:
        """Stop the worker and close its read-only Store."""
        self.runner.close()


def install_library_hooks(window) -> None:
    """The library's part in the window: its empty state's buttons run New Story and Import…,
    and a story the window starts stays listed whatever the search."""
    library = window.library
    library.newRequested.connect(window.action_new.trigger)
    library.importRequested.connect(window.action_import.trigger)
    window.autosaver.created.connect(library.pin)
    readers = window.autosaver.readers
    readers["summary"] = lambda store, article_id: store.articles.summary(article_id)
    readers["embargo"] = embargo.of_story
    readers["sections"] = lambda store, _article_id: store.articles.sections()
    window.autosaver.read_when["sections"] = ("section",)
    library.set_read_only(window.read_only)
