"""The store: one folder holding desk.db (SQLite, WAL) and media/. Every change is a verb here.

A Store opened for writing holds the folder's lock file, so one process writes at a time; any
number of read-only Stores (other processes, or worker threads of the UI) may read alongside.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sqlite3
import unicodedata
from collections.abc import Iterator
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from desk import text
from desk.errors import (
    BadInput,
    NotFound,
    SchemaTooNew,
    StoreError,
    StoreLocked,
    StoreReadOnly,
)
from desk.migrations import migrations
from desk.model import EDITABLE_FIELDS, Article, ArticleSummary, SearchHit, Status
from desk.store_history import HistoryVerbs
from desk.store_images import FigureVerbs
from desk.store_tags import TagVerbs

DB_NAME = "desk.db"
LOCK_NAME = "desk.lock"
SQLITE_MAGIC = b"SQLite format 3\x00"
# Full-text search ranks by bm25 when fewer than SEARCH_WINDOW stories match. When more do, it
# lists the most recent of them, headline matches first: bm25 of a common word in 100,000 stories
# scans its whole index to weigh it. Newsrooms want recent stories first anyway.
SEARCH_WINDOW = 1000
# bm25 with a headline hit worth most, then standfirst, captions and body.
SEARCH_RANKING = "bm25(10.0, 4.0, 1.0, 2.0)"
# The last word typed also finds longer words ("Cavus" finds "Çavuşoğlu") once it has this many
# letters and is not itself a common word: expanding "th" or "the" merges most of the index.
PREFIX_MIN = 3
SNIPPET_OPEN, SNIPPET_CLOSE = "**", "**"
_ARTICLE_COLUMNS = tuple(f.name for f in fields(Article))
_SUMMARY_COLUMNS = "id, slug, headline, status, section, modified, word_count"


def utc_now() -> str:
    """Now as ISO 8601 UTC with milliseconds, e.g. 2026-11-25T11:52:29.123Z."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def fts_query(query: str, prefix_last: bool = True) -> str:
    """Quote each term for FTS5 so punctuation and NOT/OR/NEAR are searched as plain words."""
    query = query.replace("\x00", " ")  # FTS5 would end the quoted string at a NUL
    terms = [t for t in query.split() if any(c.isalnum() for c in t)]
    quoted = ['"' + t.replace('"', '""') + '"' for t in terms]
    if quoted and prefix_last and not query.endswith((" ", "\t")):
        quoted[-1] += "*"
    return " ".join(quoted)


class _Lock:
    """An advisory lock on the store's lock file; the OS releases it even after a crash."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise StoreLocked naming the process that holds it."""
        import fcntl

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 64, 0).decode("ascii", "ignore").strip()
            os.close(fd)
            who = f" (process {holder})" if holder.isdigit() else ""
            raise StoreLocked(
                f"Desk is already open on this store{who}; "
                "close that window first, or open this one read-only."
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        self._fd = fd

    def release(self) -> None:
        """Let another process write to the store."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)
            os.close(self._fd)
            self._fd = None


def _check_folder(root: Path, create: bool) -> None:
    """Make sure root is a usable store folder (created when allowed); raise StoreError if not."""
    if root.exists() and not root.is_dir():
        raise StoreError(f"{root} is a file, not a Desk store folder; choose a folder instead.")
    if not root.exists():
        if not create:
            raise StoreError(f"There is no Desk store at {root}; check the path.")
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"Could not create the store folder {root} ({exc.strerror}); "
                "choose a folder you can write to."
            ) from None
    db_path = root / DB_NAME
    if db_path.exists():
        if not db_path.is_file():
            raise StoreError(f"{db_path} is not a file; move it aside or choose another store.")
        with open(db_path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
        if head and head != SQLITE_MAGIC:
            raise StoreError(
                f"{db_path} is not a Desk database (not SQLite); "
                "it was left untouched, choose another store folder."
            )


def _translate(exc: sqlite3.Error) -> StoreError:
    """Turn an SQLite failure into one sentence a journalist can act on."""
    message = str(exc).lower()
    if "readonly" in message or "read-only" in message:
        return StoreReadOnly(
            "The store cannot be written to (read-only disk or folder); "
            "your text is still in the editor, so copy it or free the disk."
        )
    if "full" in message:
        return StoreError(
            "The disk holding the store is full; free some space and Desk will save again."
        )
    if "locked" in message or "busy" in message:
        return StoreError("The store is busy with another write; try again in a moment.")
    if "not a database" in message or "malformed" in message:
        return StoreError(
            "The store's database is damaged; restore it from a backup (desk backup)."
        )
    return StoreError(f"The store could not complete that ({exc}).")


class Store(FigureVerbs, TagVerbs, HistoryVerbs):
    """A Desk store folder. Use Store.open(); close() when done (or use it as a context manager)."""

    def __init__(self, root: Path, db: Database, lock: _Lock | None, readonly: bool) -> None:
        self.root = root
        self.db = db
        self.readonly = readonly
        self._lock = lock

    # -- opening and closing --------------------------------------------------------------

    @classmethod
    def open(cls, root: Path | str, readonly: bool = False) -> Store:
        """Open (and create, when writable) the store at root, upgrading its schema if needed."""
        root = Path(root).expanduser().resolve()
        _check_folder(root, create=not readonly)
        lock = None
        if not readonly:
            lock = _Lock(root / LOCK_NAME)
            try:
                lock.acquire()
            except PermissionError:
                raise StoreReadOnly(
                    f"The store folder {root} is read-only; open it read-only or copy it."
                ) from None
        db = None
        try:
            db = cls._connect(root / DB_NAME, readonly)
            unindexed = cls._check_schema(db, root, readonly)
            if not readonly:
                cls._use_wal(db)  # only now: a refused database must be left byte for byte
        except BaseException:
            if db is not None:
                db.conn.close()
            if lock:
                lock.release()
            raise
        store = cls(root, db, lock, readonly)
        if unindexed:
            try:
                store.reindex_all()
            except BaseException:
                store.close()
                raise
        return store

    @staticmethod
    def _connect(path: Path, readonly: bool) -> Database:
        """Connect with WAL and foreign keys; read-only connections never write a byte."""
        try:
            if readonly:
                if not path.exists():
                    raise StoreError(f"There is no Desk database in {path.parent}; check the path.")
                conn = sqlite3.connect(
                    f"file:{path}?mode=ro", uri=True, check_same_thread=False, timeout=5
                )
            else:
                conn = sqlite3.connect(path, check_same_thread=False, timeout=5)
            db = Database(conn)
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA busy_timeout = 5000")
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            raise _translate(exc) from None
        return db

    @staticmethod
    def _use_wal(db: Database) -> None:
        """Switch a checked, writable database to WAL so readers never block the writer."""
        try:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            raise _translate(exc) from None

    @staticmethod
    def _check_schema(db: Database, root: Path, readonly: bool) -> bool:
        """Refuse a newer Desk's database, upgrade an older one; True if it just gained an index."""
        known = {m.name for m in migrations._migrations}
        applied = {m.name for m in migrations.applied(db)}
        unknown = applied - known
        if unknown:
            raise SchemaTooNew(
                f"The store at {root} was written by a newer version of Desk; "
                "update Desk to open it (it was not changed)."
            )
        if migrations.pending(db):
            if readonly:
                raise StoreError(
                    f"The store at {root} needs upgrading; open it once for writing first."
                )
            has_tables = bool(db.table_names())
            if has_tables and not applied:
                raise StoreError(
                    f"{root / DB_NAME} is an SQLite file but not a Desk database; "
                    "it was left untouched, choose another store folder."
                )
            try:
                migrations.apply(db)
            except sqlite3.Error as exc:
                raise _translate(exc) from None
            return bool(applied) and "create_search_index" not in applied
        return False

    def close(self) -> None:
        """Close the database and release the lock."""
        with contextlib.suppress(sqlite3.Error):
            if not self.readonly:
                self.db.execute("PRAGMA optimize")
            self.db.conn.close()
        if self._lock:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def media_dir(self) -> Path:
        """Where photo originals live, content-addressed."""
        return self.root / "media"

    @property
    def cache_dir(self) -> Path:
        """Thumbnails and renditions: safe to delete, rebuilt on demand."""
        return self.root / "cache"

    @contextlib.contextmanager
    def write(self) -> Iterator[Database]:
        """One transaction: all of it lands or none of it does; failures become StoreErrors."""
        if self.readonly:
            raise StoreReadOnly(
                "This store is open read-only; close the other Desk window to make changes."
            )
        try:
            with self.db.atomic():
                yield self.db
        except sqlite3.Error as exc:
            raise _translate(exc) from None
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES):
                raise StoreError(
                    f"The store could not be written ({exc.strerror}); "
                    "free the disk or check its permissions."
                ) from None
            raise

    # -- stories --------------------------------------------------------------------------

    def create_article(self, **values: object) -> Article:
        """Create a story (a headline is not required) and return it with its id and slug."""
        now = utc_now()
        article = Article(created=now, modified=now)
        self._apply_changes(article, values)
        with self.write() as db:
            if not article.slug:
                article.slug = self._unique_slug(text.slugify(article.headline, "untitled"))
            self._stamp(article, previous_status=None)
            row = self._row(article)
            row.pop("id")
            if "slug" in values:
                row["slug_manual"] = 1  # a slug chosen at creation no longer follows the headline
            article.id = db["articles"].insert(row).last_pk
            self._reindex(article.id)
        return article

    def get_article(self, key: int | str) -> Article:
        """Fetch a story by id or slug, or raise NotFound."""
        column = "id" if isinstance(key, int) else "slug"
        row = self.db.execute(
            f"SELECT {', '.join(_ARTICLE_COLUMNS)} FROM articles WHERE {column} = ?", [key]
        ).fetchone()
        if row is None:
            raise NotFound(f"There is no story '{key}'; `desk list` shows the stories there are.")
        return self._article(row)

    def update_article(self, key: int | str, **changes: object) -> Article:
        """Change some fields of a story in one transaction and return it as saved."""
        with self.write() as db:
            article = self.get_article(key)
            before = Article(**article.to_dict())
            previous_status = article.status
            old_headline = article.headline
            manual = "slug" in changes
            self._apply_changes(article, changes)
            if manual:
                self._set_slug(article, str(changes["slug"]))
            elif article.headline != old_headline:
                self._follow_headline(article)
            article.modified = utc_now()
            self._stamp(article, previous_status)
            if previous_status != article.status and article.status == Status.PUBLISHED:
                # After stamping, so the snapshot carries the publication time and word count.
                self.add_revision(article.id, "published", _article=article)
            self._keep_history(before, article)
            row = self._row(article)
            if manual:
                row["slug_manual"] = 1
            db["articles"].update(article.id, row)
            self._reindex(article.id)
        return article

    def delete_article(self, key: int | str) -> None:
        """Delete a story with its figures, tags and history (photos stay in the library)."""
        with self.write() as db:
            article = self.get_article(key)
            photos = self._photo_ids(article.id)
            for table in ("article_images", "article_tags", "revisions"):
                db.execute(f"DELETE FROM {table} WHERE article_id = ?", [article.id])
            db.execute("DELETE FROM articles_fts WHERE rowid = ?", [article.id])
            db.execute("DELETE FROM articles WHERE id = ?", [article.id])
            for photo_id in photos:
                self._index_photo(photo_id)  # its captions in this story no longer find it

    def list_articles(
        self,
        status: str | None = None,
        section: str | None = None,
        tags: list[str] | None = None,
        limit: int | None = None,
    ) -> list[ArticleSummary]:
        """Stories newest-modified first, optionally filtered by status, section and tags (all)."""
        where, params = self._filters(status, section, tags)
        sql = f"SELECT {_SUMMARY_COLUMNS} FROM articles a {where} ORDER BY modified DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [ArticleSummary(*row) for row in self.db.execute(sql, params).fetchall()]

    def count_articles(self) -> int:
        """How many stories the store holds."""
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def sections(self) -> list[str]:
        """Every section name in use, sorted, for filters and completion."""
        rows = self.db.execute(
            "SELECT DISTINCT section FROM articles WHERE section != '' "
            "ORDER BY section COLLATE NOCASE"
        )
        return [r[0] for r in rows.fetchall()]

    def search(
        self,
        query: str,
        status: str | None = None,
        section: str | None = None,
        tags: list[str] | None = None,
        limit: int = 100,
    ) -> list[SearchHit]:
        """Full-text search with snippets: best first, or newest first when very many match."""
        try:
            match = self._search_match(query)
            if not match:
                return []
            where, params = self._filters(status, section, tags)
            where = where.replace("WHERE", "AND", 1)
            floor = self._search_floor(match)
            if floor:
                rows = self._recent_hits(match, floor, where, params, limit)
            else:
                rows = self._ranked_hits(match, where, params, limit)
        except sqlite3.OperationalError as exc:
            raise BadInput(f"Could not search for '{query}' ({exc}); try other words.") from None
        return [SearchHit(*row[:7], snippet=row[7], rank=row[8]) for row in rows]

    def _ranked_hits(self, match: str, where: str, params: list[object], limit: int) -> list[tuple]:
        """Every match ranked by bm25 (FTS5 sorts, so only returned rows get a snippet)."""
        return self.db.execute(
            f"""
            SELECT a.id, a.slug, a.headline, a.status, a.section, a.modified, a.word_count,
                   snippet(articles_fts, -1, ?, ?, '…', 12) AS snip, articles_fts.rank
            FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
            WHERE articles_fts MATCH ? AND articles_fts.rank MATCH ? {where}
            ORDER BY articles_fts.rank LIMIT ?
            """,
            [SNIPPET_OPEN, SNIPPET_CLOSE, match, SEARCH_RANKING, *params, limit],
        ).fetchall()

    def _recent_hits(
        self, match: str, floor: int, where: str, params: list[object], limit: int
    ) -> list[tuple]:
        """Newest of many matches first, headline matches on top: bm25 would cost a full scan."""
        sql = f"""
            SELECT a.id, a.slug, a.headline, a.status, a.section, a.modified, a.word_count,
                   snippet(articles_fts, -1, ?, ?, '…', 12) AS snip, ? AS rank
            FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
            WHERE articles_fts MATCH ? AND articles_fts.rowid >= ? {where}
            ORDER BY articles_fts.rowid DESC LIMIT ?
            """
        head = self.db.execute(
            sql,
            [SNIPPET_OPEN, SNIPPET_CLOSE, -2.0, f"{{headline}} : ({match})", floor, *params, limit],
        ).fetchall()
        seen = {row[0] for row in head}
        rest = self.db.execute(
            sql, [SNIPPET_OPEN, SNIPPET_CLOSE, -1.0, match, floor, *params, limit + len(head)]
        ).fetchall()
        return (head + [row for row in rest if row[0] not in seen])[:limit]

    def _search_match(self, query: str) -> str:
        """The FTS5 query: the last word also as a prefix, unless short or common (too slow)."""
        exact = fts_query(query, prefix_last=False)
        prefixed = fts_query(query)
        if prefixed == exact:
            return exact
        last = exact.rsplit(" ", 1)[-1]
        if sum(c.isalnum() for c in last) < PREFIX_MIN or self._search_floor(last):
            return exact
        return prefixed

    def _search_floor(self, match: str) -> int:
        """The lowest story id among the SEARCH_WINDOW most recent matches (0 if fewer match)."""
        row = self.db.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? "
            "ORDER BY rowid DESC LIMIT 1 OFFSET ?",
            [match, SEARCH_WINDOW - 1],
        ).fetchone()
        return row[0] if row else 0

    # -- helpers --------------------------------------------------------------------------

    def _filters(
        self, status: str | None, section: str | None, tags: list[str] | None
    ) -> tuple[str, list[object]]:
        """A WHERE clause over `articles a` for the library's filters."""
        clauses: list[str] = []
        params: list[object] = []
        if status:
            clauses.append("a.status = ?")
            params.append(Status.parse(status).value)
        if section:
            clauses.append("a.section = ? COLLATE NOCASE")
            params.append(section)
        for tag in tags or []:
            clauses.append(
                "a.id IN (SELECT at.article_id FROM article_tags at JOIN tags t "
                "ON t.id = at.tag_id WHERE t.norm = ?)"
            )
            params.append(tag_norm(tag))
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params

    def _apply_changes(self, article: Article, changes: dict[str, object]) -> None:
        """Validate and copy user-editable fields onto an Article."""
        for name, value in changes.items():
            if name not in EDITABLE_FIELDS:
                raise BadInput(f"'{name}' is not a story field.")
            if name == "slug":
                continue  # handled by _set_slug, which checks uniqueness
            if name == "status":
                value = Status.parse(str(value)).value
            elif name == "authors":
                if isinstance(value, str):
                    value = [a.strip() for a in value.split(",")]
                value = [str(a).strip() for a in (value or []) if str(a).strip()]
            elif name == "embargo":
                value = str(value) if value else None
            else:
                value = "" if value is None else str(value)
                if name not in ("body_md", "notes", "standfirst"):
                    value = " ".join(value.split())
            setattr(article, name, value)
        if "slug" in changes and article.id is None:
            article.slug = self._unique_slug(self._valid_slug(str(changes["slug"])))

    @staticmethod
    def _valid_slug(slug: str) -> str:
        """Normalise a slug a user typed; refuse one with nothing usable in it."""
        clean = text.slugify(slug, fallback="")
        if not clean:
            raise BadInput(f"'{slug}' cannot be a slug; use letters and digits.")
        return clean

    def _set_slug(self, article: Article, slug: str) -> None:
        """Set a slug the user chose: refused once published or when another story has it."""
        clean = self._valid_slug(slug)
        if clean == article.slug:
            return
        if article.published:
            raise BadInput(
                f"'{article.slug}' is published, so its slug (its address) can no longer change."
            )
        if self.db.execute(
            "SELECT 1 FROM articles WHERE slug = ? AND id != ?", [clean, article.id]
        ).fetchone():
            raise BadInput(f"Another story already has the slug '{clean}'; choose another.")
        article.slug = clean

    def _follow_headline(self, article: Article) -> None:
        """Until published or set by hand, the slug follows the headline."""
        row = self.db.execute(
            "SELECT slug_manual FROM articles WHERE id = ?", [article.id]
        ).fetchone()
        if article.published or (row and row[0]):
            return
        article.slug = self._unique_slug(text.slugify(article.headline, "untitled"), article.id)

    def _unique_slug(self, base: str, own_id: int | None = None) -> str:
        """base, or base-2, base-3 ... whichever no other story has."""
        taken = {
            r[0]
            for r in self.db.execute(
                "SELECT slug FROM articles WHERE (slug = ? OR slug LIKE ?) AND id IS NOT ?",
                [base, _slug_stem(base) + "-%", own_id],
            ).fetchall()
        }
        return free_slug(base, taken)

    @staticmethod
    def _stamp(article: Article, previous_status: str | None) -> None:
        """Derived fields: word count, and the publication time on first publishing."""
        article.word_count = text.word_count(article.body_md)
        if article.status == Status.PUBLISHED and not article.published:
            article.published = article.modified
        del previous_status

    @staticmethod
    def _row(article: Article) -> dict[str, object]:
        """An Article as a database row."""
        row = article.to_dict()
        row["authors"] = json.dumps(article.authors, ensure_ascii=False)
        return row

    @staticmethod
    def _article(row: tuple) -> Article:
        """A database row (the Article columns, in order) as an Article."""
        values = dict(zip(_ARTICLE_COLUMNS, row, strict=True))
        values["authors"] = json.loads(values["authors"] or "[]")
        for key in (
            "headline",
            "standfirst",
            "byline",
            "dateline",
            "section",
            "body_md",
            "notes",
            "agency",
        ):
            values[key] = values[key] or ""
        return Article(**values)

    def reindex_all(self) -> None:
        """Rebuild the whole search index from the stories (after an upgrade that added it)."""
        with self.write() as db:
            for (article_id,) in db.execute("SELECT id FROM articles").fetchall():
                self._reindex(article_id)

    def _reindex(self, article_id: int) -> None:
        """Refresh the story's row in the full-text index (inside the caller's transaction)."""
        row = self.db.execute(
            "SELECT headline, standfirst, body_md FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        captions = " ".join(
            " ".join(filter(None, r))
            for r in self.db.execute(
                "SELECT caption, credit, alt FROM article_images WHERE article_id = ?",
                [article_id],
            ).fetchall()
        )
        self.db.execute("DELETE FROM articles_fts WHERE rowid = ?", [article_id])
        if row is not None:
            self.db.execute(
                "INSERT INTO articles_fts (rowid, headline, standfirst, body, captions) "
                "VALUES (?, ?, ?, ?, ?)",
                [article_id, row[0], row[1], text.plain_text(row[2] or ""), captions],
            )


def _slug_stem(base: str) -> str:
    """The part of a slug that numbered variants keep, leaving room for "-9999" within SLUG_MAX."""
    return base[: text.SLUG_MAX - 5].rstrip("-") or base


def free_slug(base: str, taken: set[str]) -> str:
    """base, or its first numbered variant (stem-2, stem-3 ...) not in taken."""
    if base not in taken:
        return base
    stem, n = _slug_stem(base), 2
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


def tag_norm(name: str) -> str:
    """The key that makes tags unique: case-folded, spaces collapsed ("Idlib" == " idlib ")."""
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()
