"""Embargoes: a time before which a story must not be published, put on a site, in a feed or a
sitemap (desk.site), or exported (unless for a partner who keeps the embargo).

One owner for reading what a user types ('2026-12-03 10:00' in local time, or with a zone:
'2026-12-03T09:00Z') and for whether a story is still under embargo.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from desk.errors import BadInput

CLEAR = {"", "none", "no", "off", "-"}
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EXAMPLE = "2026-12-03 10:00 (your local time) or 2026-12-03T09:00Z"


def parse_embargo(text: str | None, now: datetime | None = None) -> str | None:
    """What a user typed as the stored embargo (ISO 8601 UTC, seconds), None to clear it; a
    time without a zone is the computer's local time. BadInput (one sentence) otherwise."""
    typed = " ".join(str(text or "").split())
    if typed.casefold() in CLEAR:
        return None
    if _DATE_ONLY.match(typed) and _is_date(typed):
        raise BadInput(
            f"The embargo '{typed}' has no time of day; give a date and time, e.g. {EXAMPLE}."
        )
    try:
        moment = datetime.fromisoformat(typed.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise BadInput(
            f"'{typed}' is not a date and time Desk can read; give the embargo as {EXAMPLE}."
        ) from None
    if moment.tzinfo is None:
        moment = local_moment(moment, typed)
    return iso(moment)


def _is_date(typed: str) -> bool:
    """True for a date that exists ('2026-12-03'; not '2026-13-45', which is no date at all)."""
    try:
        date.fromisoformat(typed)
    except ValueError:
        return False
    return True


def local_moment(naive: datetime, typed: str) -> datetime:
    """A time typed without a zone, in the computer's local time. A time the clocks skip (they
    go forward an hour in spring) is refused, since every reading of it would be a guess; of
    a time the clocks show twice (when they go back), the later, so an embargo never lifts
    before the time it says."""
    early = naive.replace(fold=0).astimezone()
    late = naive.replace(fold=1).astimezone()
    if naive not in (early.replace(tzinfo=None), late.replace(tzinfo=None)):
        raise BadInput(
            f"'{typed}' does not exist in this computer's time zone (the clocks skip it when "
            f"they go forward); give a time after the change, or with a zone, e.g. {EXAMPLE}."
        )
    return max(early, late)


def iso(moment: datetime) -> str:
    """A time as an embargo is stored: 2026-12-03T09:00:00Z."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def embargo_time(value: str | None) -> datetime | None:
    """A stored embargo as an aware datetime (None when there is none or it cannot be read)."""
    from desk.storydates import parse

    return parse(value)


def embargoed(article: Any, now: datetime | None = None) -> bool:
    """True while the story's embargo is still to come (or set but unreadable: kept back)."""
    if not getattr(article, "embargo", None):
        return False
    until = embargo_time(article.embargo)
    return until is None or until > (now or datetime.now(UTC))


def human(value: str | None, language: str = "en") -> str:
    """An embargo for a reader: '3 December 2026, 09:00 UTC' (the stored text when unreadable)."""
    from desk import pagewords

    if not value:
        return ""
    if embargo_time(value) is None:
        return str(value)
    return pagewords.human_date(value, language)


def refusal(article: Any) -> str:
    """Why an embargoed story was not exported, and how to send it anyway (one sentence)."""
    return (
        f"'{article.slug}' is embargoed until {human(article.embargo)}; it was not exported "
        "(export it before then only for a partner who keeps the embargo: --ignore-embargo, "
        "or “Export before the embargo” in the Export dialog)."
    )


def held_stories(store: Any, now: datetime | None = None) -> dict[int, str]:
    """Every story still under embargo, by id: its embargo (one query; for the library)."""
    now = now or datetime.now(UTC)
    rows = store.db.query(
        "SELECT id, embargo FROM articles WHERE embargo IS NOT NULL AND embargo != ''"
    )
    return {i: e for i, e in rows if _held(e, now)}


def of_story(store: Any, article_id: int) -> str:
    """One story's stored embargo ('' for none), without reading its body."""
    row = store.db.one("SELECT embargo FROM articles WHERE id = ?", [article_id])
    return str(row[0] or "") if row else ""


def _held(value: str, now: datetime) -> bool:
    """True when a stored embargo is still to come (or unreadable)."""
    until = embargo_time(value)
    return until is None or until > now
