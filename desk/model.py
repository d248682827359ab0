"""Dataclasses for what Desk keeps: stories, photos, figures, tags. No I/O, no Qt."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields

from desk.errors import BadInput


class Status(enum.StrEnum):
    """Where a story stands in the newsroom's workflow."""

    DRAFT = "draft"
    EDITING = "editing"
    READY = "ready"
    PUBLISHED = "published"
    SPIKED = "spiked"

    @classmethod
    def parse(cls, value: str) -> Status:
        """Accept a status name in any case, or say which ones exist."""
        try:
            return cls(value.strip().lower())
        except ValueError:
            names = ", ".join(s.value for s in cls)
            raise BadInput(f"'{value}' is not a story status; use one of {names}.") from None


MAX_TARGET_WORDS = 100_000


def target_words_value(value: object) -> int:
    """A story's target word count from what was given ('' or None: none), or BadInput."""
    if value in (None, ""):
        return 0
    try:
        number = int(str(value).strip().replace(",", ""))
    except ValueError:
        number = -1
    if not 0 <= number <= MAX_TARGET_WORDS:
        raise BadInput(
            f"'{value}' is not a target word count; give a whole number from 0 (none) to "
            f"{MAX_TARGET_WORDS:,}."
        )
    return number


class Record:
    """Mixin for dataclasses printed as JSON."""

    def to_dict(self) -> dict:
        """A plain dict of the fields, for JSON output."""
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]


# Fields a user edits; everything else on Article is kept by the store.
EDITABLE_FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "byline",
    "authors",
    "dateline",
    "section",
    "status",
    "language",
    "body_md",
    "notes",
    "agency",
    "embargo",
    "alert",
    "target_words",
)


@dataclass
class Article(Record):
    """One story as the store holds it. Times are ISO 8601 strings in UTC."""

    id: int | None = None
    slug: str = ""
    headline: str = ""
    standfirst: str = ""
    byline: str = ""
    authors: list[str] = field(default_factory=list)
    dateline: str = ""
    section: str = ""
    status: str = Status.DRAFT.value
    language: str = "en"
    body_md: str = ""
    notes: str = ""
    agency: str = ""
    created: str = ""
    modified: str = ""
    published: str | None = None
    embargo: str | None = None
    word_count: int = 0
    source: str | None = None
    source_date: str | None = None  # when the source (a wire, a page) dated the story
    alert: str = ""  # the alert/SMS line (counted against limits.alert)
    target_words: int = 0  # the length the story is written to (0: none set)


@dataclass
class ArticleSummary(Record):
    """What the library list shows for a story, without its body."""

    id: int
    slug: str
    headline: str
    status: str
    section: str
    modified: str
    word_count: int


@dataclass
class SearchHit(ArticleSummary):
    """A story found by full-text search, with a snippet of where it matched."""

    snippet: str
    rank: float


@dataclass
class Revision:
    """A full snapshot of a story at one moment, for history and restore."""

    id: int
    article_id: int
    created: str
    reason: str
    snapshot: dict

    @property
    def as_of(self) -> str:
        """When the story last changed before this snapshot (UTC ISO)."""
        return self.snapshot.get("modified") or self.created

    @property
    def words(self) -> int:
        """The snapshot's word count, as the store stamped it."""
        return int(self.snapshot.get("word_count") or 0)


@dataclass
class Photo(Record):
    """A photo original in the store (content-addressed), with the metadata embedded in it."""

    id: int
    sha256: str
    path: str  # relative to the store folder, e.g. media/ab/<sha256>.jpg
    format: str
    width: int  # as displayed (EXIF orientation applied)
    height: int
    size_bytes: int
    original_name: str
    metadata: dict  # embedded IPTC/XMP/EXIF, normalised (see desk.images)
    added: str


LEAD, INLINE, UNPLACED = "lead", "inline", "unplaced"


@dataclass
class Figure:
    """A photo placed in one story (or a slot awaiting one), with that story's caption.

    Where it stands comes from the body (desk.body): the lead photo opens the body, inline
    figures follow in reading order, an unplaced figure belongs to the story but is not in its
    text (a photo set aside, or one taken out of the text: Ctrl+Z may put it back).
    """

    id: int
    article_id: int
    image_id: int | None
    caption: str = ""
    credit: str = ""
    alt: str = ""
    photo: Photo | None = None
    role: str = UNPLACED  # "lead", "inline" or "unplaced"
    number: int | None = None  # as readers see it: Figure 1, 2, ... (the lead is 1)
    stray: bool = False  # placed by a reference that is not a line of its own
    remote_url: str = ""  # where its photo is on the web, when it came awaiting one
    remote_width: int = 0  # that rendition's size, as the source said (0: not said)
    remote_height: int = 0

    @property
    def on_the_web(self) -> bool:
        """True when it awaits a photo that can be fetched from the web."""
        return self.photo is None and self.image_id is None and bool(self.remote_url)

    @property
    def placed(self) -> bool:
        """True when the body shows this figure."""
        return self.role != UNPLACED

    def label(self) -> str:
        """How every message names a figure: 'Figure 2 ("Smoke rises over…")'."""
        name = f"Figure {self.number}" if self.number else "An unplaced photo"
        caption = " ".join(self.caption.split())
        if len(caption) > 40:
            caption = caption[:39].rstrip() + "…"
        return name + (f' ("{caption}")' if caption else "")

    def to_dict(self) -> dict:
        """A plain dict for JSON output, with the photo nested."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "photo"}
        data["photo"] = self.photo.to_dict() if self.photo else None
        return data


class TagKind(enum.StrEnum):
    """What a tag names; used in the page's structured data."""

    NONE = ""
    SUBJECT = "subject"
    PLACE = "place"
    PERSON = "person"
    ORGANISATION = "organisation"


@dataclass
class Tag(Record):
    """A tag with how many stories carry it."""

    id: int
    name: str
    kind: str = ""
    count: int = 0
