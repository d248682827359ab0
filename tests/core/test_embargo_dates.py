"""Embargoes keep a story off the site, its feed and sitemap, and out of exports unless asked;
a story's dates tell the truth (desk.storydates): the wire's date before publishing, the
publication time after, dateModified only for a change after publishing."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from exporthelp import Page, make_photo

from desk import embargo, export, site, storydates
from desk.cli import main
from desk.errors import BadInput, ExportFailed
from desk.importers import import_files
from desk.model import Article
from desk.preview import preview_document

SEED = FIXTURES / "seed" / "000_c7c2bbecfcf24f2b.txt"
WIRE_DATE = "2019-08-20T12:00:00.000Z"


def story(store, tmp_path: Path, headline: str, **fields) -> str:
    """A story that passes the checks, with a photo; returns its slug."""
    article = store.articles.create(
        headline=headline,
        standfirst="What happened.",
        authors=["Ann Lee"],
        dateline="LEEDS",
        body_md=fields.pop("body_md", "The council met on Monday."),
        **fields,
    )
    path = make_photo(tmp_path / f"{article.slug}.jpg", (1600, 1000), seed=article.id)
    photo = store.photos.add(path)
    store.figures.add(
        article.id,
        photo.id,
        caption="The chamber",
        credit="Desk",
        alt="Rows of seats",
        place="lead",
    )
    store.tags.tag(article.id, ["Council"])
    return article.slug


def json_ld(html: str) -> dict:
    """The page's NewsArticle."""
    ((_, text),) = Page(html).scripts
    return json.loads(text)


def test_site_export_leaves_a_story_under_embargo_off_every_page_feed_and_sitemap(store, tmp_path):
    story(store, tmp_path, "Budget agreed", status="published")
    held = story(store, tmp_path, "Rates to rise", status="ready", embargo="2099-01-01T09:00:00Z")
    out = tmp_path / "site"
    result = site.export_site(store, out)
    assert [s.slug for s in result.stories] == ["budget-agreed"]
    assert result.skipped == [
        f"'{held}' is embargoed until January 1, 2099, 9:00\u202fAM UTC; it was left off the "
        "site, its feed and sitemap until then."
    ]
    assert not (out / held).exists()
    for name in ("index.html", "feed.xml", "sitemap.xml", "tags/council/index.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert "Budget agreed" in text or "budget-agreed" in text, name
        assert held not in text, name
        assert "Rates to rise" not in text, name
    # Once the embargo has passed, the next export puts it on.
    store.articles.update(held, embargo="2020-01-01T00:00:00Z")
    again = site.export_site(store, out)
    assert sorted(s.slug for s in again.stories) == ["budget-agreed", held]
    assert held in (out / "feed.xml").read_text(encoding="utf-8")


def test_exporting_an_embargoed_story_says_so_unless_told_to_ignore_it(store, tmp_path):
    slug = story(store, tmp_path, "Rates to rise", status="ready", embargo="2099-01-01T09:00:00Z")
    with pytest.raises(ExportFailed, match=r"is embargoed until January 1, 2099.*--ignore-embargo"):
        export.export_story(store, slug, tmp_path / "out")
    assert not (tmp_path / "out" / slug).exists()
    result = export.export_story(store, slug, tmp_path / "out", ignore_embargo=True)
    html = (result.path / "index.html").read_text(encoding="utf-8")
    assert '<meta name="dcterms.available" content="2099-01-01T09:00:00Z">' in html
    doc = json.loads((result.path / "article.json").read_text(encoding="utf-8"))
    assert doc["embargoed"] == "2099-01-01T09:00:00Z"


def test_the_cli_refuses_an_embargoed_export_in_one_sentence(store, store_dir, tmp_path):
    slug = story(store, tmp_path, "Rates to rise", status="ready", embargo="2099-01-01T09:00:00Z")
    store.close()
    runner = CliRunner()
    out = tmp_path / "out"
    refused = runner.invoke(main, ["--store", str(store_dir), "export", slug, "--out", str(out)])
    assert refused.exit_code == 2
    assert refused.stderr.count("\n") == 1
    assert "--ignore-embargo" in refused.stderr
    sent = runner.invoke(
        main, ["--store", str(store_dir), "export", slug, "--out", str(out), "--ignore-embargo"]
    )
    assert sent.exit_code == 0, sent.stderr
    assert (out / slug / "index.html").exists()
    site_too = runner.invoke(
        main, ["--store", str(store_dir), "export", "--site", "--out", str(out), "--ignore-embargo"]
    )
    assert site_too.exit_code == 2
    assert "A site never shows a story before its embargo" in site_too.stderr


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2026-12-03T09:00Z", "2026-12-03T09:00:00Z"),
        ("2026-12-03 10:00+01:00", "2026-12-03T09:00:00Z"),
        ("2026-12-03T09:00:30.5+00:00", "2026-12-03T09:00:30Z"),
        ("", None),
        ("none", None),
    ],
)
def test_an_embargo_is_read_as_a_date_and_time(typed, stored):
    assert embargo.parse_embargo(typed) == stored


def test_an_embargo_without_a_zone_is_local_time():
    stored = embargo.parse_embargo("2026-12-03 10:00")
    local = datetime(2026, 12, 3, 10, 0).astimezone()
    assert stored == local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def new_york(monkeypatch):
    """The computer's local time is New York's (a POSIX rule: no time zone database needed):
    the clocks go forward at 02:00 on 14 March 2027 and back at 02:00 on 7 November 2027."""
    monkeypatch.setenv("TZ", "EST5EDT,M3.2.0,M11.1.0")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_local_time_the_clocks_skip_is_refused_and_one_they_repeat_is_the_later(new_york):
    with pytest.raises(BadInput) as caught:
        embargo.parse_embargo("2027-03-14 02:30")  # read as 01:30 EST it lifted an hour early
    assert "does not exist in this computer's time zone" in str(caught.value)
    assert embargo.parse_embargo("2027-03-14 03:30") == "2027-03-14T07:30:00Z"  # EDT
    assert embargo.parse_embargo("2027-11-07 01:30") == "2027-11-07T06:30:00Z"  # EST, not EDT
    assert embargo.parse_embargo("2027-07-01 12:00") == "2027-07-01T16:00:00Z"
    assert embargo.parse_embargo("2027-12-01 12:00") == "2027-12-01T17:00:00Z"


def test_a_date_that_does_not_exist_is_not_a_date():
    with pytest.raises(BadInput) as caught:
        embargo.parse_embargo("2026-13-45")
    assert "is not a date and time Desk can read" in str(caught.value)
    with pytest.raises(BadInput) as caught:
        embargo.parse_embargo("2026-12-03")
    assert "has no time of day" in str(caught.value)


@pytest.mark.parametrize(
    "typed", ["tomorrow", "2026-12-03", "03/12/2026 10:00", "2026-13-01 10:00"]
)
def test_an_unreadable_embargo_is_one_sentence(typed):
    with pytest.raises(BadInput) as caught:
        embargo.parse_embargo(typed)
    sentence = str(caught.value).replace("e.g.", "eg")
    assert sentence.endswith(".")
    assert ". " not in sentence
    assert "\n" not in sentence


def imported_wire_story(store, tmp_path) -> str:
    """The seed wire story imported (never published), its figures given photos."""
    (result,) = import_files(store, [SEED])
    article_id = result.ids[0]
    for n, figure in enumerate(store.figures.rows(article_id)):
        photo = store.photos.add(make_photo(tmp_path / f"w{n}.jpg", (1400, 900), seed=n + 1))
        store.figures.replace_photo(figure.id, photo.id)
        store.figures.update(figure.id, credit="AFP", alt=f"Photo {n + 1} of the scene")
    return store.articles.get(article_id).slug


def test_an_unpublished_imported_wire_storys_page_and_json_ld_carry_the_wires_date(store, tmp_path):
    slug = imported_wire_story(store, tmp_path)
    article = store.articles.get(slug)
    assert (article.source_date, article.published) == (WIRE_DATE, None)
    assert article.modified > "2026"  # the import happened today
    result = export.export_story(store, slug, tmp_path / "out")
    html = (result.path / "index.html").read_text(encoding="utf-8")
    times = Page(html).find("time")
    assert times[0]["datetime"] == WIRE_DATE
    assert "August 20, 2019" in html
    ld = json_ld(html)
    assert ld["datePublished"] == WIRE_DATE
    assert "dateModified" not in ld
    assert 'property="article:modified_time"' not in html
    doc = json.loads((result.path / "article.json").read_text(encoding="utf-8"))
    assert (doc["firstcreated"], doc["versioncreated"], doc["contentcreated"]) == (WIRE_DATE,) * 3
    assert "version" not in doc  # not published yet
    preview = preview_document(store, article, ["<p>x</p>"])
    assert f'datetime="{WIRE_DATE}"' in preview
    assert json_ld(preview)["datePublished"] == WIRE_DATE


def test_a_published_story_shows_its_publication_and_a_later_change():
    published = Article(
        created="2026-11-01T08:00:00Z",
        source_date="2026-10-31T22:00:00Z",
        published="2026-11-01T10:00:00Z",
        modified="2026-11-01T10:05:00Z",
    )
    assert storydates.shown_date(published) == "2026-11-01T10:00:00Z"
    assert storydates.modified_date(published) == ""  # within ten minutes: part of publishing
    published.modified = "2026-11-02T09:00:00Z"
    assert storydates.modified_date(published) == "2026-11-02T09:00:00Z"
    assert storydates.version_date(published) == "2026-11-02T09:00:00Z"
    unpublished = Article(created="2026-11-01T08:00:00Z", modified="2026-12-01T08:00:00Z")
    assert storydates.shown_date(unpublished) == "2026-11-01T08:00:00Z"  # never today's
    assert storydates.modified_date(unpublished) == ""
