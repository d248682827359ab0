"""The photo size rules on the page: a small photo is shown at its own size (never stretched), and
the social image (og:image, twitter:image, JSON-LD image) is a rendition at least 1,200 px wide,
left out with a warning in the export result when no photo is that big."""

from __future__ import annotations

import json

from exporthelp import Page, make_photo
from PIL import Image

from desk import export
from desk.store.figures import LEAD


def story_with_lead(store, tmp_path, size: tuple[int, int], inline: tuple[int, int] | None = None):
    """A ready story whose lead photo has this size (and an inline photo of another)."""
    article = store.articles.create(
        headline="Dam opens", standfirst="The gates open.", body_md="Water flows.", status="ready"
    )
    lead = store.photos.add(make_photo(tmp_path / f"lead-{size[0]}.jpg", size, seed=2))
    store.figures.add(
        article.id, lead.id, caption="The gates", credit="Desk", alt="Gates open", place=LEAD
    )
    if inline is not None:
        other = store.photos.add(make_photo(tmp_path / f"inline-{inline[0]}.jpg", inline, seed=3))
        store.figures.add(article.id, other.id, caption="The valley", credit="Desk", alt="Hills")
    return store.articles.get(article.id).slug


def meta_content(page: Page, key: str) -> list[str]:
    """The content of every meta tag with this property or name."""
    return [
        str(m.get("content"))
        for m in page.find("meta")
        if m.get("property") == key or m.get("name") == key
    ]


def news_article(page: Page) -> dict:
    """The page's JSON-LD NewsArticle."""
    (data,) = [
        json.loads(text)
        for attrs, text in page.scripts
        if attrs.get("type") == "application/ld+json"
    ]
    return data


def test_a_400_px_lead_is_not_stretched_and_the_page_has_no_social_image_but_a_warning(
    store, tmp_path
):
    slug = story_with_lead(store, tmp_path, (400, 300))
    result = export.export_story(store, slug, tmp_path / "out")
    html = (result.path / "index.html").read_text(encoding="utf-8")
    page = Page(html)
    (img,) = page.find("img")
    assert (img["width"], img["height"]) == ("400", "300")  # its own size, never more
    assert img["style"] == "--px: 400"  # dense screens draw it smaller, never larger
    assert "400w" in img["srcset"]
    assert "480w" not in img["srcset"]
    for key in ("og:image", "og:image:width", "twitter:image"):
        assert meta_content(page, key) == [], key
    assert meta_content(page, "twitter:card") == ["summary"]
    assert "image" not in news_article(page)  # no publisher logo is set either
    (warning,) = [w for w in result.warnings if "social image" in w]
    assert warning == (
        'The page has no social image (og:image): Figure 1 ("The gates") is 400 px wide, '
        "and social cards need 1,200 px; use a larger photo as the lead."
    )


def test_a_2400_px_lead_gives_a_social_image_rendition_at_least_1200_wide(store, tmp_path):
    slug = story_with_lead(store, tmp_path, (2400, 1600))
    result = export.export_story(store, slug, tmp_path / "out")
    page = Page((result.path / "index.html").read_text(encoding="utf-8"))
    (og_image,) = meta_content(page, "og:image")
    assert meta_content(page, "twitter:image") == [og_image]
    with Image.open(result.path / og_image) as shared:
        assert shared.width >= 1200
        assert meta_content(page, "og:image:width") == [str(shared.width)]
        assert meta_content(page, "og:image:height") == [str(shared.height)]
    images = news_article(page)["image"]
    assert images
    assert all(i["width"] >= 1200 for i in images)
    assert all((result.path / i["url"]).is_file() for i in images)
    assert not [w for w in result.warnings if "social image" in w]


def test_a_small_lead_shares_the_first_photo_big_enough(store, tmp_path):
    slug = story_with_lead(store, tmp_path, (400, 300), inline=(1600, 1000))
    result = export.export_story(store, slug, tmp_path / "out")
    page = Page((result.path / "index.html").read_text(encoding="utf-8"))
    (og_image,) = meta_content(page, "og:image")
    assert "inline-1600" in og_image
    assert meta_content(page, "og:image:alt") == ["Hills"]
    assert not [w for w in result.warnings if "social image" in w]


def test_no_photo_big_enough_among_several_is_said_once(store, tmp_path):
    slug = story_with_lead(store, tmp_path, (400, 300), inline=(800, 600))
    result = export.export_story(store, slug, tmp_path / "out")
    (warning,) = [w for w in result.warnings if "social image" in w]
    assert 'Figure 1 ("The gates") is 400 px wide, nor is any other photo' in warning


def test_a_story_without_photos_has_no_social_image_warning(store, tmp_path):
    article = store.articles.create(headline="Words only", body_md="Text.", status="ready")
    result = export.export_story(store, article.slug, tmp_path / "out")
    assert not [w for w in result.warnings if "social image" in w]
