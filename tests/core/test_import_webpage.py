"""Saved web pages: the article extracted, metadata from JSON-LD and Open Graph, no scripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.errors import ImportFailed
from desk.importers import detect, import_files, parse

PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "webpage" / "article.html"


def test_metadata_from_json_ld():
    story = parse(PAGE)[0]
    assert story.headline == "Dam project approved after decade of delays"
    assert story.standfirst == "The regional council voted 31 to 12 for the reservoir."
    assert story.authors == ["Rhiannon Evans", "Dai Morgan"]
    assert story.byline == "By Rhiannon Evans and Dai Morgan"
    assert story.created == "2023-09-14T15:45:00.000Z"
    assert story.section == "Environment"
    assert story.dateline == "Brecon"
    assert story.tags == ["water", "Council", "reservoirs"]
    assert story.language == "en-GB"


def test_the_article_without_page_furniture():
    story = parse(PAGE)[0]
    assert story.outline() == [
        {
            "type": "paragraph",
            "text": "The regional council has approved a **£240m** reservoir "
            "in the upper valley, ending ten years of argument over the scheme.",
        },
        {
            "type": "paragraph",
            "text": "Councillors voted 31 to 12 in favour after a six-hour "
            "debate, the [council](https://valleytimes.example/council) said.",
        },
        {
            "type": "figure",
            "caption": "How the dam will look from the east bank",
            "credit": "Valley Water",
        },
        {"type": "subhead", "text": "Farmers object"},
        {
            "type": "paragraph",
            "text": "Opponents said the plan would flood 400 hectares of grazing land.",
        },
        {"type": "paragraph", "text": "Work is due to start next spring."},
    ]
    figure = story.figures()[0]
    assert figure.alt == "An artist's impression of the dam from the east bank"
    assert figure.photo_path == PAGE.parent / "page_files" / "dam.jpg"


def test_open_graph_when_there_is_no_json_ld(tmp_path):
    path = tmp_path / "og.html"
    path.write_text(
        '<html><head><meta property="og:title" content="OG headline">'
        '<meta property="article:tag" content="one"><meta property="article:tag" content="Two">'
        '<meta property="article:section" content="Sport">'
        '<meta property="og:image" content="https://x.example/a.jpg">'
        '<meta property="og:image:alt" content="A runner crossing a line"></head>'
        "<body><div><p>First paragraph of the report.</p><p>Second one.</p></div></body></html>",
        encoding="utf-8",
    )
    story = parse(path)[0]
    assert (story.headline, story.section, story.tags) == ("OG headline", "Sport", ["one", "Two"])
    assert story.body[1:] == ["First paragraph of the report.", "Second one."]
    lead = story.body[0]
    assert lead.lead
    assert lead.alt == "A runner crossing a line"
    assert "https://x.example/a.jpg is on the web" in lead.problem


def test_page_imports_with_its_photo(store):
    result = import_files(store, [PAGE])[0]
    assert result.ok, result.error
    article = store.articles.get(result.ids[0])
    for junk in (
        "dataLayer",
        "tracking",
        "loadAds",
        "cookies",
        "Share on Twitter",
        "Related stories",
        "Copyright The Valley Times",
        "Search",
    ):
        assert junk not in article.body_md
    (figure,) = store.figures.for_story(article.id)
    assert figure.photo is not None
    assert figure.credit == "Valley Water"


SCRIPTS_ONLY = (
    "<html><head><script>"
    + "var a=1;" * 2000
    + "</script></head><body>"
    + (
        "<script>document.write('<p>Injected text that looks like an article paragraph.</p>')"
        "</script><iframe src='https://ads.example'></iframe>" * 50
    )
    + "</body></html>"
)


def test_html_full_of_scripts_is_one_clear_error(tmp_path):
    path = tmp_path / "scripts.html"
    path.write_text(SCRIPTS_ONLY, encoding="utf-8")
    assert detect(path, path.read_bytes()[:4096]) == "webpage"
    with pytest.raises(ImportFailed, match=r"scripts.html: no article .*found in the page"):
        parse(path)


def test_script_inside_an_article_never_reaches_the_body(tmp_path):
    path = tmp_path / "mixed.html"
    path.write_text(
        "<article><p>Real text here.</p><script>alert('x')</script>"
        '<p onclick="steal()">More <a href="javascript:steal()">text</a>.</p>'
        '<img src="x" onerror="steal()"></article>',
        encoding="utf-8",
    )
    story = parse(path, "webpage")[0]
    body = " ".join(b for b in story.body if isinstance(b, str))
    assert body == "Real text here. More text."


def test_a_script_rendered_page_falls_back_to_json_ld_article_body(tmp_path):
    path = tmp_path / "app.html"
    path.write_text(
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "Rendered by script", "articleBody": "First paragraph.\\nSecond one."}'
        '</script></head><body><div id="root"></div><script src="app.js"></script></body></html>',
        encoding="utf-8",
    )
    story = parse(path)[0]
    assert story.headline == "Rendered by script"
    assert story.body == ["First paragraph.", "Second one."]


def test_a_page_without_article_markup_keeps_the_story_and_drops_the_furniture(store):
    page = PAGE.with_name("no-article-markup.html")
    (story,) = parse(page)
    assert story.headline == "Storm batters coast, thousands without power"
    assert story.authors == ["Maria Lopez"]
    result = import_files(store, [page])[0]
    assert result.ok, result.error
    body = store.articles.get(result.ids[0]).body_md
    assert body.startswith("Winds of up to 120 km/h tore roofs off homes")
    assert "## Schools closed" in body
    assert body.rstrip().endswith("Forecasters expect the winds to ease by Wednesday evening.")
    for furniture in (
        "cookies",
        "Share on",
        "Subscribe",
        "Related stories",
        "Comments",
        "Most read",
        "All rights reserved",
        "track(",
        "Home",
    ):
        assert furniture not in body, furniture
    (figure,) = store.figures.for_story(result.ids[0])
    assert figure.alt == "A fallen tree across a road"
    assert figure.caption.startswith("A fallen tree blocks the coast road")
