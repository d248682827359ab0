"""Which dates a story shows: one owner for the page, the preview, JSON-LD, ninjs and NewsML.

- The date a story shows is its publication time once it is published; before that the date
  its source gave it (a wire's, a saved page's: Article.source_date), else when it was started
  in Desk. An old story that has not been published never shows today's date.
- It shows as modified (dateModified, "Updated …") only when it changed after publishing:
  an edit more than UPDATE_GRACE_S after the publication time, or an update or correction
  recorded since (desk.corrections).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

UPDATE_GRACE_S = 600  # edits within ten minutes of publishing are part of publishing it


def parse(iso: str | None) -> datetime | None:
    """A stored time as an aware UTC datetime, or None when absent or unreadable."""
    if not iso:
        return None
    try:
        moment = datetime.fromisoformat(str(iso).strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def shown_date(article: Any) -> str:
    """The date the story shows (datePublished): published, else the source's, else created."""
    return article.published or article.source_date or article.created or ""


def shown_source(article: Any) -> str:
    """Where the shown date comes from: 'published', 'source' or 'created'."""
    if article.published:
        return "published"
    return "source" if article.source_date else "created"


def first_created(article: Any) -> str:
    """When the story was first written: the source's date, else when Desk started it."""
    return article.source_date or article.created or ""


def modified_date(article: Any, amendments: Iterable[Any] = ()) -> str:
    """dateModified: the last change after publishing ('' for a story not published, or not
    changed since): the later of the last edit and the last update or correction."""
    published = parse(article.published)
    if published is None:
        return ""
    candidates = [article.modified or ""]
    candidates += [a.time for a in amendments if getattr(a, "kind", "") != "withdrawal"]
    latest = ""
    latest_at: datetime | None = None
    for iso in candidates:
        moment = parse(iso)
        if moment is not None and (latest_at is None or moment > latest_at):
            latest, latest_at = iso, moment
    if latest_at is None or (latest_at - published).total_seconds() <= UPDATE_GRACE_S:
        return ""
    return latest


def version_date(article: Any, amendments: Iterable[Any] = ()) -> str:
    """When the version readers get was made (ninjs versioncreated, NewsML versionCreated):
    the last change after publishing, else the date the story shows."""
    return modified_date(article, amendments) or shown_date(article)


def day(iso: str, language: str = "en") -> str:
    """A stored time as a day for messages: '20 August 2019' (the time itself when unreadable)."""
    from desk import pagewords

    return pagewords.date_text(iso, language) if parse(iso) else str(iso)
