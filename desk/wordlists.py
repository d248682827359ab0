"""The spell checker's word lists in the store: the reporter's own (personal) and the newsroom's
(names, places, house spellings), each word for one language or for every language ('').

Words live in the store's `words` table, so they travel with the store (backups, copies) and
every window and `desk check` on that store agree. Languages are kept as their base code
('en' for a story in en-GB), since names are rarely spelt differently by region.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desk.clock import utc_now
from desk.errors import BadInput

PERSONAL, NEWSROOM = "personal", "newsroom"
SCOPES = (PERSONAL, NEWSROOM)
MAX_WORD = 80


@dataclass(frozen=True)
class ListedWord:
    """One word of a list."""

    scope: str
    word: str
    language: str  # '' for every language

    def to_dict(self) -> dict[str, str]:
        """Plain data for JSON output."""
        return {"scope": self.scope, "word": self.word, "language": self.language}


def base_language(language: str) -> str:
    """'en-GB' -> 'en' (the lists keep base languages); '' stays ''."""
    return language.replace("_", "-").split("-")[0].lower() if language else ""


def known(language: str) -> str:
    """A language a list entry is for, as typed ('' for every language), or BadInput when
    Desk knows no such language (an entry for 'zz' would never be used)."""
    if not language.strip():
        return ""
    from desk.languages import normalise_language

    return normalise_language(language)


def clean_word(word: str) -> str:
    """A word as the lists keep it (spaces collapsed), or BadInput saying what is wrong."""
    clean = " ".join(str(word).split())
    if not clean:
        raise BadInput("Give a word to add to the list.")
    if len(clean) > MAX_WORD:
        raise BadInput(f"'{clean[:20]}…' is too long for a word list ({MAX_WORD} characters).")
    return clean


def _scope(scope: str) -> str:
    """A list's name, checked."""
    if scope not in SCOPES:
        raise BadInput(f"'{scope}' is not a word list; use personal or newsroom.")
    return scope


class WordLists:
    """The personal and newsroom lists of one store (any Store: reads on read-only ones too)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def words(self, language: str = "", scopes: tuple[str, ...] = SCOPES) -> list[str]:
        """The words that apply to a language (its own and those for every language)."""
        if not self.store.db.table_exists("words"):
            return []
        marks = ", ".join("?" * len(scopes))
        rows = self.store.db.query(
            f"SELECT DISTINCT word FROM words WHERE scope IN ({marks}) AND language IN ('', ?) "
            "ORDER BY word COLLATE NOCASE",
            [*scopes, base_language(language)],
        )
        return [r[0] for r in rows]

    def entries(self, scope: str | None = None) -> list[ListedWord]:
        """Every word of one list (or both), sorted."""
        if not self.store.db.table_exists("words"):
            return []
        where, params = ("WHERE scope = ?", [_scope(scope)]) if scope else ("", [])
        rows = self.store.db.query(
            f"SELECT scope, word, language FROM words {where} "
            "ORDER BY scope, word COLLATE NOCASE, language",
            params,
        )
        return [ListedWord(*r) for r in rows]

    def add(self, word: str, scope: str = PERSONAL, language: str = "") -> ListedWord:
        """Add a word to a list (once); returns it as kept."""
        entry = ListedWord(_scope(scope), clean_word(word), base_language(known(language)))
        with self.store.transaction() as db:
            db.run(
                "INSERT OR IGNORE INTO words (scope, word, language, added) VALUES (?, ?, ?, ?)",
                [entry.scope, entry.word, entry.language, utc_now()],
            )
        return entry

    def remove(self, word: str, scope: str = PERSONAL, language: str | None = None) -> int:
        """Remove a word from a list (for one language, or every entry of it); how many went."""
        params: list[object] = [_scope(scope), clean_word(word)]
        extra = ""
        if language is not None:
            extra = " AND language = ?"
            params.append(base_language(language))
        with self.store.transaction() as db:
            return int(
                db.run(f"DELETE FROM words WHERE scope = ? AND word = ?{extra}", params).rowcount
            )

    def replace_all(self, scope: str, entries: list[tuple[str, str]]) -> None:
        """Make one list hold exactly these (word, language) entries, in one transaction."""
        clean = {(clean_word(w), base_language(lang)) for w, lang in entries}
        with self.store.transaction() as db:
            db.run("DELETE FROM words WHERE scope = ?", [_scope(scope)])
            now = utc_now()
            for word, language in sorted(clean):
                db.run(
                    "INSERT INTO words (scope, word, language, added) VALUES (?, ?, ?, ?)",
                    [scope, word, language, now],
                )
