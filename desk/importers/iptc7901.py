"""IPTC 7901, the agencies' classic text format: SOH, a header, the keyword, STX, text, ETX.

    SOH "AFP0123 3 POL 0412 ..." LF      source and number, priority, category, word count
    "SYRIA-CONFLICT-IDLIB" LF            keyword (slugline), up to STX
    STX headline LF text ... ETX         the story (see desk.importers.agency)
    "201213 GMT AUG 19" EOT              the time it was sent (day, hour, minute, month, year)

A file may hold several messages; each becomes a story. The header's fields go to the story's
notes (slug, priority, category), where an editor sees them and an export never does.
"""

from __future__ import annotations

import re
from pathlib import Path

from desk.importers.agency import ETX, SOH, STX, fill_story
from desk.importers.base import (
    Format,
    ImportedStory,
    decode_text,
    fail,
    iso_utc,
    month_number,
    register,
    squash,
)

_HEADER = re.compile(
    r"^\s*(?P<source>[A-Za-z]{0,5})\s?(?P<number>\d{1,6})\s+(?P<priority>\d)\s+"
    r"(?P<category>[A-Za-z]{1,3})\s+(?P<words>\d{1,5})\b\s*(?P<rest>.*)$"
)
_SENT = re.compile(
    r"(?P<d>\d{2})(?P<h>\d{2})(?P<mi>\d{2})\s*(?:GMT|UTC|Z)?\s+(?P<mon>[A-Za-z]{3})\s+(?P<y>\d{2,4})"
)
PRIORITIES = {"1": "flash", "2": "urgent", "3": "bulletin", "4": "regular", "5": "regular"}


def messages(text: str) -> list[str]:
    """The messages in a file: each from SOH to the next SOH (or the end)."""
    parts = text.split(SOH)
    return [p for p in parts[1:] if STX in p] if len(parts) > 1 else []


def parse_message(message: str) -> ImportedStory:
    """One IPTC 7901 message as a story."""
    head, _, rest = message.partition(STX)
    body, _, trailer = rest.partition(ETX)
    story = ImportedStory(format="iptc7901")
    head_lines = [squash(line) for line in head.split("\n") if line.strip()]
    notes = []
    if head_lines:
        header = _HEADER.match(head_lines[0])
        if header:
            notes.append(_header_note(header))
            if header["source"]:
                story.agency = header["source"].upper()
            head_lines = head_lines[1:]
    if head_lines:
        notes.insert(0, "Slug: " + " ".join(head_lines).rstrip("/ "))
    story.notes = "\n".join(notes)
    fill_story(story, body.split("\n"))
    story.created = sent_time(trailer)
    return story


def _header_note(header: re.Match[str]) -> str:
    """The header's numbers, readable: priority, category, word count, message number."""
    priority = PRIORITIES.get(header["priority"], header["priority"])
    return (
        f"Priority {header['priority']} ({priority}), category {header['category']}, "
        f"{int(header['words'])} words, message {header['source']}{header['number']}"
    )


def sent_time(trailer: str) -> str | None:
    """The post-text time 'DDHHMM GMT MON YY' as ISO UTC, or None."""
    from datetime import datetime

    m = _SENT.search(trailer)
    if not m:
        return None
    month = month_number(m["mon"])
    if month is None:
        return None
    year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
    try:
        return iso_utc(datetime(year, month, int(m["d"]), int(m["h"]), int(m["mi"])))
    except (ValueError, TypeError):
        return None


def parse(path: Path, data: bytes) -> list[ImportedStory]:
    """Every message in an IPTC 7901 file, one story each."""
    found = messages(decode_text(data))
    if not found:
        raise fail(path, "no IPTC 7901 message (SOH ... STX ... ETX) was found", "check the file")
    return [parse_message(m) for m in found]


def sniff(path: Path, head: bytes) -> int:
    """SOH then a 7901 header line, and an STX."""
    start = head.lstrip(b"\r\n ")
    if start.startswith(b"\x01") and b"\x02" in head:
        first = start[1:].split(b"\n", 1)[0].decode("latin-1")
        return 85 if _HEADER.match(first) else 60
    return 0


FORMAT = register(Format("iptc7901", "IPTC 7901 wire text", parse, sniff))
