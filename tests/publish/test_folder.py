"""Folder targets: ninjs and NewsML-G2 files valid against IPTC's schemas, written whole, that
Desk's own importers read back to the same story."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from lxml import etree
from storyhelp import seed_story

from desk.importers import import_files
from desk.publish import PUBLISHED, QUEUED, publish, records
from desk.store import Store

SCHEMAS = Path(__file__).resolve().parent.parent / "fixtures" / "schemas"
# NewsML-G2 carries the body as the page's XHTML, whose punctuation is typographic.
_TYPOGRAPHIC = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "--", "—": "---"})


def plain(paragraph: str) -> str:
    """A paragraph compared across typographic punctuation and surrounding blank space."""
    return paragraph.translate(_TYPOGRAPHIC).replace("…", "...").strip()


@pytest.fixture(scope="module")
def ninjs_validator():
    """IPTC's ninjs 2.1 JSON schema (the version Desk's documents declare)."""
    schema = json.loads((SCHEMAS / "ninjs-schema_2.1.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def newsml_schema():
    """IPTC's NewsML-G2 2.35 XSD (with the W3C xml.xsd it imports)."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "NewsML-G2_2.35-spec-All-Power.xsd")))


def story_fields(store: Store, article_id: int) -> dict:
    """What must survive a round trip: text, people, place, section, tags and figures."""
    article = store.articles.get(article_id)
    figures = store.figures.for_story(article_id)
    return {
        "headline": article.headline,
        "standfirst": article.standfirst,
        "byline": article.byline,
        "authors": article.authors,
        "dateline": article.dateline,
        "section": article.section,
        "agency": article.agency,
        "language": article.language,
        "tags": sorted(t.name.casefold() for t in store.tags.for_story(article_id)),
        "paragraphs": [plain(p) for p in article.body_md.split("\n\n") if "(figure:" not in p],
        # captions are shown with the page's typography (curly quotes), as paragraphs are
        "figures": [
            (plain(f.caption or ""), f.credit, f.alt, f.photo is not None) for f in figures
        ],
        "figure_places": [
            i for i, p in enumerate(article.body_md.split("\n\n")) if "(figure:" in p
        ],
    }


def round_trip(path: Path, tmp_path: Path) -> dict:
    """Import a written file into a fresh store and return its story's fields."""
    with Store.open(tmp_path / f"reimport-{path.suffix[1:]}") as other:
        (result,) = import_files(other, [path])
        assert result.ok, result.error
        return story_fields(other, result.ids[0])


def test_ninjs_file_is_valid_ninjs_and_imports_back_to_the_same_story(
    store, folder_target, ninjs_validator, tmp_path
):
    slug = seed_story(store)
    target = folder_target("ninjs")
    outcome = publish(store, slug, target.name)
    assert outcome.state == PUBLISHED, outcome.message
    written = Path(target.path) / f"{slug}.json"
    assert outcome.url == str(written)
    doc = json.loads(written.read_text(encoding="utf-8"))
    errors = [f"{e.json_path}: {e.message}" for e in ninjs_validator.iter_errors(doc)]
    assert errors == []
    hrefs = [r["href"] for a in doc["associations"] for r in a["renditions"]]
    assert hrefs
    assert all((written.parent / h).is_file() for h in hrefs)
    assert round_trip(written, tmp_path) == story_fields(store, store.articles.get(slug).id)


def test_newsml_file_is_valid_against_iptcs_xsd_and_imports_back_to_the_same_story(
    store, folder_target, newsml_schema, tmp_path
):
    slug = seed_story(store)
    target = folder_target("newsml")
    outcome = publish(store, slug, target.name)
    assert outcome.state == PUBLISHED, outcome.message
    written = Path(target.path) / f"{slug}.xml"
    tree = etree.parse(str(written))
    assert newsml_schema.validate(tree), newsml_schema.error_log
    ns = {"g": "http://iptc.org/std/nar/2006-10-01/"}
    classes = [c.get("qcode") for c in tree.iterfind(".//g:newsItem/g:itemMeta/g:itemClass", ns)]
    assert classes == ["ninat:text"] + ["ninat:picture"] * 4
    hrefs = [r.get("href") for r in tree.iterfind(".//g:remoteContent", ns)]
    assert hrefs
    assert all((written.parent / h).is_file() for h in hrefs)
    assert round_trip(written, tmp_path) == story_fields(store, store.articles.get(slug).id)


def test_folder_target_leaves_no_temporary_file_and_replaces_its_earlier_copy(store, folder_target):
    slug = seed_story(store)
    target = folder_target("ninjs")
    publish(store, slug, target.name)
    out = Path(target.path)
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{slug}.json", slug])
    changed = store.articles.update(
        slug, headline="Anti-Assad fighters pull back from Khan Sheikhun"
    )
    again = publish(store, changed.slug, target.name)
    assert again.state == PUBLISHED
    slug = changed.slug  # the slug followed the headline: the earlier copy is gone
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{slug}.json", slug])
    doc = json.loads((out / f"{slug}.json").read_text(encoding="utf-8"))
    assert doc["headlines"][0]["value"] == "Anti-Assad fighters pull back from Khan Sheikhun"


def test_missing_folder_queues_the_job_and_it_goes_through_when_the_folder_is_back(
    store, folder_target
):
    slug = seed_story(store)
    target = folder_target("ninjs")
    out = Path(target.path)
    out.rmdir()  # the network share is not mounted
    outcome = publish(store, slug, target.name)
    assert outcome.state == QUEUED
    assert outcome.message.startswith(f"Queued for {target.name}: the folder {out} is not there")
    (job,) = records.outbox(store)
    assert (job.slug, job.state, job.attempts) == (slug, QUEUED, 1)
    assert records.waiting_stories(store) == {job.article_id: QUEUED}
    out.mkdir()
    later = records.parse_iso(job.next_try)
    from desk.publish import run_outbox

    (done,) = run_outbox(store, moment=later)
    assert done.state == PUBLISHED
    assert records.outbox(store) == []
    assert (out / f"{slug}.json").is_file()


def test_a_story_with_a_blocking_problem_is_not_published(store, folder_target):
    slug = seed_story(store)
    article = store.articles.get(slug)
    store.figures.add(article.id, None, caption="Awaiting the photo desk")
    target = folder_target("ninjs")
    outcome = publish(store, slug, target.name)
    assert outcome.state == "failed"
    assert outcome.message.startswith("Not published: Figure ")
    assert "needs a photo" in outcome.message
    assert list(Path(target.path).iterdir()) == []
