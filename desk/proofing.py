"""Proofing a story: spelling and house style together, line by line, for the editor's
underlines, and as check rules (`@rule("spelling")`, `@rule("house-style")`) for `desk check`,
the check dialog, the export and publishing.

A `Proofreader` holds one speller (or none: no dictionary for the language), the story's
lexicon and the house style; `line_marks(line, note_open)` gives the marks of one body line,
`field_marks(text)` those of a one-paragraph field. Which lines hold prose is desk.spelling's
(`line_contexts`, from desk.body's blocks).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from desk import housestyle, settings, spelling
from desk.checks import WARNING, Context, Place, Problem, body_place, rule
from desk.errors import DeskError

SPELLING, STYLE = "spelling", "style"
FIELDS = (("headline", "headline"), ("standfirst", "standfirst"), ("alert", "alert line"))
# A long line is checked sentence by sentence, each remembered: typing in a paragraph then
# checks only the sentence being typed.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")
CHUNK_CACHE = 20_000
SUGGESTED_IN_CHECKS = 25  # words of a story whose check message offers suggestions


@dataclass(frozen=True)
class Mark:
    """One thing to underline in a line: a misspelt word or a house-style finding."""

    start: int
    end: int
    kind: str  # SPELLING or STYLE
    text: str
    message: str = ""
    replacement: str | None = None
    rule: str = ""


class Proofreader:
    """Spelling and house style for one story, in one thread."""

    def __init__(
        self,
        speller: spelling.Speller | None,
        lexicon: spelling.Lexicon | None = None,
        style: housestyle.HouseStyle | None = None,
    ) -> None:
        self.speller = speller
        self.lexicon = lexicon or spelling.Lexicon()
        self.style = style or housestyle.HouseStyle()
        self._chunks: dict[tuple[str, str], tuple[Mark, ...]] = {}

    def line_marks(self, line: str, note_open: bool = False) -> tuple[Mark, ...]:
        """The marks of one line of a body, in order (what is prose: desk.spelling)."""
        prose = spelling.checkable(line, note_open)
        marks: list[Mark] = []
        start = 0
        for end in [m.end() for m in _SENTENCE_END.finditer(prose)] + [len(prose)]:
            if end > start:
                marks.extend(self._chunk_marks(line[start:end], prose[start:end], start))
            start = end
        return tuple(marks)

    def _chunk_marks(self, text: str, prose: str, offset: int) -> list[Mark]:
        """The marks of one sentence of a line (remembered), placed at its offset."""
        key = (text, prose)
        marks = self._chunks.get(key)
        if marks is None:
            found: list[Mark] = []
            if self.speller is not None:
                for word in spelling.misspelt(text, self.speller, self.lexicon, masked=prose):
                    found.append(Mark(word.start, word.end, SPELLING, word.text))
            for f in self.style.findings(text, prose=prose):
                found.append(Mark(f.start, f.end, STYLE, f.text, f.message, f.replacement, f.rule))
            marks = tuple(sorted(found, key=lambda m: (m.start, m.kind)))
            if len(self._chunks) > CHUNK_CACHE:
                self._chunks.clear()
            self._chunks[key] = marks
        if not offset:
            return list(marks)
        return [replace(m, start=m.start + offset, end=m.end + offset) for m in marks]

    def field_marks(self, text: str) -> tuple[Mark, ...]:
        """The marks of a one-paragraph field (headline, standfirst, alert, caption)."""
        return self.line_marks(" ".join(text.split()))

    def body_marks(self, text: str) -> dict[int, tuple[Mark, ...]]:
        """The marks of a whole body by 0-based line (lines without marks left out)."""
        out = {}
        for number, line, note_open in spelling.line_contexts(text):
            marks = self.line_marks(line, note_open)
            if marks:
                out[number] = marks
        return out

    def suggestions(self, word: str, limit: int = 6) -> list[str]:
        """The speller's suggestions for a word ([] without a speller)."""
        return self.speller.suggest(word, limit) if self.speller is not None else []


# -- what a story needs -------------------------------------------------------------------------


def lexicon_from_store(store: Any, article: Any) -> spelling.Lexicon:
    """A story's lexicon from the store: its tags, byline, authors and both word lists."""
    from desk.wordlists import WordLists

    tags = [t.name for t in store.tags.for_story(article.id)] if article.id else []
    listed = WordLists(store).words(article.language)
    return spelling.story_lexicon(tags, article.byline, article.authors, listed)


def speller_for(language: str, preferred: Iterable[str] = ()) -> spelling.Speller | None:
    """The checks' speller for a language, or None (no Enchant, or no such dictionary)."""
    tag = spelling.dictionary_for(language, tuple(preferred))
    if tag is None:
        return None
    try:
        return spelling.speller(tag)  # the process's one, shared with the window
    except spelling.SpellingUnavailable:
        return None


def preferred_dictionaries() -> list[str]:
    """The dictionaries chosen in Preferences for languages with several (spelling.prefer)."""
    try:
        return list(settings.current("spelling.prefer"))
    except DeskError:
        return []


def switched_on(key: str) -> bool:
    """True unless Preferences turned spelling or house style off (a bad file: on)."""
    try:
        return settings.current(key) != "off"
    except DeskError:
        return True


def _story_lexicon(ctx: Context) -> spelling.Lexicon:
    """The lexicon of the story being checked: from its store when the check has one."""
    tags = [t.name for t in ctx.tags]
    if ctx.store_root is None or not (Path(ctx.store_root) / "desk.db").exists():
        return spelling.story_lexicon(tags, ctx.article.byline, ctx.article.authors)
    from desk.store import Store

    try:
        with Store.open(ctx.store_root, readonly=True) as store:
            lexicon = lexicon_from_store(store, ctx.article)
    except DeskError:
        return spelling.story_lexicon(tags, ctx.article.byline, ctx.article.authors)
    return lexicon.union(spelling.Lexicon.of(tags))


def _field_texts(ctx: Context) -> list[tuple[str, str, str]]:
    """(field, label, text) of the one-paragraph fields checked."""
    return [
        (name, label, str(getattr(ctx.article, name, "") or ""))
        for name, label in FIELDS
        if str(getattr(ctx.article, name, "") or "").strip()
    ]


# -- the check rules ----------------------------------------------------------------------------


@rule("spelling", writing=True)
def check_spelling(ctx: Context) -> Iterable[Problem]:
    """Words the story's dictionary does not know (once per word, at its first place)."""
    if not switched_on("spelling.check"):
        return
    speller = speller_for(ctx.article.language or "en", preferred_dictionaries())
    if speller is None:
        return
    reader = Proofreader(speller, _story_lexicon(ctx))
    seen: dict[str, list[Place]] = {}
    for name, label, text in _field_texts(ctx):
        for mark in reader.field_marks(text):
            seen.setdefault(mark.text, []).append(Place(name, label=label))
    for line, marks in reader.body_marks(ctx.article.body_md).items():
        for mark in marks:
            if mark.kind == SPELLING:
                seen.setdefault(mark.text, []).append(body_place(ctx.parsed, line))
    for number, (word, places) in enumerate(seen.items()):
        # Suggestions take a dictionary tens of milliseconds: only the first words get them.
        hint = reader.suggestions(word, 3) if number < SUGGESTED_IN_CHECKS else []
        offer = f" (perhaps {', '.join(hint)})" if hint else ""
        first = _phrase(places[0])
        times = f"; {len(places)} times, first in {first}" if len(places) > 1 else ""
        where = "" if times else f" in {first}"
        yield Problem(WARNING, f"'{word}' may be misspelt{where}{offer}{times}.", place=places[0])


@rule("house-style", writing=True)
def check_house_style(ctx: Context) -> Iterable[Problem]:
    """Where the story breaks the newsroom's house style (each place)."""
    if not switched_on("style.check"):
        return
    try:
        style = housestyle.load(ctx.store_root)
    except DeskError as exc:
        yield Problem(WARNING, f"House style not checked: {exc}", place=Place("body"))
        return
    reader = Proofreader(None, style=style)
    for name, label, text in _field_texts(ctx):
        for mark in reader.field_marks(text):
            place = Place(name, label=label)
            yield Problem(WARNING, _style_message(mark, place), place=place)
    for line, marks in reader.body_marks(ctx.article.body_md).items():
        place = body_place(ctx.parsed, line)
        for mark in marks:
            yield Problem(WARNING, _style_message(mark, place), place=place)


def _phrase(place: Place) -> str:
    """How a message names a place: 'paragraph 3', 'the headline'."""
    return place.label if place.field == "body" else f"the {place.label}"


def _style_message(mark: Mark, place: Place) -> str:
    """'Use "more than" with numbers, not "over" (paragraph 3).'"""
    return f"{mark.message.rstrip('.')} ({_phrase(place)})."
