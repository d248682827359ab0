"""A story's history: versions kept while it is edited, listed and restored (core and CLI)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from click.testing import CliRunner

from desk.cli import main
from desk.clock import parse_utc, to_iso
from desk.errors import NotFound
from desk.store import Store


def age_history(store: Store, minutes: int) -> None:
    """Pretend every snapshot was taken `minutes` ago."""
    rows = store.db.conn.execute("SELECT id, created FROM revisions").fetchall()
    for rid, created in rows:
        moved = parse_utc(created) - timedelta(minutes=minutes)
        store.db.conn.execute("UPDATE revisions SET created = ? WHERE id = ?", [to_iso(moved), rid])


def test_an_edit_keeps_the_version_before_it_at_most_every_ten_minutes(store):
    story = store.articles.create(headline="Floods", body_md="First draft.")
    store.articles.update(story.id, body_md="Second draft.")
    store.articles.update(story.id, body_md="Third draft.")  # within ten minutes: no new one
    assert [r.snapshot["body_md"] for r in store.history.versions(story.id)] == ["First draft."]
    age_history(store, 11)
    store.articles.update(story.id, body_md="Fourth draft.")
    assert [r.snapshot["body_md"] for r in store.history.versions(story.id)] == [
        "Third draft.",
        "First draft.",
    ]


def test_a_blank_new_story_and_unchanged_saves_keep_no_versions(store):
    story = store.articles.create()
    store.articles.update(story.id, headline="Now it has a headline")  # before: nothing written
    age_history(store, 11)
    store.articles.update(story.id, headline="Now it has a headline")  # no change
    assert store.history.versions(story.id) == []


def test_restore_brings_the_text_back_and_keeps_todays_version(store):
    story = store.articles.create(headline="Floods", body_md="The good paragraph.", section="World")
    store.articles.update(
        story.id, body_md="Accidentally cut.", headline="Floods!!", status="ready"
    )
    status, old = store.history.versions(story.id)
    assert (status.reason, status.snapshot["status"]) == ("status: ready", "ready")
    assert old.reason == "edited"
    restored = store.articles.restore(story.slug, old.id)
    assert (restored.body_md, restored.headline) == ("The good paragraph.", "Floods")
    assert restored.status == "ready"  # the status is today's
    before = store.history.versions(story.id)[0]
    assert before.reason == f"before restoring version {old.id}"
    assert before.snapshot["body_md"] == "Accidentally cut."
    assert store.search.stories("good paragraph")[0].id == story.id


def test_a_version_of_another_story_is_not_found(store):
    one = store.articles.create(headline="One", body_md="a")
    two = store.articles.create(headline="Two", body_md="b")
    store.articles.update(one.id, body_md="changed")
    (rev,) = store.history.versions(one.id)
    with pytest.raises(NotFound, match="desk history two"):
        store.articles.restore(two.id, rev.id)


def test_cli_history_and_restore(store_dir):
    with Store.open(store_dir) as store:
        story = store.articles.create(headline="Storm", body_md="Original words.")
        store.articles.update(story.id, body_md="Rewritten badly.")
        (rev,) = store.history.versions(story.id)
    runner = CliRunner()
    listed = runner.invoke(main, ["--store", str(store_dir), "history", "storm"])
    assert listed.exit_code == 0
    assert f"{rev.id:6}" in listed.output
    assert "edited" in listed.output
    as_json = json.loads(
        runner.invoke(main, ["--store", str(store_dir), "history", "storm", "--json"]).output
    )
    assert as_json[0]["story"]["body_md"] == "Original words."
    done = runner.invoke(main, ["--store", str(store_dir), "restore", "storm", str(rev.id)])
    assert done.exit_code == 0, done.output
    missing = runner.invoke(main, ["--store", str(store_dir), "restore", "storm", "999"])
    assert missing.exit_code == 2
    with Store.open(store_dir, readonly=True) as store:
        assert store.articles.get("storm").body_md == "Original words."
