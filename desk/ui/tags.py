"""The Tags dock: every tag with its story count (ticking tags filters the library), and the
open story's tags with autocomplete and suggestions.

One GROUP BY query and one model reset per refresh; no widget per tag. Every change goes through
a Store verb and then hub.tagsChanged, which is also what refreshes this panel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPoint,
    QStringListModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QDockWidget,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desk import text
from desk.errors import DeskError, TagExists
from desk.model import Tag
from desk.store import Store
from desk.tagnames import split_tags

from desk.ui.flow import FlowLayout
from desk.ui.hub import Hub

NAME_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_SUGGESTIONS = 8
KIND_LABELS = [("Subject", "subject"), ("Place", "place"), ("Person", "person")]
KIND_LABELS += [("Organisation", "organisation"), ("None", "")]


def stories(n: int) -> str:
    """'1 story', '3 stories'."""
    return f"{n} story" if n == 1 else f"{n} stories"


class TagTableModel(QAbstractTableModel):
    """Tags as rows (name, story count); ticked rows are the library's tag filter."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.all_tags: list[Tag] = []
        self.tags: list[Tag] = []
        self.needle = ""
        self.ticked: set[int] = set()
        self._folded: dict[str, str] = {}

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.tags)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return ("Tag", "Stories")[section]
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole) -> Any:
        tag = self.tags[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return tag.name if column == 0 else tag.count
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            ticked = tag.id in self.ticked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == NAME_ROLE:
            return tag.name
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = f"{tag.kind}, " if tag.kind else ""
            return f"{tag.name} ({kind}{stories(tag.count)})"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _fold(self, name: str) -> str:
        """The name folded for filtering, computed once per name."""
        folded = self._folded.get(name)
        if folded is None:
            folded = self._folded[name] = text.fold(name)
        return folded

    def set_tags(self, tags: list[Tag], needle: str | None = None) -> None:
        """Replace every row at once (one reset), showing only names containing the needle."""
        if needle is not None:
            self.needle = needle
        self.all_tags = tags
        self.beginResetModel()
        if self.needle:
            self.tags = [t for t in tags if self.needle in self._fold(t.name)]
        else:
            self.tags = tags
        self.ticked &= {t.id for t in tags}
        self.endResetModel()

    def set_needle(self, needle: str) -> None:
        """Show only tags whose folded name contains needle ('' shows all)."""
        self.set_tags(self.all_tags, needle)

    def ticked_names(self) -> list[str]:
        """Names of the ticked tags (shown or filtered out), in list order."""
        return [t.name for t in self.all_tags if t.id in self.ticked]

    def toggle(self, row: int) -> None:
        """Tick or untick one row."""
        self.ticked ^= {self.tags[row].id}
        cell = self.index(row, 0)
        self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.CheckStateRole])

    def tick_names(self, names: list[str]) -> None:
        """Tick exactly the tags with these names (any case)."""
        wanted = {n.casefold() for n in names}
        self.ticked = {t.id for t in self.all_tags if t.name.casefold() in wanted}
        if self.tags:
            last = self.index(len(self.tags) - 1, 0)
            self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.CheckStateRole])


class CommaCompleter(QCompleter):
    """Completes the tag after the last comma, keeping the ones typed before it."""

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex) -> str:
        widget = self.widget()
        typed = widget.text() if isinstance(widget, QLineEdit) else ""
        head = typed.rsplit(",", 1)[0] + ", " if "," in typed else ""
        return head + str(index.data())


class TagPanel(QDockWidget):
    """The "Tags" dock: the tag list with filter, and the open story's tags."""

    def __init__(self, store: Store, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__("Tags", parent)
        self.setObjectName("tagPanel")
        self.store = store
        self.jobs = getattr(parent, "jobs", None)  # the window's job service, when in a window
        self.hub = hub
        self.article_id = -1
        self._emitted: list[str] = []
        self.story_tags: list[Tag] = []
        self._build_list()
        self._build_story()
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.story_box)
        self.setWidget(body)
        hub.tagsChanged.connect(self.refresh)
        hub.articlesChanged.connect(self.refresh)
        hub.articleOpened.connect(self.open_article)
        hub.articleSaved.connect(self._on_article_saved)
        hub.figuresChanged.connect(self._on_article_saved)
        if hasattr(hub, "articleChanged"):
            hub.articleChanged.connect(self._on_article_saved)
        hub.tagFilterRequested.connect(self._on_filter_requested)
        self.refresh()

    # -- building -------------------------------------------------------------------------

    def _build_list(self) -> None:
        """Filter box and the table of tags with counts."""
        self.filter_box = QLineEdit(self)
        self.filter_box.setObjectName("tagFilter")
        self.filter_box.setPlaceholderText("Filter tags")
        self.filter_box.setAccessibleName("Filter tags")
        self.filter_box.setToolTip("Type to filter; ↓ moves into the list, Esc clears")
        self.filter_box.setClearButtonEnabled(True)
        self.model = TagTableModel(self)
        self.view = QTreeView(self)
        self.view.setObjectName("tagList")
        self.view.setAccessibleName("Tags: tick to filter the library")
        self.view.setAccessibleDescription(
            "Click, Space or Enter ticks a tag; the library shows stories having all ticked "
            "tags. Esc clears the ticks."
        )
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setAllColumnsShowFocus(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance("Stories") + 16)
        self.filter_box.textChanged.connect(self._on_filter_text)
        self.filter_box.installEventFilter(self)
        self.view.installEventFilter(self)
        self.view.clicked.connect(lambda index: self.toggle(index.row()))
        self.view.customContextMenuRequested.connect(self._context_menu)

    def _build_story(self) -> None:
        """The open story's tags (chips with ×), the entry with autocomplete, suggestions."""
        self.story_box = QWidget(self)
        layout = QVBoxLayout(self.story_box)
        layout.setContentsMargins(0, 6, 0, 0)
        self.story_label = QLabel("Open a story to tag it.", self.story_box)
        self.chips = QWidget(self.story_box)
        self.chip_layout = FlowLayout(self.chips)
        self.entry = QLineEdit(self.story_box)
        self.entry.setObjectName("tagEntry")
        self.entry.setPlaceholderText("Add tags: type, Enter (commas separate)")
        self.entry.setAccessibleName("Add tags to this story")
        self.names_model = QStringListModel(self)
        self.completer = CommaCompleter(self.names_model, self.entry)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setMaxVisibleItems(10)
        self.entry.setCompleter(self.completer)
        self.entry.returnPressed.connect(self.add_typed)
        self.completer.activated.connect(self._on_completion)
        self.entry.installEventFilter(self)
        self.suggest_label = QLabel("Suggested:", self.story_box)
        self.suggestions = QWidget(self.story_box)
        self.suggest_layout = FlowLayout(self.suggestions)
        self._suggested: list[str] = []  # the names the suggestion buttons show
        for widget in (self.story_label, self.chips, self.entry):
            layout.addWidget(widget)
        layout.addWidget(self.suggest_label)
        layout.addWidget(self.suggestions)

    # -- the tag list ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload every tag and count (one query, one reset) and the open story's tags."""
        tags = self.store.tags.all()
        self.model.set_tags(tags)
        self.names_model.setStringList([t.name for t in tags])
        self._emit_filter_if_changed()
        self._refresh_story()

    def toggle(self, row: int) -> None:
        """Tick or untick the tag at a row of the view, and filter the library by the ticks."""
        if 0 <= row < self.model.rowCount():
            self.model.toggle(row)
            self._emit_filter_if_changed()

    def clear_filter(self) -> None:
        """Untick every tag: the library shows all stories again."""
        self.model.tick_names([])
        self._emit_filter_if_changed()

    def _emit_filter_if_changed(self) -> None:
        """Ask the library for the ticked tags, when they differ from what it was last asked."""
        names = self.model.ticked_names()
        if names != self._emitted:
            self._emitted = names
            self.hub.tagFilterRequested.emit(list(names))

    def _on_filter_requested(self, names: list) -> None:
        """Someone else (e.g. the library's Clear button) set the tag filter: show it ticked."""
        if [str(n) for n in names] != self._emitted:
            self.model.tick_names([str(n) for n in names])
            self._emitted = self.model.ticked_names()

    def _on_filter_text(self, typed: str) -> None:
        """Show only tags containing the typed text (case and accents ignored)."""
        self.model.set_needle(text.fold(" ".join(typed.split())))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.filter_box:
                return self._filter_box_key(event)
            if watched is self.view:
                return self._list_key(event)
            if watched is self.entry:
                return self._entry_key(event)
        return super().eventFilter(watched, event)

    def _filter_box_key(self, event: QKeyEvent) -> bool:
        """↓ or Enter moves into the list; Esc clears the filter text, then the ticks."""
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.view.setFocus()
            if not self.view.currentIndex().isValid() and self.model.rowCount():
                self.view.setCurrentIndex(self.model.index(0, 0))
            return True
        if key == Qt.Key.Key_Escape:
            if self.filter_box.text():
                self.filter_box.clear()
            else:
                self.clear_filter()
            return True
        return False

    def _list_key(self, event: QKeyEvent) -> bool:
        """Space or Enter ticks the current tag; Esc clears the ticks."""
        key = event.key()
        if key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            current = self.view.currentIndex()
            if current.isValid():
                self.toggle(current.row())
            return True
        if key == Qt.Key.Key_Escape:
            self.clear_filter()
            return True
        if key == Qt.Key.Key_Up and self.view.currentIndex().row() <= 0:
            self.filter_box.setFocus()
            return True
        return False

    # -- context menu ---------------------------------------------------------------------

    def _context_menu(self, pos: QPoint) -> None:
        """Rename, merge, kind and delete for the tag under the pointer."""
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        menu = self.tag_menu(str(index.siblingAtColumn(0).data(NAME_ROLE)))
        self.show_menu(menu, self.view.viewport().mapToGlobal(pos))

    def show_menu(self, menu: QMenu, at: QPoint) -> None:
        """Pop a menu up at a global position (modal until the user picks or dismisses)."""
        menu.exec(at)

    def tag_menu(self, name: str) -> QMenu:
        """The context menu for one tag (built fresh: it reflects the tag as it is now)."""
        tag = self._run(lambda: self.store.tags.get(name))
        menu = QMenu(self)
        if tag is None or self.store.readonly:
            menu.addAction("This store is open read-only.").setEnabled(False)
            return menu
        menu.addAction("Rename…", lambda: self.rename(tag.name))
        menu.addAction("Merge into…", lambda: self.merge_into(tag.name))
        kinds = menu.addMenu("Set kind")
        group = QActionGroup(kinds)
        for label, value in KIND_LABELS:
            action = QAction(label, kinds, checkable=True, checked=tag.kind == value)
            action.triggered.connect(lambda _=False, v=value: self.set_kind(tag.name, v))
            group.addAction(action)
            kinds.addAction(action)
        delete = menu.addAction("Delete", lambda: self.delete(tag.name))
        delete.setEnabled(tag.count == 0)
        if tag.count:
            delete.setToolTip("Only a tag no story carries can be deleted.")
        menu.addSeparator()
        menu.addAction("Delete all unused tags", self.delete_unused)
        return menu

    def rename(self, name: str) -> None:
        """Ask for a new name; onto an existing tag, offer to merge (with the story count)."""
        new, ok = QInputDialog.getText(self, "Rename tag", f"New name for '{name}':", text=name)
        if not ok or not new.strip() or new == name:
            return
        try:
            self.store.tags.rename(name, new)
        except TagExists as exists:
            source, target = exists.source, exists.target
            if not self._confirm_merge(source, target, exists.count):
                return
            self._merge(source, target)
        except DeskError as exc:
            self._warn(str(exc))
            return
        self.hub.tagsChanged.emit()

    def merge_into(self, name: str) -> None:
        """Pick another tag and move every story of this one there (after confirming)."""
        others = [t.name for t in self.model.all_tags if t.name != name]
        if not others:
            self._warn("There is no other tag to merge into.")
            return
        target, ok = QInputDialog.getItem(
            self, "Merge tag", f"Merge '{name}' into:", others, 0, editable=False
        )
        if not ok or not target:
            return
        source = self._run(lambda: self.store.tags.get(name))
        if source and self._confirm_merge(source.name, target, source.count):
            self._merge(source.name, target)
            self.hub.tagsChanged.emit()

    def _merge(self, source: str, target: str) -> None:
        """Merge one tag into another; a ticked source leaves its tick on the target."""
        ticked = {t.name.casefold() for t in self.model.all_tags if t.id in self.model.ticked}
        if self._run(lambda: self.store.tags.merge(source, target)) is not None and (
            source.casefold() in ticked
        ):
            self.model.ticked |= {t.id for t in self.model.all_tags if t.name == target}

    def set_kind(self, name: str, kind: str) -> None:
        """Say what a tag names."""
        if self._run(lambda: self.store.tags.set_kind(name, kind)) is not None:
            self.hub.tagsChanged.emit()

    def delete(self, name: str) -> None:
        """Delete a tag no story carries."""
        if self._run(lambda: self.store.tags.delete(name) or True):
            self.hub.tagsChanged.emit()

    def delete_unused(self) -> None:
        """Delete every unused tag, after saying how many."""
        unused = sum(1 for t in self.model.all_tags if t.count == 0)
        if not unused:
            self._warn("Every tag is on at least one story; there is nothing to delete.")
            return
        answer = QMessageBox.question(
            self, "Delete unused tags", f"Delete {unused} tags that no story carries?"
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._run(self.store.delete_unused_tags)
            self.hub.tagsChanged.emit()

    def _confirm_merge(self, source: str, target: str, count: int) -> bool:
        """Ask before merging: "Merge 'X' into 'Y'? N stories will be affected."."""
        answer = QMessageBox.question(
            self,
            "Merge tags",
            f"Merge '{source}' into '{target}'? {stories(count)} will be affected.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _run(self, verb: Callable[[], Any]) -> Any:
        """Call a store verb; show its error (and return None) if it refuses."""
        try:
            return verb()
        except DeskError as exc:
            self._warn(str(exc))
            return None

    def _warn(self, message: str) -> None:
        """Tell the user why something did not happen."""
        QMessageBox.warning(self, "Tags", message)

    # -- the open story -------------------------------------------------------------------

    def open_article(self, article_id: int) -> None:
        """Show the tags of the story now open in the editor (-1: none)."""
        self.article_id = article_id
        self.entry.clear()
        self._refresh_story()

    def _on_article_saved(self, article_id: int) -> None:
        """The open story's text or photos changed: its suggestions may have too."""
        if article_id == self.article_id:
            self._refresh_suggestions()

    def _refresh_story(self) -> None:
        """Rebuild the chips and suggestions for the open story."""
        has_story = self.article_id >= 0
        self.entry.setEnabled(has_story and not self.store.readonly)
        self.chips.setVisible(has_story)
        self.chip_layout.clear()
        self.story_tags = []
        if has_story:
            self.story_tags = self._run(lambda: self.store.tags.for_story(self.article_id)) or []
            for tag in self.story_tags:
                self.chip_layout.addWidget(self._chip(tag.name))
        self.story_label.setText(
            ("This story's tags:" if self.story_tags else "No tags yet: add some below.")
            if has_story
            else "Open a story to tag it."
        )
        self._refresh_suggestions()

    def _refresh_suggestions(self) -> None:
        """Offer tags from the story's photo keywords and from names in its text (worked out in
        the job service's query lane: a long story takes a while, and saves come while the user
        types)."""
        article_id = self.article_id
        if article_id < 0:
            self._show_suggestions(article_id, [])
            return
        if self.jobs is None:
            self._show_suggestions(
                article_id, self._run(lambda: self.store.tags.suggest(article_id)) or []
            )
            return
        root = self.store.root
        self.jobs.submit(
            "query",
            lambda: self.jobs.reader(root).tags.suggest(article_id),
            key="tag-suggestions",
            on_done=lambda names: self._show_suggestions(article_id, names),
        )

    def _show_suggestions(self, article_id: int, names: list[str]) -> None:
        """Show these suggestions, when they are still the open story's."""
        if article_id != self.article_id:
            return
        shown = names[:MAX_SUGGESTIONS]
        if shown != self._suggested:  # after every autosave: the same, mostly (no new buttons)
            self._suggested = shown
            self.suggest_layout.clear()
            for name in shown:
                self.suggest_layout.addWidget(self._suggestion(name))
        self.suggest_label.setVisible(bool(names))
        self.suggestions.setVisible(bool(names))

    def _chip(self, name: str) -> QToolButton:
        """A tag of the story; one click on it removes it."""
        chip = QToolButton(self.chips)
        chip.setObjectName("tagChip")
        chip.setText(f"{shortened(chip, name)}  ×")
        chip.setToolTip(f"Remove '{name}' from this story")
        chip.setAccessibleName(f"Remove tag {name}")
        chip.clicked.connect(lambda: self.remove_from_story(name))
        chip.show()
        return chip

    def _suggestion(self, name: str) -> QToolButton:
        """A suggested tag; one click adds it to the story."""
        button = QToolButton(self.suggestions)
        button.setObjectName("tagSuggestion")
        button.setText(f"+ {shortened(button, name)}")
        button.setToolTip(f"Tag this story '{name}'")
        button.clicked.connect(lambda: self.add_to_story([name]))
        button.show()
        return button

    def add_typed(self) -> None:
        """Add the tag(s) typed in the entry (commas separate) to the open story."""
        names = split_tags(self.entry.text())
        if not names:
            return
        if self.add_to_story(names):
            self.entry.clear()

    def _on_completion(self, name: str) -> None:
        """A completion was chosen: it replaces the tag being typed, and the tags go in."""
        typed = self.entry.text()
        head = typed.rsplit(",", 1)[0] + ", " if "," in typed else ""
        self.entry.setText(head + name)
        if self.add_to_story(split_tags(self.entry.text())):
            # The line edit writes the completion back after this signal; clear it afterwards.
            QTimer.singleShot(0, self.entry.clear)

    def add_to_story(self, names: list[str]) -> bool:
        """Tag the open story; True when it worked."""
        if self.article_id < 0:
            return False
        done = self._run(lambda: self.store.tags.tag(self.article_id, names))
        if done is None:
            return False
        self.hub.tagsChanged.emit()
        return True

    def remove_from_story(self, name: str) -> None:
        """Take one tag off the open story."""
        if self.article_id < 0:
            return
        if self._run(lambda: self.store.tags.untag(self.article_id, [name])) is not None:
            self.hub.tagsChanged.emit()

    def _entry_key(self, event: QKeyEvent) -> bool:
        """Backspace in the empty entry removes the story's last tag."""
        if event.key() == Qt.Key.Key_Backspace and not self.entry.text() and self.story_tags:
            self.remove_from_story(self.story_tags[-1].name)
            return True
        return False


CHIP_CHARS = 24  # a chip shows at most about this many characters of its tag


def shortened(button: QToolButton, name: str) -> str:
    """A tag's name as a chip shows it, cut with an ellipsis past CHIP_CHARS average
    characters (the whole name is in its tooltip): a 66-character tag made its chip, then
    the dock, 450 px wide, and the editor and preview gave way."""
    metrics = button.fontMetrics()
    return metrics.elidedText(
        name, Qt.TextElideMode.ElideRight, metrics.averageCharWidth() * CHIP_CHARS
    )
