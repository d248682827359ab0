"""Figures: a photo (or a slot awaiting one) in one story, with that story's caption, credit and
alt text (the article_images table).

Where a figure stands (lead, inline, its number, or not in the text at all) is the body's to say
(desk.body.arrange), never a column. The verbs here change rows; the only ones that also write
a body are add() with `place` and place(), for callers that do not hold the story open in an
editor (the command line, imports): the editor places figures in its own document.
"""

from __future__ import annotations

from typing import Any

from desk import body
from desk.errors import BadInput, NotFound
from desk.model import Figure, Photo
from desk.store.articles import Articles
from desk.store.db import Database
from desk.store.photos import Photos
from desk.store.rows import FIGURE_COLUMNS, figure_from_row
from desk.store.search import SearchIndex

ALT_MAX = 250  # IPTC Photo Metadata: Alt Text (Accessibility) is at most 250 characters
END, LEAD = "end", "lead"


def prefilled(
    photo: Photo | None, caption: str | None, credit: str | None, alt: str | None
) -> tuple[str, str, str]:
    """Caption, credit and alt text: as given, else from the photo's embedded metadata.

    Alt text comes only from IPTC Alt Text (Accessibility): a caption is not a description.
    """
    meta: dict[str, Any] = photo.metadata if photo else {}
    if caption is None:
        caption = meta.get("caption") or ""
    if credit is None:
        credit = meta.get("credit") or ", ".join(meta.get("creators") or [])
    if alt is None:
        alt = meta.get("alt_text") or ""
    return clean_field(caption), clean_field(credit), checked_alt(alt)


def clean_field(value: str) -> str:
    """A caption or credit on one line, spaces collapsed."""
    return " ".join(str(value or "").split())


def checked_alt(alt: str) -> str:
    """Alt text on one line, refused beyond IPTC's 250 characters."""
    clean = clean_field(alt)
    if len(clean) > ALT_MAX:
        raise BadInput(
            f"The alt text is {len(clean)} characters, over the {ALT_MAX} allowed; "
            "shorten it to what the picture shows (the caption carries the rest)."
        )
    return clean


class Figures:
    """The article_images table."""

    def __init__(
        self, db: Database, photos: Photos, search: SearchIndex, articles: Articles
    ) -> None:
        self.db = db
        self.photos = photos
        self.search = search
        self.articles = articles

    # -- reading --------------------------------------------------------------------------

    def rows(self, article_id: int) -> list[Figure]:
        """A story's figure rows with their photos, by id (not yet placed by a body)."""
        rows = self.db.query(
            f"SELECT {FIGURE_COLUMNS} FROM article_images WHERE article_id = ? ORDER BY id",
            [article_id],
        )
        photos: dict[int, Photo] = {}
        out = []
        for row in rows:
            figure = figure_from_row(row)
            if figure.image_id is not None:
                if figure.image_id not in photos:
                    photos[figure.image_id] = self.photos.get(figure.image_id)
                figure.photo = photos[figure.image_id]
            out.append(figure)
        return out

    def for_story(self, key: int | str, text: str | None = None) -> list[Figure]:
        """A story's figures as its body places them (the stored body, or `text`): the lead,
        the inline ones in reading order, then those not in the text."""
        article = self.articles.get(key)
        return body.arrange(
            self.rows(int(article.id or 0)), article.body_md if text is None else text
        )

    def get(self, figure_id: int) -> Figure:
        """One figure with its photo, placed by its story's stored body; or NotFound."""
        row = self.db.one(f"SELECT {FIGURE_COLUMNS} FROM article_images WHERE id = ?", [figure_id])
        if row is None:
            raise NotFound(f"There is no figure {figure_id}; it may have been removed.")
        article_id = row[1]
        found = [f for f in self.for_story(article_id) if f.id == figure_id]
        return found[0]

    # -- writing --------------------------------------------------------------------------

    def add(
        self,
        article_key: int | str,
        photo_id: int | None,
        caption: str | None = None,
        credit: str | None = None,
        alt: str | None = None,
        place: str | None = END,
        remote: tuple[str, int, int] | None = None,
    ) -> Figure:
        """Give a story a figure; fields left None come from the photo's embedded metadata.

        place: END appends its paragraph to the stored body, LEAD makes it the lead photo, None
        leaves the body alone (the editor places it in its own document). remote: where the
        photo it awaits is on the web (address, width, height).
        """
        url, width, height = remote or ("", 0, 0)
        with self.db.transaction() as db:
            article = self.articles.get(article_key)
            photo = self.photos.get(photo_id) if photo_id is not None else None
            caption, credit, alt = prefilled(photo, caption, credit, alt)
            figure_id = db.insert(
                "article_images",
                {
                    "article_id": article.id,
                    "image_id": photo_id,
                    "caption": caption,
                    "credit": credit,
                    "alt": alt,
                    "remote_url": url,
                    "remote_width": width,
                    "remote_height": height,
                },
            )
            if place is not None:
                self.place(figure_id, place)
            else:
                self.search.index_story(int(article.id or 0))
            if photo_id is not None:
                self.search.index_photo(photo_id)
        return self.get(figure_id)

    def place(self, figure_id: int, where: str = END) -> Figure:
        """Put a figure's paragraph into its story's stored body (at the end, or as the lead)."""
        with self.db.transaction():
            row = self._row(figure_id)
            article = self.articles.get(row.article_id)
            line = body.figure_line(figure_id, row.alt)
            if where == LEAD:
                text = body.set_lead(article.body_md, figure_id)
                text = body.set_alt(text, figure_id, row.alt)
            elif body.parse(article.body_md).placement(figure_id) is None:
                text = body.append_block(article.body_md, line)
            else:
                text = article.body_md
            if text != article.body_md:
                self.articles.update(int(article.id or 0), body_md=text)
            else:
                self.search.index_story(int(article.id or 0))
        return self.get(figure_id)

    def update(
        self,
        figure_id: int,
        caption: str | None = None,
        credit: str | None = None,
        alt: str | None = None,
    ) -> Figure:
        """Change a figure's caption, credit or alt text (None leaves a field as it is).

        Only the row changes: the alt text mirrored in the body is the body owner's to update
        (desk.body.set_alt), the editor's while the story is open.
        """
        changes: dict[str, str] = {}
        if caption is not None:
            changes["caption"] = clean_field(caption)
        if credit is not None:
            changes["credit"] = clean_field(credit)
        if alt is not None:
            changes["alt"] = checked_alt(alt)
        with self.db.transaction() as db:
            row = self._row(figure_id)
            db.update("article_images", figure_id, changes)
            self.search.index_story(row.article_id)
            if row.image_id is not None:
                self.search.index_photo(row.image_id)
        return self.get(figure_id)

    def replace_photo(self, figure_id: int, photo_id: int) -> Figure:
        """Put another photo in a figure, keeping its caption, credit and alt text; fields still
        empty are filled from the new photo's embedded metadata."""
        with self.db.transaction() as db:
            row = self._row(figure_id)
            photo = self.photos.get(photo_id)
            caption, credit, alt = prefilled(
                photo, row.caption or None, row.credit or None, row.alt or None
            )
            db.update(
                "article_images",
                figure_id,
                {"image_id": photo_id, "caption": caption, "credit": credit, "alt": alt},
            )
            self.search.index_story(row.article_id)
            for old_or_new in {row.image_id, photo_id} - {None}:
                self.search.index_photo(int(old_or_new))  # type: ignore[arg-type]
        return self.get(figure_id)

    def delete(self, figure_id: int) -> None:
        """Forget a figure row (the photo stays in the library; the body is not touched)."""
        with self.db.transaction() as db:
            row = self._row(figure_id)
            db.run("DELETE FROM article_images WHERE id = ?", [figure_id])
            self.search.index_story(row.article_id)
            if row.image_id is not None:
                self.search.index_photo(row.image_id)

    def remove(self, figure_id: int) -> None:
        """Take a figure out of a story not open in an editor: its paragraph and its row."""
        with self.db.transaction():
            row = self._row(figure_id)
            article = self.articles.get(row.article_id)
            text = body.remove_figure(article.body_md, figure_id)
            if text != article.body_md:
                self.articles.update(row.article_id, body_md=text)
            self.delete(figure_id)

    def _row(self, figure_id: int) -> Figure:
        """A figure row without placing it; NotFound when there is none."""
        row = self.db.one(f"SELECT {FIGURE_COLUMNS} FROM article_images WHERE id = ?", [figure_id])
        if row is None:
            raise NotFound(f"There is no figure {figure_id}; it may have been removed.")
        return figure_from_row(row)
