"""A story's history: full snapshots (versions) kept as it is edited, listed and compared.

Autosave writes a story every second or so while it is edited; history keeps the story as it
was before an edit at most every HISTORY_EVERY, and always the copy as received (an import),
before it is published or restored, and at status changes. Restoring is the articles' verb
(desk.store.articles.Articles.restore): it brings back the text and fields, not the status or
slug, and keeps today's version first.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from desk.clock import parse_utc, utc_now
from desk.errors import NotFound
from desk.model import Article, Revision
from desk.store.db import Database

HISTORY_EVERY = timedelta(minutes=10)
# What a restore brings back (and what counts as a change worth a version).
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
    "alert",
    "target_words",
)
AS_RECEIVED = "as received"


class History:
    """Snapshots of stories (the revisions table)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, article: Article, reason: str) -> int:
        """Keep a full snapshot of the story as given; returns the version's id."""
        assert article.id is not None
        snapshot = json.dumps(article.to_dict(), ensure_ascii=False)
        with self.db.transaction() as db:
            return db.insert(
                "revisions",
                {
                    "article_id": article.id,
                    "created": utc_now(),
                    "reason": reason,
                    "snapshot": snapshot,
                },
            )

    def versions(self, article_id: int) -> list[Revision]:
        """A story's snapshots, newest first."""
        rows = self.db.query(
            "SELECT id, article_id, created, reason, snapshot FROM revisions "
            "WHERE article_id = ? ORDER BY created DESC, id DESC",
            [article_id],
        )
        return [Revision(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]

    def get(self, article: Article, revision_id: int) -> Revision:
        """One snapshot of the story, or NotFound naming the command that lists them."""
        row = self.db.one(
            "SELECT id, article_id, created, reason, snapshot FROM revisions "
            "WHERE id = ? AND article_id = ?",
            [revision_id, article.id],
        )
        if row is None:
            raise NotFound(
                f"'{article.slug}' has no version {revision_id}; "
                f"`desk history {article.slug}` lists its versions."
            )
        return Revision(row[0], row[1], row[2], row[3], json.loads(row[4]))

    def keep(self, before: Article, after: Article) -> None:
        """Snapshot the story as it was before this edit, when its last snapshot is old enough."""
        if not (before.headline or before.body_md):
            return  # nothing written yet: nothing to go back to
        if all(getattr(before, k) == getattr(after, k) for k in RESTORED_FIELDS):
            return
        last = self.db.value("SELECT max(created) FROM revisions WHERE article_id = ?", [before.id])
        if last and datetime.now(UTC) - parse_utc(last) < HISTORY_EVERY:
            return
        self.add(before, "edited")

    def delete_story(self, article_id: int) -> None:
        """Forget a deleted story's versions (inside the deleting transaction)."""
        with self.db.transaction() as db:
            db.run("DELETE FROM revisions WHERE article_id = ?", [article_id])
