"""Spelling and house style as you type, in the body editor.

Marks come from desk.proofing (the core decides what is misspelt or against the house style);
this module only decides when to ask and shows the answers through the body's highlighter.

It must not slow typing. Marks are cached by line text (and whether the line opens inside an
editor's note). The line being typed is checked at once (a dozen dictionary look-ups, each
remembered); a word still under the cursor is not underlined until the cursor leaves it. Other
lines are checked a moment after typing stops: the visible ones on the GUI thread, the rest of
the story in the background on the job service's body lane, by a worker with its own Enchant
dictionaries (they are not thread-safe).

Right-click on a mark offers the speller's suggestions, Add to Dictionary (the personal word
list in the store), Add to Newsroom Word List, Ignore (for this session), or the house style's
replacement. Words that are the story's tags or in its byline or authors are never flagged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer
from PySide6.QtGui import QAction, QTextBlock, QTextCursor
from PySide6.QtWidgets import QMenu

from desk import housestyle, proofing, spelling
from desk.errors import DeskError
from desk.languages import language_name
from desk.proofing import SPELLING, STYLE, Mark, Proofreader
from desk.wordlists import NEWSROOM, PERSONAL, WordLists

from desk.ui.highlighter import IN_NOTE, utf16_offset

CHECK_DELAY_MS = 300  # the spelling timer: lines not yet checked, a moment after typing stops
LEXICON_DELAY_MS = 600  # the byline or authors changed: words allowed follow after a pause
CACHE_LIMIT = 50_000
MAX_SUGGESTIONS = 6
Key = tuple[str, bool]  # a line's text, and whether it opens inside an editor's note


class ProofWorker:
    """Checks whole bodies on the job service's body lane (one thread at a time), with its own
    spellers and its own cache of marks by line."""

    def __init__(self) -> None:
        self._spellers: dict[str, spelling.Speller | None] = {}
        self._cache: dict[Key, tuple[Mark, ...]] = {}
        self._generation = -1

    def check(
        self,
        text: str,
        tag: str | None,
        lexicon: spelling.Lexicon,
        style: housestyle.HouseStyle,
        generation: int,
    ) -> dict[Key, tuple[Mark, ...]]:
        """The marks of every prose line of a body (desk.body decides which lines are prose)."""
        if generation != self._generation or len(self._cache) > CACHE_LIMIT:
            self._cache.clear()
            self._generation = generation
        reader = Proofreader(self._speller(tag), lexicon, style)
        found: dict[Key, tuple[Mark, ...]] = {}
        for _number, line, note_open in spelling.line_contexts(text):
            key = (line, note_open)
            if key in found:
                continue
            marks = self._cache.get(key)
            if marks is None:
                marks = reader.line_marks(line, note_open)
                self._cache[key] = marks
            found[key] = marks
        return found

    def _speller(self, tag: str | None) -> spelling.Speller | None:
        """This worker's speller for a dictionary (made on the worker's thread)."""
        if tag is None:
            return None
        if tag not in self._spellers:
            try:
                self._spellers[tag] = spelling.speller(tag)
            except spelling.SpellingUnavailable:
                self._spellers[tag] = None
        return self._spellers[tag]


# A window being built starts checking this long after (once it has been shown and painted).
START_DELAY_MS = 150


class Proofreading(QObject):
    """The open story's spelling and house style, shown in the body editor."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.editor = window.editor
        self.highlighter = self.editor.highlighter
        self._cache: dict[Key, tuple[Mark, ...]] = {}
        self._generation = 0
        self._reader: Proofreader | None = None
        self._tag: str | None = None
        self._lexicon = spelling.Lexicon()
        self._style = housestyle.HouseStyle()
        self._ignored: set[str] = set()
        self._told: set[str] = set()  # languages (and problems) already said once
        self._new_story_pending = False
        self._stopped = False
        self._start_timer = QTimer(self, singleShot=True, interval=START_DELAY_MS)
        self._start_timer.timeout.connect(self.refresh)
        self._hidden: tuple[int, int] | None = None  # (block, end) of a word being typed
        # The line being typed as last shown: (block number, text, marks).
        self._typing: tuple[int, str, tuple[Mark, ...]] | None = None
        self._menu_edit = self.editor  # the field the open right-click menu is for
        self.fields: list = []  # form fields underlined too (desk.ui.fieldproofing)
        self._worker = ProofWorker()
        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check_now)
        self._lexicon_timer = QTimer(self, singleShot=True, interval=LEXICON_DELAY_MS)
        self._lexicon_timer.timeout.connect(self.refresh)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(lambda _path: self.refresh())
        self.highlighter.mark_source = self.marks_for
        self.editor.menu_hooks.append(self.add_menu_entries)
        self._wire()

    def _wire(self) -> None:
        """Follow the text, the cursor, the story and the settings."""
        window = self.window
        self.editor.textChanged.connect(self._timer.start)
        self.editor.cursorPositionChanged.connect(self._cursor_moved)
        window.metadata.languageChanged.connect(lambda _code: self.refresh())
        window.metadata.changed.connect(self._lexicon_timer.start)
        window.hub.articleOpened.connect(lambda _id: self.refresh(new_story=True))
        window.hub.tagsChanged.connect(self.refresh)
        window.preferences.applied.connect(self._settings_applied)

    # -- what the highlighter asks --------------------------------------------------------

    def marks_for(self, block: QTextBlock, text: str, note_open: bool) -> tuple[Mark, ...]:
        """The marks of one line; unknown lines are checked now when being typed, else soon."""
        if self._reader is None or not text:
            return ()
        key = (text, note_open)
        marks = self._cache.get(key)
        cursor = self.editor.textCursor()
        typing_here = block.blockNumber() == cursor.blockNumber()
        if marks is None:
            if not typing_here:
                self._timer.start()
                return ()
            marks = self._shifted(block, text, cursor)
            if marks is None:
                marks = self._remember(key, self._reader.line_marks(text, note_open))
            else:
                self._timer.start()  # checked properly once typing pauses
        if typing_here:
            self._typing = (block.blockNumber(), text, marks)
            if marks:
                marks = self._without_word_at_cursor(block, text, marks, cursor)
        return marks

    def _shifted(
        self, block: QTextBlock, text: str, cursor: QTextCursor
    ) -> tuple[Mark, ...] | None:
        """While a word is typed (or a letter of it deleted), the line's other marks move with
        the text and nothing is checked; the line is checked when a word ends or typing pauses.
        None when the edit was anything else (the line is then checked now)."""
        if self._typing is None or self._typing[0] != block.blockNumber():
            return None
        if not text.isascii() and len(text.encode("utf-16-le")) != 2 * len(text):
            return None  # characters outside the BMP: Qt's positions are not Python's
        _number, old, marks = self._typing
        at = cursor.positionInBlock()
        if len(text) == len(old) + 1 and 0 < at <= len(text):
            edit, delta, typed = at - 1, 1, text[at - 1]
            same = text[:edit] == old[:edit] and text[at:] == old[edit:]
        elif len(text) == len(old) - 1 and 0 <= at < len(old):
            edit, delta, typed = at, -1, old[at]
            same = text[:at] == old[:at] and text[at:] == old[at + 1 :]
        else:
            return None
        if not same or not (typed.isalnum() or typed in "'’-"):
            return None  # a space or punctuation ends a word: check the line now
        kept = []
        for mark in marks:
            if mark.end < edit:
                kept.append(mark)
            elif mark.start > edit:
                kept.append(replace(mark, start=mark.start + delta, end=mark.end + delta))
        return tuple(kept)

    def _without_word_at_cursor(
        self, block: QTextBlock, text: str, marks: tuple[Mark, ...], cursor: QTextCursor
    ) -> tuple[Mark, ...]:
        """A misspelling the cursor sits at the end of is still being typed: not yet shown."""
        at = cursor.positionInBlock()
        kept = []
        for mark in marks:
            if mark.kind == SPELLING and utf16_offset(text, mark.end) == at:
                self._hidden = (block.blockNumber(), at)
                continue
            kept.append(mark)
        return tuple(kept)

    def _remember(self, key: Key, marks: tuple[Mark, ...]) -> tuple[Mark, ...]:
        """Keep a line's marks (the cache is emptied when it grows past its limit)."""
        if len(self._cache) > CACHE_LIMIT:
            self._cache.clear()
        self._cache[key] = marks
        return marks

    def _cursor_moved(self) -> None:
        """The cursor left a word that was being typed: underline it now if misspelt."""
        if self._hidden is None:
            return
        number, at = self._hidden
        cursor = self.editor.textCursor()
        if cursor.blockNumber() == number and cursor.positionInBlock() == at:
            return
        self._hidden = None
        block = self.editor.document().findBlockByNumber(number)
        if block.isValid():
            self._rehighlight([block])

    # -- checking ---------------------------------------------------------------------------

    def stop(self) -> None:
        """No more checking (the window is closing and its store with it)."""
        self._stopped = True  # a signal still on its way (a file watched, a tag) finds it so
        for timer in (self._start_timer, self._timer, self._lexicon_timer):
            timer.stop()

    def check_now(self) -> None:
        """Check the visible lines now and the rest of the story in the background (starting
        the checker first if the window's start left it for later)."""
        self._timer.stop()
        if self._start_timer.isActive():
            self._start_timer.stop()
            self.refresh()
        if self._reader is None:
            return
        changed = []
        for block in self._visible_blocks():
            key = (block.text(), _opens_in_note(block))
            if key[0] and key not in self._cache:
                marks = self._remember(key, self._reader.line_marks(*key))
                if marks:
                    changed.append(block)
        self._rehighlight(changed)
        generation = self._generation
        self.window.jobs.submit(
            "body",
            self._worker.check,
            self.editor.plain_text(),
            self._tag,
            self._lexicon,
            self._style,
            generation,
            key="proofing",
            on_done=lambda found: self._merge(found, generation),
        )

    def _visible_blocks(self) -> list[QTextBlock]:
        """The blocks in the editor's viewport."""
        editor = self.editor
        block = editor.firstVisibleBlock()
        offset = editor.contentOffset()
        height = editor.viewport().height()
        out = []
        while block.isValid():
            top = editor.blockBoundingGeometry(block).translated(offset).top()
            if top > height:
                break
            out.append(block)
            block = block.next()
        return out

    def _merge(self, found: dict[Key, tuple[Mark, ...]], generation: int) -> None:
        """The background check's marks: keep them and underline the lines that have some."""
        if generation != self._generation or self._reader is None:
            return
        fresh = set()
        for key, marks in found.items():
            if key not in self._cache:
                self._remember(key, marks)
                if marks:
                    fresh.add(key)
        if fresh:
            self._rehighlight(b for b in _blocks(self.editor) if _key(b) in fresh)

    def _rehighlight(self, blocks: Iterable[QTextBlock]) -> None:
        """Re-apply formats to some lines without it counting as an edit (Qt would otherwise
        say the text changed, and the story would be saved again)."""
        document = self.editor.document()
        was = document.blockSignals(True)
        try:
            for block in blocks:
                self.highlighter.rehighlightBlock(block)
        finally:
            document.blockSignals(was)

    def _rehighlight_all(self) -> None:
        """Re-apply every line's formats (after the words allowed or the rules changed)."""
        document = self.editor.document()
        was = document.blockSignals(True)
        try:
            self.highlighter.rehighlight()
        finally:
            document.blockSignals(was)

    # -- what is checked ----------------------------------------------------------------------

    def refresh(self, new_story: bool = False) -> None:
        """Read the language, the words allowed, the rules and the settings again; when any of
        it changed, forget the marks and check again. While the window is being built this
        waits START_DELAY_MS (loading a dictionary takes ~50 ms; the window is shown
        and painted first)."""
        if self._stopped:
            return
        if getattr(self.window, "building", False):
            self._new_story_pending = self._new_story_pending or new_story
            self._start_timer.start()
            return
        new_story = new_story or self._new_story_pending
        self._new_story_pending = False
        self._lexicon_timer.stop()
        if new_story:
            self._ignored.clear()
        spelling_on = proofing.switched_on("spelling.check")
        style_on = proofing.switched_on("style.check")
        language = self.window.metadata.language.code() or "en"
        tag = self._dictionary(language) if spelling_on else None
        style = self._read_style() if style_on else housestyle.HouseStyle()
        lexicon = self._story_lexicon() if tag is not None else spelling.Lexicon()
        same = (tag, lexicon, style) == (self._tag, self._lexicon, self._style)
        if same and self._reader is not None:
            return
        self._tag, self._lexicon, self._style = tag, lexicon, style
        speller = self._speller(tag)
        if speller is None and not style.rules:
            self._reader = None
        else:
            self._reader = Proofreader(speller, lexicon, style)
        self._generation += 1
        self._cache.clear()
        self._typing = None
        self._rehighlight_all()
        for field in self.fields:
            field.rehighlight_quietly()
        self._timer.start()

    def _dictionary(self, language: str) -> str | None:
        """The dictionary for the story's language; said once when there is none."""
        problem = spelling.spelling_problem()
        if problem:
            self._tell_once("enchant", f"Spelling is not checked: {problem}.")
            return None
        tag = spelling.dictionary_for(language, proofing.preferred_dictionaries())
        if tag is None:
            self._tell_once(
                language,
                f"No {language_name(language) or language} spelling dictionary is installed, so "
                "this story's spelling is not checked (Preferences > Spelling lists those there "
                "are).",
            )
        return tag

    def _speller(self, tag: str | None) -> spelling.Speller | None:
        """The speller for a dictionary (the process's one, shared with the worker)."""
        if tag is None:
            return None
        try:
            return spelling.speller(tag)
        except spelling.SpellingUnavailable as exc:
            self._tell_once(tag, f"Spelling is not checked: {exc}.")
            return None

    def _read_style(self) -> housestyle.HouseStyle:
        """The store's house style (watched for edits by hand); a bad file is said once."""
        root = self.window.store.root
        try:
            style = housestyle.load(root)
        except DeskError as exc:
            self._tell_once(f"style:{exc}", f"House style not checked: {exc}")
            style = housestyle.HouseStyle()
        path = str(housestyle.rules_path(root))
        if path not in self._watcher.files() and housestyle.rules_path(root).exists():
            self._watcher.addPath(path)
        return style

    def _story_lexicon(self) -> spelling.Lexicon:
        """The open story's allowed words: tags, byline, authors, word lists, ignored words."""
        window = self.window
        values = window.metadata.values()
        article_id = window.current_article_id()
        tags: list[str] = []
        listed: list[str] = []
        try:
            if article_id is not None:
                tags = [t.name for t in window.store.tags.for_story(article_id)]
            listed = WordLists(window.store).words(str(values.get("language") or "en"))
        except DeskError as exc:
            self._tell_once(f"lists:{exc}", f"The word lists could not be read: {exc}")
        authors = values.get("authors") or []
        return spelling.story_lexicon(
            tags,
            str(values.get("byline") or ""),
            list(authors),
            [*listed, *self._ignored],  # type: ignore[call-overload]
        )

    def _settings_applied(self, keys: list[str]) -> None:
        """Preferences changed a spelling or house-style setting."""
        if any(k.startswith(("spelling.", "style.")) for k in keys):
            self.refresh()

    def _tell_once(self, key: str, message: str) -> None:
        """A quiet line in the status bar, once per session for each thing."""
        if key in self._told:
            return
        self._told.add(key)
        self.window.statusBar().showMessage(message, 12_000)

    # -- the right-click menu -------------------------------------------------------------------

    def mark_at(self, cursor: QTextCursor) -> Mark | None:
        """The mark under a cursor position, if any."""
        block = cursor.block()
        text = block.text()
        marks = self._cache.get((text, _opens_in_note(block)), ())
        at = cursor.positionInBlock()
        for mark in marks:
            if utf16_offset(text, mark.start) <= at <= utf16_offset(text, mark.end):
                return mark
        return None

    def field_marks(self, text: str) -> tuple[Mark, ...]:
        """The marks of a form field's text (short: checked at once, remembered like lines)."""
        if self._reader is None or not text.strip():
            return ()
        key = (text, False)
        marks = self._cache.get(key)
        if marks is None:
            marks = self._remember(key, self._reader.line_marks(text))
        return marks

    def add_menu_entries(self, menu: QMenu, cursor: QTextCursor, edit=None) -> None:
        """Suggestions and list verbs (or the house style's replacement) over the menu; `edit`:
        the field the menu is for (the body editor when None)."""
        mark = self.mark_at(cursor)
        if mark is None:
            return
        block = cursor.block()
        self._menu_edit = edit or self.editor
        first = menu.actions()[0] if menu.actions() else None
        entries = self._spelling_entries(menu, block, mark)
        if mark.kind == STYLE:
            entries = self._style_entries(menu, block, mark)
        for action in entries:
            menu.insertAction(first, action)
        if first is not None:
            menu.insertSeparator(first)

    def _spelling_entries(self, menu: QMenu, block: QTextBlock, mark: Mark) -> list[QAction]:
        """The speller's suggestions, then Add to Dictionary, the newsroom list and Ignore."""
        if mark.kind != SPELLING or self._reader is None:
            return []
        actions = []
        suggestions = self._reader.suggestions(mark.text, MAX_SUGGESTIONS)
        for word in suggestions:
            action = QAction(word, menu)
            font = action.font()
            font.setBold(word == suggestions[0])
            action.setFont(font)
            edit = self._menu_edit
            action.triggered.connect(
                lambda _c=False, w=word, e=edit: self.replace_mark(block, mark, w, e)
            )
            actions.append(action)
        if not suggestions:
            none = QAction("No suggestions", menu)
            none.setEnabled(False)
            actions.append(none)
        actions.append(_separator(menu))
        writable = not self.window.read_only
        for label, scope in (
            ("Add to Dictionary", PERSONAL),
            ("Add to Newsroom Word List", NEWSROOM),
        ):
            action = QAction(label, menu)
            action.setEnabled(writable)
            action.setStatusTip(
                "Kept in the store: never flagged again in any story"
                if scope == PERSONAL
                else "Kept in the store for everyone who uses it"
            )
            action.triggered.connect(lambda _c=False, s=scope: self.add_word(mark.text, s))
            actions.append(action)
        ignore = QAction("Ignore", menu)
        ignore.setStatusTip("Not flagged again until Desk closes")
        ignore.triggered.connect(lambda _c=False: self.ignore_word(mark.text))
        actions.append(ignore)
        return actions

    def _style_entries(self, menu: QMenu, block: QTextBlock, mark: Mark) -> list[QAction]:
        """The rule's message, its replacement, and a way to the rules."""
        actions = []
        said = QAction(mark.message, menu)
        said.setEnabled(False)
        actions.append(said)
        if mark.replacement is not None:
            fix = QAction(f"Replace with “{mark.replacement}”", menu)
            edit = self._menu_edit
            fix.triggered.connect(
                lambda _c=False, e=edit: self.replace_mark(block, mark, mark.replacement or "", e)
            )
            actions.append(fix)
        edit = QAction("Edit House Style…", menu)
        edit.triggered.connect(lambda _c=False: self._open_house_style())
        actions.append(edit)
        return actions

    def _open_house_style(self) -> None:
        """Preferences on its House Style page."""
        from desk.ui.preferences import open_preferences

        open_preferences(self.window, "House Style")

    # -- verbs ------------------------------------------------------------------------------------

    def replace_mark(self, block: QTextBlock, mark: Mark, text: str, edit=None) -> bool:
        """Replace a marked word with a suggestion or replacement, as one undoable edit (in the
        body, or in the form field `edit`)."""
        edit = edit or self.editor
        if edit.isReadOnly():
            return False
        line = block.text()
        start, end = utf16_offset(line, mark.start), utf16_offset(line, mark.end)
        if line[mark.start : mark.end] != mark.text:
            return False  # the line changed since the menu opened
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + start)
        cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
        cursor.beginEditBlock()
        cursor.insertText(text)
        cursor.endEditBlock()
        edit.setTextCursor(cursor)
        if edit is self.editor:
            self._rehighlight([cursor.block()])  # the changed line, checked at once
        return True

    def add_word(self, word: str, scope: str = PERSONAL) -> bool:
        """Keep a word in a word list in the store, and stop flagging it everywhere."""
        language = self.window.metadata.language.code() or ""
        try:
            WordLists(self.window.store).add(word, scope, language if scope == PERSONAL else "")
        except DeskError as exc:
            self.window.statusBar().showMessage(f"'{word}' was not added: {exc}", 10_000)
            return False
        where = "your dictionary" if scope == PERSONAL else "the newsroom's word list"
        self.window.statusBar().showMessage(f"'{word}' is in {where} now.", 6000)
        self.refresh()
        return True

    def ignore_word(self, word: str) -> None:
        """Stop flagging a word until Desk closes."""
        self._ignored.add(word)
        self.refresh()

    @property
    def dictionary(self) -> str | None:
        """The dictionary the open story is checked with (None: spelling is not checked)."""
        return self._tag if self._reader is not None and self._reader.speller else None

    def marks_of_line(self, number: int) -> tuple[Mark, ...]:
        """The marks known for a line of the body (what is underlined there)."""
        block = self.editor.document().findBlockByNumber(number)
        return self._cache.get(_key(block), ()) if block.isValid() else ()


def _separator(parent: QMenu) -> QAction:
    """A separator action."""
    action = QAction(parent)
    action.setSeparator(True)
    return action


def _opens_in_note(block: QTextBlock) -> bool:
    """True when the line starts inside an editor's note (the highlighter's block state)."""
    previous = block.previous()
    return previous.isValid() and previous.userState() == IN_NOTE


def _key(block: QTextBlock) -> Key:
    """A block's cache key."""
    return block.text(), _opens_in_note(block)


def _blocks(editor) -> Iterable[QTextBlock]:
    """Every block of the editor's document."""
    block = editor.document().firstBlock()
    while block.isValid():
        yield block
        block = block.next()
