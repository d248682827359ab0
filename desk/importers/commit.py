"""Put one ImportedStory into the store: story, figures, photos and tags in one transaction.

Dates: the date a source gives for a story (a wire story's date, front matter's `date`, ninjs
`firstcreated`) becomes the story's `created` time; a date without a time is stored as noon UTC,
so it is the same calendar day on every clock from UTC-11 to UTC+11. `published` is set only
when the source records a publication of its own (ninjs `firstpublished`): an imported story is
a draft here, and its slug stays editable until it is published from Desk.
"""

from __future__ import annotations

from pathlib import Path

from desk import text
from desk.errors import BadImage, ImportFailed
from desk.images import PreparedPhoto
from desk.importers.base import ImportedFigure, ImportedStory
from desk.model import Article
from desk.store import Store
from desk.store.rows import prefix_range
from desk.store.stories import FigureDraft, StoryDraft
from desk.tagnames import MAX_TAG_LENGTH

_FIELDS = ("headline", "standfirst", "byline", "dateline", "section", "agency", "language")


class AlreadyImported(ImportFailed):
    """The same content was imported before; `slugs` names the stories it made."""

    def __init__(self, story: ImportedStory, slugs: list[str]) -> None:
        self.slugs = slugs
        name = Path(story.origin).name or "this story"
        super().__init__(
            f"{name}: already imported as {', '.join(slugs)}; use --again to import a second copy."
        )


def source_key(story: ImportedStory) -> str:
    """What goes in articles.source: the content hash, then the file it came from."""
    return f"{story.source} {Path(story.origin).name}".strip()


def already_imported(store: Store, story: ImportedStory) -> list[str]:
    """Slugs of stories imported before from the same content: a source of the same hash, alone
    or followed by a space and the file's name (searched in the source index, so each file costs
    a lookup however big the store; a substr() test read every story, ~1 ms a file at 1,000)."""
    if not story.source:
        return []
    low, high = prefix_range(story.source + " ")
    rows = store.db.query(
        "SELECT slug FROM articles WHERE source = ? OR (source >= ? AND source < ?) ORDER BY id",
        [story.source, low, high],
    )
    return [r[0] for r in rows]


def commit_story(store: Store, story: ImportedStory, again: bool = False) -> Article:
    """Create the story with its figures, tags and "as received" version, all or nothing;
    refuse a silent duplicate."""
    with store.transaction():
        if not again:
            twins = already_imported(store, story)
            if twins:
                raise AlreadyImported(story, twins)
        problems: list[str] = []
        blocks: list[str | FigureDraft] = []
        for block in story.body:
            if isinstance(block, ImportedFigure):
                blocks.append(_figure_draft(block, problems))
            elif block.strip():
                blocks.append(block)
        tags, dropped = usable_tags(story.tags)
        if dropped:
            problems.append("Import: tags left out (too long): " + "; ".join(dropped))
        values = _article_values(story)
        values["notes"] = "\n\n".join(n for n in (story.notes, *problems) if n)
        draft = StoryDraft(
            fields=values,
            blocks=blocks,
            tags=tags,
            created=story.created,
            published=story.published,
            source=source_key(story),
        )
        return store.stories.create(draft)


def _article_values(story: ImportedStory) -> dict[str, object]:
    """The story's fields as the store takes them (empty ones left to their defaults)."""
    values: dict[str, object] = {k: getattr(story, k) for k in _FIELDS if getattr(story, k)}
    values["authors"] = list(story.authors)
    if story.embargo:
        values["embargo"] = story.embargo
    if story.status:
        values["status"] = story.status
    if story.slug:
        values["slug"] = text.slugify(story.slug, "story")
    return values


def _figure_draft(figure: ImportedFigure, problems: list[str]) -> FigureDraft:
    """A figure for the store, with its photo read ahead when the source supplied a usable one.

    Empty caption, credit and alt are filled from the photo's embedded metadata (alt text only
    from IPTC Alt Text, never from a caption).
    """
    if figure.prepared is None and not figure.problem:
        prepare_photos(ImportedStory(body=[figure]))
    if figure.problem:
        problems.append(figure.problem)
    return FigureDraft(
        caption=figure.caption,
        credit=figure.credit,
        alt=figure.alt,
        photo=None if figure.problem else figure.prepared,
        lead=figure.lead,
        remote_url=figure.remote_url,
        remote_width=figure.remote_width,
        remote_height=figure.remote_height,
    )


def prepare_photos(story: ImportedStory) -> None:
    """Read and verify the story's photos ahead of committing (the slow part; thread-safe)."""
    from desk.images import inspect_bytes, prepare_photo

    for figure in story.figures():
        label = _label(figure)
        try:
            if figure.photo_path is not None:
                figure.prepared = prepare_photo(figure.photo_path)
            elif figure.photo_bytes is not None:
                figure.prepared = PreparedPhoto(
                    figure.photo_bytes, inspect_bytes(figure.photo_bytes, label), label
                )
        except BadImage as exc:
            figure.problem = f"Import: the photo {label} was not added ({exc}); attach it by hand."


def _label(figure: ImportedFigure) -> str:
    """The photo's name for the library and for messages."""
    if figure.photo_name:
        return figure.photo_name
    return figure.photo_path.name if figure.photo_path else "photo.jpg"


def usable_tags(names: list[str]) -> tuple[list[str], list[str]]:
    """(tags the store accepts, tags left out): commas become spaces, overlong ones are left out."""
    kept: list[str] = []
    dropped: list[str] = []
    for name in names:
        clean = " ".join(name.replace(",", " ").split())
        if not clean:
            continue
        (kept if len(clean) <= MAX_TAG_LENGTH else dropped).append(clean)
    return kept, dropped
