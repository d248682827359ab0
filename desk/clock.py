"""Time stamps as the store keeps them: ISO 8601 in UTC with milliseconds and a Z."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> str:
    """Now as ISO 8601 UTC with milliseconds, e.g. 2026-11-25T11:52:29.123Z."""
    return to_iso(datetime.now(UTC))


def to_iso(moment: datetime) -> str:
    """An aware datetime as the store writes it (UTC, milliseconds, Z)."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_utc(iso: str) -> datetime:
    """A stored time as an aware datetime (naive values are taken as UTC)."""
    moment = datetime.fromisoformat(iso.strip().replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
