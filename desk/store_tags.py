"""Store verbs for tags (mixed into desk.store.Store).

A tag is unique by its norm (desk.store.tag_norm): case-folded, spaces collapsed, NFC. Accents
are NOT folded for uniqueness ("Côte" and "Cote", "año" and "ano" are different words), but
finding tags (tags(query), suggestions from text) ignores accents. The first spelling is kept
until the tag is renamed. Commas separate tags in input, so a tag never contains one.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from desk import text
from desk.errors import BadInput, NotFound, TagExists
from desk.model import Article, Tag, TagKind

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_TAG_LENGTH = 100
# Format characters kept inside a tag: zero-width (non-)joiners build emoji and some scripts.
_KEEP_FORMAT = {"\u200c", "\u200d"}
_TOKEN = re.compile(r"\w+", re.UNICODE)
_KIND_ALIASES = {"none": "", "organization": "organisation", "org": "organisation"}
_TAG_COLUMNS = "t.id, t.name, t.kind, coalesce(c.n, 0)"
_TAG_FROM = (
    "FROM tags t LEFT JOIN "
    "(SELECT tag_id, count(*) AS n FROM article_tags GROUP BY tag_id) c ON c.tag_id = t.id"
)


def _norm(name: str) -> str:
    """The uniqueness key of a tag name (desk.store.tag_norm, imported late: no cycle)."""
    from desk.store import tag_norm

    return tag_norm(name)


def split_tags(values: str | Iterable[str]) -> list[str]:
    """Tag names from input where commas separate tags ("Syria, Idlib" -> two), empties dropped."""
    if isinstance(values, str):
        values = [values]
    return [part for value in values for part in value.split(",") if part.strip()]


def normalise_tag(name: str) -> str:
    """A tag name as stored: control characters removed, spaces collapsed; refuse bad ones."""
    name = unicodedata.normalize("NFC", str(name))
    kept = [
        " " if c.isspace() else c
        for c in name
        if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf", "Cs") or c in _KEEP_FORMAT
    ]
    clean = " ".join("".join(kept).split())
    if not clean:
        raise BadInput("A tag cannot be empty; type a word or a name.")
    if "," in clean:
        raise BadInput(f"'{clean}' contains a comma, which separates tags; leave it out.")
    if len(clean) > MAX_TAG_LENGTH:
        raise BadInput(
            f"'{clean[:30]}…' is {len(clean)} characters long; "
            f"a tag can be at most {MAX_TAG_LENGTH}, so shorten it."
        )
    return clean


def parse_kind(kind: str | None) -> str:
    """A tag kind from user input (any case; 'none' or '' for no kind), or BadInput."""
    value = (kind or "").strip().lower()
    value = _KIND_ALIASES.get(value, value)
    try:
        return TagKind(value).value
    except ValueError:
        names = ", ".join(k.value for k in TagKind if k.value)
        raise BadInput(f"'{kind}' is not a tag kind; use one of {names}, or none.") from None


@functools.lru_cache(maxsize=20_000)
def _folded(name: str) -> str:
    """text.fold of a tag name, remembered: lists sort and filter thousands of names."""
    return text.fold(name)


@functools.lru_cache(maxsize=20_000)
def _tag_words(name: str) -> str:
    """_words of a tag name, remembered: suggestions check every tag on each save."""
    return _words(name)


def _words(value: str) -> str:
    """Folded words joined by single spaces, padded, for whole-word matching."""
    return " " + " ".join(_TOKEN.findall(text.fold(value))) + " "


class TagVerbs:
    """Tags, unique regardless of case and surrounding spaces, and the stories they label."""

    if TYPE_CHECKING:
        db: Database
        write: Callable[[], AbstractContextManager[Database]]
        get_article: Callable[[int | str], Article]

    # -- reading ------------------------------------------------------------------------

    def tags(self, query: str = "") -> list[Tag]:
        """Every tag with its story count, by name (case and accents ignored); query filters."""
        rows = self.db.execute(f"SELECT {_TAG_COLUMNS} {_TAG_FROM}").fetchall()
        tags = sorted((Tag(*row) for row in rows), key=lambda t: (_folded(t.name), t.name))
        needle = text.fold(" ".join(query.split()))
        if needle:
            tags = [t for t in tags if needle in _folded(t.name)]
            tags.sort(key=lambda t: not _folded(t.name).startswith(needle))
        return tags

    def get_tag(self, name: str) -> Tag:
        """One tag by name (any case, surrounding spaces ignored), or NotFound."""
        row = self.db.execute(
            f"SELECT {_TAG_COLUMNS} {_TAG_FROM} WHERE t.norm = ?", [_norm(name)]
        ).fetchone()
        if row is None:
            raise NotFound(
                f"There is no tag '{name.strip()}'; `desk tags` lists the tags there are."
            )
        return Tag(*row)

    def article_tags(self, article_id: int) -> list[Tag]:
        """The tags of one story (each with its total story count), by name."""
        rows = self.db.execute(
            f"SELECT {_TAG_COLUMNS} {_TAG_FROM} "
            "WHERE t.id IN (SELECT tag_id FROM article_tags WHERE article_id = ?) ORDER BY t.norm",
            [article_id],
        ).fetchall()
        return [Tag(*row) for row in rows]

    def suggest_tags(self, article_id: int) -> list[str]:
        """Tags to offer for a story: its photos' keywords, then existing tags named in its text."""
        have = {
            r[0]
            for r in self.db.execute(
                "SELECT t.norm FROM tags t JOIN article_tags at ON at.tag_id = t.id "
                "WHERE at.article_id = ?",
                [article_id],
            ).fetchall()
        }
        known = dict(self.db.execute("SELECT norm, name FROM tags").fetchall())
        found: dict[str, str] = {}
        for keyword in [*self._photo_keywords(article_id), *self._tags_in_text(article_id)]:
            try:
                name = normalise_tag(keyword)
            except BadInput:
                continue
            key = _norm(name)
            if key not in have and key not in found:
                found[key] = known.get(key, name)
        return list(found.values())

    def _photo_keywords(self, article_id: int) -> Iterator[str]:
        """Keywords embedded in the story's photos (images.metadata JSON); bad JSON is skipped."""
        rows = self.db.execute(
            "SELECT i.metadata FROM article_images ai JOIN images i ON i.id = ai.image_id "
            "WHERE ai.article_id = ? ORDER BY ai.role = 'lead' DESC, ai.position, ai.id",
            [article_id],
        ).fetchall()
        for (metadata,) in rows:
            try:
                keywords = json.loads(metadata or "{}").get("keywords") or []
            except (ValueError, AttributeError):
                continue
            if isinstance(keywords, str):
                keywords = re.split(r"[,;]", keywords)
            yield from (str(k) for k in keywords if isinstance(k, str | int | float))

    def _tags_in_text(self, article_id: int) -> list[str]:
        """Existing tag names that occur as whole words in the story, first occurrence first."""
        row = self.db.execute(
            "SELECT headline, standfirst, body_md FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        if row is None:
            return []
        words = _words(" \n ".join([row[0] or "", row[1] or "", text.plain_text(row[2] or "")]))
        present = set(words.split())
        hits: list[tuple[int, str]] = []
        for (name,) in self.db.execute("SELECT name FROM tags").fetchall():
            tokens = _tag_words(name)
            first = tokens.split()[:1]
            if not first or first[0] not in present or len(tokens.strip()) < 2:
                continue
            at = words.find(tokens)
            if at >= 0:
                hits.append((at, name))
        return [name for _, name in sorted(hits)]

    # -- tagging stories ------------------------------------------------------------------

    def tag_article(self, article_key: int | str, names: list[str]) -> list[Tag]:
        """Give a story these tags (creating missing ones); returns those tags as stored."""
        clean = self._clean_names(names)
        with self.write() as db:
            article = self.get_article(article_key)
            ids: dict[int, None] = {}
            for name in clean:
                tag_id = self._ensure_tag(name)
                ids[tag_id] = None
                db.execute(
                    "INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)",
                    [article.id, tag_id],
                )
        return [t for tag_id in ids for t in self._tags_by_id([tag_id])]

    def untag_article(self, article_key: int | str, names: list[str]) -> int:
        """Take tags off a story (the tags stay, see delete_unused_tags); returns how many."""
        clean = self._clean_names(names)
        with self.write() as db:
            article = self.get_article(article_key)
            carried = {_norm(t.name): t.id for t in self.article_tags(article.id)}
            missing = [n for n in clean if _norm(n) not in carried]
            if missing:
                raise NotFound(
                    f"'{article.slug}' has no tag '{missing[0]}'; "
                    f"`desk show {article.slug}` lists its tags."
                )
            ids = {carried[_norm(n)] for n in clean}
            for tag_id in ids:
                db.execute(
                    "DELETE FROM article_tags WHERE article_id = ? AND tag_id = ?",
                    [article.id, tag_id],
                )
        return len(ids)

    # -- managing tags --------------------------------------------------------------------

    def create_tag(self, name: str, kind: str = "") -> Tag:
        """Create a tag (or return the existing one with that name) without tagging a story."""
        clean = normalise_tag(name)
        kind_value = parse_kind(kind)
        with self.write() as db:
            tag_id = self._ensure_tag(clean)
            if kind_value:
                db.execute("UPDATE tags SET kind = ? WHERE id = ?", [kind_value, tag_id])
        return self._tags_by_id([tag_id])[0]

    def rename_tag(self, old: str, new: str) -> Tag:
        """Respell a tag; raises TagExists (with the story count) when new is another tag."""
        clean = normalise_tag(new)
        with self.write() as db:
            tag = self.get_tag(old)
            other = db.execute(
                "SELECT name FROM tags WHERE norm = ? AND id != ?", [_norm(clean), tag.id]
            ).fetchone()
            if other:
                raise TagExists(
                    f"There is already a tag '{other[0]}'; merge '{tag.name}' into it instead "
                    f"({tag.count} stories would be affected).",
                    source=tag.name,
                    target=other[0],
                    count=tag.count,
                )
            db.execute(
                "UPDATE tags SET name = ?, norm = ? WHERE id = ?", [clean, _norm(clean), tag.id]
            )
        return self._tags_by_id([tag.id])[0]

    def merge_tags(self, source: str, into: str) -> int:
        """Move every story from source to into and delete source, at once; returns stories."""
        with self.write() as db:
            src = self.get_tag(source)
            dst = self.get_tag(into)
            if src.id == dst.id:
                raise BadInput(f"'{src.name}' and '{dst.name}' are the same tag; nothing to merge.")
            db.execute(
                "INSERT OR IGNORE INTO article_tags (article_id, tag_id) "
                "SELECT article_id, ? FROM article_tags WHERE tag_id = ?",
                [dst.id, src.id],
            )
            db.execute("DELETE FROM article_tags WHERE tag_id = ?", [src.id])
            if src.kind and not dst.kind:
                db.execute("UPDATE tags SET kind = ? WHERE id = ?", [src.kind, dst.id])
            db.execute("DELETE FROM tags WHERE id = ?", [src.id])
        return src.count

    def set_tag_kind(self, name: str, kind: str | None) -> Tag:
        """Say what a tag names (subject, place, person, organisation; '' or 'none' clears)."""
        value = parse_kind(kind)
        with self.write() as db:
            tag = self.get_tag(name)
            db.execute("UPDATE tags SET kind = ? WHERE id = ?", [value, tag.id])
        return self._tags_by_id([tag.id])[0]

    def delete_tag(self, name: str) -> None:
        """Delete a tag no story carries; refuse one in use (untag or merge it first)."""
        with self.write() as db:
            tag = self.get_tag(name)
            if tag.count:
                raise BadInput(
                    f"'{tag.name}' is on {tag.count} {'story' if tag.count == 1 else 'stories'}; "
                    "take it off them or merge it into another tag first."
                )
            db.execute("DELETE FROM tags WHERE id = ?", [tag.id])

    def delete_unused_tags(self) -> int:
        """Delete every tag no story carries; returns how many went."""
        with self.write() as db:
            cursor = db.execute(
                "DELETE FROM tags WHERE id NOT IN (SELECT DISTINCT tag_id FROM article_tags)"
            )
            return cursor.rowcount

    # -- helpers --------------------------------------------------------------------------

    @staticmethod
    def _clean_names(names: list[str]) -> list[str]:
        """Normalised tag names, refusing an empty list (nothing to do is a mistake)."""
        if not names:
            raise BadInput("A tag cannot be empty; name at least one tag.")
        return [normalise_tag(n) for n in names]

    def _ensure_tag(self, clean: str) -> int:
        """The id of the tag with this (normalised) name, created with this spelling if new."""
        key = _norm(clean)
        row = self.db.execute("SELECT id FROM tags WHERE norm = ?", [key]).fetchone()
        if row:
            return row[0]
        return self.db.execute(
            "INSERT INTO tags (name, norm, kind) VALUES (?, ?, '')", [clean, key]
        ).lastrowid

    def _tags_by_id(self, ids: list[int]) -> list[Tag]:
        """Tags (with counts) by id, in the order given."""
        marks = ", ".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT {_TAG_COLUMNS} {_TAG_FROM} WHERE t.id IN ({marks})", ids
        ).fetchall()
        by_id = {row[0]: Tag(*row) for row in rows}
        return [by_id[i] for i in ids if i in by_id]
