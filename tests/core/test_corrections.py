"""Updates, corrections and withdrawal of published stories: on the page, in JSON-LD and ninjs,
and a withdrawn story's address left with a notice by the next site export."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from exporthelp import Page, make_photo

from desk import corrections, export, site
from desk.cli import main
from desk.errors import BadInput, ExportFailed

CORRECTION = "An earlier version of this story misspelled the mayor's name."
UPDATE = "Adds the vote count."


def published_story(store, tmp_path, headline: str = "Council agrees budget") -> str:
    """A published story that passes the checks, published at a known time."""
    article = store.articles.create(
        headline=headline,
        standfirst="The vote was close.",
        authors=["Ann Lee"],
        dateline="LEEDS",
        body_md="The council met on Monday.",
    )
    photo = store.photos.add(make_photo(tmp_path / f"{article.slug}.jpg", (1600, 1000)))
    store.figures.add(
        article.id,
        photo.id,
        caption="The chamber",
        credit="Desk",
        alt="Rows of seats",
        place="lead",
    )
    store.tags.tag(article.id, ["Council"])
    store.articles.update(article.id, status="published")
    store.articles.set_kept_fields(
        article.id, published="2026-11-20T09:00:00Z", modified="2026-11-20T09:00:00Z"
    )
    return article.slug


def page_of(result) -> tuple[str, dict]:
    """An exported page and its NewsArticle."""
    html = (result.path / "index.html").read_text(encoding="utf-8")
    ((_, text),) = Page(html).scripts
    return html, json.loads(text)


def test_a_corrected_storys_page_and_json_ld_carry_the_correction(store, tmp_path):
    slug = published_story(store, tmp_path)
    store.articles.update(slug, body_md="The council, led by Mayor Jo Hart, met on Monday.")
    store.articles.set_kept_fields(store.articles.get(slug).id, modified="2026-11-21T08:00:00Z")
    corrections.add(store, slug, corrections.CORRECTION, CORRECTION, "2026-11-21T08:00:00Z")
    result = export.export_story(store, slug, tmp_path / "out")
    html, ld = page_of(result)
    notice = Page(html).find("aside")
    assert notice == [{"class": "article-notes", "aria-label": "Corrections and updates"}]
    assert "<strong>Correction</strong>" in html
    assert "An earlier version of this story misspelled the mayor&#39;s name." in html
    assert ld["datePublished"] == "2026-11-20T09:00:00Z"
    assert ld["dateModified"] == "2026-11-21T08:00:00Z"
    assert ld["correction"] == [
        {"@type": "CorrectionComment", "text": CORRECTION, "datePublished": "2026-11-21T08:00:00Z"}
    ]
    assert '<span class="updated">Updated' in html
    doc = json.loads((result.path / "article.json").read_text(encoding="utf-8"))
    assert doc["version"] == "2"
    assert {"role": "correction", "value": CORRECTION} in doc["descriptions"]
    assert doc["versioncreated"] == "2026-11-21T08:00:00Z"


def test_an_update_shows_on_the_page_but_is_not_a_correction(store, tmp_path):
    slug = published_story(store, tmp_path)
    corrections.add(store, slug, corrections.UPDATE, UPDATE, "2026-11-22T10:00:00Z")
    html, ld = page_of(export.export_story(store, slug, tmp_path / "out"))
    assert "<strong>Update</strong>" in html
    assert UPDATE in html
    assert "correction" not in ld
    assert ld["dateModified"] == "2026-11-22T10:00:00Z"


def test_only_a_published_story_takes_a_correction(store):
    draft = store.articles.create(headline="Draft", body_md="Text.")
    with pytest.raises(BadInput, match="is not published yet"):
        corrections.add(store, draft.id, corrections.CORRECTION, "Fixed.")
    with pytest.raises(BadInput, match="Say in a note"):
        corrections.add(store, draft.id, corrections.UPDATE, "  ")
    assert corrections.for_story(store, draft.id) == []


def test_amendable_says_what_add_accepts(store):
    story = store.articles.create(headline="Story", body_md="Text.")
    assert not corrections.amendable(store, story.id)  # a draft
    store.articles.update(story.id, status="published")
    assert corrections.amendable(store, story.id)
    corrections.add(store, story.id, corrections.WITHDRAWAL, "Legal reasons.")
    assert not corrections.amendable(store, story.id)
    with pytest.raises(BadInput, match="was withdrawn"):
        corrections.add(store, story.id, corrections.UPDATE, "More.")
    assert not corrections.amendable(store, 99_999)  # no such story


def test_a_withdrawn_story_leaves_the_site_and_feed_and_a_notice_at_its_address(store, tmp_path):
    kept = published_story(store, tmp_path, "Budget agreed")
    gone = published_story(store, tmp_path, "Mayor resigns")
    out = tmp_path / "site"
    site.export_site(store, out)
    assert "Mayor resigns" in (out / "index.html").read_text(encoding="utf-8")
    corrections.add(store, gone, corrections.WITHDRAWAL, "The story was wrong.")
    second = site.export_site(store, out)
    assert [s.slug for s in second.stories] == [kept]
    assert second.withdrawn == [gone]
    for name in ("index.html", "feed.xml", "sitemap.xml", "tags/council/index.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert gone not in text, name
        assert "Mayor resigns" not in text, name
    notice = (out / gone / "index.html").read_text(encoding="utf-8")
    assert "This story has been withdrawn" in notice
    assert "The story was wrong." in notice
    assert '<meta name="robots" content="noindex">' in notice
    assert "Mayor resigns" not in notice
    assert not (out / gone / "article.json").exists()
    with pytest.raises(ExportFailed, match="was withdrawn on"):
        export.export_story(store, gone, tmp_path / "single")
    with pytest.raises(BadInput, match="was withdrawn"):
        corrections.add(store, gone, corrections.CORRECTION, "Too late.")


def test_desk_edit_marks_a_correction_and_withdraws(store, store_dir, tmp_path):
    slug = published_story(store, tmp_path)
    store.close()
    runner = CliRunner()
    marked = runner.invoke(
        main,
        ["--store", str(store_dir), "edit", slug, "--body", "Fixed.", "--correction", CORRECTION],
    )
    assert marked.exit_code == 0, marked.stderr
    shown = json.loads(
        runner.invoke(main, ["--store", str(store_dir), "show", slug, "--json"]).stdout
    )
    assert [(a["kind"], a["note"]) for a in shown["amendments"]] == [("correction", CORRECTION)]
    withdrawn = runner.invoke(
        main, ["--store", str(store_dir), "edit", slug, "--withdraw", "Legal."]
    )
    assert withdrawn.exit_code == 0, withdrawn.stderr
    assert "is withdrawn; the next site export shows a notice at its address" in withdrawn.stderr
    assert "block" not in withdrawn.stderr  # not "1 thing(s) now block it" (the withdrawal)
    listed = runner.invoke(main, ["--store", str(store_dir), "list"]).stdout
    assert f"{slug}  withdrawn" in listed  # it said "published", as if nothing had happened
    (row,) = json.loads(runner.invoke(main, ["--store", str(store_dir), "list", "--json"]).stdout)
    assert row["status"] == "published"
    assert row["withdrawn"]
    again = runner.invoke(main, ["--store", str(store_dir), "edit", slug, "--update", "More."])
    assert again.exit_code == 2
    assert "was withdrawn; it can no longer change" in again.stderr


def test_corrected_and_withdrawn_pages_pass_the_w3c_checker(store, tmp_path, shared_tool):
    if not shutil.which("java"):
        pytest.skip("the W3C checker needs Java")
    slug = published_story(store, tmp_path)
    corrections.add(store, slug, corrections.CORRECTION, CORRECTION)
    gone = published_story(store, tmp_path, "Mayor resigns")
    corrections.add(store, gone, corrections.WITHDRAWAL, "The story was wrong.")
    out = tmp_path / "site"
    site.export_site(store, out)
    run = subprocess.run(
        [
            str(shared_tool("validate-page")),
            str(out / slug / "index.html"),
            str(out / gone / "index.html"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = run.stdout.splitlines()
    assert "html errors: 0" in lines[0], run.stdout + run.stderr
    assert "html errors: 0" in lines[1], run.stdout + run.stderr
