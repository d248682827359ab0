"""How records and database rows map onto each other, and the library's filters, shared by the
store's parts."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from desk.model import Article, Figure, Photo, Status
from desk.tagnames import tag_norm

ARTICLE_COLUMNS = tuple(f.name for f in fields(Article))
SUMMARY_COLUMNS = "a.id, a.slug, a.headline, a.status, a.section, a.modified, a.word_count"
# Stories newest-modified first; among those modified in the same millisecond (an import, a
# fast machine) the later one, so the order never depends on the query plan.
NEWEST_FIRST = "a.modified DESC, a.id DESC"
PHOTO_COLUMNS = (
    "id, sha256, path, format, width, height, size_bytes, original_name, metadata, added"
)
FIGURE_COLUMNS = (
    "id, article_id, image_id, caption, credit, alt, remote_url, remote_width, remote_height"
)
_TEXT_FIELDS = ("headline", "standfirst", "byline", "dateline", "section", "body_md", "notes")


def article_row(article: Article) -> dict[str, Any]:
    """An Article as a database row."""
    row = article.to_dict()
    row["authors"] = json.dumps(article.authors, ensure_ascii=False)
    return row


def article_from_row(row: tuple) -> Article:
    """A row of ARTICLE_COLUMNS as an Article."""
    values = dict(zip(ARTICLE_COLUMNS, row, strict=True))
    values["authors"] = json.loads(values["authors"] or "[]")
    for key in (*_TEXT_FIELDS, "agency"):
        values[key] = values[key] or ""
    return Article(**values)


def photo_from_row(row: tuple) -> Photo:
    """A row of PHOTO_COLUMNS as a Photo (unreadable metadata JSON becomes {})."""
    values = list(row)
    try:
        values[8] = json.loads(values[8] or "{}")
    except ValueError:
        values[8] = {}
    return Photo(*values)


def figure_from_row(row: tuple) -> Figure:
    """A row of FIGURE_COLUMNS as a Figure (not yet placed: see desk.store.figures.arrange)."""
    fid, article_id, image_id, caption, credit, alt, url, width, height = row
    return Figure(
        fid,
        article_id,
        image_id,
        caption=caption or "",
        credit=credit or "",
        alt=alt or "",
        remote_url=url or "",
        remote_width=int(width or 0),
        remote_height=int(height or 0),
    )


def story_filters(
    status: str | None, section: str | None, tags: list[str] | None
) -> tuple[str, list[object]]:
    """A WHERE clause over `articles a` for the library's filters (status, section, all tags)."""
    clauses: list[str] = []
    params: list[object] = []
    if status:
        clauses.append("a.status = ?")
        params.append(Status.parse(status).value)
    if section:
        clauses.append("a.section = ? COLLATE NOCASE")
        params.append(section)
    for tag in tags or []:
        clauses.append(
            "a.id IN (SELECT at.article_id FROM article_tags at JOIN tags t "
            "ON t.id = at.tag_id WHERE t.norm = ?)"
        )
        params.append(tag_norm(tag))
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def prefix_range(prefix: str) -> tuple[str, str]:
    """The values starting with prefix as a range an index can search, `col >= lo AND col <
    hi` ("abc " up to "abc!"): LIKE is case-blind and substr() reads every row, so either made
    a lookup scan the whole table (SQLite's BINARY order; prefix must not be empty)."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)
