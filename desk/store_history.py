"""Store verbs for a story's history: snapshots kept as it is edited, listed and restored.

Autosave writes a story every second or so; history keeps the story as it was before an edit
at most every HISTORY_EVERY, and always before it is published or restored, so an afternoon's
work can be taken back to any ten-minute mark. A restore brings back the text and fields; the
status and slug stay as they are now.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from desk.errors import NotFound
from desk.model import Article, Revision

if TYPE_CHECKING:
    from sqlite_utils import Database

HISTORY_EVERY = timedelta(minutes=10)
# What a restore brings back; status and slug stay as they are now.
RESTORED_FIELDS = (
    "headline",
    "standfirst",
    "byline",
    "authors",
    "dateline",
    "section",
    "language",
    "body_md",
    "notes",
    "agency",
)


def _utc(iso: str) -> datetime:
    """A stored UTC time as an aware datetime."""
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


class HistoryVerbs:
    """Snapshots of stories (the revisions table)."""

    if TYPE_CHECKING:
        db: Database
        write: Callable[[], AbstractContextManager[Database]]
        get_article: Callable[[int | str], Article]
        update_article: Callable[..., Article]

    def add_revision(self, article_id: int, reason: str, _article: Article | None = None) -> int:
        """Keep a full snapshot of the story as it is now; returns the revision id."""
        from desk.store import utc_now

        article = _article or self.get_article(article_id)
        snapshot = json.dumps(article.to_dict(), ensure_ascii=False)
        with self.write() as db:
            return (
                db["revisions"]
                .insert(
                    {
                        "article_id": article_id,
                        "created": utc_now(),
                        "reason": reason,
                        "snapshot": snapshot,
                    }
                )
                .last_pk
            )

    def revisions(self, key: int | str) -> list[Revision]:
        """A story's snapshots, newest first."""
        article = self.get_article(key)
        rows = self.db.execute(
            "SELECT id, article_id, created, reason, snapshot FROM revisions "
            "WHERE article_id = ? ORDER BY created DESC, id DESC",
            [article.id],
        ).fetchall()
        return [Revision(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]

    def get_revision(self, key: int | str, revision_id: int) -> Revision:
        """One snapshot of the story, or NotFound naming the command that lists them."""
        article = self.get_article(key)
        row = self.db.execute(
            "SELECT id, article_id, created, reason, snapshot FROM revisions "
            "WHERE id = ? AND article_id = ?",
            [revision_id, article.id],
        ).fetchone()
        if row is None:
            raise NotFound(
                f"'{article.slug}' has no version {revision_id}; "
                f"`desk history {article.slug}` lists its versions."
            )
        return Revision(row[0], row[1], row[2], row[3], json.loads(row[4]))

    def restore_revision(self, key: int | str, revision_id: int) -> Article:
        """Bring a story's text and fields back to a snapshot, keeping today's version too."""
        revision = self.get_revision(key, revision_id)
        with self.write():
            current = self.get_article(revision.article_id)
            self.add_revision(current.id, f"before restoring version {revision_id}", current)
            values = {k: revision.snapshot[k] for k in RESTORED_FIELDS if k in revision.snapshot}
            return self.update_article(current.id, **values)

    def _keep_history(self, before: Article, after: Article) -> None:
        """Snapshot the story as it was before this edit, when its last snapshot is old enough."""
        if not (before.headline or before.body_md):
            return  # nothing written yet: nothing to go back to
        if all(getattr(before, k) == getattr(after, k) for k in RESTORED_FIELDS):
            return
        last = self.db.execute(
            "SELECT max(created) FROM revisions WHERE article_id = ?", [before.id]
        ).fetchone()[0]
        if last and datetime.now(UTC) - _utc(last) < HISTORY_EVERY:
            return
        self.add_revision(before.id, "edited", before)
