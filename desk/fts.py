"""Building FTS5 queries from what a user typed: every term quoted, so punctuation and the words
NOT, OR and NEAR are searched as plain words.

Chinese and Japanese are written without spaces between words, and FTS5's unicode61 tokenizer
takes a whole run of their characters for one word: "東京" did not find "東京で大雨". Each such
character (and each Korean syllable) is indexed as a word of its own, parted from the next by a
zero-width space (a separator to the tokenizer, invisible in a snippet), and a query's run of
them is searched as the phrase of its characters.
"""

from __future__ import annotations

import re

from desk.text import UNSPACED_CHARS

# Han, kana and Bopomofo (desk.text), and Hangul syllables.
_UNSPACED = re.compile(f"([{UNSPACED_CHARS}\uac00-\ud7af])")
PART = "\u200b"  # zero-width space: a separator to unicode61


def indexable(text: str) -> str:
    """Text as the index keeps it: each character of an unspaced script a word of its own."""
    if not text or not _UNSPACED.search(text):
        return text
    return _UNSPACED.sub(rf"\1{PART}", text)


def shown(snippet: str) -> str:
    """A snippet of indexed text as it was written (the zero-width spaces taken out)."""
    return snippet.replace(PART, "")


def fts_query(query: str, prefix_last: bool = True) -> str:
    """Quote each term for FTS5; the last one also matches longer words unless a space ends it."""
    query = query.replace("\x00", " ")  # FTS5 would end the quoted string at a NUL
    terms = [indexable(t).rstrip(PART) for t in query.split() if any(c.isalnum() for c in t)]
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
    if quoted and prefix_last and not query.endswith((" ", "\t")):
        quoted[-1] += "*"
    return " ".join(quoted)
