"""ANPA 1312 (the American wire format): SYN SYN SOH, a service line, STX, text, ETX, trailer.

    SYN SYN SOH "a0123" US                      selector and message number
    "u i BC-Syria-Fighting 1st Ld-Writethru 08-20 0567"   priority, category, slug, version,
                                                 date (MM-DD) and word count
    STX ^headline< ^By NAME=< ^Associated Press=< <TAB>BEIRUT (AP) _ text ...  ETX
    "AP-WS-08-20-19 1213GMT" EOT                 who sent it, and when (MM-DD-YY HHMM)

Lines starting '^' are header lines (headline, byline, "Eds:" notes); indented lines start
paragraphs (see desk.importers.agency). Slug, priority, category and version go to the notes.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from desk.importers.agency import ETX, SOH, STX, fill_story
from desk.importers.base import Format, ImportedStory, decode_text, fail, iso_utc, register

_SERVICE = re.compile(
    r"(?:^|\s)(?P<priority>[a-z])\s+(?P<category>[a-z])\s+"
    r"(?P<slug>(?:am-|pm-|bc-)?[A-Za-z][\w-]*)(?P<version>[^\n]*?)\s+"
    r"(?P<date>\d{1,2}-\d{1,2})\s+(?P<words>\d{3,5})\b",
    re.IGNORECASE,
)
_TRAILER = re.compile(
    r"(?P<who>[A-Za-z]+(?:-[A-Za-z]+)*)-(?P<date>\d{2}-\d{2}-\d{2})\s+(?P<time>\d{4})"
)
PRIORITIES = {"f": "flash", "b": "bulletin", "u": "urgent", "r": "regular", "d": "deferred"}


def messages(text: str) -> list[str]:
    """The messages in a file, each from SOH to the next."""
    return [p for p in text.split(SOH)[1:] if STX in p]


def parse_message(message: str) -> ImportedStory:
    """One ANPA 1312 message as a story."""
    head, _, rest = message.partition(STX)
    body, _, trailer = rest.partition(ETX)
    story = ImportedStory(format="anpa1312")
    head = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", head)
    service = _SERVICE.search(head)
    if service:
        story.notes = _service_note(service)
    fill_story(story, body.split("\n"))
    sent = _TRAILER.search(trailer)
    if sent:
        story.created = _sent_time(sent)
        if sent["who"].split("-")[0].isupper():
            story.agency = story.agency or sent["who"].split("-")[0]
    return story


def _service_note(service: re.Match[str]) -> str:
    """The service line, readable: slug, version, priority, category, word count."""
    priority = PRIORITIES.get(service["priority"].lower(), service["priority"])
    version = " ".join(service["version"].split())
    return (
        f"Slug: {service['slug']}" + (f" ({version})" if version else "") + "\n"
        f"Priority {service['priority']} ({priority}), category {service['category']}, "
        f"{int(service['words'])} words"
    )


def _sent_time(sent: re.Match[str]) -> str | None:
    """The trailer's MM-DD-YY HHMM as ISO UTC."""
    try:
        moment = datetime.strptime(sent["date"] + sent["time"], "%m-%d-%y%H%M")
    except ValueError:
        return None
    return iso_utc(moment)


def parse(path: Path, data: bytes) -> list[ImportedStory]:
    """Every message in an ANPA 1312 file, one story each."""
    found = messages(decode_text(data))
    if not found:
        raise fail(path, "no ANPA 1312 message (SOH ... STX ... ETX) was found", "check the file")
    return [parse_message(m) for m in found]


def sniff(path: Path, head: bytes) -> int:
    """SYN SYN SOH, or SOH with an ANPA service line, and an STX."""
    start = head.lstrip(b"\r\n ")
    if b"\x02" not in head:
        return 0
    if start.startswith(b"\x16\x16\x01") or start.startswith(b"\x16\x01"):
        return 95
    if start.startswith(b"\x01"):
        before = head.split(b"\x02", 1)[0].decode("latin-1")
        return 90 if _SERVICE.search(re.sub(r"[\x00-\x1f]", " ", before)) else 0
    return 0


FORMAT = register(Format("anpa1312", "ANPA 1312 wire text", parse, sniff))
