"""The workflow (desk.workflow) and `desk edit`: the checks gate ready and published; a
published story stays published; every refusal is one sentence with the CLI's exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from exporthelp import make_photo

from desk import checkstate, workflow
from desk.cli import main
from desk.model import Article
from desk.store import Store


def run(store_dir: Path, *args: str, input: str | None = None):
    """Invoke the CLI in-process on store_dir; stdout and stderr kept apart."""
    return CliRunner().invoke(main, ["--store", str(store_dir), *args], input=input)


def one_line_error(result) -> str:
    """The single stderr line of a failed command."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("desk: ")
    return lines[0]


@pytest.fixture
def ready_story(store_dir, tmp_path) -> str:
    """A story that passes the checks (a photo with caption, alt text and credit), in draft."""
    with Store.open(store_dir) as store:
        article = store.articles.create(
            headline="Council agrees budget",
            standfirst="The vote was close.",
            authors=["Ann Lee"],
            dateline="LEEDS",
            body_md="The council met on Monday.",
        )
        photo = store.photos.add(make_photo(tmp_path / "p.jpg", (1600, 1000)))
        store.figures.add(
            article.id, photo.id, caption="The chamber", credit="Desk", alt="Rows of seats"
        )
        return article.slug


def test_moving_a_blocked_story_to_ready_is_refused_with_the_reasons(store_dir):
    with Store.open(store_dir) as store:
        article = store.articles.create(headline="Floods", body_md="Rain TK fell.")
        store.figures.add(article.id, None, caption="Rescuers wade in")
    result = run(store_dir, "edit", article.slug, "--status", "ready", "--headline", "Big floods")
    assert result.exit_code == 1
    line = one_line_error(result)
    assert line.startswith("desk: 'floods' cannot be marked ready: ")
    assert 'Figure 1 ("Rescuers wade in") needs a photo' in line
    assert "Paragraph 1 still holds the marker “TK”" in line
    with Store.open(store_dir) as store:
        kept = store.articles.get(article.id)
        assert (kept.status, kept.headline) == ("draft", "Floods")  # nothing was written


def test_a_story_that_passes_the_checks_moves_to_ready_then_is_published(store_dir, ready_story):
    result = run(store_dir, "edit", ready_story, "--status", "ready")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == ready_story
    result = run(store_dir, "edit", ready_story, "--status", "published", "--json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["status"] == "published"
    assert doc["published"]
    assert doc["check"] == "warnings"  # no tags, no lead photo: not blocking
    # Published: the slug is fixed and the story stays published.
    moved = run(store_dir, "edit", ready_story, "--headline", "Council agrees a budget")
    assert moved.exit_code == 0
    assert moved.stdout.strip() == ready_story
    back = run(store_dir, "edit", ready_story, "--status", "editing")
    assert back.exit_code == 2
    assert "is published, so it stays published" in one_line_error(back)


def test_publishing_waits_for_the_embargo(store_dir, ready_story):
    result = run(
        store_dir, "edit", ready_story, "--embargo", "2099-01-01T09:00Z", "--status", "published"
    )
    assert result.exit_code == 1
    assert "embargoed until January 1, 2099" in one_line_error(result)
    ready = run(
        store_dir, "edit", ready_story, "--embargo", "2099-01-01T09:00Z", "--status", "ready"
    )
    assert ready.exit_code == 0, ready.stderr
    with Store.open(store_dir) as store:
        assert store.articles.get(ready_story).embargo == "2099-01-01T09:00:00Z"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--embargo", "next week"], "is not a date and time Desk can read"),
        (["--embargo", "2026-12-03"], "has no time of day"),
        (["--status", "lost"], "is not a story status"),
        (["--language", "zz-top-99"], ""),
        ([], "Say what to change"),
        (["--update", "Adds a quote."], "is not published yet"),
        (["--update", "a", "--correction", "b"], "one of --update, --correction"),
    ],
)
def test_bad_edits_are_one_sentence_and_change_nothing(store_dir, ready_story, args, message):
    result = run(store_dir, "edit", ready_story, *args)
    assert result.exit_code == 2
    assert message in one_line_error(result)


def test_a_binary_body_file_is_refused_by_the_importers_rule(store_dir, ready_story, tmp_path):
    binary = tmp_path / "body.bin"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run(store_dir, "edit", ready_story, "--body-file", str(binary))
    assert result.exit_code == 2
    assert "is not a text file" in one_line_error(result)


def test_edit_changes_every_field_and_records_the_check(store_dir, ready_story, tmp_path):
    body = tmp_path / "body.md"
    body.write_text("New text, from a file, TK.\n", encoding="utf-8")
    result = run(
        store_dir,
        "edit",
        ready_story,
        "--standfirst",
        "A close vote.",
        "--byline",
        "By Ann Lee in Leeds",
        "--author",
        "Ann Lee",
        "--author",
        "Jo Hart",
        "--dateline",
        "Leeds",
        "--section",
        "Local",
        "--language",
        "en-GB",
        "--embargo",
        "2099-03-01 10:00",
        "--body-file",
        str(body),
    )
    assert result.exit_code == 0, result.stderr
    with Store.open(store_dir) as store:
        article = store.articles.get(ready_story)
        assert (article.standfirst, article.byline, article.dateline) == (
            "A close vote.",
            "By Ann Lee in Leeds",
            "Leeds",
        )
        assert article.authors == ["Ann Lee", "Jo Hart"]
        assert (article.section, article.language) == ("Local", "en-GB")
        assert article.embargo
        assert article.embargo.startswith("2099-03-01T")
        assert article.body_md.startswith("New text, from a file, TK.")
        assert checkstate.marks(store)[article.id].state == "blocked"  # the TK
    lifted = run(store_dir, "edit", ready_story, "--embargo", "none")
    assert lifted.exit_code == 0
    with Store.open(store_dir) as store:
        assert store.articles.get(ready_story).embargo is None


def test_new_with_status_ready_runs_the_checks_first(store_dir):
    refused = run(store_dir, "new", "--headline", "Empty", "--status", "ready")
    assert refused.exit_code == 1
    assert "cannot be marked ready: The story has no text yet" in one_line_error(refused)
    with Store.open(store_dir) as store:
        assert store.articles.count() == 0
    made = run(
        store_dir,
        "new",
        "--headline",
        "Short",
        "--body",
        "Text.",
        "--status",
        "ready",
        "--embargo",
        "2099-01-01T00:00Z",
    )
    assert made.exit_code == 0, made.stderr
    with Store.open(store_dir) as store:
        article = store.articles.get("short")
        assert (article.status, article.embargo) == ("ready", "2099-01-01T00:00:00Z")


def test_check_prints_each_problem_with_its_place_and_exits_1_when_blocked(store_dir):
    with Store.open(store_dir) as store:
        article = store.articles.create(headline="Floods", body_md="Rain fell.\n\nMore TK.")
    result = run(store_dir, "check", article.slug)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    marker = "Paragraph 2 still holds the marker “TK”; fill it in or take it out."
    assert lines[0] == f"blocks   paragraph 2: {marker}"
    assert any(line.startswith("warning  standfirst: ") for line in lines[1:])
    as_json = run(store_dir, "check", article.slug, "--json")
    assert as_json.exit_code == 1
    doc = json.loads(as_json.stdout)
    assert doc[0]["place"] == {
        "field": "body",
        "line": 2,
        "figure_id": None,
        "label": "paragraph 2",
    }
    assert doc[0]["rule"] == "markers"
    assert doc[0]["blocking"]


def test_the_moves_the_workflow_allows():
    assert workflow.move_refusal("s", "draft", "ready") == ""
    assert workflow.move_refusal("s", "spiked", "draft") == ""
    assert "restore it to draft or editing" in workflow.move_refusal("s", "spiked", "ready")
    assert "stays published" in workflow.move_refusal("s", "published", "spiked")
    assert "stays withdrawn" in workflow.move_refusal("s", "published", "draft", withdrawn=True)
    story = Article(slug="s", headline="H", status="published", body_md="x")
    decision = workflow.decide("editing", story, [])
    assert decision.allowed
    assert decision.publishes
    assert not workflow.decide("ready", Article(slug="s", status="draft"), []).publishes


def test_list_shows_and_filters_by_the_last_check(store_dir):
    with Store.open(store_dir) as store:
        blocked = store.articles.create(
            headline="Floods", body_md="TK", embargo="2099-01-01T09:00:00Z"
        )
        checkstate.refresh(store, blocked.id)
        store.articles.create(headline="Never checked", body_md="Text.")
    listed = json.loads(run(store_dir, "list", "--json").stdout)
    assert {r["headline"]: r["check"] for r in listed} == {
        "Floods": "blocked",
        "Never checked": None,
    }
    assert [r["embargo"] for r in listed if r["headline"] == "Floods"] == ["2099-01-01T09:00:00Z"]
    for check, expected in (
        ("blocked", ["Floods"]),
        ("unchecked", ["Never checked"]),
        ("embargoed", ["Floods"]),
        ("clean", []),
    ):
        rows = json.loads(run(store_dir, "list", "--check", check, "--json").stdout)
        assert [r["headline"] for r in rows] == expected, check
