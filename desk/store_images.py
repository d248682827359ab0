"""Store verbs for photos and figures (mixed into desk.store.Store).

A photo is an original in media/ (content-addressed, never modified) with the metadata read
from it. A figure places a photo (or a slot awaiting one) in one story with that story's
caption, credit and alt text. An inline figure is also a paragraph `![alt](figure:ID)` in the
body; the lead figure is not in the body. Each verb changes the rows, the body and both search
indexes in one transaction.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk import text
from desk.errors import BadInput, NotFound, StoreError, StoreReadOnly
from desk.figurebody import (  # re-exported: figure_line etc. are part of this API
    append_figure,
    figure_ids_in_body,
    figure_line,
    prepend_figure,
    remove_figure_paragraph,
    reorder_figure_paragraphs,
    replace_figure_paragraph,
    set_figure_alt,
)
from desk.model import ArticleSummary, Figure, Photo

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desk.images import PreparedPhoto
    from desk.model import Article

ALT_MAX = 250  # IPTC Photo Metadata: Alt Text (Accessibility) is at most 250 characters
LEAD, INLINE = "lead", "inline"
_PHOTO_COLUMNS = (
    "id, sha256, path, format, width, height, size_bytes, original_name, metadata, added"
)
_FIGURE_COLUMNS = "id, article_id, image_id, role, position, caption, credit, alt"


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


# -- originals in media/ ---------------------------------------------------------------------


def media_rel(prepared: PreparedPhoto) -> str:
    """Where a photo's original lives, relative to the store: media/ab/<sha256>.<ext>."""
    return f"media/{prepared.info.sha256[:2]}/{prepared.info.sha256}.{prepared.info.ext}"


def write_original(root: Path, rel: str, data: bytes, label: str) -> bool:
    """Put a photo's bytes at root/rel atomically (temp file, fsync, os.replace), read-only;
    False when an original of that size is already there."""
    target = root / rel
    if target.is_file() and target.stat().st_size == len(data):
        return False
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".adding-", suffix=".part")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o444)  # originals are never modified
        os.replace(tmp, target)
    except OSError as exc:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise StoreError(
            f"Could not copy {label} into the store ({exc.strerror}); "
            "free some disk space or check the store folder's permissions."
        ) from None
    return True


def stage_original(root: Path, prepared: PreparedPhoto) -> None:
    """Copy a prepared photo's original into media/ ahead of Store.add_prepared().

    File work only (no database), so the UI does it in its worker; add_prepared then just adds
    the rows, and removes the staged file again if that fails.
    """
    prepared.staged = write_original(Path(root), media_rel(prepared), prepared.data, prepared.name)


# -- the verbs ------------------------------------------------------------------------------


class FigureVerbs:
    """Photos in the store's media/ folder and the figures that place them in stories."""

    # Provided by desk.store.Store:
    db: Database
    root: Path
    readonly: bool

    if TYPE_CHECKING:

        def write(self) -> contextlib.AbstractContextManager[Database]: ...
        def get_article(self, key: int | str) -> Article: ...
        def _reindex(self, article_id: int) -> None: ...

    # -- photos ---------------------------------------------------------------------------

    def add_photo(self, path: Path | str, name: str | None = None) -> Photo:
        """Copy a photo into the store (once per content) and return it with its metadata.

        `name` overrides the original file name kept for the library (e.g. a pasted image).
        Raises BadImage for anything that is not a whole, supported, sane photo.
        """
        self._check_writable(name or Path(path).name)
        from desk.images import prepare_photo  # Pillow loads on first use, not at start-up

        return self.add_prepared(prepare_photo(path, name))

    def add_prepared(self, prepared: PreparedPhoto) -> Photo:
        """Store a photo already read and verified by desk.images.prepare_photo()."""
        data, info, label = prepared.data, prepared.info, prepared.name
        self._check_writable(label)
        existing = self._photo_by_sha(info.sha256)
        if existing is not None:
            write_original(self.root, existing.path, data, label)  # restores a lost original
            return existing
        from desk.store import utc_now

        rel = media_rel(prepared)
        created = prepared.staged
        try:
            with self.write() as db:
                created = write_original(self.root, rel, data, label) or created
                row = {
                    "sha256": info.sha256,
                    "path": rel,
                    "format": info.format,
                    "width": info.width,
                    "height": info.height,
                    "size_bytes": info.size_bytes,
                    "original_name": label,
                    "metadata": json.dumps(info.metadata, ensure_ascii=False),
                    "added": utc_now(),
                }
                photo_id = int(db["images"].insert(row).last_pk)
                self._index_photo(photo_id)
        except BaseException:
            if created:
                with contextlib.suppress(OSError):
                    (self.root / rel).unlink()
                    (self.root / rel).parent.rmdir()  # only when nothing else is in it
            raise
        return self.get_photo(photo_id)

    def get_photo(self, photo_id: int) -> Photo:
        """A photo by id, or NotFound."""
        row = self.db.execute(
            f"SELECT {_PHOTO_COLUMNS} FROM images WHERE id = ?", [photo_id]
        ).fetchone()
        if row is None:
            raise NotFound(
                f"There is no photo {photo_id}; `desk images` lists the photos there are."
            )
        return _photo(row)

    def photo_file(self, photo: Photo) -> Path:
        """The absolute path of a photo's original in media/."""
        return self.root / photo.path

    def photo_library(self, query: str = "", limit: int = 500) -> list[Photo]:
        """Photos across all stories, newest first, or best match for words in captions,
        credits, keywords and names."""
        from desk.store import fts_query

        match = fts_query(query)
        if not match:
            rows = self.db.execute(
                f"SELECT {_PHOTO_COLUMNS} FROM images ORDER BY id DESC LIMIT ?", [limit]
            ).fetchall()
            return [_photo(r) for r in rows]
        columns = ", ".join(f"i.{c.strip()}" for c in _PHOTO_COLUMNS.split(","))
        rows = self.db.execute(
            f"SELECT {columns} FROM images_fts JOIN images i ON i.id = images_fts.rowid "
            "WHERE images_fts MATCH ? ORDER BY bm25(images_fts, 4.0, 2.0, 2.0, 1.0), i.id DESC "
            "LIMIT ?",
            [match, limit],
        ).fetchall()
        return [_photo(r) for r in rows]

    def photo_usage(self, photo_id: int) -> list[ArticleSummary]:
        """The stories that use a photo, most recently changed first."""
        rows = self.db.execute(
            "SELECT DISTINCT a.id, a.slug, a.headline, a.status, a.section, a.modified, "
            "a.word_count FROM article_images f JOIN articles a ON a.id = f.article_id "
            "WHERE f.image_id = ? ORDER BY a.modified DESC",
            [photo_id],
        ).fetchall()
        return [ArticleSummary(*r) for r in rows]

    def suggested_tags(self, article_key: int | str) -> list[str]:
        """Keywords embedded in the story's photos that are not yet among its tags."""
        article = self.get_article(article_key)
        have: set[str] = set()
        article_tags = getattr(self, "article_tags", None)
        if article_tags:
            have = {text.fold(t.name) for t in article_tags(article.id)}
        out: list[str] = []
        for fig in self.figures(article.id):
            for word in (fig.photo.metadata.get("keywords") or []) if fig.photo else []:
                if text.fold(word) not in have:
                    have.add(text.fold(word))
                    out.append(word)
        return out

    # -- figures --------------------------------------------------------------------------

    def figures(self, article_key: int | str) -> list[Figure]:
        """A story's figures: the lead first, then inline figures in their order."""
        article_id = (
            article_key if isinstance(article_key, int) else self.get_article(article_key).id
        )
        rows = self.db.execute(
            f"SELECT {_FIGURE_COLUMNS} FROM article_images WHERE article_id = ? "
            "ORDER BY role = 'lead' DESC, position, id",
            [article_id],
        ).fetchall()
        photos: dict[int, Photo] = {}
        out = []
        for row in rows:
            fig = _figure(row)
            if fig.image_id is not None:
                if fig.image_id not in photos:
                    photos[fig.image_id] = self.get_photo(fig.image_id)
                fig.photo = photos[fig.image_id]
            out.append(fig)
        return out

    def get_figure(self, figure_id: int) -> Figure:
        """One figure with its photo, or NotFound."""
        row = self.db.execute(
            f"SELECT {_FIGURE_COLUMNS} FROM article_images WHERE id = ?", [figure_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"There is no figure {figure_id}; it may have been removed.")
        fig = _figure(row)
        if fig.image_id is not None:
            fig.photo = self.get_photo(fig.image_id)
        return fig

    def add_figure(
        self,
        article_key: int | str,
        photo_id: int | None,
        caption: str | None = None,
        credit: str | None = None,
        alt: str | None = None,
        lead: bool = False,
        position: int | None = None,
        in_body: bool = True,
    ) -> Figure:
        """Place a photo in a story; fields left None come from its embedded metadata.

        An inline figure's paragraph is appended to the body unless in_body is False (the UI
        inserts it at the cursor itself). A lead replaces the current lead, which becomes inline.
        """
        with self.write() as db:
            article = self.get_article(article_key)
            photo = self.get_photo(photo_id) if photo_id is not None else None
            caption, credit, alt = prefilled(photo, caption, credit, alt)
            position = self._make_room(article.id, position)
            body = article.body_md
            if lead:
                body = self._demote_lead(article.id, body, None)
            figure_id = int(
                db["article_images"]
                .insert(
                    {
                        "article_id": article.id,
                        "image_id": photo_id,
                        "role": LEAD if lead else INLINE,
                        "position": position,
                        "caption": caption,
                        "credit": credit,
                        "alt": alt,
                    }
                )
                .last_pk
            )
            if not lead and in_body:
                body = append_figure(body, figure_line(figure_id, alt))
            self._finish(article.id, article.body_md, body, [photo_id])
        return self.get_figure(figure_id)

    def update_figure(
        self,
        figure_id: int,
        caption: str | None = None,
        credit: str | None = None,
        alt: str | None = None,
    ) -> Figure:
        """Change a figure's caption, credit or alt text (None leaves a field as it is)."""
        with self.write() as db:
            fig = self.get_figure(figure_id)
            changes: dict[str, str] = {}
            if caption is not None:
                changes["caption"] = clean_field(caption)
            if credit is not None:
                changes["credit"] = clean_field(credit)
            if alt is not None:
                changes["alt"] = checked_alt(alt)
            if changes:
                db["article_images"].update(figure_id, changes)
            article = self.get_article(fig.article_id)
            body = article.body_md
            if "alt" in changes:
                body = set_figure_alt(body, figure_id, changes["alt"])
            self._finish(fig.article_id, article.body_md, body, [fig.image_id])
        return self.get_figure(figure_id)

    def reorder_figures(self, article_key: int | str, figure_ids: list[int]) -> list[Figure]:
        """Put a story's inline figures in this order (in the panel and in the body)."""
        with self.write() as db:
            article = self.get_article(article_key)
            current = self.figures(article.id)
            inline = [f.id for f in current if f.role == INLINE]
            order = [f for f in figure_ids if f in inline]
            if sorted(order) != sorted(inline) or len(order) != len(set(order)):
                raise BadInput(
                    "That order does not list each of the story's photos once; "
                    "reload the story and try again."
                )
            for index, fid in enumerate(order):
                db.execute("UPDATE article_images SET position = ? WHERE id = ?", [index, fid])
            body = reorder_figure_paragraphs(article.body_md, order)
            self._finish(article.id, article.body_md, body, [])
        return self.figures(article.id)

    def move_figure(self, figure_id: int, index: int) -> list[Figure]:
        """Move one inline figure to this place among the story's inline figures."""
        fig = self.get_figure(figure_id)
        order = [f.id for f in self.figures(fig.article_id) if f.role == INLINE]
        if figure_id in order:
            order.remove(figure_id)
        order.insert(max(0, min(index, len(order))), figure_id)
        return self.reorder_figures(fig.article_id, order)

    def set_lead(self, figure_id: int) -> Figure:
        """Make a figure the story's lead photo; the old lead takes its place in the body."""
        with self.write() as db:
            fig = self.get_figure(figure_id)
            if fig.role == LEAD:
                return fig
            article = self.get_article(fig.article_id)
            body = self._demote_lead(fig.article_id, article.body_md, fig)
            body = remove_figure_paragraph(body, figure_id)
            db["article_images"].update(figure_id, {"role": LEAD})
            self._finish(fig.article_id, article.body_md, body, [])
        return self.get_figure(figure_id)

    def remove_figure(self, figure_id: int) -> None:
        """Take a figure out of its story (and its paragraph out of the body); the photo stays."""
        with self.write() as db:
            fig = self.get_figure(figure_id)
            article = self.get_article(fig.article_id)
            db.execute("DELETE FROM article_images WHERE id = ?", [figure_id])
            body = remove_figure_paragraph(article.body_md, figure_id)
            self._finish(fig.article_id, article.body_md, body, [fig.image_id])

    def replace_photo(self, figure_id: int, photo_id: int) -> Figure:
        """Put another photo in a figure, keeping its caption, credit and alt text."""
        with self.write() as db:
            fig = self.get_figure(figure_id)
            self.get_photo(photo_id)
            db["article_images"].update(figure_id, {"image_id": photo_id})
            body = self.get_article(fig.article_id).body_md
            self._finish(fig.article_id, body, body, [fig.image_id, photo_id])
        return self.get_figure(figure_id)

    # -- helpers --------------------------------------------------------------------------

    def _check_writable(self, label: str) -> None:
        """Refuse early, naming the file, when the store is open read-only."""
        if self.readonly:
            raise StoreReadOnly(
                f"Could not add {label}: this store is open read-only; "
                "close the other Desk window to add photos."
            )

    def _photo_ids(self, article_id: int) -> list[int]:
        """The photos a story's figures use."""
        rows = self.db.execute(
            "SELECT DISTINCT image_id FROM article_images "
            "WHERE article_id = ? AND image_id IS NOT NULL",
            [article_id],
        ).fetchall()
        return [r[0] for r in rows]

    def _photo_by_sha(self, sha256: str) -> Photo | None:
        """The stored photo with this content, if any."""
        row = self.db.execute(
            f"SELECT {_PHOTO_COLUMNS} FROM images WHERE sha256 = ?", [sha256]
        ).fetchone()
        return _photo(row) if row else None

    def _make_room(self, article_id: int, position: int | None) -> int:
        """The position for a new figure: the end, or `position` with later ones shifted."""
        if position is None:
            row = self.db.execute(
                "SELECT max(position) FROM article_images WHERE article_id = ?", [article_id]
            ).fetchone()
            return 0 if row[0] is None else int(row[0]) + 1
        self.db.execute(
            "UPDATE article_images SET position = position + 1 "
            "WHERE article_id = ? AND position >= ?",
            [article_id, position],
        )
        return position

    def _demote_lead(self, article_id: int, body: str, successor: Figure | None) -> str:
        """Make the current lead inline, in the successor's place in the body (or first)."""
        row = self.db.execute(
            "SELECT id, alt FROM article_images WHERE article_id = ? AND role = 'lead'",
            [article_id],
        ).fetchone()
        if row is None:
            return body
        old_id, old_alt = row
        update = {"role": INLINE}
        if successor is not None:
            update["position"] = successor.position
        self.db["article_images"].update(old_id, update)
        line = figure_line(old_id, old_alt or "")
        if successor is not None and successor.id in figure_ids_in_body(body):
            return replace_figure_paragraph(body, successor.id, line)
        return prepend_figure(body, line)

    def _finish(
        self, article_id: int, old_body: str, body: str, photo_ids: list[int | None]
    ) -> None:
        """Save a changed body and refresh the story's and the photos' search rows."""
        if body != old_body:
            from desk.store import utc_now

            self.db.execute(
                "UPDATE articles SET body_md = ?, word_count = ?, modified = ? WHERE id = ?",
                [body, text.word_count(body), utc_now(), article_id],
            )
        self._reindex(article_id)
        for photo_id in {p for p in photo_ids if p is not None}:
            self._index_photo(photo_id)

    def _index_photo(self, photo_id: int) -> None:
        """Refresh a photo's row in images_fts: embedded fields plus every story's caption."""
        photo = self.get_photo(photo_id)
        meta = photo.metadata
        uses = self.db.execute(
            "SELECT caption, credit, alt FROM article_images WHERE image_id = ?", [photo_id]
        ).fetchall()
        captions = [meta.get(k) or "" for k in ("caption", "headline", "title", "alt_text")]
        captions += [u[0] for u in uses] + [u[2] for u in uses]
        credits = [meta.get(k) or "" for k in ("credit", "copyright", "source")]
        credits += list(meta.get("creators") or []) + [u[1] for u in uses]
        keywords = list(meta.get("keywords") or [])
        keywords += [meta.get(k) or "" for k in ("city", "state", "country")]
        names = [photo.original_name, meta.get("camera") or ""]
        self.db.execute("DELETE FROM images_fts WHERE rowid = ?", [photo_id])
        self.db.execute(
            "INSERT INTO images_fts (rowid, captions, credits, keywords, names) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                photo_id,
                *(" \n".join(filter(None, v)) for v in (captions, credits, keywords, names)),
            ],
        )


def _photo(row: tuple) -> Photo:
    """An images row as a Photo."""
    values = list(row)
    try:
        values[8] = json.loads(values[8] or "{}")
    except ValueError:
        values[8] = {}
    return Photo(*values)


def _figure(row: tuple) -> Figure:
    """An article_images row as a Figure (without its photo)."""
    fid, article_id, image_id, role, position, caption, credit, alt = row
    return Figure(
        fid,
        article_id,
        image_id,
        role or INLINE,
        position or 0,
        caption or "",
        credit or "",
        alt or "",
    )
