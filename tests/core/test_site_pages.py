"""The site's own pages: CollectionPage / ItemList / BreadcrumbList, language, robots.txt."""

from __future__ import annotations

import json

from exporthelp import Page
from test_site import build_site

from desk import site
from desk.config import ExportSettings


def json_ld(path) -> dict:
    """The one JSON-LD document of a page."""
    page = Page(path.read_text(encoding="utf-8"))
    blocks = [text for attrs, text in page.scripts if attrs.get("type") == "application/ld+json"]
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_front_page_is_a_collection_of_every_story_newest_first(store, tmp_path):
    build_site(store, tmp_path, ExportSettings(base_url="https://news.example/"))
    data = json_ld(tmp_path / "site" / "index.html")
    assert data["@type"] == "CollectionPage"
    assert data["url"] == "https://news.example/"
    assert data["isPartOf"] == {"@type": "WebSite", "name": "Desk", "url": "https://news.example/"}
    items = data["mainEntity"]["itemListElement"]
    assert data["mainEntity"]["@type"] == "ItemList"
    assert [i["position"] for i in items] == [1, 2]
    assert [i["url"] for i in items] == [
        "https://news.example/budget-vote-delayed/",
        "https://news.example/anti-assad-fighters-withdraw-from-key-area-of-northwest/",
    ]
    assert data["breadcrumb"]["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": "https://news.example/"}
    ]


def test_section_and_tag_pages_carry_breadcrumbs_to_home(store, tmp_path):
    build_site(store, tmp_path, ExportSettings(base_url="https://news.example/"))
    section = json_ld(tmp_path / "site" / "sections" / "politics" / "index.html")
    assert section["name"] == "Politics"
    crumbs = section["breadcrumb"]["itemListElement"]
    assert [(c["name"], c.get("item")) for c in crumbs] == [
        ("Home", "https://news.example/"),
        ("Politics", "https://news.example/sections/politics/"),
    ]
    assert [i["name"] for i in section["mainEntity"]["itemListElement"]] == ["Budget vote delayed"]
    tag = json_ld(tmp_path / "site" / "tags" / "syria" / "index.html")
    assert tag["mainEntity"]["numberOfItems"] == 2
    html = (tmp_path / "site" / "tags" / "syria" / "index.html").read_text(encoding="utf-8")
    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in html
    assert '<link rel="canonical" href="https://news.example/tags/syria/">' in html
    assert '<meta name="description" content="Syria · Desk: Budget vote delayed; ' in html


def test_without_an_address_the_structured_data_uses_relative_links(store, tmp_path):
    build_site(store, tmp_path)
    tag = json_ld(tmp_path / "site" / "tags" / "budget" / "index.html")
    assert "url" not in tag
    assert tag["mainEntity"]["itemListElement"][0]["url"] == "../../budget-vote-delayed/index.html"
    crumbs = tag["breadcrumb"]["itemListElement"]
    assert crumbs[0]["item"] == "../../index.html"


def test_site_pages_speak_the_language_most_stories_use(store, tmp_path):
    for n in range(2):
        store.articles.create(
            headline=f"Nouvelle {n}", body_md="Texte.", language="fr", status="ready"
        )
    store.articles.create(headline="English one", body_md="Text.", status="ready")
    from desk import site

    site.export_site(store, tmp_path / "site")
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr" dir="ltr">' in html
    assert "Derniers articles" in html
    assert "Flux Atom" in html
    assert '<li class="story-card" lang="en">' in html  # the English story keeps its language
    assert json_ld(tmp_path / "site" / "index.html")["inLanguage"] == "fr"


def test_robots_txt_allows_crawling_and_names_the_sitemap(store, tmp_path):
    build_site(store, tmp_path, ExportSettings(base_url="https://news.example/"))
    robots = (tmp_path / "site" / "robots.txt").read_text(encoding="utf-8")
    assert robots == "User-agent: *\nAllow: /\nSitemap: https://news.example/sitemap.xml\n"


def test_every_page_has_its_own_inline_icon(store, tmp_path):
    build_site(store, tmp_path)
    for page in (tmp_path / "site").rglob("*.html"):
        links = Page(page.read_text(encoding="utf-8")).find("link")
        icons = [a["href"] for a in links if a["rel"] == "icon"]
        assert len(icons) == 1, page
        assert icons[0].startswith("data:image/svg+xml,"), page


def test_headlines_standfirsts_and_captions_get_the_bodys_typography(store, tmp_path):
    """The body's smart quotes reach the headline, standfirst and captions everywhere a
    reader sees them: the page and its title, the listings' cards and the feed."""
    story = store.articles.create(
        headline="Syria's rebels 'withdraw'", section="World", status="published",
        standfirst='A "tactical" retreat -- for now...', body_md="It's over.",
    )  # fmt: skip
    result = site.export_site(store, tmp_path / "site", ExportSettings())
    root = tmp_path / "site"
    page = (root / story.slug / "index.html").read_text(encoding="utf-8")
    assert '<h1 class="headline">Syria’s rebels ‘withdraw’</h1>' in page
    assert "<title>Syria’s rebels ‘withdraw’ | " in page
    assert "A “tactical” retreat – for now…</p>" in page
    front = (root / "index.html").read_text(encoding="utf-8")
    assert "Syria’s rebels ‘withdraw’</a></h2>" in front
    assert "<p>A “tactical” retreat – for now…</p>" in front
    feed = (root / "feed.xml").read_text(encoding="utf-8")
    assert "<title>Syria’s rebels ‘withdraw’</title>" in feed
    assert result.pages >= 3
