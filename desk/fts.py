"""Building FTS5 queries from what a user typed: every term quoted, so punctuation and the words
NOT, OR and NEAR are searched as plain words."""

from __future__ import annotations


def fts_query(query: str, prefix_last: bool = True) -> str:
    """Quote each term for FTS5; the last one also matches longer words unless a space ends it."""
    query = query.replace("\x00", " ")  # FTS5 would end the quoted string at a NUL
    terms = [t for t in query.split() if any(c.isalnum() for c in t)]
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
    if quoted and prefix_last and not query.endswith((" ", "\t")):
        quoted[-1] += "*"
    return " ".join(quoted)
