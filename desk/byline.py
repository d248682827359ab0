"""The one byline rule: a story's byline is written from its authors unless someone edited it,
and an edit is kept.

A byline "follows the authors" while it is empty or reads exactly as Desk would write it from
them ("By Jane Doe and Sam Roe", in any language Desk knows). The form, `desk new` and the
export all ask here, so a byline typed by hand ("By Jane Doe in Paris") is never overwritten
by a change of authors and is what the page prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from desk.pagewords import label, languages


def written_byline(authors: list[str], language: str = "en") -> str:
    """The byline Desk writes from the authors: 'By A', 'By A and B', 'By A, B and C'."""
    names = [" ".join(a.split()) for a in authors if a and a.strip()]
    if not names:
        return ""
    joined = names[0]
    if len(names) > 1:
        joined = ", ".join(names[:-1]) + f" {label('and', language)} " + names[-1]
    return f"{label('by', language)} {joined}"


def follows_authors(byline: str, authors: list[str]) -> bool:
    """True when the byline was not edited: empty, or as written from these authors."""
    text = " ".join((byline or "").split())
    if not text:
        return True
    return any(text == written_byline(authors, lang) for lang in languages())


def byline_after(
    byline: str, old_authors: list[str], new_authors: list[str], language: str = "en"
) -> str:
    """The byline once the authors (or the language) changed: rewritten unless it was edited."""
    if follows_authors(byline, old_authors):
        return written_byline(new_authors, language)
    return byline


def shown_byline(article: Any) -> str:
    """The byline as printed: the edited one, else the one written from the authors."""
    return article.byline or written_byline(article.authors, article.language)


@dataclass(frozen=True)
class BylineParts:
    """What a page prints as the byline: pieces of text, the authors' names marked, and the
    agency unless the byline already names it."""

    segments: list[tuple[str, bool]]  # (text, is an author's name)
    agency: str

    def __bool__(self) -> bool:
        return bool(self.segments or self.agency)


def byline_parts(article: Any) -> BylineParts:
    """The byline as printed, split for the page template (the same rule as the form's)."""
    agency = article.agency or ""
    authors = [" ".join(a.split()) for a in article.authors if a.strip()]
    if authors and follows_authors(article.byline, authors):
        language = article.language or "en"
        segments: list[tuple[str, bool]] = [(label("by", language) + " ", False)]
        for number, name in enumerate(authors):
            if number:
                last = number == len(authors) - 1
                segments.append((f" {label('and', language)} " if last else ", ", False))
            segments.append((name, True))
        return BylineParts(segments, agency)
    text = " ".join((article.byline or "").split())
    if agency and agency.casefold() in text.casefold():
        agency = ""
    return BylineParts(_mark_names(text, authors), agency)


def _mark_names(text: str, authors: list[str]) -> list[tuple[str, bool]]:
    """An edited byline with the authors' names in it marked (the whole text when none is)."""
    if not text:
        return []
    pattern = "|".join(re.escape(a) for a in sorted(authors, key=len, reverse=True))
    if not pattern or not re.search(pattern, text):
        return [(text, True)]
    segments: list[tuple[str, bool]] = []
    end = 0
    for match in re.finditer(pattern, text):
        if match.start() > end:
            segments.append((text[end : match.start()], False))
        segments.append((match.group(), True))
        end = match.end()
    if end < len(text):
        segments.append((text[end:], False))
    return segments
