"""Whole stories across the store's parts: one verb to create a story with its figures, photos,
tags and first version in one transaction (imports), and a complete copy of a story as plain data
(kept when a story is deleted or cannot be saved) that makes the story again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desk import body
from desk.clock import utc_now
from desk.errors import BadInput
from desk.model import EDITABLE_FIELDS, Article
from desk.store.articles import Articles
from desk.store.db import Database
from desk.store.figures import ALT_MAX, Figures
from desk.store.history import AS_RECEIVED, History
from desk.store.photos import Photos
from desk.store.tags import Tags

if TYPE_CHECKING:
    from desk.images import PreparedPhoto

COPY_FORMAT = "desk-story-copy"
COPY_VERSION = 1


@dataclass
class FigureDraft:
    """A figure of a story being created: its fields and (maybe) its photo, read ahead."""

    caption: str = ""
    credit: str = ""
    alt: str = ""
    photo: PreparedPhoto | None = None
    photo_id: int | None = None  # a photo already in the store
    lead: bool = False
    remote_url: str = ""  # the photo it awaits is on the web here (fetched when online)
    remote_width: int = 0
    remote_height: int = 0


@dataclass
class StoryDraft:
    """A story to create whole: fields, body blocks (Markdown or figures), tags, kept dates."""

    fields: dict[str, Any] = field(default_factory=dict)
    blocks: list[str | FigureDraft] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    created: str | None = None  # the source's date (e.g. a wire story's)
    published: str | None = None  # only when the source records a publication of its own
    source: str | None = None  # where an import came from (content hash and file), for dedup
    reason: str = AS_RECEIVED  # the first version's label in History


class Stories:
    """Operations on a story as a whole."""

    def __init__(
        self,
        db: Database,
        articles: Articles,
        photos: Photos,
        figures: Figures,
        tags: Tags,
        history: History,
    ) -> None:
        self.db = db
        self.articles = articles
        self.photos = photos
        self.figures = figures
        self.tags = tags
        self.history = history

    def create(self, draft: StoryDraft) -> Article:
        """Create the story, its photos, figures and tags, and its first version, all or nothing."""
        with self.db.transaction():
            values = {k: v for k, v in draft.fields.items() if k != "body_md"}
            if not any(isinstance(block, FigureDraft) for block in draft.blocks):
                # no figure ids to wait for: the story is made with its text (indexed once)
                texts = [text for b in draft.blocks if isinstance(b, str) and (text := _prose(b))]
                return self._finish(
                    self.articles.create(**values, body_md=_body_text(texts)), draft
                )
            article = self.articles.create(**values)
            article_id = int(article.id or 0)
            lines: list[str] = []
            lead_line = ""
            for block in draft.blocks:
                if isinstance(block, FigureDraft):
                    photo_id = block.photo_id
                    if block.photo is not None:
                        photo_id = self.photos.add_prepared(block.photo).id
                    figure = self.figures.add(
                        article_id,
                        photo_id,
                        caption=block.caption or None,
                        credit=block.credit or None,
                        alt=block.alt[:ALT_MAX] or None,
                        place=None,
                        remote=(block.remote_url, block.remote_width, block.remote_height)
                        if photo_id is None and block.remote_url
                        else None,
                    )
                    line = body.figure_line(figure.id, figure.alt)
                    if block.lead and not lead_line:
                        lead_line = line
                    else:
                        lines.append(line)
                elif text := _prose(block):
                    lines.append(text)
            if lead_line:
                lines.insert(0, lead_line)
            article = self.articles.update(
                article_id, keep_history=False, body_md=_body_text(lines)
            )
            return self._finish(article, draft)

    def _finish(self, article: Article, draft: StoryDraft) -> Article:
        """create()'s last steps, in its transaction: the dates and source the draft keeps, its
        tags and its first version."""
        article_id = int(article.id or 0)
        kept = {"created": draft.created, "published": draft.published, "source": draft.source}
        kept = {k: v for k, v in kept.items() if v}
        if draft.created:
            kept["source_date"] = draft.created
        if kept:
            self.articles.set_kept_fields(article_id, **kept)
        if draft.tags:
            self.tags.tag(article_id, draft.tags)
        article = self.articles.get(article_id)
        self.history.add(article, draft.reason)
        return article

    # -- complete copies ------------------------------------------------------------------

    def snapshot(self, article_id: int, values: dict[str, Any] | None = None) -> dict[str, Any]:
        """Everything about a story as plain data: every field (with `values`, e.g. the editor's
        unsaved text, laid over the stored ones), figures with caption, credit, alt text and
        photo hash, tags, and its updates and corrections. make() turns it back into a story."""
        article = self.articles.get(article_id)
        fields = article.to_dict()
        for key, value in (values or {}).items():
            if key in EDITABLE_FIELDS:
                fields[key] = value
        return {
            "format": COPY_FORMAT,
            "version": COPY_VERSION,
            "saved": utc_now(),
            "story": fields,
            "figures": [
                {
                    "id": f.id,
                    "caption": f.caption,
                    "credit": f.credit,
                    "alt": f.alt,
                    "photo_sha256": f.photo.sha256 if f.photo else None,
                    "photo_name": f.photo.original_name if f.photo else None,
                    "remote_url": f.remote_url,
                    "remote_width": f.remote_width,
                    "remote_height": f.remote_height,
                }
                for f in self.figures.rows(article_id)
            ],
            "tags": [t.name for t in self.tags.for_story(article_id)],
            "amendments": [
                {"kind": kind, "note": note, "time": time}
                for kind, note, time in self.db.query(
                    "SELECT kind, note, time FROM article_amendments WHERE article_id = ? "
                    "ORDER BY time, id",
                    [article_id],
                )
            ],
        }

    def make(self, copy: dict[str, Any]) -> Article:
        """A story made again from a snapshot(): fields, figures (with their photos when the
        store still has them), tags; figure lines in the body point at the new figures."""
        if copy.get("format") != COPY_FORMAT or not isinstance(copy.get("story"), dict):
            raise BadInput("This is not a copy of a Desk story; choose a file Desk wrote.")
        story = copy["story"]
        with self.db.transaction():
            fields = {k: story[k] for k in EDITABLE_FIELDS if k in story and k != "slug"}
            text = str(fields.pop("body_md", "") or "")
            article = self.articles.create(**fields)
            article_id = int(article.id or 0)
            renumbered: dict[int, int] = {}
            for figure in copy.get("figures") or []:
                photo = self.photos.by_sha(str(figure.get("photo_sha256") or ""))
                new = self.figures.add(
                    article_id,
                    photo.id if photo else None,
                    caption=figure.get("caption") or "",
                    credit=figure.get("credit") or "",
                    alt=figure.get("alt") or "",
                    place=None,
                    remote=_remote(figure) if photo is None else None,
                )
                renumbered[int(figure["id"])] = new.id
            text = body.renumber(text, renumbered)
            self.articles.update(article_id, keep_history=False, body_md=text)
            kept = {k: story[k] for k in ("created", "published", "source_date") if story.get(k)}
            if kept:
                self.articles.set_kept_fields(article_id, **kept)
            if copy.get("tags"):
                self.tags.tag(article_id, list(copy["tags"]))
            for amendment in copy.get("amendments") or []:
                self.db.run(
                    "INSERT INTO article_amendments (article_id, kind, note, time) "
                    "VALUES (?, ?, ?, ?)",
                    [
                        article_id,
                        str(amendment.get("kind") or ""),
                        str(amendment.get("note") or ""),
                        str(amendment.get("time") or utc_now()),
                    ],
                )
            article = self.articles.get(article_id)
            self.history.add(article, "brought back from a copy")
        return article


def _remote(figure: dict[str, Any]) -> tuple[str, int, int] | None:
    """A copied figure's web photo (address, width, height), when it had one."""
    url = str(figure.get("remote_url") or "")
    if not url:
        return None
    try:
        return url, int(figure.get("remote_width") or 0), int(figure.get("remote_height") or 0)
    except (TypeError, ValueError):
        return url, 0, 0


def _prose(block: str) -> str:
    """A text block as the body keeps it, without the line breaks around it ('' when blank)."""
    return block.strip("\n") if block.strip() else ""


def _body_text(lines: list[str]) -> str:
    """A story's body from its blocks: one blank line between them, a newline at the end."""
    return "\n\n".join(lines) + ("\n" if lines else "")
