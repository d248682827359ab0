"""Tags in the store: unique by their norm (desk.tagnames.tag_norm), the first spelling kept until
renamed; finding tags (list(query), suggestions from text) ignores accents."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from desk import body, text
from desk.errors import BadInput, NotFound, TagExists
from desk.model import Tag
from desk.store.articles import Articles
from desk.store.db import Database
from desk.store.figures import Figures
from desk.tagnames import normalise_tag, parse_kind, tag_norm

_TOKEN = re.compile(r"\w+", re.UNICODE)
# A tag's story count, counted in the tag_id index for the tags a query returns: a join on
# the counts of every tag made each query count the whole store's tags (one story's tags 1.1 ms
# at 10,000 stories of three tags, 0.02 ms this way; the same rows).
_TAG_COLUMNS = "t.id, t.name, t.kind, (SELECT count(*) FROM article_tags a WHERE a.tag_id = t.id)"
_TAG_FROM = "FROM tags t"


@functools.lru_cache(maxsize=20_000)
def _folded(name: str) -> str:
    """text.fold of a tag name, remembered: lists sort and filter thousands of names."""
    return text.fold(name)


@functools.lru_cache(maxsize=20_000)
def _tag_words(name: str) -> str:
    """_words of a tag name, remembered: suggestions check every tag on each save."""
    return _words(name)


def _joined_words(value: str) -> str:
    """Folded words joined by single spaces."""
    return " ".join(_TOKEN.findall(text.fold(value)))


def _words(value: str) -> str:
    """Folded words joined by single spaces, padded, for whole-word matching."""
    return " " + _joined_words(value) + " "


# A paragraph's words, remembered: suggestions are worked out again after every save, when most
# paragraphs of the story are unchanged.
_paragraph_words = functools.lru_cache(maxsize=4_096)(_joined_words)


def _text_words(value: str) -> str:
    """_words(value), a paragraph at a time (the same string: no word spans a line break), so a
    save of a long story folds only its changed paragraphs and no single call holds Python's
    lock for long (a keystroke on the window's thread waits for it)."""
    parts = (_paragraph_words(p) for p in value.split("\n"))
    return " " + " ".join(p for p in parts if p) + " "


def _tags_in_text(story: tuple, names: list[str]) -> list[str]:
    """Which of these tag names occur as whole words in the story (headline, standfirst,
    body_md), first occurrence first."""
    if not names:
        return []
    headline, standfirst, body_md = story
    words = _text_words(
        " \n ".join([headline or "", standfirst or "", body.plain_text(body_md or "")])
    )
    present = set(words.split())
    hits: list[tuple[int, str]] = []
    for name in names:
        tokens = _tag_words(name)
        first = tokens.split()[:1]
        if not first or first[0] not in present or len(tokens.strip()) < 2:
            continue
        at = words.find(tokens)
        if at >= 0:
            hits.append((at, name))
    return [name for _, name in sorted(hits)]


MAX_SUGGESTIONS = 6


def looks_like_tag(keyword: str) -> bool:
    """True when a photo keyword reads as a tag a person would choose: it has letters, and no
    word of it is a code: a machine token (autoplay_video), a handle (@desk), or letters and
    digits mixed as file names and reference codes mix them (alternating three times, or round
    a dotted number: Keyword1ref2017.1, v2.1b3). 'G7', 'COVID-19', 'Apollo 11' are tags."""
    if not any(c.isalpha() for c in keyword):
        return False  # bare numbers, dates, punctuation
    for word in re.split(r"[\s\-–/]+", keyword):
        if "_" in word or word.startswith("@"):
            return False
        kinds = "".join("d" if c.isdigit() else "a" for c in word if c.isalnum())
        runs = re.sub(r"(.)\1+", r"\1", kinds)  # "aaaddaa" -> "ada"
        if "a" in runs and "d" in runs and (len(runs) >= 4 or re.search(r"\d\.\d", word)):
            return False
    return True


class Tags:
    """Tags, unique regardless of case and surrounding spaces, and the stories they label."""

    def __init__(self, db: Database, articles: Articles, figures: Figures) -> None:
        self.db = db
        self.articles = articles
        self.figures = figures

    # -- reading ------------------------------------------------------------------------

    def all(self, query: str = "") -> list[Tag]:
        """Every tag with its story count, by name (case and accents ignored); query filters."""
        rows = self.db.conn.execute(f"SELECT {_TAG_COLUMNS} {_TAG_FROM}").fetchall()
        tags = sorted((Tag(*row) for row in rows), key=lambda t: (_folded(t.name), t.name))
        needle = text.fold(" ".join(query.split()))
        if needle:
            tags = [t for t in tags if needle in _folded(t.name)]
            tags.sort(key=lambda t: not _folded(t.name).startswith(needle))
        return tags

    def get(self, name: str) -> Tag:
        """One tag by name (any case, surrounding spaces ignored), or NotFound."""
        row = self.db.conn.execute(
            f"SELECT {_TAG_COLUMNS} {_TAG_FROM} WHERE t.norm = ?", [tag_norm(name)]
        ).fetchone()
        if row is None:
            raise NotFound(
                f"There is no tag '{name.strip()}'; `desk tags` lists the tags there are."
            )
        return Tag(*row)

    def for_story(self, article_id: int) -> list[Tag]:
        """The tags of one story (each with its total story count), by name."""
        rows = self.db.conn.execute(
            f"SELECT {_TAG_COLUMNS} {_TAG_FROM} "
            "WHERE t.id IN (SELECT tag_id FROM article_tags WHERE article_id = ?) ORDER BY t.norm",
            [article_id],
        ).fetchall()
        return [Tag(*row) for row in rows]

    def suggest(self, article_id: int) -> list[str]:
        """At most six tags to offer for a story: its photos' keywords that look like tags (not
        numbers or codes such as 'Keyword1ref2017.1'), then existing tags named in its text."""
        have = {
            r[0]
            for r in self.db.conn.execute(
                "SELECT t.norm FROM tags t JOIN article_tags at ON at.tag_id = t.id "
                "WHERE at.article_id = ?",
                [article_id],
            ).fetchall()
        }
        known = dict(self.db.conn.execute("SELECT norm, name FROM tags").fetchall())
        story = self.db.conn.execute(
            "SELECT headline, standfirst, body_md FROM articles WHERE id = ?", [article_id]
        ).fetchone() or ("", "", "")
        keywords = [k for k in self._photo_keywords(article_id, story[2]) if looks_like_tag(k)]
        found: dict[str, str] = {}
        for keyword in [*keywords, *_tags_in_text(story, list(known.values()))]:
            try:
                name = normalise_tag(keyword)
            except BadInput:
                continue
            key = tag_norm(name)
            if key not in have and key not in found:
                found[key] = known.get(key, name)
            if len(found) == MAX_SUGGESTIONS:
                break
        return list(found.values())

    def _photo_keywords(self, article_id: int, body_md: str | None) -> Iterator[str]:
        """Keywords embedded in the story's photos, in the order its body shows them."""
        for figure in body.arrange(self.figures.rows(article_id), body_md or ""):
            keywords = (figure.photo.metadata.get("keywords") or []) if figure.photo else []
            if isinstance(keywords, str):
                keywords = re.split(r"[,;]", keywords)
            yield from (str(k) for k in keywords if isinstance(k, str | int | float))

    # -- tagging stories ------------------------------------------------------------------

    def tag(self, article_key: int | str, names: list[str]) -> list[Tag]:
        """Give a story these tags (creating missing ones); returns those tags as stored."""
        clean = self._clean_names(names)
        with self.db.transaction() as db:
            article = self.articles.get(article_key)
            ids: dict[int, None] = {}
            for name in clean:
                tag_id = self._ensure_tag(name)
                ids[tag_id] = None
                db.run(
                    "INSERT OR IGNORE INTO article_tags (article_id, tag_id) VALUES (?, ?)",
                    [article.id, tag_id],
                )
        return [t for tag_id in ids for t in self._tags_by_id([tag_id])]

    def untag(self, article_key: int | str, names: list[str]) -> int:
        """Take tags off a story (the tags stay, see delete_unused); returns how many."""
        clean = self._clean_names(names)
        with self.db.transaction() as db:
            article = self.articles.get(article_key)
            carried = {tag_norm(t.name): t.id for t in self.for_story(int(article.id or 0))}
            missing = [n for n in clean if tag_norm(n) not in carried]
            if missing:
                raise NotFound(
                    f"'{article.slug}' has no tag '{missing[0]}'; "
                    f"`desk show {article.slug}` lists its tags."
                )
            ids = {carried[tag_norm(n)] for n in clean}
            for tag_id in ids:
                db.run(
                    "DELETE FROM article_tags WHERE article_id = ? AND tag_id = ?",
                    [article.id, tag_id],
                )
        return len(ids)

    # -- managing tags --------------------------------------------------------------------

    def create(self, name: str, kind: str = "") -> Tag:
        """Create a tag (or return the existing one with that name) without tagging a story."""
        clean = normalise_tag(name)
        kind_value = parse_kind(kind)
        with self.db.transaction() as db:
            tag_id = self._ensure_tag(clean)
            if kind_value:
                db.run("UPDATE tags SET kind = ? WHERE id = ?", [kind_value, tag_id])
        return self._tags_by_id([tag_id])[0]

    def rename(self, old: str, new: str) -> Tag:
        """Respell a tag; raises TagExists (with the story count) when new is another tag."""
        clean = normalise_tag(new)
        with self.db.transaction() as db:
            tag = self.get(old)
            other = db.run(
                "SELECT name FROM tags WHERE norm = ? AND id != ?", [tag_norm(clean), tag.id]
            ).fetchone()
            if other:
                raise TagExists(
                    f"There is already a tag '{other[0]}'; merge '{tag.name}' into it instead "
                    f"({tag.count} stories would be affected).",
                    source=tag.name,
                    target=other[0],
                    count=tag.count,
                )
            db.run(
                "UPDATE tags SET name = ?, norm = ? WHERE id = ?", [clean, tag_norm(clean), tag.id]
            )
        return self._tags_by_id([tag.id])[0]

    def merge(self, source: str, into: str) -> int:
        """Move every story from source to into and delete source, at once; returns stories."""
        with self.db.transaction() as db:
            src = self.get(source)
            dst = self.get(into)
            if src.id == dst.id:
                raise BadInput(f"'{src.name}' and '{dst.name}' are the same tag; nothing to merge.")
            db.run(
                "INSERT OR IGNORE INTO article_tags (article_id, tag_id) "
                "SELECT article_id, ? FROM article_tags WHERE tag_id = ?",
                [dst.id, src.id],
            )
            db.run("DELETE FROM article_tags WHERE tag_id = ?", [src.id])
            if src.kind and not dst.kind:
                db.run("UPDATE tags SET kind = ? WHERE id = ?", [src.kind, dst.id])
            db.run("DELETE FROM tags WHERE id = ?", [src.id])
        return src.count

    def set_kind(self, name: str, kind: str | None) -> Tag:
        """Say what a tag names (subject, place, person, organisation; '' or 'none' clears)."""
        value = parse_kind(kind)
        with self.db.transaction() as db:
            tag = self.get(name)
            db.run("UPDATE tags SET kind = ? WHERE id = ?", [value, tag.id])
        return self._tags_by_id([tag.id])[0]

    def delete(self, name: str) -> None:
        """Delete a tag no story carries; refuse one in use (untag or merge it first)."""
        with self.db.transaction() as db:
            tag = self.get(name)
            if tag.count:
                raise BadInput(
                    f"'{tag.name}' is on {tag.count} {'story' if tag.count == 1 else 'stories'}; "
                    "take it off them or merge it into another tag first."
                )
            db.run("DELETE FROM tags WHERE id = ?", [tag.id])

    def delete_unused(self) -> int:
        """Delete every tag no story carries; returns how many went."""
        with self.db.transaction() as db:
            cursor = db.run(
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
        key = tag_norm(clean)
        row = self.db.conn.execute("SELECT id FROM tags WHERE norm = ?", [key]).fetchone()
        if row:
            return row[0]
        return self.db.insert("tags", {"name": clean, "norm": key, "kind": ""})

    def _tags_by_id(self, ids: list[int]) -> list[Tag]:
        """Tags (with counts) by id, in the order given."""
        marks = ", ".join("?" * len(ids))
        rows = self.db.conn.execute(
            f"SELECT {_TAG_COLUMNS} {_TAG_FROM} WHERE t.id IN ({marks})", ids
        ).fetchall()
        by_id = {row[0]: Tag(*row) for row in rows}
        return [by_id[i] for i in ids if i in by_id]
