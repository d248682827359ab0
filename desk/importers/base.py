"""What every importer yields (a plain ImportedStory), the format registry, and shared helpers.

Parsing is pure: an importer turns a file's bytes into ImportedStory values without touching
the store; desk.importers.commit puts one into the store in one transaction.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desk.errors import ImportFailed
from desk.text import binary_problem, bytes_to_text

if TYPE_CHECKING:
    from desk.images import PreparedPhoto

MB = 1024 * 1024
# Text formats larger than this are refused before reading: no story is 50 MB of text.
TEXT_LIMIT = 50 * MB
# How much of a file detection looks at.
HEAD_BYTES = 64 * 1024


@dataclass
class ImportedFigure:
    """A photo slot found in a source: caption, credit, alt text and (maybe) the photo itself."""

    caption: str = ""
    credit: str = ""
    alt: str = ""
    photo_path: Path | None = None  # a local file to import as the photo
    photo_bytes: bytes | None = None  # or the photo's bytes (e.g. embedded in a .docx)
    photo_name: str = ""  # the original file name, for the photo library
    lead: bool = False  # the story's lead photo (not placed in the body)
    # A photo the source only references on the web: the figure awaits it (never downloaded
    # here). The URL of the largest rendition, and its size in pixels when the source says.
    remote_url: str = ""
    remote_width: int = 0
    remote_height: int = 0
    prepared: PreparedPhoto | None = None  # the photo read and verified ahead (off the GUI)
    problem: str = ""  # why the photo could not be read, when preparing it failed


# A body block: a Markdown block (paragraph, subhead, list ...) or a figure.
Block = str | ImportedFigure


@dataclass
class ImportedStory:
    """A story parsed from a file, before it reaches the store. Times are ISO 8601 UTC."""

    headline: str = ""
    standfirst: str = ""
    byline: str = ""
    authors: list[str] = field(default_factory=list)
    dateline: str = ""
    section: str = ""
    agency: str = ""
    language: str = ""
    slug: str = ""
    status: str = ""
    created: str | None = None  # when the source says the story was written or published
    published: str | None = None  # only when the source records a publication of its own
    embargo: str | None = None
    notes: str = ""  # editor's notes and wire metadata: never exported
    body: list[Block] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    source: str = ""  # content hash (and position in the file), for spotting re-imports
    origin: str = ""  # the file it came from, for messages
    format: str = ""

    def figures(self) -> list[ImportedFigure]:
        """The story's figures, lead first if any, in body order."""
        return [b for b in self.body if isinstance(b, ImportedFigure)]

    def outline(self) -> list[dict[str, str]]:
        """The body as typed blocks (paragraph, subhead, figure ...), for tests and previews."""
        out: list[dict[str, str]] = []
        for block in self.body:
            if isinstance(block, ImportedFigure):
                out.append({"type": "figure", "caption": block.caption, "credit": block.credit})
            elif re.match(r"#{1,6} ", block):
                out.append({"type": "subhead", "text": block.lstrip("#").strip()})
            else:
                out.append({"type": "paragraph", "text": block})
        return out


# parse(path, data) -> stories; sniff(path, head) -> confidence 0..100.
Parser = Callable[[Path, bytes], list[ImportedStory]]
Sniffer = Callable[[Path, bytes], int]


@dataclass(frozen=True)
class Format:
    """An import format: how to recognise a file of it, and how to parse one."""

    name: str
    label: str
    parse: Parser
    sniff: Sniffer
    max_bytes: int = TEXT_LIMIT
    text: bool = True  # a text format: bytes that are not text are refused before parsing


FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Make a format available to detection, `--format` and the import dialog."""
    FORMATS[fmt.name] = fmt
    return fmt


# -- shared helpers ---------------------------------------------------------------------------


def wire_status(urgency: object, status: str) -> str:
    """A note for the desk: the agency's urgency (1 = most urgent) and a status not 'usable'."""
    parts = []
    if to_int(urgency):
        parts.append(f"Urgency {to_int(urgency)}")
    status = status.split(":")[-1].strip().lower()
    if status and status != "usable":
        parts.append(f"The agency marks it {status.upper()}: check before use")
    return "; ".join(parts)


def to_int(value: object) -> int:
    """A number from a field that should hold one (0 when it does not)."""
    try:
        return int(float(str(value)))
    except (TypeError, ValueError, OverflowError):
        return 0


def web_only(
    figure: ImportedFigure, url: str, width: object = 0, height: object = 0
) -> ImportedFigure:
    """Mark a figure whose photo is only on the web: it awaits the photo at that URL.

    The URL and the rendition's size are kept on the figure (remote_url, remote_width,
    remote_height) and the story's notes say where the photo is; nothing is downloaded here.
    """
    if figure.photo_path is None and figure.photo_bytes is None and re.match(r"https?://", url):
        figure.remote_url = url
        figure.remote_width, figure.remote_height = to_int(width), to_int(height)
        size = (
            f" ({figure.remote_width}×{figure.remote_height} pixels)"
            if figure.remote_width and figure.remote_height
            else ""
        )
        figure.problem = (
            f"Import: the photo {url}{size} is on the web; fetch it when online (Fetch Photo on "
            "its card, or desk image fetch SLUG)."
        )
    return figure


def fail(path: Path, what: str, todo: str) -> ImportFailed:
    """One sentence naming the file, what happened and what to do."""
    return ImportFailed(f"{path.name}: {what}; {todo}.")


def looks_binary(head: bytes) -> bool:
    """True when bytes are clearly not text (desk.text.binary_problem: the one rule)."""
    return bool(binary_problem(head))


def decode_text(data: bytes) -> str:
    """Bytes as text: a BOM's encoding, else UTF-8, else Windows-1252, newlines as \\n."""
    return bytes_to_text(data)


def clean_spaces(text: str) -> str:
    """No-break and odd spaces as plain spaces, zero-width characters removed."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2007", " ")
    text = re.sub(r"[\u200b\u200c\u200d\u2060\ufeff]", "", text)
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    """Whitespace collapsed to single spaces, ends trimmed."""
    return " ".join(text.split())


_BLOCK_START = re.compile(r"^(#{1,6}\s|>|[-*+]\s|\d+[.)]\s|={3,}|-{3,}|`{3}|~{3})")


_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def md_paragraph(text: str) -> str:
    """Plain text as a Markdown paragraph: a leading '#', '>', '-' or '1.' is escaped, and a
    '<' that would open an HTML tag ("<The Palace>") is written '&lt;' so no word is lost."""
    text = _TAG_START.sub("&lt;", squash(text))
    match = _BLOCK_START.match(text)
    if match:
        mark = match.group(0)
        if mark[0].isdigit():
            digits = re.match(r"\d+", mark).group(0)  # type: ignore[union-attr]  # mark starts with one
            return digits + "\\" + text[len(digits) :]
        return "\\" + text
    return text


MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


def month_number(name: str) -> int | None:
    """Month number from an English name or abbreviation ("Aug", "Sept", "August")."""
    name = name.lower().rstrip(".")
    for i, month in enumerate(MONTHS, 1):
        if len(name) >= 3 and month.startswith(name):
            return i
    return None


_ORD = r"(?:st|nd|rd|th)?"
_DATE_MDY = re.compile(rf"^(?P<m>[A-Za-z]{{3,9}})\.?\s+(?P<d>\d{{1,2}}){_ORD},?\s+(?P<y>\d{{4}})")
_DATE_DMY = re.compile(rf"^(?P<d>\d{{1,2}}){_ORD}\s+(?P<m>[A-Za-z]{{3,9}})\.?,?\s+(?P<y>\d{{4}})")


def iso_utc(moment: datetime) -> str:
    """A datetime as the store's ISO 8601 UTC form (naive times are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def date_only(year: int, month: int, day: int) -> str:
    """A calendar date as noon UTC: the same day on every clock from UTC-11 to UTC+11."""
    return iso_utc(datetime.combine(datetime(year, month, day).date(), time(12), tzinfo=UTC))


def parse_date(text: str) -> str | None:
    """An ISO, RFC 2822 or English ("Aug 20, 2019", "20 August 2019") date as ISO UTC, or None."""
    text = squash(text).strip(" ,.")
    if not text:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        y, m, d = (int(p) for p in text.split("-"))
        return _safe(date_only, y, m, d)
    if re.match(r"\d{4}-\d{2}-\d{2}[T ]\d", text):
        try:
            return iso_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            return None
    for pattern in (_DATE_MDY, _DATE_DMY):
        found = pattern.match(text)
        month = month_number(found["m"]) if found else None
        if found and month:
            return _safe(date_only, int(found["y"]), month, int(found["d"]))
    if re.match(r"([A-Za-z]{3},\s*)?\d{1,2} [A-Za-z]{3} \d{4} \d", text):
        try:
            return iso_utc(parsedate_to_datetime(text))
        except (TypeError, ValueError):
            return None
    return None


def _safe(make: Callable[..., str], *args: int) -> str | None:
    """make(*args), or None when the numbers are not a real date."""
    try:
        return make(*args)
    except ValueError:
        return None


def split_names(names: str) -> list[str]:
    """'A with B and C, D' -> [A, B, C, D]."""
    parts = re.split(r"\s*(?:,|;|&|\bwith\b|\band\b|\bund\b|\bet\b)\s*", names)
    return [squash(p) for p in parts if squash(p)]


def split_tags(text: str) -> list[str]:
    """'Syria, Conflict; idlib' -> tags, first spelling kept, case-insensitive duplicates gone."""
    seen: set[str] = set()
    tags: list[str] = []
    for part in re.split(r"[,;|]", text):
        tag = squash(part).strip(" .")
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags
