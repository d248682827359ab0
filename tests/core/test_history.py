"""A story's history: versions kept while it is edited, listed and restored (core and CLI)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

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
    after, before = store.history.versions(story.id)[:2]
    assert after.reason == f"restored version {old.id}"
    assert after.snapshot["body_md"] == "The good paragraph."
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


def test_a_pause_in_editing_keeps_the_story_as_the_burst_left_it(store):
    story = store.articles.create(headline="Floods", body_md="Morning draft.")
    store.articles.update(story.id, body_md="Morning draft, finished.")  # the burst's end
    age_history(store, 11)  # the first version is old: a long burst would keep one now
    backdate_story(store, story.id, minutes=4)  # ... but first: the writer paused
    store.articles.update(story.id, body_md="Afternoon rewrite.")
    kept = store.history.versions(story.id)
    assert (kept[0].reason, kept[0].snapshot["body_md"]) == (
        "after editing",
        "Morning draft, finished.",
    )


def test_old_versions_are_thinned_all_for_a_day_hourly_for_a_week_then_daily(store):
    story = store.articles.create(headline="Long", body_md="v0")
    article = store.articles.get(story.id)
    now = datetime(2026, 12, 20, 12, 0, tzinfo=UTC)
    made = {
        "recent-a": "2026-12-20T11:30:00.000Z",  # within a day: all kept
        "recent-b": "2026-12-20T09:00:00.000Z",
        "hour-old": "2026-12-18T10:05:00.000Z",  # two in one hour, days ago: the newer stays
        "hour-new": "2026-12-18T10:50:00.000Z",
        "other-hour": "2026-12-18T14:10:00.000Z",
        "day-old": "2026-12-01T08:00:00.000Z",  # two in one day, weeks ago: the newer stays
        "day-new": "2026-12-01T19:00:00.000Z",
        "other-day": "2026-11-20T08:00:00.000Z",
    }
    for name, created in made.items():
        article.body_md = name
        revision = store.history.add(article, "edited")
        store.db.conn.execute("UPDATE revisions SET created = ? WHERE id = ?", [created, revision])
    article.body_md = "as received"
    received = store.history.add(article, "as received")
    store.db.conn.execute(
        "UPDATE revisions SET created = ? WHERE id = ?", ["2026-10-01T08:00:00.000Z", received]
    )
    assert store.history.thin(story.id, now) == 2
    left = {r.snapshot["body_md"] for r in store.history.versions(story.id)}
    assert left == {
        "recent-a",
        "recent-b",
        "hour-new",
        "other-hour",
        "day-new",
        "other-day",
        "as received",
    }


def test_cli_history_diff_marks_the_changed_words(store_dir):
    with Store.open(store_dir) as store:
        story = store.articles.create(headline="Storm", body_md="Winds of 90 km/h.")
        store.articles.update(story.id, body_md="Winds of 120 km/h overnight.")
        (version,) = store.history.versions(story.id)
        age_history(store, 11)
        store.articles.update(story.id, body_md="Winds of 120 km/h overnight, the agency said.")
    runner = CliRunner()
    result = runner.invoke(main, ["--store", str(store_dir), "history", "storm", "--diff",
                                  str(version.id)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "--- Body" in result.output
    assert "[-90-]" in result.output
    assert "{+120+}" in result.output
    doc = json.loads(
        runner.invoke(
            main,
            ["--store", str(store_dir), "history", "storm", "--diff", str(version.id), "--json"],
        ).output
    )
    assert {"kind": "delete", "text": "90"} in doc["body_md"]
    listing = runner.invoke(main, ["--store", str(store_dir), "history", "storm"]).output
    newer, older = listing.splitlines()
    assert "6 w      +1" in newer  # 6 words ("km/h" is two), one more than before
    assert "5 w         " in older


def backdate_story(store, article_id: int, minutes: int) -> None:
    """Pretend the story was last changed `minutes` ago."""
    moved = datetime.now(UTC) - timedelta(minutes=minutes)
    store.db.conn.execute(
        "UPDATE articles SET modified = ? WHERE id = ?", [to_iso(moved), article_id]
    )
