"""Updates, corrections and withdrawals of published stories: what readers are told changed.

After a story is published, an edit can be marked as an update ("Adds the minister's
statement") or a correction ("An earlier version misspelled …"), with a note readers see; the
page prints them (desk.export), JSON-LD carries each correction as a CorrectionComment and
dateModified (desk.structured), ninjs carries the version (desk.ninjs). A story can be
withdrawn (killed): the next site export leaves it out of every listing, the feed and the
sitemap, and puts a notice at its address (desk.site). Kept in the article_amendments table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from desk.clock import utc_now
from desk.errors import BadInput

UPDATE, CORRECTION, WITHDRAWAL = "update", "correction", "withdrawal"
KINDS = (UPDATE, CORRECTION, WITHDRAWAL)
NOTE_MAX = 1000
_COLUMNS = "id, article_id, kind, note, time"


@dataclass(frozen=True)
class Amendment:
    """One update, correction or withdrawal of a published story."""

    id: int
    article_id: int
    kind: str
    note: str
    time: str

    def to_dict(self) -> dict[str, Any]:
        """Plain values, for JSON output."""
        return asdict(self)


def for_story(store: Any, article_id: int) -> list[Amendment]:
    """A story's updates, corrections and withdrawal, oldest first."""
    rows = store.db.query(
        f"SELECT {_COLUMNS} FROM article_amendments WHERE article_id = ? ORDER BY time, id",
        [article_id],
    )
    return [Amendment(*row) for row in rows]


def add(store: Any, key: int | str, kind: str, note: str, when: str | None = None) -> Amendment:
    """Record an update, correction or withdrawal of a published story (BadInput, one
    sentence, when the story is not published, already withdrawn, or the note is empty)."""
    if kind not in KINDS:
        raise BadInput(f"'{kind}' is not a kind of change; use update, correction or withdrawal.")
    clean = " ".join(str(note or "").split())
    word = {UPDATE: "update", CORRECTION: "correction", WITHDRAWAL: "withdrawal"}[kind]
    if not clean:
        raise BadInput(f"Say in a note what the {word} is; readers see it on the page.")
    if len(clean) > NOTE_MAX:
        raise BadInput(f"The note is {len(clean)} characters; keep it under {NOTE_MAX}.")
    with store.transaction() as db:
        article = store.articles.get(key)
        article_id = int(article.id or 0)
        if not article.published:
            raise BadInput(
                f"'{article.slug}' is not published yet, so there is nothing to "
                f"{'withdraw' if kind == WITHDRAWAL else 'mark'}; just edit it."
            )
        if withdrawal(for_story(store, article_id)) is not None:
            raise BadInput(f"'{article.slug}' was withdrawn; it can no longer change.")
        time = when or utc_now()
        new_id = db.insert(
            "article_amendments",
            {"article_id": article_id, "kind": kind, "note": clean, "time": time},
        )
    return Amendment(int(new_id), article_id, kind, clean, time)


def amendable(store: Any, article_id: int) -> bool:
    """True when add() can take an update, correction or withdrawal of this story: it is
    published and not withdrawn (read without the story's body)."""
    row = store.db.one("SELECT published FROM articles WHERE id = ?", [article_id])
    if row is None or not row[0]:
        return False
    return withdrawal(for_story(store, article_id)) is None


def withdrawal(amendments: Iterable[Amendment]) -> Amendment | None:
    """The story's withdrawal, if it was withdrawn."""
    return next((a for a in amendments if a.kind == WITHDRAWAL), None)


def corrections(amendments: Iterable[Amendment]) -> list[Amendment]:
    """The corrections, oldest first."""
    return [a for a in amendments if a.kind == CORRECTION]


def version(amendments: Iterable[Amendment]) -> int:
    """The published version readers have: 1, and one more for each update or correction."""
    return 1 + sum(1 for a in amendments if a.kind in (UPDATE, CORRECTION))


def page_notes(amendments: Iterable[Amendment]) -> list[dict[str, str]]:
    """What the page prints of a story's corrections and updates (kind, note, time), newest
    first."""
    shown = [a for a in amendments if a.kind in (UPDATE, CORRECTION)]
    return [{"kind": a.kind, "note": a.note, "time": a.time} for a in reversed(shown)]


def shown_status(status: str, withdrawn: bool) -> str:
    """The status a listing shows: a withdrawn story stays published (its address shows the
    notice) but is listed as withdrawn, never as if nothing had happened."""
    return "withdrawn" if withdrawn else status


def withdrawn(store: Any) -> dict[int, Amendment]:
    """Every withdrawn story's withdrawal, by story id (the last, when there were several)."""
    rows = store.db.query(
        f"SELECT {_COLUMNS} FROM article_amendments WHERE kind = ? ORDER BY time, id", [WITHDRAWAL]
    )
    return {row[1]: Amendment(*row) for row in rows}
