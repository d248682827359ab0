"""The store's full-text indexes: stories (headline, standfirst, body, captions) and photos.

FTS5 with accents folded both ways. Story search ranks by bm25 when fewer than SEARCH_WINDOW
stories match; when more do, it lists the most recent of them, headline matches first (bm25 of a
common word in 100,000 stories scans its whole index to weigh it; newsrooms want recent stories
first anyway). Each story row records the `modified` stamp it was built from, so an index left
behind by a crash is found and rebuilt (stale()).
"""

from __future__ import annotations

import sqlite3

from desk import body
from desk.errors import BadInput
from desk.fts import fts_query, indexable, shown
from desk.model import SearchHit
from desk.store.db import Database
from desk.store.rows import SUMMARY_COLUMNS, story_filters

SEARCH_WINDOW = 1000
# bm25 with a headline hit worth most, then standfirst, captions and body.
SEARCH_RANKING = "bm25(10.0, 4.0, 1.0, 2.0)"
# The last word typed also finds longer words ("Cavus" finds "Çavuşoğlu") once it has this many
# letters and is not itself a common word: expanding "th" or "the" merges most of the index.
PREFIX_MIN = 3
SNIPPET_OPEN, SNIPPET_CLOSE = "**", "**"
# FTS5's snippet() weighs every window around every match: its time grows with the square of a
# story's matches (29 ms for a 20,000-word story, 3.8 s for 300,000, 42 s for a million
# words). A story longer than this gets its headline's snippet, which costs nothing.
SNIPPET_WORDS_MAX = 20_000
SNIPPET = (
    "CASE WHEN a.word_count > "
    f"{SNIPPET_WORDS_MAX} THEN snippet(articles_fts, 0, ?, ?, '…', 12) "
    "ELSE snippet(articles_fts, -1, ?, ?, '…', 12) END AS snip"
)
MARKS = [SNIPPET_OPEN, SNIPPET_CLOSE] * 2  # the parameters SNIPPET takes


class SearchIndex:
    """Keeps the FTS tables in step with stories and photos, and answers searches."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- keeping it current (inside the caller's transaction) -----------------------------

    def index_story(self, article_id: int) -> None:
        """Rebuild one story's row from the story and its figures' captions."""
        row = self.db.one(
            "SELECT headline, standfirst, body_md, modified FROM articles WHERE id = ?",
            [article_id],
        )
        captions = " ".join(
            " ".join(filter(None, r))
            for r in self.db.query(
                "SELECT caption, credit, alt FROM article_images WHERE article_id = ?",
                [article_id],
            )
        )
        with self.db.transaction() as db:
            db.run("DELETE FROM articles_fts WHERE rowid = ?", [article_id])
            if row is None:
                return
            db.run(
                "INSERT INTO articles_fts (rowid, headline, standfirst, body, captions) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    article_id,
                    *(indexable(t) for t in (row[0], row[1], body.plain_text(row[2] or ""))),
                    indexable(captions),
                ],
            )
            db.run("UPDATE articles SET indexed = ? WHERE id = ?", [row[3], article_id])

    def remove_story(self, article_id: int) -> None:
        """Take a deleted story out of the index."""
        with self.db.transaction() as db:
            db.run("DELETE FROM articles_fts WHERE rowid = ?", [article_id])

    def stale(self) -> list[int]:
        """Stories whose index row was not rebuilt after their last change (e.g. a crash)."""
        rows = self.db.query(
            "SELECT id FROM articles WHERE indexed IS NULL OR indexed != modified ORDER BY id"
        )
        return [r[0] for r in rows]

    def missing(self) -> list[int]:
        """Stories with no index row, and index rows with no story."""
        rows = self.db.query(
            "SELECT id FROM articles WHERE id NOT IN (SELECT rowid FROM articles_fts) "
            "UNION SELECT rowid FROM articles_fts WHERE rowid NOT IN (SELECT id FROM articles)"
        )
        return [r[0] for r in rows]

    def reindex_all(self) -> int:
        """Rebuild the whole story index and the photos' (after an upgrade, or by the doctor);
        how many stories."""
        ids = [r[0] for r in self.db.query("SELECT id FROM articles")]
        with self.db.transaction() as db:
            db.run("DELETE FROM articles_fts")
            for article_id in ids:
                self.index_story(article_id)
            db.run("DELETE FROM images_fts")
            for (photo_id,) in self.db.query("SELECT id FROM images"):
                self.index_photo(photo_id)
        return len(ids)

    def index_photo(self, photo_id: int) -> None:
        """Rebuild a photo's row: embedded fields plus every story's caption of it."""
        from desk.store.rows import PHOTO_COLUMNS, photo_from_row

        row = self.db.one(f"SELECT {PHOTO_COLUMNS} FROM images WHERE id = ?", [photo_id])
        with self.db.transaction() as db:
            db.run("DELETE FROM images_fts WHERE rowid = ?", [photo_id])
            if row is None:
                return
            photo = photo_from_row(row)
            meta = photo.metadata
            uses = self.db.query(
                "SELECT caption, credit, alt FROM article_images WHERE image_id = ?", [photo_id]
            )
            captions = [meta.get(k) or "" for k in ("caption", "headline", "title", "alt_text")]
            captions += [u[0] for u in uses] + [u[2] for u in uses]
            credits = [meta.get(k) or "" for k in ("credit", "copyright", "source")]
            credits += list(meta.get("creators") or []) + [u[1] for u in uses]
            keywords = list(meta.get("keywords") or [])
            keywords += [meta.get(k) or "" for k in ("city", "state", "country")]
            names = [photo.original_name, meta.get("camera") or ""]
            db.run(
                "INSERT INTO images_fts (rowid, captions, credits, keywords, names) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    photo_id,
                    *(
                        indexable(" \n".join(str(x) for x in v if x))
                        for v in (captions, credits, keywords, names)
                    ),
                ],
            )

    # -- searching ------------------------------------------------------------------------

    def stories(
        self,
        query: str,
        status: str | None = None,
        section: str | None = None,
        tags: list[str] | None = None,
        limit: int = 100,
    ) -> list[SearchHit]:
        """Full-text search with snippets: best first, or newest first when very many match."""
        try:
            match = self._match(query)
            if not match:
                return []
            where, params = story_filters(status, section, tags)
            where = where.replace("WHERE", "AND", 1)
            floor = self._floor(match)
            if floor:
                rows = self._recent(match, floor, where, params, limit)
            else:
                rows = self._ranked(match, where, params, limit)
        except sqlite3.OperationalError as exc:
            raise BadInput(f"Could not search for '{query}' ({exc}); try other words.") from None
        hits = [SearchHit(*row[:9]) for row in rows]
        for hit in hits:
            hit.snippet = shown(hit.snippet)  # as written: no zero-width spaces (desk.fts)
        return hits

    def photo_ids(self, query: str, limit: int = 500) -> list[int]:
        """Photos best matching words in captions, credits, keywords and names."""
        match = fts_query(query)
        if not match:
            return []
        rows = self.db.query(
            "SELECT rowid FROM images_fts WHERE images_fts MATCH ? "
            "ORDER BY bm25(images_fts, 4.0, 2.0, 2.0, 1.0), rowid DESC LIMIT ?",
            [match, limit],
        )
        return [r[0] for r in rows]

    def _ranked(self, match: str, where: str, params: list[object], limit: int) -> list[tuple]:
        """Every match ranked by bm25 (FTS5 sorts, so only returned rows get a snippet)."""
        return self.db.conn.execute(
            f"""
            SELECT {SUMMARY_COLUMNS}, {SNIPPET}, articles_fts.rank
            FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
            WHERE articles_fts MATCH ? AND articles_fts.rank MATCH ? {where}
            ORDER BY articles_fts.rank LIMIT ?
            """,
            [*MARKS, match, SEARCH_RANKING, *params, limit],
        ).fetchall()

    def _recent(
        self, match: str, floor: int, where: str, params: list[object], limit: int
    ) -> list[tuple]:
        """Newest of many matches first, headline matches on top: bm25 would cost a full scan."""
        sql = f"""
            SELECT {SUMMARY_COLUMNS}, {SNIPPET}, ? AS rank
            FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
            WHERE articles_fts MATCH ? AND articles_fts.rowid >= ? {where}
            ORDER BY articles_fts.rowid DESC LIMIT ?
            """
        head = self.db.conn.execute(
            sql, [*MARKS, -2.0, f"{{headline}} : ({match})", floor, *params, limit]
        ).fetchall()
        seen = {row[0] for row in head}
        rest = self.db.conn.execute(
            sql, [*MARKS, -1.0, match, floor, *params, limit + len(head)]
        ).fetchall()
        return (head + [row for row in rest if row[0] not in seen])[:limit]

    def _match(self, query: str) -> str:
        """The FTS5 query: the last word also as a prefix, unless short or common (too slow)."""
        exact = fts_query(query, prefix_last=False)
        prefixed = fts_query(query)
        if prefixed == exact:
            return exact
        last = exact.rsplit(" ", 1)[-1]
        if sum(c.isalnum() for c in last) < PREFIX_MIN or self._floor(last):
            return exact
        return prefixed

    def _floor(self, match: str) -> int:
        """The lowest story id among the SEARCH_WINDOW most recent matches (0 if fewer match)."""
        row = self.db.conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
            "ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            [match, SEARCH_WINDOW - 1],
        ).fetchone()
        return row[0] if row else 0
