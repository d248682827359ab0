"""The editor's preview renders the export's template and CSS, with local pictures."""

from __future__ import annotations

import re

from exporthelp import Page, build_seed_story, make_photo

from desk import preview
from desk.render import Renderer


def test_preview_is_the_export_page_with_the_body_as_blocks(store, tmp_path):
    slug = build_seed_story(store, tmp_path)
    article = store.articles.get(slug)
    figure = preview.figure_renderer(store, article.id)
    blocks = [h for _, h in Renderer(notes="show").render_blocks(article.body_md, figure)]
    html = preview.preview_document(store, article, blocks)
    assert not (store.cache_dir / "renditions").exists()  # nothing generated on the GUI thread
    assert '<h1 class="headline">Anti-Assad fighters' in html
    assert "prefers-color-scheme" in html  # the export's CSS, inlined
    body = re.search(r'<div class="article-body" id="desk-body">\n(.*)\n  </div>', html, re.S)
    assert body.group(1) == "\n".join(blocks)
    page = Page(html)
    for img in page.find("img"):
        assert img["src"].startswith("file:///")
        assert img["src"].endswith(".jpg")


def test_preview_figures_show_the_photo_or_a_placeholder(store, tmp_path):
    article = store.articles.create(headline="Figures", body_md="Text.")
    photo = store.photos.add(make_photo(tmp_path / "a.jpg", (600, 400)))
    with_photo = store.figures.add(article.id, photo.id, caption="Here", alt="A thing")
    waiting = store.figures.add(article.id, None, caption="Later")
    draw = preview.figure_renderer(store, article.id)
    shown = draw(with_photo.id, "", False)
    assert 'width="600" height="400"' in shown
    assert 'alt="A thing"' in shown
    assert "<figcaption>" in shown
    missing = draw(waiting.id, "", False)
    assert "No photo yet" in missing
    assert "figure-missing" in missing
    assert "No photo yet" in draw(9999, "gone", False)


def test_preview_notes_are_shaded_but_kept(store):
    article = store.articles.create(headline="N", body_md="Text {>> a note <<} here.")
    blocks = [h for _, h in Renderer(notes="show").render_blocks(article.body_md)]
    html = preview.preview_document(store, article, blocks)
    assert "a note" in html
    assert 'class="standfirst"' in html  # always there, so the widget can fill it in


def test_a_new_story_has_no_empty_byline_box_until_it_has_a_byline_or_date(store):
    """A story not saved yet has no date: the preview shows no empty ruled box for it."""
    from desk.model import Article

    blank = preview.preview_document(store, Article(slug="", headline=""), [])
    assert 'class="article-meta"' not in blank
    assert "<time" not in blank
    signed = preview.preview_document(store, Article(slug="", headline="", byline="By Ann"), [])
    assert 'class="article-meta"' in signed
    assert "By Ann" in Page(signed).all("p")
    assert "<time" not in signed
    saved = store.articles.create(headline="Saved", body_md="Text.")
    assert '<time class="published"' in preview.preview_document(store, saved, [])
