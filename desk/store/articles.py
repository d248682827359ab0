"""Stories in the store: create, read, change, delete and list them.

A story's slug follows its headline until it is published or set by hand; a published story's
slug no longer changes. A body is saved normalised (desk.body.normalise): a figure reference
that is not a line of its own is moved onto one, where the page already shows it.
"""

from __future__ import annotations

from typing import Any

from desk import body, text
from desk.clock import utc_now
from desk.errors import BadInput, NotFound
from desk.model import EDITABLE_FIELDS, Article, ArticleSummary, Status, target_words_value
from desk.store.db import Database
from desk.store.history import RESTORED_FIELDS, History
from desk.store.rows import (
    ARTICLE_COLUMNS,
    NEWEST_FIRST,
    SUMMARY_COLUMNS,
    article_from_row,
    article_row,
    prefix_range,
    story_filters,
)
from desk.store.search import SearchIndex


class Articles:
    """The articles table, its history and its search rows kept in step."""

    def __init__(self, db: Database, search: SearchIndex, history: History) -> None:
        self.db = db
        self.search = search
        self.history = history

    # -- reading --------------------------------------------------------------------------

    def get(self, key: int | str) -> Article:
        """A story by id or slug, or NotFound."""
        column = "id" if isinstance(key, int) else "slug"
        row = self.db.one(
            f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE {column} = ?", [key]
        )
        if row is None:
            raise NotFound(f"There is no story '{key}'; `desk list` shows the stories there are.")
        return article_from_row(row)

    def summary(self, article_id: int) -> ArticleSummary:
        """What the library shows of one story (no body read), or NotFound."""
        row = self.db.one(f"SELECT {SUMMARY_COLUMNS} FROM articles a WHERE a.id = ?", [article_id])
        if row is None:
            raise NotFound(
                f"There is no story '{article_id}'; `desk list` shows the stories there are."
            )
        return ArticleSummary(*row)

    def id_of(self, key: int | str) -> int:
        """A story's id from its id or slug, or NotFound."""
        if isinstance(key, int):
            if self.db.one("SELECT 1 FROM articles WHERE id = ?", [key]) is None:
                raise NotFound(
                    f"There is no story '{key}'; `desk list` shows the stories there are."
                )
            return key
        return int(self.get(key).id or 0)

    def all(
        self,
        status: str | None = None,
        section: str | None = None,
        tags: list[str] | None = None,
        limit: int | None = None,
    ) -> list[ArticleSummary]:
        """Stories newest first (rows.NEWEST_FIRST), optionally filtered by status, section and
        tags (all)."""
        where, params = story_filters(status, section, tags)
        sql = f"SELECT {SUMMARY_COLUMNS} FROM articles a {where} ORDER BY {NEWEST_FIRST}"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [ArticleSummary(*row) for row in self.db.query(sql, params)]

    def count(self) -> int:
        """How many stories the store holds."""
        return int(self.db.value("SELECT count(*) FROM articles", default=0))

    def sections(self) -> list[str]:
        """Every section name in use, sorted, for filters and completion."""
        rows = self.db.query(
            "SELECT DISTINCT section FROM articles WHERE section != '' "
            "ORDER BY section COLLATE NOCASE"
        )
        return [r[0] for r in rows]

    # -- writing --------------------------------------------------------------------------

    def create(self, chosen_slug: bool = False, **values: object) -> Article:
        """Create a story (a headline is not required) and return it with its id and slug.
        chosen_slug: the slug is the user's own choice, refused as an edit's is (taken by
        another story, or too long) rather than numbered or cut as an imported one is."""
        now = utc_now()
        article = Article(created=now, modified=now)
        apply_changes(article, values)
        with self.db.transaction() as db:
            if "slug" in values:
                wanted = valid_slug(str(values["slug"]), chosen=chosen_slug)
                article.slug = self._unique_slug(wanted)
                if chosen_slug and article.slug != wanted:
                    raise BadInput(
                        f"Another story already has the slug '{wanted}'; choose another."
                    )
            else:
                article.slug = self._unique_slug(text.slugify(article.headline, "untitled"))
            stamp(article)
            row = article_row(article)
            row.pop("id")
            row["slug_manual"] = 1 if "slug" in values else 0
            article.id = db.insert("articles", row)
            self.search.index_story(article.id)
        return self.get(article.id)

    def update(
        self, key: int | str, index: bool = True, keep_history: bool = True, **changes: object
    ) -> Article:
        """Change some fields of a story in one transaction and return it as saved.

        index=False leaves the search row to be rebuilt later (off the typing path); until then
        the story is listed by SearchIndex.stale(). keep_history=False is for a verb that keeps
        its own version (an import's "as received").
        """
        with self.db.transaction() as db:
            article = self.get(key)
            before = Article(**article.to_dict())
            apply_changes(article, changes)
            if "slug" in changes:
                self._set_slug(article, str(changes["slug"]))
            elif article.headline != before.headline:
                self._follow_headline(article)
            article.modified = utc_now()
            stamp(article)
            if keep_history:
                self.history.keep(before, article)
            if before.status != article.status:
                self._status_changed(before, article)
            row = article_row(article)
            if "slug" in changes:
                row["slug_manual"] = 1
            db.update("articles", int(article.id or 0), row)
            if index:
                self.search.index_story(int(article.id or 0))
        return article

    def delete(self, key: int | str) -> Article:
        """Delete a story with its figures, tags and history (photos stay in the library)."""
        with self.db.transaction() as db:
            article = self.get(key)
            photos = [
                r[0]
                for r in db.query(
                    "SELECT DISTINCT image_id FROM article_images "
                    "WHERE article_id = ? AND image_id IS NOT NULL",
                    [article.id],
                )
            ]
            for table in ("article_images", "article_tags"):
                db.run(f"DELETE FROM {table} WHERE article_id = ?", [article.id])
            self.history.delete_story(int(article.id or 0))
            self.search.remove_story(int(article.id or 0))
            db.run("DELETE FROM articles WHERE id = ?", [article.id])
            for photo_id in photos:
                self.search.index_photo(photo_id)  # its captions in this story no longer find it
        return article

    def restore(self, key: int | str, revision_id: int) -> Article:
        """Bring a story's text and fields back to a version, keeping today's version too."""
        with self.db.transaction():
            current = self.get(key)
            revision = self.history.get(current, revision_id)
            self.history.add(current, f"before restoring version {revision_id}")
            values = {k: revision.snapshot[k] for k in RESTORED_FIELDS if k in revision.snapshot}
            restored = self.update(int(current.id or 0), keep_history=False, **values)
            self.history.add(restored, f"restored version {revision_id}")
            return restored

    def set_kept_fields(self, article_id: int, **values: Any) -> None:
        """Fields the store keeps itself (created, published, source, source_date), set by a
        verb that knows better than now (an import)."""
        allowed = {"created", "published", "source", "source_date", "modified"}
        unknown = set(values) - allowed
        if unknown:
            raise BadInput(f"'{sorted(unknown)[0]}' is not a field the store lets callers set.")
        with self.db.transaction() as db:
            db.update("articles", article_id, values)

    # -- helpers --------------------------------------------------------------------------

    def _status_changed(self, before: Article, after: Article) -> None:
        """Keep a version at every status change (the one before publishing above all)."""
        if after.status == Status.PUBLISHED:
            # After stamping, so the snapshot carries the publication time and word count.
            self.history.add(after, "published")
        else:
            self.history.add(after, f"status: {after.status}")

    def _set_slug(self, article: Article, slug: str) -> None:
        """Set a slug the user chose: refused once published or when another story has it."""
        clean = valid_slug(slug, chosen=True)
        if clean == article.slug:
            return
        if article.published:
            raise BadInput(
                f"'{article.slug}' is published, so its slug (its address) can no longer change."
            )
        if self.db.one("SELECT 1 FROM articles WHERE slug = ? AND id != ?", [clean, article.id]):
            raise BadInput(f"Another story already has the slug '{clean}'; choose another.")
        article.slug = clean

    def _follow_headline(self, article: Article) -> None:
        """Until published or set by hand, the slug follows the headline."""
        manual = self.db.value("SELECT slug_manual FROM articles WHERE id = ?", [article.id])
        if article.published or manual:
            return
        article.slug = self._unique_slug(text.slugify(article.headline, "untitled"), article.id)

    def _unique_slug(self, base: str, own_id: int | None = None) -> str:
        """base, or base-2, base-3 ... whichever no other story has."""
        low, high = prefix_range(text.slug_stem(base) + "-")  # its numbered variants
        taken = {
            r[0]
            for r in self.db.query(
                "SELECT slug FROM articles WHERE (slug = ? OR (slug >= ? AND slug < ?)) "
                "AND id IS NOT ?",
                [base, low, high, own_id],
            )
        }
        return text.free_slug(base, taken)


def apply_changes(article: Article, changes: dict[str, object]) -> None:
    """Validate and copy user-editable fields onto an Article (the slug is the caller's)."""
    for name, value in changes.items():
        if name not in EDITABLE_FIELDS:
            raise BadInput(f"'{name}' is not a story field.")
        if name == "slug":
            continue
        if name == "status":
            value = Status.parse(str(value)).value
        elif name == "authors":
            if isinstance(value, str):
                value = [a.strip() for a in value.split(",")]
            value = [str(a).strip() for a in (value or []) if str(a).strip()]  # type: ignore[attr-defined]
        elif name == "embargo":
            value = str(value) if value else None
        elif name == "target_words":
            value = target_words_value(value)
        elif name == "body_md":
            value = body.normalise("" if value is None else str(value))
        else:
            value = "" if value is None else str(value)
            if name not in ("notes", "standfirst"):
                value = " ".join(value.split())
        setattr(article, name, value)


def valid_slug(slug: str, chosen: bool = False) -> str:
    """Normalise a slug; refuse one with nothing usable in it, and (chosen: typed by the user,
    not imported) one longer than a slug may be, which would be cut without a word."""
    clean = text.slugify(slug, fallback="")
    if not clean:
        raise BadInput(f"'{slug}' cannot be a slug; use letters and digits.")
    whole = len(text.slugify(slug, fallback="", cut=False)) if chosen else 0
    if whole > text.SLUG_MAX:
        raise BadInput(
            f"A slug is at most {text.SLUG_MAX} characters and this one has {whole:,}; "
            "choose a shorter one (it is the page's address)."
        )
    return clean


def stamp(article: Article) -> None:
    """Derived fields: the word count, and the publication time on first publishing."""
    article.word_count = body.word_count(article.body_md)
    if article.status == Status.PUBLISHED and not article.published:
        article.published = article.modified
