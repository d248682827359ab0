"""What Desk remembers about publishing, in the store: publications and the outbox.

A publication (one per story and target) holds Desk's identifier of the story there (`key`,
made before anything is sent, so a retry after a crash finds what the first try created), the
remote ids of the post and its photos, and the last attempt's result. The outbox holds the
jobs waiting for a target to come back (queued, retried with backoff) or for a fix (failed).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

QUEUED, FAILED, PUBLISHED = "queued", "failed", "published"
FIRST_RETRY = 30  # seconds; doubled after each failed attempt
LAST_RETRY = 30 * 60
_PUB_COLUMNS = (
    "id, article_id, target, key, remote_id, remote_url, remote_status, media, result, "
    "result_state, attempted, published"
)


def now_utc() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """A time as stored: ISO 8601 UTC with seconds, e.g. 2026-11-25T11:52:29Z."""
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    """A stored time back as an aware datetime."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@dataclass
class Publication:
    """Where one story went on one target, and how the last attempt ended."""

    id: int
    article_id: int
    target: str
    key: str
    remote_id: str = ""
    remote_url: str = ""
    remote_status: str = ""
    media: dict[str, dict[str, Any]] = field(default_factory=dict)
    result: str = ""
    result_state: str = ""
    attempted: str = ""
    published: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain values, for JSON output."""
        return dict(self.__dict__)


@dataclass
class Job:
    """A story waiting in the outbox for a target."""

    id: int
    article_id: int
    slug: str
    headline: str
    target: str
    state: str
    attempts: int
    queued: str
    next_try: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        """Plain values, for JSON output."""
        return dict(self.__dict__)


def _publication(row: tuple) -> Publication:
    """A publications row as a Publication."""
    values = list(row)
    values[7] = json.loads(values[7] or "{}")
    return Publication(*values)


def publication(store: Any, article_id: int, target: str) -> Publication | None:
    """The story's publication on that target, if it was ever tried."""
    row = store.db.conn.execute(
        f"SELECT {_PUB_COLUMNS} FROM publications WHERE article_id = ? AND target = ?",
        [article_id, target],
    ).fetchone()
    return _publication(row) if row else None


def publications(store: Any, article_id: int) -> list[Publication]:
    """Every target the story was published (or tried) to, by target name."""
    rows = store.db.conn.execute(
        f"SELECT {_PUB_COLUMNS} FROM publications WHERE article_id = ? ORDER BY target",
        [article_id],
    ).fetchall()
    return [_publication(r) for r in rows]


def ensure_publication(store: Any, article_id: int, target: str) -> Publication:
    """The publication row, made with a fresh key before anything is sent."""
    found = publication(store, article_id, target)
    if found:
        return found
    with store.transaction() as db:
        db.run(
            "INSERT INTO publications (article_id, target, key) VALUES (?, ?, ?)",
            [article_id, target, uuid.uuid4().hex],
        )
    made = publication(store, article_id, target)
    assert made is not None
    return made


def apply_event(store: Any, publication_id: int, event: str, data: dict[str, Any]) -> None:
    """Record one step of a publish as soon as it happened on the target (see Ledger)."""
    with store.transaction() as db:
        row = db.run("SELECT media FROM publications WHERE id = ?", [publication_id]).fetchone()
        if row is None:
            return  # the story was deleted meanwhile
        media = json.loads(row[0] or "{}")
        if event == "media":
            media[str(data["figure"])] = {k: v for k, v in data.items() if k != "figure"}
        elif event == "media_gone":
            media.pop(str(data["figure"]), None)
        elif event == "post":
            db.run(
                "UPDATE publications SET remote_id = ?, remote_url = ?, remote_status = ? "
                "WHERE id = ?",
                [str(data["id"]), data.get("url", ""), data.get("status", ""), publication_id],
            )
        db.run(
            "UPDATE publications SET media = ? WHERE id = ?",
            [json.dumps(media, sort_keys=True), publication_id],
        )


def forget_remote(store: Any, publication_id: int) -> None:
    """Drop the remembered post id (the next publish looks the post up by its key)."""
    with store.transaction() as db:
        db.run("UPDATE publications SET remote_id = '' WHERE id = ?", [publication_id])


def backoff(attempts: int) -> timedelta:
    """How long to wait before the next try after this many failed ones."""
    return timedelta(seconds=min(LAST_RETRY, FIRST_RETRY * 2 ** max(0, attempts - 1)))


def settle(
    store: Any,
    article_id: int,
    target: str,
    state: str,
    message: str,
    moment: datetime | None = None,
    result: str | None = None,
) -> Job | None:
    """Record how an attempt ended: published leaves the outbox, queued waits (with backoff),
    failed stays listed until it is fixed and tried again. Returns the job when one waits.
    message: why it waits (the outbox); result: the whole sentence for the story's row."""
    moment = moment or now_utc()
    stamp = iso(moment)
    with store.transaction() as db:
        published = ", published = ?" if state == PUBLISHED else ""
        params = [result or message, state, stamp] + ([stamp] if published else [])
        db.run(
            "UPDATE publications SET result = ?, result_state = ?, attempted = ?"
            f"{published} WHERE article_id = ? AND target = ?",
            [*params, article_id, target],
        )
        if state == PUBLISHED:
            db.run("DELETE FROM outbox WHERE article_id = ? AND target = ?", [article_id, target])
            return None
        row = db.run(
            "SELECT attempts FROM outbox WHERE article_id = ? AND target = ?",
            [article_id, target],
        ).fetchone()
        attempts = (row[0] if row else 0) + 1
        next_try = iso(moment + backoff(attempts)) if state == QUEUED else ""
        db.run(
            "INSERT INTO outbox (article_id, target, state, attempts, queued, next_try, message) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, target) DO UPDATE SET "
            "state = excluded.state, attempts = excluded.attempts, "
            "next_try = excluded.next_try, message = excluded.message",
            [article_id, target, state, attempts, stamp, next_try, message],
        )
    return next(j for j in outbox(store) if j.article_id == article_id and j.target == target)


def drop_job(store: Any, article_id: int, target: str) -> bool:
    """Take a job out of the outbox (the user gave up on it); True if there was one."""
    with store.transaction() as db:
        cursor = db.run(
            "DELETE FROM outbox WHERE article_id = ? AND target = ?", [article_id, target]
        )
        return cursor.rowcount > 0


def outbox(store: Any) -> list[Job]:
    """Every waiting job, the next to try first (failed ones last)."""
    rows = store.db.conn.execute(
        "SELECT o.id, o.article_id, a.slug, a.headline, o.target, o.state, o.attempts, "
        "o.queued, o.next_try, o.message FROM outbox o JOIN articles a ON a.id = o.article_id "
        "ORDER BY o.state = 'failed', o.next_try, o.id"
    ).fetchall()
    return [Job(*row) for row in rows]


def due_jobs(store: Any, moment: datetime | None = None) -> list[Job]:
    """Queued jobs whose next try has come."""
    stamp = iso(moment or now_utc())
    return [j for j in outbox(store) if j.state == QUEUED and j.next_try <= stamp]


def waiting_stories(store: Any) -> dict[int, str]:
    """Story id -> 'queued' or 'failed', for the library's marker of stories not out yet."""
    rows = store.db.conn.execute(
        "SELECT article_id, min(state) FROM outbox GROUP BY article_id"
    ).fetchall()
    return {int(article_id): state for article_id, state in rows}
