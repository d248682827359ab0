"""The tag commands: tag, untag, tags [--json], rename (merging after confirmation), merge."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from desk.cli import main
from desk.store import Store


@pytest.fixture
def desk(store_dir):
    """Run `desk --store <tmp> ARGS...`; returns the click Result."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(main, ["--store", str(store_dir), *args], input=input)

    return run


@pytest.fixture
def slugs(desk) -> list[str]:
    """Three stories, made through the CLI."""
    made = [desk("new", "--headline", h) for h in ("Shelling in Idlib", "Aid convoy", "Talks")]
    assert all(r.exit_code == 0 for r in made)
    return [r.output.strip() for r in made]


def tag_counts(desk) -> dict[str, int]:
    """`desk tags --json` as {name: count}."""
    result = desk("tags", "--json")
    assert result.exit_code == 0, result.output
    return {t["name"]: t["count"] for t in json.loads(result.output)}


def test_tag_untag_and_list(desk, slugs):
    result = desk("tag", slugs[0], "Syria, idlib", "Idlib")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{slugs[0]}: idlib, Syria"
    assert desk("tag", slugs[1], "SYRIA").exit_code == 0
    assert tag_counts(desk) == {"idlib": 1, "Syria": 2}
    listed = desk("list", "--tag", "syria", "--json")
    assert {s["slug"] for s in json.loads(listed.output)} == set(slugs[:2])
    shown = json.loads(desk("show", slugs[0], "--json").output)
    assert shown["tags"] == ["idlib", "Syria"]
    result = desk("untag", slugs[0], "syria")
    assert result.output.strip() == f"{slugs[0]}: idlib"
    assert desk("tags").output.splitlines() == ["     1  idlib", "     1  Syria"]


def test_bad_tags_say_what_to_do_and_exit_2(desk, slugs):
    long = desk("tag", slugs[0], "x" * 200)
    assert long.exit_code == 2
    assert "at most 100" in long.output
    blank = desk("tag", slugs[0], " , ")
    assert blank.exit_code == 2
    assert "cannot be empty" in blank.output
    missing = desk("untag", slugs[0], "Nowhere")
    assert missing.exit_code == 2
    assert "has no tag 'Nowhere'" in missing.output
    assert tag_counts(desk) == {}


def test_tags_json_stays_valid_with_odd_tags(desk, slugs):
    odd = ['Say "cheese"', "<b>bold</b>", "Rock 🎸", "back\\slash", "tab\there"]
    assert desk("tag", slugs[0], *odd).exit_code == 0
    assert desk("tags", "kind", "<b>bold</b>", "person").exit_code == 0
    tags = json.loads(desk("tags", "--json").output)
    assert sorted(t["name"] for t in tags) == sorted([*odd[:4], "tab here"])
    assert {t["name"]: t["kind"] for t in tags}["<b>bold</b>"] == "person"
    assert set(tags[0]) == {"id", "name", "kind", "count"}


def test_rename_respells(desk, slugs):
    desk("tag", slugs[0], "idlib")
    result = desk("tags", "rename", "IDLIB", "Idlib")
    assert result.exit_code == 0, result.output
    assert "Renamed to 'Idlib' (1 story)" in result.output
    assert tag_counts(desk) == {"Idlib": 1}


@pytest.fixture
def two_tags(desk, slugs):
    """'Daesh' on two stories, 'Islamic State' on one of them and a third."""
    desk("tag", slugs[0], "Daesh")
    desk("tag", slugs[1], "Daesh", "Islamic State")
    desk("tag", slugs[2], "Islamic State")
    return slugs


def test_rename_onto_an_existing_tag_merges_with_yes(desk, two_tags):
    result = desk("tags", "rename", "Daesh", "islamic state", "--yes")
    assert result.exit_code == 0, result.output
    assert "Merged 'Daesh' into 'Islamic State': 2 stories affected." in result.output
    assert tag_counts(desk) == {"Islamic State": 3}


def test_rename_onto_an_existing_tag_merges_after_confirmation(desk, two_tags):
    result = desk("tags", "rename", "Daesh", "Islamic State", input="y\n")
    assert result.exit_code == 0, result.output
    assert "Merge 'Daesh' into 'Islamic State'? 2 stories will be affected." in result.output
    assert tag_counts(desk) == {"Islamic State": 3}


def test_rename_onto_an_existing_tag_declined_changes_nothing(desk, two_tags):
    result = desk("tags", "rename", "Daesh", "Islamic State", input="n\n")
    assert result.exit_code == 1
    assert "Nothing was changed." in result.output
    assert tag_counts(desk) == {"Daesh": 2, "Islamic State": 2}


def test_rename_onto_an_existing_tag_without_a_terminal_refuses_and_says_add_yes(desk, two_tags):
    result = desk("tags", "rename", "Daesh", "Islamic State")
    assert result.exit_code == 2
    assert "add --yes" in result.output
    assert tag_counts(desk) == {"Daesh": 2, "Islamic State": 2}


def test_merge_prints_stories_affected(desk, two_tags):
    result = desk("tags", "merge", "daesh", "ISLAMIC STATE")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Merged 'Daesh' into 'Islamic State': 2 stories affected."
    assert tag_counts(desk) == {"Islamic State": 3}
    missing = desk("tags", "merge", "Islamic State", "ISIS")
    assert missing.exit_code == 2
    assert "no tag 'ISIS'" in missing.output
    assert tag_counts(desk) == {"Islamic State": 3}


def test_kind_and_prune(desk, store_dir, slugs):
    desk("tag", slugs[0], "Erdogan", "Unused")
    desk("untag", slugs[0], "Unused")
    result = desk("tags", "kind", "erdogan", "PERSON")
    assert result.exit_code == 0, result.output
    assert "'Erdogan' is now person." in result.output
    assert "(person)" in desk("tags").output
    assert desk("tags", "kind", "Erdogan", "planet").exit_code == 2
    assert desk("tags", "prune").output.strip() == "Deleted 1 unused tag."
    assert tag_counts(desk) == {"Erdogan": 1}
    with Store.open(store_dir, readonly=True) as store:
        assert store.tags.get("Erdogan").kind == "person"


def test_counts_follow_deleted_stories(desk, store_dir, slugs):
    for slug in slugs:
        desk("tag", slug, "Syria")
    with Store.open(store_dir) as store:
        store.articles.delete(slugs[0])
    assert tag_counts(desk) == {"Syria": 2}
