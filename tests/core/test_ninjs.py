"""article.json: the story as IPTC ninjs 2.1, complete enough to import back."""

from __future__ import annotations

import json

from exporthelp import build_seed_story, seed_expected

from desk import export
from desk.store import Store

# ninjs 2.1 allows only these top-level properties (unevaluatedProperties: false).
NINJS_21 = {
    "uri", "type", "representationtype", "profile", "version", "firstcreated", "versioncreated",
    "contentcreated", "embargoed", "pubstatus", "urgency", "copyrightholder", "copyrightnotice",
    "usageterms", "ednote", "language", "descriptions", "bodies", "headlines", "people",
    "organisations", "places", "subjects", "events", "objects", "infosources", "title", "by",
    "slugline", "located", "renditions", "associations", "altids", "trustindicators",
    "standard", "genres", "expires", "rightsinfo",
}  # fmt: skip


def test_article_json_is_ninjs_with_everything_for_a_round_trip(store, tmp_path):
    slug = build_seed_story(store, tmp_path)
    result = export.export_story(store, slug, tmp_path / "out")
    doc = json.loads((result.path / "article.json").read_text(encoding="utf-8"))
    expected = seed_expected()
    assert set(doc) <= NINJS_21
    assert doc["standard"]["version"] == "2.1"
    assert doc["uri"] == f"urn:desk:story:{slug}"
    assert doc["slugline"] == slug
    assert doc["headlines"] == [{"role": "main", "value": expected["headline"]}]
    assert doc["descriptions"][0]["role"] == "summary"
    assert [p["name"] for p in doc["people"]] == expected["authors"]
    assert doc["located"] == "Beirut"
    assert doc["language"] == "en"
    assert doc["infosources"] == [{"name": "AFP", "role": "originator"}]
    assert {"name": "World", "rel": "section"} in doc["subjects"]
    tags = sorted(s["name"].casefold() for s in doc["subjects"] if s["rel"] != "section")
    assert tags == sorted(t.casefold() for t in expected["tags"])
    html, markdown = doc["bodies"]
    assert html["contenttype"] == "text/html"
    assert "<h2>Turkish soldiers</h2>" in html["value"]
    assert markdown["contenttype"] == "text/markdown"
    assert "## Turkish soldiers" in markdown["value"]
    pictures = doc["associations"]
    assert len(pictures) == 4
    first = pictures[0]
    assert first["type"] == "picture"
    assert first["name"] == f"figure-{first['altids'][0]['value']}"
    assert f"(figure:{first['altids'][0]['value']})" in markdown["value"]
    assert first["descriptions"][0] == {
        "role": "caption",
        "value": "Idlib, Syria's last rebel stronghold",
    }
    assert first["descriptions"][1]["role"] == "alt"
    assert first["by"] == "AFP"
    for rendition in first["renditions"]:
        assert (result.path / rendition["href"]).is_file()
        assert rendition["contenttype"] in ("image/jpeg", "image/webp")
        assert rendition["width"] in (480, 960, 1200)
        assert rendition["height"] == rendition["width"] * 2 // 3


def test_article_json_imports_back(store, tmp_path):
    from desk.importers import import_files

    slug = build_seed_story(store, tmp_path)
    original = store.articles.get(slug)
    result = export.export_story(store, slug, tmp_path / "out")
    with Store.open(tmp_path / "other") as other:
        import_files(other, [result.path / "article.json"])
        (summary,) = other.articles.all()
        copy = other.articles.get(summary.id)
        assert copy.headline == original.headline
        assert copy.authors == original.authors
        assert copy.dateline == original.dateline
        assert copy.section == original.section
        figures = other.figures.for_story(copy.id)
        assert [f.caption for f in figures] == [
            f.caption for f in store.figures.for_story(original.id)
        ]
        assert all(f.photo is not None for f in figures)
        names = sorted(t.name.casefold() for t in other.tags.for_story(copy.id))
        assert names == sorted(t.casefold() for t in seed_expected()["tags"])


def test_the_alert_line_travels_as_a_headline_with_the_role_alert(store, tmp_path):
    slug = build_seed_story(store, tmp_path)
    store.articles.update(slug, alert="BREAKING: Rebels pull back from Khan Sheikhun")
    result = export.export_story(store, slug, tmp_path / "out")
    doc = json.loads((result.path / "article.json").read_text(encoding="utf-8"))
    assert doc["headlines"][1] == {
        "role": "alert",
        "value": "BREAKING: Rebels pull back from Khan Sheikhun",
    }
