"""What a new story starts with: the reporter's name, byline and agency, the default section
and language from the settings. The window's New Story and `desk new` both ask here."""

from __future__ import annotations

from typing import Any

from desk import settings
from desk.byline import written_byline


def new_story_values(data: dict | None = None, **given: Any) -> dict[str, object]:
    """The fields of a new story: what was given, the settings' defaults for the rest.

    Authors given replace the reporter (and the reporter's default byline); a byline not given
    is written from the authors, so it follows them until someone edits it."""
    values = settings.current_values(data)
    given_authors = given.get("authors") or []
    authors = [str(a) for a in given_authors] if isinstance(given_authors, list | tuple) else []
    byline = str(given.get("byline") or "")
    language = str(given.get("language") or values["stories.language"])
    if not authors and values["reporter.name"]:
        authors = [values["reporter.name"]]
        byline = byline or values["reporter.byline"]
    return {
        **{k: v for k, v in given.items() if v not in (None, "")},
        "authors": authors,
        "byline": byline or written_byline(authors, language),
        "agency": str(given.get("agency") or values["reporter.agency"]),
        "section": str(given.get("section") or values["stories.section"]),
        "language": language,
        "target_words": int(given.get("target_words") or values["stories.target_words"]),
    }
