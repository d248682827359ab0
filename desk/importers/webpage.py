"""A saved web page (.html): the main article, with metadata from JSON-LD and Open Graph.

Metadata: JSON-LD (NewsArticle, Article, ReportageNewsArticle ..., also inside @graph) first,
then Open Graph / article: tags, then <meta name=author|keywords>, <h1> and <title>.
The article: `itemprop=articleBody`, else the <article> with the most text, else <main>, else
the element holding the most paragraph text. Scripts, styles, forms, navigation, asides,
share and newsletter boxes are dropped before conversion; the headline and byline elements are
taken out of the body. Images saved beside the page ("Page_files/...") become photos.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from lxml import etree

from desk.importers.base import (
    Format,
    ImportedFigure,
    ImportedStory,
    decode_text,
    fail,
    looks_binary,
    md_paragraph,
    parse_date,
    register,
    split_names,
    split_tags,
    squash,
    web_only,
)
from desk.importers.htmltext import drop_tree, html_to_blocks, parse_html, strip_dangerous, text_of
from desk.importers.ninjs import local_file

ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "blogposting",
    "report",
}
# Page furniture inside an article: dropped before conversion.
_CHROME_TAGS = {"nav", "aside", "footer", "form", "button"}
_CHROME_CLASS = re.compile(
    r"\b(share|social|newsletter|related|promo|advert|ad-|ads\b|cookie|subscribe|paywall|"
    r"comments?|breadcrumb|tags?-list|toolbar|skip)",
    re.IGNORECASE,
)
_BYLINE_CLASS = re.compile(r"\b(byline|author|dateline|timestamp|article-meta|meta)\b", re.I)


def json_ld(root: etree._Element) -> dict[str, Any]:
    """The page's article object from its JSON-LD scripts ({} when there is none)."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, RecursionError):
            continue
        for obj in _objects(data):
            types = obj.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(str(t).lower() in ARTICLE_TYPES for t in types):
                return obj
    return {}


def _objects(data: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object in a script (lists and @graph flattened)."""
    if isinstance(data, list):
        return [o for item in data for o in _objects(item)]
    if isinstance(data, dict):
        return [data, *_objects(data.get("@graph", []))]
    return []


def open_graph(root: etree._Element) -> dict[str, list[str]]:
    """<meta property|name=... content=...> values by key (lower case), several per key."""
    found: dict[str, list[str]] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        value = squash(meta.get("content") or "")
        if key and value:
            found.setdefault(key, []).append(value)
    return found


def _name(value: Any) -> str:
    """A JSON-LD text, or an object's name."""
    if isinstance(value, dict):
        return squash(str(value.get("name", "")))
    return squash(str(value)) if isinstance(value, (str, int, float)) else ""


def _people(value: Any) -> list[str]:
    """Authors from a JSON-LD author field (a name, an object, or a list of them)."""
    items = value if isinstance(value, list) else [value] if value else []
    names: list[str] = []
    for item in items:
        names.extend(split_names(_name(item)))
    return names


def read_metadata(root: etree._Element, story: ImportedStory) -> list[ImportedFigure]:
    """Fill the story's fields from JSON-LD, Open Graph and meta tags; return lead images."""
    ld = json_ld(root)
    og = open_graph(root)

    def first(*keys: str) -> str:
        return next((og[k][0] for k in keys if og.get(k)), "")

    h1 = root.find(".//h1")
    title = root.find(".//title")
    story.headline = (
        _name(ld.get("headline"))
        or first("og:title", "twitter:title")
        or (text_of(h1) if h1 is not None else "")
        or (text_of(title) if title is not None else "")
    )
    story.standfirst = _name(ld.get("description")) or first("og:description", "description")
    story.authors = _people(ld.get("author")) or split_names(first("author", "article:author"))
    story.created = parse_date(
        _name(ld.get("datePublished")) or first("article:published_time", "date")
    )
    section = ld.get("articleSection")
    story.section = _name(section[0] if isinstance(section, list) and section else section)
    story.section = story.section or first("article:section")
    keywords = ld.get("keywords")
    if isinstance(keywords, list):
        keywords = ",".join(_name(k) for k in keywords)
    story.tags = split_tags(_name(keywords) or ",".join(og.get("article:tag", [])))
    if not story.tags:
        story.tags = split_tags(first("keywords", "news_keywords"))
    story.language = (root.get("lang") or _name(ld.get("inLanguage")) or "").strip()
    location = ld.get("locationCreated") or ld.get("contentLocation")
    story.dateline = _name(location)
    publisher = ld.get("sourceOrganization") or ld.get("provider")
    story.agency = _name(publisher)
    return _lead_images(ld, og)


def _lead_images(ld: dict[str, Any], og: dict[str, list[str]]) -> list[ImportedFigure]:
    """The page's lead image (JSON-LD image or og:image) as a figure awaiting its photo."""
    image = ld.get("image")
    if isinstance(image, list):
        image = image[0] if image else None
    url = (og.get("og:image") or [""])[0]
    if isinstance(image, dict):
        caption = _name(image.get("caption")) or _name(image.get("description"))
        credit = _name(image.get("creditText")) or _name(image.get("author"))
        figure = ImportedFigure(caption=caption, credit=credit, lead=True)
        return [web_only(figure, _name(image.get("url")) or url)]
    if image or url:
        alt = (og.get("og:image:alt") or [""])[0]
        return [web_only(ImportedFigure(alt=alt, lead=True), url or _name(image))]
    return []


def main_element(root: etree._Element) -> etree._Element | None:
    """The element that holds the article's text."""
    body = root.find(".//*[@itemprop='articleBody']")
    if body is not None and _text_length(body) > 0:
        return body
    articles = sorted(root.iter("article"), key=_text_length, reverse=True)
    if articles and _text_length(articles[0]) > 0:
        return articles[0]
    main = root.find(".//main")
    if main is None:
        main = root.find(".//*[@role='main']")
    if main is not None and _text_length(main) > 0:
        return main
    return _densest(root)


def _text_length(el: etree._Element) -> int:
    """How much paragraph text an element holds."""
    return sum(len(text_of(p)) for p in el.iter("p"))


def _densest(root: etree._Element) -> etree._Element | None:
    """The element whose own <p> children hold the most text (a simple readability rule)."""
    best, best_score = None, 0
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        score = sum(len(text_of(p)) for p in el if isinstance(p.tag, str) and p.tag == "p")
        if score > best_score:
            best, best_score = el, score
    return best


def strip_chrome(article: etree._Element, story: ImportedStory) -> None:
    """Drop navigation, share boxes, the headline and the byline from the article element."""
    for el in list(article.iter()):
        if not isinstance(el.tag, str) or el is article or el.getparent() is None:
            continue
        classes = " ".join((el.get("class") or "", el.get("id") or ""))
        headline = el.tag == "h1" and text_of(el) == story.headline
        if el.tag in _CHROME_TAGS or _CHROME_CLASS.search(classes) or headline:
            drop_tree(el)
        elif el.tag != "p" and _BYLINE_CLASS.search(classes) and len(text_of(el)) < 200:
            _read_byline(el, story)
            drop_tree(el)
        elif el.tag == "header" and el.find(".//p") is None:
            drop_tree(el)


def _read_byline(el: etree._Element, story: ImportedStory) -> None:
    """A byline element's text, when it reads like one."""
    line = text_of(el)
    if re.match(r"^By\s", line) and not story.byline:
        story.byline = line
        if not story.authors:
            story.authors = split_names(re.sub(r"^By\s+", "", line))


def parse(path: Path, data: bytes) -> list[ImportedStory]:
    """A saved web page as one story."""
    if looks_binary(data[:8192]):
        raise fail(path, "this is not a web page (binary data)", "save the page as HTML")
    root = parse_html(decode_text(data))
    story = ImportedStory(format="webpage")
    leads = read_metadata(root, story)
    article_body = json_ld(root).get("articleBody")
    article_body = article_body if isinstance(article_body, str) else ""
    removed = strip_dangerous(root)
    body = _article_blocks(root, story, path.parent)
    if not any(isinstance(b, str) for b in body) and article_body:
        body = [md_paragraph(p) for p in re.split(r"\n\s*\n|\n", article_body) if p.strip()]
    if not any(isinstance(b, str) for b in body):
        what = f"only scripts and page furniture ({removed} removed)" if removed else "no text"
        raise fail(path, f"no article was found in the page: it holds {what}", "save it again")
    has_figures = any(isinstance(b, ImportedFigure) for b in body)
    story.body = [*([] if has_figures else leads), *body]
    return [story]


def _article_blocks(root: etree._Element, story: ImportedStory, folder: Path) -> list:
    """The main article's blocks (page furniture dropped); [] when there is none."""
    article = main_element(root)
    if article is None:
        return []
    strip_chrome(article, story)

    def resolve(src: str, alt: str) -> ImportedFigure:
        figure = ImportedFigure(alt=alt)
        local = local_file(folder, src)
        if local is not None:
            figure.photo_path, figure.photo_name = local, local.name
        return web_only(figure, src)

    return html_to_blocks(article, resolve)


def sniff(path: Path, head: bytes) -> int:
    """HTML markup at the start, or an .html name."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return 80
    if path.suffix.lower() in (".html", ".htm", ".xhtml") and b"<" in head:
        return 70
    if re.search(rb"<(body|article|p)\b", head[:4096], re.IGNORECASE):
        return 40
    return 0


FORMAT = register(Format("webpage", "Saved web page (HTML)", parse, sniff))
