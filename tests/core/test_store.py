"""The store: every story field round-trips, slugs behave, one writer, bad folders refused."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from desk import text
from desk.errors import BadInput, NotFound, StoreError, StoreLocked, StoreReadOnly
from desk.model import Status
from desk.store import DB_NAME, Store
from desk.store.lock import LOCK_NAME, StoreLock

UTC_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

FULL = {
    "headline": "Çavuşoğlu meets Blinken in Ankara",
    "standfirst": "Talks on Syria\nwent on late.",
    "byline": "By Ayşe Yılmaz in Ankara",
    "authors": ["Ayşe Yılmaz", "John Smith"],
    "dateline": "ANKARA",
    "section": "World",
    "status": "editing",
    "language": "tr",
    "body_md": "## Talks\n\nThe two ministers met for *three* hours.\n\n{>> check the time <<}\n",
    "notes": "Call the embassy back.\nTwice.",
    "agency": "AFP",
    "embargo": "2026-12-01T06:00:00.000Z",
}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under folder with its bytes and mtime, to prove nothing changed."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# -- round trips -----------------------------------------------------------------------------


def test_every_field_round_trips(store, store_dir):
    created = store.articles.create(**FULL)
    store.close()
    with Store.open(store_dir, readonly=True) as again:
        got = again.articles.get(created.id)
    for name, value in FULL.items():
        assert getattr(got, name) == value, name
    assert got.slug == "cavusoglu-meets-blinken-in-ankara"
    assert got.word_count == 8  # the subhead and sentence, not the note
    assert got.to_dict() == created.to_dict()


def test_get_by_id_and_by_slug(store):
    a = store.articles.create(headline="Floods in Valencia")
    assert store.articles.get(a.id).slug == "floods-in-valencia"
    assert store.articles.get("floods-in-valencia").id == a.id


def test_times_are_utc_and_modified_moves(store):
    before = datetime.now().astimezone()
    a = store.articles.create(headline="Time")
    assert UTC_TIME.match(a.created)
    assert a.created == a.modified
    assert a.published is None
    assert abs((datetime.fromisoformat(a.created) - before).total_seconds()) < 60
    time.sleep(0.002)
    b = store.articles.update(a.id, body_md="Now there is a body.")
    assert b.modified > a.modified
    assert b.created == a.created
    assert store.articles.get(a.id).modified == b.modified


def test_word_count_is_computed_on_every_save(store):
    a = store.articles.create(body_md="one two three")
    assert a.word_count == 3
    assert store.articles.update(a.id, body_md="one two three four five").word_count == 5
    assert store.articles.get(a.id).word_count == 5


def test_authors_accept_a_comma_list_and_drop_blanks(store):
    a = store.articles.create(authors="Jane Doe,  , Ali Veli ")
    assert store.articles.get(a.id).authors == ["Jane Doe", "Ali Veli"]
    assert store.articles.update(a.id, authors=[]).authors == []


def test_single_line_fields_are_collapsed_multiline_ones_kept(store):
    a = store.articles.create(headline="  Two\n lines ", standfirst="a\nb", notes="x\n\ny")
    got = store.articles.get(a.id)
    assert got.headline == "Two lines"
    assert got.standfirst == "a\nb"
    assert got.notes == "x\n\ny"


def test_status_is_parsed_in_any_case(store):
    a = store.articles.create(status="READY")
    assert store.articles.get(a.id).status == "ready"
    with pytest.raises(BadInput, match="not a story status"):
        store.articles.update(a.id, status="lost")
    assert store.articles.get(a.id).status == "ready"


def test_unknown_field_is_refused_and_nothing_saved(store):
    a = store.articles.create(headline="Keep")
    with pytest.raises(BadInput, match="not a story field"):
        store.articles.update(a.id, headline="Changed", colour="red")
    assert store.articles.get(a.id).headline == "Keep"
    with pytest.raises(BadInput):
        store.articles.create(headline="x", word_count=5)
    assert store.articles.count() == 1


def test_published_is_set_once_on_first_publishing(store):
    a = store.articles.create(headline="Pub")
    p = store.articles.update(a.id, status=Status.PUBLISHED)
    assert p.published is not None
    assert UTC_TIME.match(p.published)
    first = p.published
    time.sleep(0.002)
    store.articles.update(a.id, status="editing")
    again = store.articles.update(a.id, status="published")
    assert again.published == first
    assert store.articles.get(a.id).published == first


def test_publishing_keeps_a_revision(store):
    a = store.articles.create(headline="Pub", body_md="final text")
    store.articles.update(a.id, status="published")
    revs = store.history.versions(a.id)
    assert [r.reason for r in revs] == ["published"]
    assert revs[0].snapshot["body_md"] == "final text"
    # The snapshot is the story as published: status, time and word count included.
    published = store.articles.get(a.id)
    assert revs[0].snapshot["status"] == "published"
    assert revs[0].snapshot["published"] == published.published
    assert revs[0].snapshot["word_count"] == 2


def test_missing_story_is_not_found(store):
    with pytest.raises(NotFound, match="no story 'nope'"):
        store.articles.get("nope")
    with pytest.raises(NotFound):
        store.articles.update(999, headline="x")
    with pytest.raises(NotFound):
        store.articles.delete("nope")


def test_delete_removes_story_and_its_search_entry(store):
    a = store.articles.create(headline="Zanzibar ferry")
    store.articles.delete(a.slug)
    with pytest.raises(NotFound):
        store.articles.get(a.id)
    assert store.search.stories("zanzibar") == []


def test_list_filters_and_orders_newest_first(store):
    a = store.articles.create(headline="A", section="World")
    time.sleep(0.002)
    b = store.articles.create(headline="B", section="Sport", status="ready")
    time.sleep(0.002)
    store.articles.update(a.id, body_md="touched")
    assert [r.slug for r in store.articles.all()] == ["a", "b"]
    assert [r.slug for r in store.articles.all(status="ready")] == [b.slug]
    assert [r.slug for r in store.articles.all(section="world")] == [a.slug]
    assert len(store.articles.all(limit=1)) == 1
    assert store.articles.sections() == ["Sport", "World"]
    assert store.articles.count() == 2


def test_stories_modified_in_the_same_millisecond_list_the_later_first(store):
    # An import (or a fast machine) writes many stories in one millisecond: the order must not
    # be left to the query plan.
    ids = [store.articles.create(headline=f"Story {n}").id for n in range(4)]
    stamp = "2026-12-04T01:00:00.000Z"
    store.db.conn.execute("UPDATE articles SET modified = ?", [stamp])
    store.db.conn.commit()
    assert [r.id for r in store.articles.all()] == ids[::-1]
    store.tags.tag(ids[0], ["Idlib"])
    store.tags.tag(ids[2], ["Idlib"])
    store.db.conn.execute("UPDATE articles SET modified = ?", [stamp])
    store.db.conn.commit()
    assert [r.id for r in store.articles.all(tags=["idlib"])] == [ids[2], ids[0]]


# -- slugs -----------------------------------------------------------------------------------


def test_slug_follows_headline_until_published(store):
    a = store.articles.create(headline="First try")
    assert a.slug == "first-try"
    b = store.articles.update(a.id, headline="Second try")
    assert b.slug == "second-try"
    store.articles.update(a.id, status="published")
    c = store.articles.update(a.id, headline="Third try")
    assert c.slug == "second-try"
    assert c.headline == "Third try"


def test_slug_set_by_hand_stops_following(store):
    a = store.articles.create(headline="First")
    store.articles.update(a.id, slug="My Own Slug!")
    assert store.articles.get(a.id).slug == "my-own-slug"
    assert store.articles.update(a.id, headline="Other").slug == "my-own-slug"


def test_slug_given_at_creation_stops_following(store):
    a = store.articles.create(headline="First", slug="chosen")
    assert a.slug == "chosen"
    assert store.articles.update(a.id, headline="Other").slug == "chosen"


def test_slugs_are_unique(store):
    slugs = [store.articles.create(headline="Same headline").slug for _ in range(3)]
    assert slugs == ["same-headline", "same-headline-2", "same-headline-3"]
    other = store.articles.create(headline="Different")
    with pytest.raises(BadInput, match="already has the slug"):
        store.articles.update(other.id, slug="same-headline")
    assert store.articles.get(other.id).slug == "different"
    follows = store.articles.update(other.id, headline="Same headline")
    assert follows.slug == "same-headline-4"


def test_a_story_keeps_its_slug_when_the_headline_is_unchanged(store):
    a = store.articles.create(headline="Same")
    store.articles.create(headline="Same")
    assert store.articles.update(a.id, headline="Same", body_md="x").slug == "same"


def test_empty_or_symbol_headlines_get_valid_unique_slugs(store):
    slugs = [store.articles.create(headline=h).slug for h in ["", "!!!", "★ ★", "", "…"]]
    assert len(set(slugs)) == 5
    assert all(SLUG.match(s) for s in slugs)


def test_long_headlines_give_short_unique_slugs(store):
    headline = "Government announces sweeping reforms " * 10
    slugs = [store.articles.create(headline=headline).slug for _ in range(3)]
    assert len(set(slugs)) == 3
    assert all(SLUG.match(s) and len(s) <= text.SLUG_MAX for s in slugs)


def test_editing_the_slug_of_a_published_story_is_refused(store):
    a = store.articles.create(headline="Gone to press")
    store.articles.update(a.id, status="published")
    with pytest.raises(BadInput, match="published"):
        store.articles.update(a.id, slug="something-else", body_md="changed")
    got = store.articles.get(a.id)
    assert got.slug == "gone-to-press"
    assert got.body_md == ""
    # The same slug again is not a change.
    assert store.articles.update(a.id, slug="gone-to-press").slug == "gone-to-press"


def test_a_slug_with_nothing_usable_is_refused(store):
    a = store.articles.create(headline="x")
    with pytest.raises(BadInput, match="cannot be a slug"):
        store.articles.update(a.id, slug="!!!")
    with pytest.raises(BadInput, match="cannot be a slug"):
        store.articles.create(headline="y", slug="★")
    assert store.articles.count() == 1


# -- one writer ------------------------------------------------------------------------------


def test_second_writer_in_process_is_refused(store_dir):
    with Store.open(store_dir, window=True):  # the workstation's window holds it
        with pytest.raises(
            StoreLocked, match=rf"already open on this store \(process {os.getpid()}\)"
        ):
            Store.open(store_dir)
        with Store.open(store_dir, readonly=True) as reader:
            assert reader.articles.count() == 0


def test_a_command_waits_a_while_for_another_command_and_then_says_so(store, store_dir):
    """The store fixture holds the lock as a command does: a second command waits for it
    (here a fifth of a second) and then says another command is still writing."""
    lock = StoreLock(store_dir, wait=0.2)
    with pytest.raises(StoreLocked) as info:
        lock.acquire()
    assert str(info.value) == (
        f"Another desk command (process {os.getpid()}) is still writing to this store after "
        "0.2 s; try again when it has finished."
    )
    window = StoreLock(store_dir, kind="window")  # a window does not wait: it asks at once
    with pytest.raises(StoreLocked, match=r"A desk command .* is writing to this store; try"):
        window.acquire()


def test_lock_is_released_on_close(store_dir):
    Store.open(store_dir).close()
    with Store.open(store_dir) as again:
        again.articles.create(headline="ok")


def test_lock_is_released_when_open_fails(store_dir):
    store_dir.mkdir()
    (store_dir / DB_NAME).write_bytes(b"not sqlite at all, just text")
    with pytest.raises(StoreError):
        Store.open(store_dir)
    (store_dir / DB_NAME).unlink()
    Store.open(store_dir).close()


HOLDER = """
import sys, time
from desk.store import Store
s = Store.open(sys.argv[1], window=sys.argv[2:] == ["window"])
s.articles.create(headline="From the other process")
print("ready", flush=True)
sys.stdin.readline()
s.close()
"""


def test_second_writer_from_another_process_is_refused(store_dir):
    Store.open(store_dir).close()
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(store_dir), "window"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLocked) as info:
            Store.open(store_dir)
        message = str(info.value)
        assert f"(process {proc.pid})" in message
        assert "close that window first (desk list, show and search work meanwhile)" in message
        with Store.open(store_dir, readonly=True) as reader:
            assert [a.headline for a in reader.articles.all()] == ["From the other process"]
            with pytest.raises(StoreReadOnly):
                reader.articles.create(headline="no")
    finally:
        proc.stdin.write("\n")
        proc.stdin.close()
        proc.wait(timeout=10)
    with Store.open(store_dir) as after:
        assert after.articles.count() == 1


def test_lock_is_released_when_the_holder_dies(store_dir):
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(store_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "ready"
    proc.kill()
    proc.wait(timeout=10)
    with Store.open(store_dir) as after:
        assert after.articles.count() == 1


# -- bad folders and files -------------------------------------------------------------------


def test_store_path_that_is_a_file_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"my precious notes\n")
    before = snapshot(tmp_path)
    with pytest.raises(StoreError, match="is a file, not a Desk store folder"):
        Store.open(path)
    with pytest.raises(StoreError, match="is a file"):
        Store.open(path, readonly=True)
    assert snapshot(tmp_path) == before


def test_database_that_is_not_sqlite_is_refused_untouched(store_dir):
    store_dir.mkdir()
    (store_dir / DB_NAME).write_bytes(os.urandom(8192))
    before = snapshot(store_dir)
    with pytest.raises(StoreError, match="not SQLite") as info:
        Store.open(store_dir)
    assert "untouched" in str(info.value)
    with pytest.raises(StoreError):
        Store.open(store_dir, readonly=True)
    after = snapshot(store_dir)
    after.pop(LOCK_NAME, None)
    assert after == before


def test_other_apps_sqlite_database_is_refused_untouched(store_dir):
    store_dir.mkdir()
    path = store_dir / DB_NAME
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ayşe', '555')")
    conn.commit()
    conn.close()
    before = snapshot(store_dir)
    with pytest.raises(StoreError, match="not a Desk database"):
        Store.open(store_dir)
    after = snapshot(store_dir)
    after.pop(LOCK_NAME, None)
    assert after == before
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("contacts",)]
    conn.close()


def test_missing_store_is_not_created_read_only(tmp_path):
    with pytest.raises(StoreError, match="no Desk store"):
        Store.open(tmp_path / "nowhere", readonly=True)
    assert not (tmp_path / "nowhere").exists()


def test_read_only_store_refuses_every_write_and_changes_nothing(store, store_dir):
    a = store.articles.create(headline="Keep me", body_md="words")
    store.close()
    before = snapshot(store_dir)
    with Store.open(store_dir, readonly=True) as reader:
        assert reader.articles.get(a.id).body_md == "words"
        for attempt in (
            lambda: reader.articles.create(headline="x"),
            lambda: reader.articles.update(a.id, body_md="gone"),
            lambda: reader.articles.delete(a.id),
        ):
            with pytest.raises(StoreReadOnly, match="read-only"):
                attempt()
    # SQLite's own -wal/-shm companions may appear; the database itself is byte for byte the same.
    assert snapshot(store_dir)[DB_NAME] == before[DB_NAME]
    with Store.open(store_dir) as writer:
        assert [a.headline for a in writer.articles.all()] == ["Keep me"]


def _root_ignores_permissions(folder: Path) -> bool:
    """True when this process can write into a folder whose mode forbids it (root)."""
    probe = folder / ".probe"
    try:
        probe.write_text("x")
    except PermissionError:
        return False
    probe.unlink()
    return True


def test_read_only_folder_gives_store_read_only(store, store_dir):
    store.articles.create(headline="Keep me")
    store.close()
    (store_dir / LOCK_NAME).unlink()
    modes = {p: p.stat().st_mode for p in [store_dir, *store_dir.iterdir()]}
    for p in modes:
        p.chmod(0o444 if p.is_file() else 0o555)
    try:
        if _root_ignores_permissions(store_dir):
            pytest.skip(
                "running as root: chmod does not stop root writing (read-only Store tested)"
            )
        before = snapshot(store_dir)
        with pytest.raises(StoreReadOnly, match="read-only"):
            Store.open(store_dir)
        with Store.open(store_dir, readonly=True) as reader:
            assert reader.articles.count() == 1
        assert snapshot(store_dir) == before
    finally:
        for p, mode in modes.items():
            p.chmod(mode)


def test_numbered_slugs_of_long_headlines_stay_within_the_limit(store):
    headline = "x" * 200
    slugs = [store.articles.create(headline=headline).slug for _ in range(12)]
    assert slugs[0] == "x" * text.SLUG_MAX
    assert slugs[1] == "x" * (text.SLUG_MAX - 5) + "-2"
    assert slugs[11] == "x" * (text.SLUG_MAX - 5) + "-12"
    assert len(set(slugs)) == 12
    assert all(SLUG.match(s) and len(s) <= text.SLUG_MAX for s in slugs)


def test_a_new_slug_is_found_through_the_slug_index(store):
    """Numbered variants are found as a range of the index (LIKE, case-blind, read every
    slug: a new story or a headline edit cost ~6 ms at 100,000 stories); a slug that merely
    starts alike is not a variant."""
    for headline in ("Council votes", "Council votes", "Council votesx"):
        store.articles.create(headline=headline)
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        third = store.articles.create(headline="Council votes")
    finally:
        store.db.conn.set_trace_callback(None)
    assert third.slug == "council-votes-3"
    (lookup,) = [s for s in statements if s.startswith("SELECT slug FROM articles WHERE (slug")]
    plan = store.db.query(f"EXPLAIN QUERY PLAN {lookup}")
    assert not any("SCAN" in row[-1] for row in plan), plan
