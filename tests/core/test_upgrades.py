"""A store made by each earlier schema version opens with today's Desk with every story, figure,
tag and version intact (fixtures: tests/fixtures/stores, made by its make.py), and the upgrade
keeps a copy of the database as it was."""

from __future__ import annotations

import gzip
import shutil
import sqlite3
from pathlib import Path

import pytest

from desk.migrations import migrations
from desk.store import DB_NAME, Store
from desk.store.upgrade import UPGRADE_BACKUPS

STORES = Path(__file__).resolve().parents[1] / "fixtures" / "stores"
PHOTO = Path(__file__).resolve().parents[1] / "fixtures" / "photos" / "07_cmyk.jpg"
NAMES = [m.name for m in migrations._migrations]
FIRST_RELEASE = NAMES.index("create_image_search_index") + 1
FIXTURES = sorted(STORES.glob("schema-*.db.gz"))


def unpack(fixture: Path, store_dir: Path) -> bytes:
    """The fixture's database (and its photo, where its row says) as a store folder; returns
    the database's bytes as the old Desk left them."""
    store_dir.mkdir()
    data = gzip.decompress(fixture.read_bytes())
    (store_dir / DB_NAME).write_bytes(data)
    conn = sqlite3.connect(store_dir / DB_NAME)
    (path,) = conn.execute("SELECT path FROM images").fetchone()
    conn.close()
    (store_dir / path).parent.mkdir(parents=True)
    shutil.copyfile(PHOTO, store_dir / path)
    return data


def dump(path: Path) -> list[str]:
    """A database's schema and rows as SQL."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_every_schema_version_since_the_first_release_has_a_fixture():
    made = [int(p.name.split("-")[1]) for p in FIXTURES]
    assert made == list(range(FIRST_RELEASE, len(NAMES) + 1)), (
        "a migration has no fixture store: run python tests/fixtures/stores/make.py"
    )


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name.split(".")[0])
def test_an_older_store_opens_with_everything_intact(fixture, store_dir):
    old = unpack(fixture, store_dir)
    with Store.open(store_dir) as store:
        floods = store.articles.get("floods-close-the-coast-road")
        assert floods.headline == "Floods close the coast road"
        assert floods.standfirst == "Çavuşoğlu said the repairs would take a week."
        assert floods.authors == ["Ayşe Yılmaz"]
        assert floods.status == "ready"
        assert floods.created == "2026-03-04T05:06:07.000Z"
        assert "The water rose overnight." in floods.body_md
        assert "More rain is due." in floods.body_md
        figures = store.figures.for_story(floods.id)
        assert [(f.caption, f.credit, f.alt) for f in figures] == [
            ("The road at dawn", "Desk", "A road"),
            ("Stuck", "Desk", "A lorry in the water"),
        ]
        lead, inline = figures
        assert lead.role == "lead"
        assert inline.role == "inline"
        assert not any(f.stray for f in figures)
        assert store.photos.file(lead.photo).read_bytes() == PHOTO.read_bytes()
        assert sorted(t.name for t in store.tags.for_story(floods.id)) == ["Coast", "Floods"]
        (version,) = store.history.versions(floods.id)
        assert version.reason == "as received"
        assert version.snapshot["headline"] == "First go"

        council = store.articles.get("council-meets")
        assert council.body_md == "The council met on Monday."
        assert [t.name for t in store.tags.for_story(council.id)] == ["Council"]
        assert council.source_date  # an import: the source's date, kept or taken from created

        # Search finds both, accents folded, and the upgraded store takes edits.
        assert [h.slug for h in store.search.stories("cavusoglu")] == [floods.slug]
        assert [h.slug for h in store.search.stories("council")] == [council.slug]
        restored = store.articles.restore(floods.id, version.id)
        assert restored.headline == "First go"
        store.articles.update(council.id, body_md="The council met in Ankara.")
        assert [h.slug for h in store.search.stories("ankara")] == [council.slug]
        assert not store.search.stale()
        assert not store.search.missing()

    if fixture != FIXTURES[-1]:  # an upgrade: the database as it was is kept beside
        (kept,) = (store_dir / UPGRADE_BACKUPS).glob("desk-before-upgrade-*.db")
        original = store_dir.parent / "original.db"
        original.write_bytes(old)
        assert dump(kept) == dump(original)
    else:
        assert not (store_dir / UPGRADE_BACKUPS).exists()


def test_an_upgrade_that_cannot_keep_its_copy_leaves_the_store_as_it_was(store_dir):
    old = unpack(FIXTURES[0], store_dir)
    (store_dir / UPGRADE_BACKUPS).write_text("a file where the folder goes")
    with pytest.raises(Exception, match="was not upgraded") as info:
        Store.open(store_dir)
    assert "free some space" in str(info.value)
    assert (store_dir / DB_NAME).read_bytes() == old
