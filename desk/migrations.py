"""The schema, as named migration steps. Append new steps at the end; never edit old ones.

The steps run through sqlite-utils' migrations (which record them in _sqlite_migrations), but
sqlite-utils is imported only when a step has to run: opening an up-to-date store compares the
recorded names with NAMES and needs nothing more (it costs the window's start ~75 ms otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

SET_NAME = "desk"


class Steps:
    """The named steps in order; `@migrations()` adds one. Anything else (apply, pending,
    applied, _migrations) is sqlite-utils' Migrations, built on first use."""

    def __init__(self) -> None:
        self.steps: list[Callable[[Database], None]] = []
        self._built: Any = None

    def __call__(self) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
        def add(step: Callable[[Database], None]) -> Callable[[Database], None]:
            self.steps.append(step)
            self._built = None
            return step

        return add

    @property
    def names(self) -> list[str]:
        """Every step's name, in order (what an up-to-date store has recorded)."""
        return [step.__name__ for step in self.steps]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        if self._built is None:
            from sqlite_utils.migrations import Migrations

            built = Migrations(SET_NAME)
            for step in self.steps:
                built()(step)
            self._built = built
        return getattr(self._built, name)


migrations = Steps()
# Steps after which the search index is rebuilt from the stories (it gained or changed columns).
REINDEX_AFTER = {"create_search_index", "add_index_stamp", "index_unspaced_scripts"}

# The FTS5 tokenizer folds case and accents ("Cavusoglu" finds "Çavuşoğlu").
FTS_TOKENIZE = "unicode61 remove_diacritics 2"


@migrations()
def create_articles(db: Database) -> None:
    """Stories: metadata, Markdown body, notes that are never exported."""
    db.table("articles").create(
        {
            "id": int,
            "slug": str,
            "headline": str,
            "standfirst": str,
            "byline": str,
            "authors": str,  # JSON list of names
            "dateline": str,
            "section": str,
            "status": str,
            "language": str,
            "body_md": str,
            "notes": str,
            "agency": str,
            "created": str,
            "modified": str,
            "published": str,
            "embargo": str,
            "word_count": int,
            "source": str,  # where an import came from (path and content hash), for dedup
            "slug_manual": int,  # 1 once the user set the slug; else it follows the headline
        },
        pk="id",
        not_null={"slug", "created", "modified", "status"},
        defaults={
            "headline": "",
            "standfirst": "",
            "byline": "",
            "authors": "[]",
            "dateline": "",
            "section": "",
            "status": "draft",
            "language": "en",
            "body_md": "",
            "notes": "",
            "agency": "",
            "word_count": 0,
            "slug_manual": 0,
        },
    )
    db.table("articles").create_index(["slug"], unique=True)
    db.table("articles").create_index(["modified"])
    db.table("articles").create_index(["status"])
    db.table("articles").create_index(["section"])
    db.table("articles").create_index(["source"])


@migrations()
def create_revisions(db: Database) -> None:
    """Full snapshots of a story, kept on each meaningful save."""
    db.table("revisions").create(
        {"id": int, "article_id": int, "created": str, "reason": str, "snapshot": str},
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db.table("revisions").create_index(["article_id", "created"])


@migrations()
def create_images(db: Database) -> None:
    """Photo originals (content-addressed under media/) and the metadata read from them."""
    db.table("images").create(
        {
            "id": int,
            "sha256": str,
            "path": str,  # relative to the store folder
            "format": str,
            "width": int,
            "height": int,
            "size_bytes": int,
            "original_name": str,
            "metadata": str,  # JSON: embedded IPTC/XMP/EXIF as read on import
            "added": str,
        },
        pk="id",
        not_null={"sha256", "path"},
    )
    db.table("images").create_index(["sha256"], unique=True)


@migrations()
def create_article_images(db: Database) -> None:
    """Figures: a photo (or none yet) placed in a story, with that story's caption."""
    db.table("article_images").create(
        {
            "id": int,
            "article_id": int,
            "image_id": int,
            "role": str,  # lead or inline
            "position": int,
            "caption": str,
            "credit": str,
            "alt": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("image_id", "images", "id")],
        defaults={"role": "inline", "position": 0, "caption": "", "credit": "", "alt": ""},
    )
    db.table("article_images").create_index(["article_id", "position"])
    db.table("article_images").create_index(["image_id"])


@migrations()
def create_tags(db: Database) -> None:
    """Tags, unique by their folded name; the first spelling is kept."""
    db.table("tags").create(
        {"id": int, "name": str, "norm": str, "kind": str},
        pk="id",
        not_null={"name", "norm"},
        defaults={"kind": ""},
    )
    db.table("tags").create_index(["norm"], unique=True)
    db.table("article_tags").create(
        {"article_id": int, "tag_id": int},
        pk=("article_id", "tag_id"),
        foreign_keys=[("article_id", "articles", "id"), ("tag_id", "tags", "id")],
    )
    db.table("article_tags").create_index(["tag_id"])


@migrations()
def create_search_index(db: Database) -> None:
    """FTS5 over headline, standfirst, body and figure captions; rowid is the article id."""
    db.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5("
        "headline, standfirst, body, captions, "
        f"tokenize = '{FTS_TOKENIZE}')"
    )


@migrations()
def create_image_search_index(db: Database) -> None:
    """FTS5 over every caption, credit and keyword a photo carries; rowid is the image id."""
    db.execute(
        "CREATE VIRTUAL TABLE images_fts USING fts5("
        "captions, credits, keywords, names, "
        f"tokenize = '{FTS_TOKENIZE}')"
    )


@migrations()
def put_lead_photos_in_bodies(db: Database) -> None:
    """Where a figure stands is the body's alone: the lead photo becomes the figure that opens
    its story's body, and the role and position columns go."""
    from desk import body

    rows = db.execute(
        "SELECT ai.id, ai.article_id, ai.alt, a.body_md FROM article_images ai "
        "JOIN articles a ON a.id = ai.article_id WHERE ai.role = 'lead' ORDER BY ai.id"
    ).fetchall()
    for figure_id, article_id, alt, body_md in rows:
        text = body_md or ""
        if body.parse(text).placement(figure_id) is None:
            text = body.prepend_block(text, body.figure_line(figure_id, alt or ""))
        else:
            text = body.set_lead(text, figure_id)
        db.execute("UPDATE articles SET body_md = ? WHERE id = ?", [text, article_id])
    db.execute("DROP INDEX IF EXISTS idx_article_images_article_id_position")
    db.table("article_images").transform(drop={"role", "position"})
    db.table("article_images").create_index(["article_id"], if_not_exists=True)


@migrations()
def add_source_date(db: Database) -> None:
    """When the source (a wire, a saved page) dated the story; imports used to keep it only as
    the created time."""
    db.table("articles").add_column("source_date", str)
    db.execute(
        "UPDATE articles SET source_date = created WHERE source IS NOT NULL AND source != ''"
    )


@migrations()
def add_index_stamp(db: Database) -> None:
    """The `modified` stamp each story's search row was built from, so a row left behind by a
    crash (or saved without indexing while typing) is found and rebuilt."""
    db.table("articles").add_column("indexed", str)


@migrations()
def create_publishing(db: Database) -> None:
    """Publishing: where each story went (remote ids, one row per story and target) and the
    outbox of jobs waiting for a target to come back; both leave with their story."""
    db.execute(
        "CREATE TABLE publications ("
        " id INTEGER PRIMARY KEY,"
        " article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
        " target TEXT NOT NULL,"
        " key TEXT NOT NULL,"  # Desk's identifier of this story on that target, made first
        " remote_id TEXT NOT NULL DEFAULT '',"
        " remote_url TEXT NOT NULL DEFAULT '',"
        " remote_status TEXT NOT NULL DEFAULT '',"
        " media TEXT NOT NULL DEFAULT '{}',"  # JSON: figure id -> remote photo id, sha256, url
        " result TEXT NOT NULL DEFAULT '',"  # the last attempt's outcome, one sentence
        " result_state TEXT NOT NULL DEFAULT '',"  # published, queued or failed
        " attempted TEXT NOT NULL DEFAULT '',"
        " published TEXT NOT NULL DEFAULT '',"  # when it last went through
        " UNIQUE (article_id, target))"
    )
    db.execute("CREATE UNIQUE INDEX publications_key ON publications (key)")
    db.execute(
        "CREATE TABLE outbox ("
        " id INTEGER PRIMARY KEY,"
        " article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
        " target TEXT NOT NULL,"
        " state TEXT NOT NULL DEFAULT 'queued',"  # queued (retried) or failed (needs a fix)
        " attempts INTEGER NOT NULL DEFAULT 0,"
        " queued TEXT NOT NULL,"
        " next_try TEXT NOT NULL,"
        " message TEXT NOT NULL DEFAULT '',"
        " UNIQUE (article_id, target))"
    )
    db.execute("CREATE INDEX outbox_next_try ON outbox (state, next_try)")


@migrations()
def add_figure_web_source(db: Database) -> None:
    """A figure imported awaiting a photo that is on the web keeps its address and that
    rendition's size, so the photo can be fetched when online (desk image fetch)."""
    db.execute("ALTER TABLE article_images ADD COLUMN remote_url TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE article_images ADD COLUMN remote_width INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE article_images ADD COLUMN remote_height INTEGER NOT NULL DEFAULT 0")


@migrations()
def create_amendments(db: Database) -> None:
    """Updates, corrections and withdrawals of published stories (desk.corrections): what the
    page tells readers changed, and when; they leave with their story."""
    db.execute(
        "CREATE TABLE article_amendments ("
        " id INTEGER PRIMARY KEY,"
        " article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
        " kind TEXT NOT NULL,"  # update, correction or withdrawal
        " note TEXT NOT NULL,"  # one or two sentences readers see
        " time TEXT NOT NULL)"  # ISO 8601 UTC
    )
    db.execute("CREATE INDEX article_amendments_article ON article_amendments (article_id, time)")


@migrations()
def create_check_states(db: Database) -> None:
    """Each story's last check (desk.checkstate): blocked, warnings or clean, with the stamp of
    what was checked, so the library shows it at a glance without checking 10,000 stories."""
    db.execute(
        "CREATE TABLE article_checks ("
        " article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
        " state TEXT NOT NULL,"  # blocked, warnings or clean
        " blocking INTEGER NOT NULL DEFAULT 0,"
        " warnings INTEGER NOT NULL DEFAULT 0,"
        " summary TEXT NOT NULL DEFAULT '',"  # the first problem, for the library's tooltip
        " stamp TEXT NOT NULL,"  # what was checked (desk.checkstate.fingerprint)
        " checked TEXT NOT NULL)"
    )


@migrations()
def index_embargoes(db: Database) -> None:
    """The stories under embargo, found without reading every story (the library lists them)."""
    db.execute(
        "CREATE INDEX articles_embargo ON articles (embargo) "
        "WHERE embargo IS NOT NULL AND embargo != ''"
    )


@migrations()
def add_alert_and_target_words(db: Database) -> None:
    """A story's alert/SMS line and the word count it is written to (0: none)."""
    db.table("articles").add_column("alert", str, not_null_default="")
    db.table("articles").add_column("target_words", int, not_null_default=0)


@migrations()
def create_words(db: Database) -> None:
    """Word lists the spell checker accepts: the reporter's own (personal) and the newsroom's
    (names, places), each word for one language ('' for every language)."""
    db.execute(
        "CREATE TABLE words ("
        " id INTEGER PRIMARY KEY,"
        " scope TEXT NOT NULL CHECK (scope IN ('personal', 'newsroom')),"
        " word TEXT NOT NULL,"
        " language TEXT NOT NULL DEFAULT '',"
        " added TEXT NOT NULL,"
        " UNIQUE (scope, word, language))"
    )


@migrations()
def index_unspaced_scripts(db: Database) -> None:
    """Nothing to change in the tables: the search indexes are rebuilt after this step, each
    Chinese or Japanese character (and Korean syllable) a word of its own (desk.fts)."""
