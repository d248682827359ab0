"""Spelling: which words of a story a speller sees, which are exempt, and the speller itself.

- `checkable(line)` masks what is not prose in one line of a Markdown body (code, link
  targets, URLs, e-mail addresses, HTML tags and entities, figure references, editor's notes);
  `words(line)` gives the words left, skipping numbers, all-capital acronyms and datelines,
  @mentions and #hashtags. The editor's highlighter, the background checker and `desk check`
  all read lines through here, so they agree on what is checked.
- `Lexicon`: words never flagged in a story: its tags, its byline and authors, the personal and
  newsroom word lists (desk.wordlists), and words ignored for the session.
- `Speller`: Enchant over Hunspell dictionaries (pyenchant). A Speller is used by one thread
  at a time: Enchant's dictionaries are not thread-safe, so a worker makes its own.
  `dictionary_for(language)` maps a story's language ("en", "fr", "en-GB") to an installed
  dictionary ("en_US", "fr_FR", "en_GB"), or None.

Figure lines and notes are recognised by desk.body; nothing here reads a figure itself.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from desk import body

MASK = "\x00"  # what masked text becomes: neither a word character nor white space
# Inline syntax that is not prose, masked before words are read (order matters little: each
# span is masked whole).
_NOT_PROSE = re.compile(
    r"(`+)[^`\n]*?\1"  # code spans
    r"|\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"  # a link's or image's target: ](https://…)
    r"|^\s{0,3}\[[^\]\n]+\]:\s*\S.*$"  # a link reference definition
    r"|<[a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*>"  # an autolink <https://…>
    r"|</?[A-Za-z][^<>\n]*>"  # an HTML tag
    r"|&#?\w+;"  # an HTML entity
    r"|\b(?:[a-zA-Z][a-zA-Z0-9+.-]*://|www\.)[^\s<>()\[\]]+"  # a bare URL
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an e-mail address
    r"|(?<![\w@#])[@#][\w-]+"  # @mentions and #hashtags
    r"|\\.",  # a backslash escape
    re.MULTILINE,
)
# A run of word characters, apostrophes and inner hyphens: "well-known", "don't", "l'État".
_RUN = re.compile(r"[\w'’]+(?:-[\w'’]+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_DIGIT_OR_UNDERSCORE = re.compile(r"[\d_]")
_NOT_LETTER = re.compile(r"[^\w]|[\d_]")
# A line without these characters holds none of the syntax _NOT_PROSE masks.
_MAY_HOLD_SYNTAX = re.compile(r"[`\[\]<&@#\\]|://|www\.")


@dataclass(frozen=True)
class Word:
    """One word of a line to check: where it is (Python offsets in the line) and its text."""

    start: int
    end: int
    text: str


def checkable(line: str, note_open: bool = False) -> str:
    """The line with everything that is not prose masked (same length, offsets kept).

    `note_open`: the line starts inside an editor's note opened on an earlier line. A whole
    figure line is masked (desk.body decides what a figure line is)."""
    masked = line
    if body.FIGURE_SCHEME in line or note_open or "{>>" in line:
        chars = list(line)
        if body.FIGURE_SCHEME in line:  # figure lines and references: desk.body finds them
            for start, end in _figure_spans(line):
                chars[start:end] = MASK * (end - start)
        if note_open:
            close = line.find("<<}")
            end = len(line) if close < 0 else close + 3
            chars[:end] = MASK * end
        masked = "".join(chars)
        if "{>>" in masked:
            for start, end in body.note_spans(masked):
                chars[start:end] = MASK * (end - start)
            masked = "".join(chars)
    if _MAY_HOLD_SYNTAX.search(masked) is None:
        return masked
    return _NOT_PROSE.sub(lambda m: MASK * len(m[0]), masked)


def words(line: str, note_open: bool = False) -> list[Word]:
    """The words of one body line a speller should see (see the module's docstring)."""
    return words_in(checkable(line, note_open))


def words_in(masked: str) -> list[Word]:
    """The words of a line already masked by checkable()."""
    found: list[Word] = []
    for match in _RUN.finditer(masked):
        text = match[0]
        start, end = match.start(), match.end()
        stripped = text.strip("'’-")
        if not stripped:
            continue
        start += len(text) - len(text.lstrip("'’-"))
        end = start + len(stripped)
        if _skipped(stripped):
            continue
        found.append(Word(start, end, stripped))
    return found


def text_words(text: str) -> list[str]:
    """The words of a plain text (a headline, a tag, a byline), as the speller sees them."""
    return [w.text for line in text.splitlines() for w in words(line)]


def _skipped(token: str) -> bool:
    """Tokens no speller should judge: numbers and codes, one letter, acronyms, datelines."""
    if _DIGIT_OR_UNDERSCORE.search(token) is not None:
        return True
    if len(token) < 2 or len(_NOT_LETTER.sub("", token)) < 2:
        return True
    return token.isupper()  # NATO, PARIS (UN-backed is checked)


@functools.lru_cache(maxsize=256)
def _figure_spans(line: str) -> tuple[tuple[int, int], ...]:
    """Where figures sit in one line (asked of desk.body)."""
    return tuple(body.reference_spans(line))


def line_contexts(text: str) -> Iterator[tuple[int, str, bool]]:
    """(line number, line, note_open) for every line of a body holding prose to check: lines
    of figures, notes, code, HTML and rules are left out (desk.body's blocks decide)."""
    parsed = body.parse(text)
    for block in parsed.blocks:
        if block.kind not in PROSE_BLOCKS:
            continue
        opens = _note_open_lines(block.source)
        for offset, line in enumerate(block.source.split("\n")):
            yield block.start + offset, line, offset in opens


PROSE_BLOCKS = frozenset({"paragraph", "subhead", "quote", "list", "table"})


def _note_open_lines(source: str) -> set[int]:
    """Lines (0-based in the block) that start inside a note opened on an earlier line."""
    if "{>>" not in source or "\n" not in source:
        return set()
    starts = [0]
    for i, char in enumerate(source):
        if char == "\n":
            starts.append(i + 1)
    inside = set()
    for start, end in body.note_spans(source):
        for number, line_start in enumerate(starts):
            if start < line_start < end:
                inside.add(number)
    return inside


# -- words never flagged ----------------------------------------------------------------------


def fold(word: str) -> str:
    """How words are compared with the word lists: case folded, curly apostrophes straight."""
    return word.replace("’", "'").casefold()


@dataclass(frozen=True)
class Lexicon:
    """Words a story may use whatever the dictionary says (folded by `fold`)."""

    words: frozenset[str] = frozenset()

    @classmethod
    def of(cls, *sources: Iterable[str]) -> Lexicon:
        """A lexicon from names and phrases: each whole and each of its words."""
        found: set[str] = set()
        for source in sources:
            for name in source:
                name = " ".join(str(name).split())
                if not name:
                    continue
                found.add(fold(name))
                found.update(fold(w) for w in text_words(name))
                found.update(fold(part) for part in re.split(r"[\s\-]+", name) if part)
        return cls(frozenset(found))

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        folded = fold(word)
        return folded in self.words or _POSSESSIVE.sub("", folded) in self.words

    def union(self, other: Lexicon) -> Lexicon:
        """Both lexicons' words."""
        return Lexicon(self.words | other.words)


def story_lexicon(
    tags: Iterable[str], byline: str, authors: Iterable[str], listed: Iterable[str] = ()
) -> Lexicon:
    """The words a story is never flagged for: its tags, byline and authors, listed words."""
    return Lexicon.of(tags, [byline], authors, listed)


# -- the speller --------------------------------------------------------------------------------


class SpellingUnavailable(Exception):
    """No spell checking here (no Enchant library, or no dictionary for a language): why."""


def _enchant() -> Any:
    """The pyenchant module, or SpellingUnavailable saying what to install."""
    try:
        import enchant
    except (ImportError, OSError) as exc:  # pyenchant missing, or its C library
        raise SpellingUnavailable(
            f"spell checking needs the Enchant library ({exc}); on Debian install "
            "libenchant-2-2 and a dictionary such as hunspell-en-us"
        ) from None
    return enchant


_languages_lock = threading.Lock()


@functools.cache
def installed_dictionaries() -> tuple[str, ...]:
    """The dictionaries installed (Enchant tags such as 'en_US'), or () without Enchant."""
    try:
        enchant = _enchant()
    except SpellingUnavailable:
        return ()
    with _languages_lock:
        broker = enchant.Broker()
        try:
            return tuple(sorted(set(broker.list_languages())))
        finally:
            del broker


def spelling_problem() -> str:
    """Why spell checking is off on this machine ('' when Enchant works)."""
    try:
        _enchant()
    except SpellingUnavailable as exc:
        return str(exc)
    return ""


def dictionary_for(
    language: str, preferred: Iterable[str] = (), installed: Iterable[str] | None = None
) -> str | None:
    """The installed dictionary for a story's language: its exact region ('en-GB' -> en_GB),
    else the preferred one of that language (Preferences), else 'fr' -> fr_FR, else any."""
    have = list(installed_dictionaries() if installed is None else installed)
    if not language or not have:
        return None
    tag = language.replace("-", "_")
    exact = {d.casefold(): d for d in have}
    if tag.casefold() in exact:
        return exact[tag.casefold()]
    base = tag.split("_")[0].casefold()
    same = [d for d in have if d.split("_")[0].casefold() == base]
    if not same:
        return None
    for choice in preferred:
        if choice in same:
            return choice
    home = f"{base}_{base.upper()}".casefold()
    for d in same:
        if d.casefold() == home:
            return d
    if base == "en" and "en_US" in same:  # English without a region: the most common one
        return "en_US"
    return sorted(same)[0]


@dataclass
class Speller:
    """One Enchant dictionary with a cache of verdicts; threads take turns word by word (one
    copy of a dictionary is ~7 MB: the window's thread and the proofreading worker share one,
    see speller())."""

    tag: str
    _dict: Any = field(default=None, repr=False)
    _known: dict[str, bool] = field(default_factory=dict, repr=False)
    _suggested: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        enchant = _enchant()
        try:
            self._dict = enchant.Broker().request_dict(self.tag)
        except enchant.errors.Error as exc:
            raise SpellingUnavailable(
                f"the {self.tag} dictionary cannot be loaded ({exc})"
            ) from None

    def correct(self, word: str) -> bool:
        """True when the dictionary knows the word (cached)."""
        known = self._known.get(word)
        if known is None:
            with self._lock:
                try:
                    known = bool(self._dict.check(word))
                except Exception:  # a word Enchant cannot encode: not ours to flag
                    known = True
                if len(self._known) > 200_000:
                    self._known.clear()
                self._known[word] = known
        return known

    def suggest(self, word: str, limit: int = 6) -> list[str]:
        """The dictionary's suggestions for a word, best first (cached)."""
        found = self._suggested.get(word)
        if found is None:
            with self._lock:
                try:
                    found = list(self._dict.suggest(word))
                except Exception:
                    found = []
                self._suggested[word] = found
        return found[:limit]


_spellers_lock = threading.Lock()
_spellers: dict[str, Speller] = {}


def speller(tag: str) -> Speller:
    """The process's one Speller for a dictionary (made on first use; SpellingUnavailable when
    it cannot be loaded, asked again next time)."""
    with _spellers_lock:
        found = _spellers.get(tag)
        if found is None:
            found = _spellers[tag] = Speller(tag)
        return found


def misspelt(
    line: str,
    speller: Speller,
    lexicon: Lexicon,
    note_open: bool = False,
    masked: str | None = None,
) -> list[Word]:
    """The words of a line the dictionary does not know and the lexicon does not allow
    (`masked`: the line as checkable() gave it, when the caller has it already)."""
    return [
        w
        for w in words_in(checkable(line, note_open) if masked is None else masked)
        if not speller.correct(w.text)
        and w.text not in lexicon
        and not _parts_allowed(w, speller, lexicon)
    ]


def _parts_allowed(word: Word, speller: Speller, lexicon: Lexicon) -> bool:
    """A hyphenated word whose parts are each known or allowed ('Idlib-based')."""
    if "-" not in word.text:
        return False
    return all(
        not part or part in lexicon or speller.correct(part) for part in word.text.split("-")
    )
