"""Schema migrations: an empty database, re-runs as no-ops, older stores forward, newer refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from desk.errors import SchemaTooNew, StoreError
from desk.migrations import migrations
from desk.store import DB_NAME, Store
from desk.store.lock import LOCK_NAME

NAMES = [m.name for m in migrations._migrations]


def applied_rows(path: Path) -> list[tuple[str, str, str]]:
    """The _sqlite_migrations rows of the database at path."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT migration_set, name, applied_at FROM _sqlite_migrations ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def file_state(path: Path) -> tuple[bytes, int]:
    """A file's bytes and mtime."""
    return path.read_bytes(), path.stat().st_mtime_ns


def test_migrations_build_the_schema_on_an_empty_database(store, store_dir):
    tables = {r[0] for r in store.db.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "revisions", "images", "article_images", "tags", "article_tags"} <= tables
    assert "articles_fts" in tables
    assert [r[1] for r in applied_rows(store_dir / DB_NAME)] == NAMES
    assert store.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_reopening_applies_nothing_new(store_dir):
    Store.open(store_dir).close()
    first = applied_rows(store_dir / DB_NAME)
    for _ in range(2):
        Store.open(store_dir).close()
    assert applied_rows(store_dir / DB_NAME) == first
    assert len(first) == len(NAMES)


def test_migrations_apply_is_a_no_op_on_a_current_database(store):
    before = store.db.conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    migrations.apply(Database(store.db.conn))
    assert store.db.conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == before
    assert migrations.pending(Database(store.db.conn)) == []


@pytest.mark.parametrize("stop_before", NAMES[1:])
def test_older_store_upgrades_and_keeps_its_story(store_dir, stop_before):
    store_dir.mkdir()
    db = Database(store_dir / DB_NAME)
    migrations.apply(db, stop_before=stop_before)
    db["articles"].insert(
        {
            "slug": "old-story",
            "headline": "Written by an older Desk",
            "body_md": "Çavuşoğlu said the talks went well.",
            "authors": '["Ayşe Yılmaz"]',
            "status": "ready",
            "created": "2026-01-02T03:04:05.000Z",
            "modified": "2026-01-02T03:04:05.000Z",
            "word_count": 6,
        }
    )
    if "articles_fts" in db.table_names():  # that Desk indexed what it saved
        db.execute(
            "INSERT INTO articles_fts (rowid, headline, standfirst, body, captions) "
            "SELECT id, headline, standfirst, body_md, '' FROM articles"
        )
    db.conn.commit()
    db.conn.close()
    assert len(applied_rows(store_dir / DB_NAME)) == NAMES.index(stop_before)
    with Store.open(store_dir) as store:
        old = store.articles.get("old-story")
        assert old.headline == "Written by an older Desk"
        assert old.body_md == "Çavuşoğlu said the talks went well."
        assert old.authors == ["Ayşe Yılmaz"]
        assert old.status == "ready"
        assert old.created == "2026-01-02T03:04:05.000Z"
        # Stories written before the search index existed are found too.
        assert [h.slug for h in store.search.stories("cavusoglu")] == ["old-story"]
        # The upgraded store works: edits are indexed and searchable.
        store.articles.update(old.id, body_md="Cavusoglu spoke in Ankara.")
        assert [h.slug for h in store.search.stories("ankara")] == ["old-story"]
    assert [r[1] for r in applied_rows(store_dir / DB_NAME)] == NAMES


def test_older_store_is_not_upgraded_by_a_reader(store_dir):
    store_dir.mkdir()
    db = Database(store_dir / DB_NAME)
    migrations.apply(db, stop_before=NAMES[-1])
    db.conn.close()
    before = file_state(store_dir / DB_NAME)
    with pytest.raises(StoreError, match="needs upgrading"):
        Store.open(store_dir, readonly=True)
    assert file_state(store_dir / DB_NAME) == before


def _make_newer(store_dir: Path) -> None:
    """A store that a future Desk has upgraded with a migration this one does not know."""
    with Store.open(store_dir) as store:
        store.articles.create(headline="From the future")
        Database(store.db.conn)["_sqlite_migrations"].insert(
            {"migration_set": "desk", "name": "add_hologram_column", "applied_at": "2030-01-01"}
        )
    (store_dir / LOCK_NAME).unlink(missing_ok=True)


@pytest.mark.parametrize("readonly", [False, True])
def test_store_from_a_newer_desk_is_refused_untouched(store_dir, readonly):
    _make_newer(store_dir)
    path = store_dir / DB_NAME
    before = file_state(path)
    rows = applied_rows(path)
    with pytest.raises(SchemaTooNew, match="newer version of Desk") as info:
        Store.open(store_dir, readonly=readonly)
    assert "not changed" in str(info.value)
    assert file_state(path) == before
    assert applied_rows(path) == rows
    # The refusal released the lock: a second try says the same, not "already open".
    with pytest.raises(SchemaTooNew):
        Store.open(store_dir)


def test_opening_an_up_to_date_store_does_not_load_sqlite_utils(store_dir):
    import subprocess
    import sys

    Store.open(store_dir).close()
    code = (
        "import sys\nfrom desk.store import Store\n"
        f"Store.open({str(store_dir)!r}).close()\n"
        "print('sqlite_utils' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
