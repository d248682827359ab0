"""A story's history: full snapshots (versions) kept as it is edited, listed and compared.

Autosave writes a story every second or so while it is edited. History keeps a version:
  - of the copy as received (an import);
  - when a burst of editing has gone idle (the story as the burst left it, kept when the next
    edit comes after a pause of IDLE_AFTER or more);
  - during a long burst, the story before an edit at most every HISTORY_EVERY;
  - at every status change (the one before publishing above all), before a restore and after.
Old versions are thinned (thin()): all are kept for a day, then one an hour for a week, then one
a day; the copy as received, publications, restores and status changes are always kept.
Restoring is the articles' verb (desk.store.articles.Articles.restore): it brings back the text
and fields, not the status or slug, and keeps today's version first.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from desk.clock import parse_utc, utc_now
from desk.errors import NotFound
from desk.model import Article, Revision
from desk.store.db import Database

HISTORY_EVERY = timedelta(minutes=10)
IDLE_AFTER = timedelta(minutes=3)  # a pause this long ends a burst of editing
KEEP_ALL_FOR = timedelta(days=1)
HOURLY_FOR = timedelta(days=7)
AFTER_EDITING, EDITED = "after editing", "edited"
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
        """Before an edit lands: keep the story as the last burst of editing left it (after a
        pause), or as it was HISTORY_EVERY ago during a long burst; then thin old versions."""
        if not (before.headline or before.body_md):
            return  # nothing written yet: nothing to go back to
        if all(getattr(before, k) == getattr(after, k) for k in RESTORED_FIELDS):
            return
        now = datetime.now(UTC)
        last = self.db.value("SELECT max(created) FROM revisions WHERE article_id = ?", [before.id])
        idle = bool(before.modified) and now - parse_utc(before.modified) >= IDLE_AFTER
        if idle and not (last and parse_utc(last) >= parse_utc(before.modified)):
            self.add(before, AFTER_EDITING)
        elif not last or now - parse_utc(last) >= HISTORY_EVERY:
            self.add(before, EDITED)
        else:
            return
        self.thin(int(before.id or 0), now)

    def thin(self, article_id: int, now: datetime | None = None) -> int:
        """Drop versions the retention policy does not keep; returns how many went."""
        now = now or datetime.now(UTC)
        rows = self.db.query(
            "SELECT id, created, reason FROM revisions WHERE article_id = ? "
            "ORDER BY created DESC, id DESC",
            [article_id],
        )
        seen: set[str] = set()
        drop = []
        for revision_id, created, reason in rows:
            if reason not in (AFTER_EDITING, EDITED):
                continue  # as received, published, status changes, restores: always kept
            age = now - parse_utc(created)
            if age < KEEP_ALL_FOR:
                continue
            bucket = created[:13] if age < HOURLY_FOR else created[:10]  # the hour, or the day
            if bucket in seen:
                drop.append(revision_id)
            seen.add(bucket)
        if drop:
            marks = ", ".join("?" * len(drop))
            with self.db.transaction() as db:
                db.run(f"DELETE FROM revisions WHERE id IN ({marks})", drop)
        return len(drop)

    def delete_story(self, article_id: int) -> None:
        """Forget a deleted story's versions (inside the deleting transaction)."""
        with self.db.transaction() as db:
            db.run("DELETE FROM revisions WHERE article_id = ?", [article_id])
