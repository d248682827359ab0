"""Each story's last check, kept in the store so the library shows it at a glance.

A story's check state is blocked (something blocks publication), warnings (something deserves
a look) or clean. It is written off the typing path: after the window's saves (in the save
lane), by `desk edit`, and by a background sweep that finds the stories whose state is out of
date. A state records a fingerprint of what was checked (the story's modified stamp, its figure
rows and photos, tags, updates, embargo, the thresholds and the rules), so `stale()` finds the
stories an import, a command or a change of settings left unchecked, without checking them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from desk import embargo
from desk.clock import utc_now
from desk.errors import NotFound
from desk.store.rows import NEWEST_FIRST

if TYPE_CHECKING:  # the rules load when a check runs, not with the library
    from desk import checks

BLOCKED, WARNINGS, CLEAN = "blocked", "warnings", "clean"
STATES = (BLOCKED, WARNINGS, CLEAN)
UNCHECKED, EMBARGOED = "unchecked", "embargoed"  # more ways the library and `desk list` filter
FILTERS = (*STATES, UNCHECKED, EMBARGOED)
# Bump when a rule changes what it finds, so every story is checked again.
RULES_VERSION = "1"


class Mark(NamedTuple):
    """A story's last check: its state, how many problems of each kind, the first of them
    (a named tuple: the library makes 10,000 of them per listing)."""

    state: str
    blocking: int = 0
    warnings: int = 0
    summary: str = ""

    @property
    def text(self) -> str:
        """'2 to fix, 3 to look at', '3 to look at', 'Ready to publish'."""
        parts = []
        if self.blocking:
            parts.append(f"{self.blocking} to fix")
        if self.warnings:
            parts.append(f"{self.warnings} to look at")
        return ", ".join(parts) or "Nothing to fix"


def mark_of(problems: list[checks.Problem]) -> Mark:
    """The mark a list of problems earns."""
    blocking = sum(1 for p in problems if p.blocking)
    warnings = len(problems) - blocking
    state = BLOCKED if blocking else WARNINGS if warnings else CLEAN
    return Mark(state, blocking, warnings, problems[0].message if problems else "")


def settings_key(values: dict[str, Any]) -> str:
    """The part of the settings the rules read, as text (a change makes every state stale)."""
    keys = sorted(k for k in values if k.startswith(("limits.", "checks.", "export.publisher")))
    return json.dumps({k: values[k] for k in keys}, sort_keys=True, default=str)


def fingerprint(
    modified: str,
    figures: Iterable[tuple],
    tags: Iterable[int],
    amendments: int,
    held: bool,
    settings: str,
) -> str:
    """A short hash of everything a story's check depends on."""
    data = json.dumps(
        [RULES_VERSION, modified, sorted(figures), sorted(tags), amendments, held, settings],
        default=str,
    )
    return hashlib.sha1(data.encode(), usedforsecurity=False).hexdigest()[:20]


def fingerprints(
    store: Any,
    ids: list[int] | None = None,
    now: datetime | None = None,
    settings: dict[str, Any] | None = None,
) -> dict[int, str]:
    """The current fingerprint of every story (or of these), in a few queries."""
    now = now or datetime.now(UTC)
    where, params = ("", []) if ids is None else (_in("id", ids), list(ids))
    articles = store.db.query(f"SELECT id, modified, embargo FROM articles {where}", params)
    where_a, _ = ("", []) if ids is None else (_in("article_id", ids), ids)
    figures: dict[int, list[tuple]] = {}
    for row in store.db.query(
        f"SELECT article_id, id, image_id, caption, credit, alt FROM article_images {where_a}",
        params,
    ):
        figures.setdefault(row[0], []).append(tuple(row[1:]))
    tags: dict[int, list[int]] = {}
    for article_id, tag_id in store.db.query(
        f"SELECT article_id, tag_id FROM article_tags {where_a}", params
    ):
        tags.setdefault(article_id, []).append(tag_id)
    amendments = dict(
        store.db.query(
            f"SELECT article_id, count(*) FROM article_amendments {where_a} GROUP BY article_id",
            params,
        )
    )
    from desk import checks

    key = settings_key(checks.rule_settings() if settings is None else settings)
    out = {}
    for article_id, modified, until in articles:
        held = embargo.embargoed(_Embargo(until), now)
        out[article_id] = fingerprint(
            modified,
            figures.get(article_id, []),
            tags.get(article_id, []),
            amendments.get(article_id, 0),
            held,
            key,
        )
    return out


@dataclass
class _Embargo:
    """Just enough of an Article for embargo.embargoed()."""

    embargo: str | None


def _in(column: str, ids: list[int]) -> str:
    """'WHERE column IN (?, ?, ...)' for these ids."""
    return f"WHERE {column} IN ({', '.join('?' * len(ids))})"


def refresh(
    store: Any,
    article_id: int,
    now: datetime | None = None,
    settings: dict[str, Any] | None = None,
) -> Mark:
    """Check a story as the store holds it and record its mark; returns the mark."""
    from desk import checks

    settings = checks.rule_settings() if settings is None else settings
    stamp = fingerprints(store, [article_id], now, settings).get(article_id)
    if stamp is None:
        raise NotFound(f"There is no story {article_id}; it may have been deleted.")
    mark = mark_of(
        checks.check_stored(store, article_id, settings=settings, now=now, writing=False)
    )
    record(store, article_id, mark, stamp)
    return mark


def record(store: Any, article_id: int, mark: Mark, stamp: str) -> None:
    """Write a story's mark (one row; the story's own row and modified stamp are untouched)."""
    with store.transaction() as db:
        db.run(
            "INSERT INTO article_checks (article_id, state, blocking, warnings, summary, stamp,"
            " checked) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE SET"
            " state = excluded.state, blocking = excluded.blocking,"
            " warnings = excluded.warnings, summary = excluded.summary,"
            " stamp = excluded.stamp, checked = excluded.checked",
            [
                article_id,
                mark.state,
                mark.blocking,
                mark.warnings,
                mark.summary,
                stamp,
                utc_now(),
            ],
        )


def marks(store: Any) -> dict[int, Mark]:
    """Every story's last mark, by id (stories never checked are absent): one query."""
    rows = store.db.query(
        "SELECT article_id, state, blocking, warnings, summary FROM article_checks"
    )
    return {row[0]: Mark._make(row[1:]) for row in rows}


def stale(store: Any, now: datetime | None = None) -> list[int]:
    """Stories whose mark is missing or out of date, newest-modified first."""
    current = fingerprints(store, now=now)
    stored = dict(store.db.query("SELECT article_id, stamp FROM article_checks"))
    newest = f"SELECT a.id FROM articles a ORDER BY {NEWEST_FIRST}"
    order = [r[0] for r in store.db.query(newest)]
    return [i for i in order if i in current and stored.get(i) != current[i]]


def sweep(
    store: Any,
    ids: list[int],
    cancelled: Callable[[], bool] | None = None,
    now: datetime | None = None,
) -> int:
    """Check these stories and record their marks (stopping when cancelled); how many."""
    from desk import checks

    settings = checks.rule_settings()
    done = 0
    for article_id in ids:
        if cancelled is not None and cancelled():
            break
        try:
            refresh(store, article_id, now, settings)
        except NotFound:
            pass  # deleted meanwhile
        done += 1
    return done


def matches(article_id: int, check: str, marks: dict[int, Mark], held: dict[int, str]) -> bool:
    """True when a story passes a check filter (one of FILTERS; held: embargo.held_stories)."""
    if check == EMBARGOED:
        return article_id in held
    mark = marks.get(article_id)
    if check == UNCHECKED:
        return mark is None
    return mark is not None and mark.state == check
