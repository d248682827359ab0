"""Static site export: pages for ready and published stories, every link resolving."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

from exporthelp import Page, build_seed_story, make_photo

from desk import site
from desk.config import ExportSettings


def local_links(page: Path) -> list[str]:
    """Every href, src and srcset candidate of a page that points at a local file."""
    parsed = Page(page.read_text(encoding="utf-8"))
    found = []
    for _, attrs in parsed.elements:
        for name in ("href", "src"):
            if attrs.get(name):
                found.append(attrs[name])
        if attrs.get("srcset"):
            found += [c.strip().split()[0] for c in attrs["srcset"].split(",")]
    return [u for u in found if not urlsplit(u).scheme and not u.startswith("#")]


def build_site(store, tmp_path, settings=None):
    """Three stories: the seed (ready), a published one with a lead photo, a draft."""
    build_seed_story(store, tmp_path, status="ready")
    other = store.articles.create(
        headline="Budget vote delayed", section="Politics", status="published",
        body_md="The vote was *delayed*.", authors=["Ann Reporter"], standfirst="A delay.",
    )  # fmt: skip
    photo = store.photos.add(make_photo(tmp_path / "parliament.jpg", (900, 600), seed=9))
    store.figures.add(
        other.id, photo.id, caption="Parliament", credit="Desk", alt="A hall", place="lead"
    )
    store.tags.tag(other.id, ["Budget", "Syria"])
    store.articles.create(headline="Unfinished draft", status="draft", body_md="Secret draft.")
    return site.export_site(store, tmp_path / "site", settings or ExportSettings())


def test_site_has_front_section_tag_pages_feed_and_sitemap(store, tmp_path):
    result = build_site(store, tmp_path)
    root = tmp_path / "site"
    slugs = sorted(r.slug for r in result.stories)
    assert slugs == ["anti-assad-fighters-withdraw-from-key-area-of-northwest",
                     "budget-vote-delayed"]  # fmt: skip
    assert not (root / "unfinished-draft").exists()
    pages = [
        "index.html",
        "sections/world/index.html",
        "sections/politics/index.html",
        "tags/syria/index.html",
        "tags/budget/index.html",
        "feed.xml",
        "sitemap.xml",
    ]
    for page in pages:
        assert (root / page).is_file(), page
    front = (root / "index.html").read_text(encoding="utf-8")
    assert front.index("Budget vote delayed") < front.index("Anti-Assad fighters")
    syria = Page((root / "tags/syria/index.html").read_text(encoding="utf-8"))
    assert len(syria.find("article")) == 2
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(root / "feed.xml").getroot()
    assert len(feed.findall(f"{atom}entry")) == 2
    urls = ET.parse(root / "sitemap.xml").getroot()
    assert len(urls) == 3
    assert not list(root.glob(".desk-export-*"))


def test_every_link_of_the_site_resolves(store, tmp_path):
    build_site(store, tmp_path)
    root = tmp_path / "site"
    pages = sorted(root.rglob("*.html"))
    assert len(pages) >= 8
    checked = 0
    for page in pages:
        for link in local_links(page):
            target = (page.parent / unquote(urlsplit(link).path)).resolve()
            assert target.is_file(), f"{page.relative_to(root)} -> {link}"
            assert target.is_relative_to(root.resolve())
            checked += 1
    assert checked > 50


def test_feed_and_sitemap_use_the_base_url(store, tmp_path):
    build_site(store, tmp_path, ExportSettings(base_url="https://news.example.com/"))
    root = tmp_path / "site"
    sitemap = (root / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://news.example.com/budget-vote-delayed/</loc>" in sitemap
    feed = (root / "feed.xml").read_text(encoding="utf-8")
    assert 'href="https://news.example.com/feed.xml"' in feed


def test_exporting_again_keeps_the_users_files_and_drops_the_old_pages(store, tmp_path):
    """An export replaces what it wrote before (a photo taken out of a story is gone from its
    folder, a tag no story has any more loses its page) and leaves the user's own files
    where they were: notes beside a page, a page of their own among the tag pages."""
    build_site(store, tmp_path)
    root = tmp_path / "site"
    story = root / "budget-vote-delayed"
    (story / "my-notes.txt").write_text("mine", encoding="utf-8")
    (story / "drafts").mkdir()
    (story / "drafts" / "v1.txt").write_text("an earlier version", encoding="utf-8")
    (root / "tags" / "custom").mkdir()
    (root / "tags" / "custom" / "x.txt").write_text("mine too", encoding="utf-8")
    old_images = sorted(p.name for p in (story / "images").iterdir())
    assert old_images
    article = store.articles.get("budget-vote-delayed")
    for figure in store.figures.for_story(article.id):
        store.figures.remove(figure.id)
    store.tags.untag(article.id, ["Budget"])
    site.export_site(store, root, ExportSettings())
    assert (story / "my-notes.txt").read_text(encoding="utf-8") == "mine"
    assert (story / "drafts" / "v1.txt").read_text(encoding="utf-8") == "an earlier version"
    assert (root / "tags" / "custom" / "x.txt").read_text(encoding="utf-8") == "mine too"
    assert not (story / "images").exists()  # the photo taken out is gone from the page's folder
    assert not (root / "tags" / "budget").exists()
    assert "Budget vote delayed" in (story / "index.html").read_text(encoding="utf-8")
    assert not [p for p in root.iterdir() if p.name.startswith(".")]  # no staging left behind
