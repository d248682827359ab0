"""A saved page's metadata: JSON-LD first, then Open Graph / article: tags, then <meta>, then
trafilatura's own metadata reader (bylines it finds in the page) and htmldate (the date).

JSON-LD: the article object (NewsArticle, Article, ReportageNewsArticle, BlogPosting ...), also
inside @graph, a list, or a WebPage's mainEntity. Every field is decoded (entities) and cleaned;
bylines are reduced to names.
"""

from __future__ import annotations

import json
import re
from typing import Any

from lxml import etree

from desk.importers.base import (
    ImportedFigure,
    ImportedStory,
    iso_utc,
    parse_date,
    split_tags,
    squash,
    web_only,
)
from desk.importers.clean import agency_in, byline_names, clean_field, printed_byline
from desk.importers.htmltext import text_of

ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "askpublicnewsarticle",
    "satiricalarticle",
    "liveblogposting",
    "blogposting",
    "socialmediaposting",
    "techarticle",
    "scholarlyarticle",
    "report",
}


def json_ld(root: etree._Element) -> dict[str, Any]:
    """The page's article object from its JSON-LD scripts ({} when there is none)."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except (json.JSONDecodeError, RecursionError):
            continue
        for obj in _objects(data):
            types = obj.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(str(t).lower() in ARTICLE_TYPES for t in types):
                return obj
    return {}


def _objects(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    """Every JSON-LD object in a script (lists, @graph and mainEntity flattened)."""
    if depth > 6:
        return []
    if isinstance(data, list):
        return [o for item in data for o in _objects(item, depth + 1)]
    if isinstance(data, dict):
        nested = [data.get("@graph", []), data.get("mainEntity", [])]
        return [data, *(o for n in nested for o in _objects(n, depth + 1))]
    return []


def open_graph(root: etree._Element) -> dict[str, list[str]]:
    """<meta property|name|itemprop=... content=...> values by key (lower case), several per key."""
    found: dict[str, list[str]] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip()
        value = clean_field(meta.get("content") or "")
        if key and value:
            found.setdefault(key.lower(), []).append(value)
    return found


def _name(value: Any) -> str:
    """A JSON-LD text, or an object's name, decoded and cleaned."""
    if isinstance(value, dict):
        return clean_field(str(value.get("name", "") or value.get("@value", "")))
    if isinstance(value, list):
        return _name(value[0]) if value else ""
    return clean_field(str(value)) if isinstance(value, (str, int, float)) else ""


def _people(value: Any) -> list[str]:
    """Authors from a JSON-LD author field (a name, an object, or a list of them)."""
    items = value if isinstance(value, list) else [value] if value else []
    names: list[str] = []
    for item in items:
        if isinstance(item, dict) and str(item.get("@type", "")).lower() == "organization":
            continue  # "author": {"@type": "Organization", "name": "The Times"} is no person
        names.extend(n for n in byline_names(_name(item)) if n not in names)
    return names


def read_metadata(root: etree._Element, story: ImportedStory) -> list[ImportedFigure]:
    """Fill the story's fields from JSON-LD, Open Graph and meta tags; return lead images."""
    ld = json_ld(root)
    og = open_graph(root)

    def first(*keys: str) -> str:
        return next((og[k][0] for k in keys if og.get(k)), "")

    h1 = root.find(".//h1")
    title = root.find(".//title")
    h1_text = clean_field(text_of(h1)) if h1 is not None else ""
    story.headline = (
        _name(ld.get("headline"))
        or _without_suffix(first("og:title", "twitter:title"), h1_text)
        or h1_text
        or (_site_suffix_cut(clean_field(text_of(title))) if title is not None else "")
    )
    story.standfirst = _name(ld.get("description")) or first(
        "og:description", "description", "twitter:description"
    )
    meta_authors = "; ".join(
        og.get("author", []) or og.get("article:author", []) or og.get("byl", [])
    )
    story.authors = _people(ld.get("author")) or byline_names(meta_authors)
    ld_author = ld.get("author")
    ld_authors: list = ld_author if isinstance(ld_author, list) else [ld_author]
    story.agency = agency_in("; ".join(_name(a) for a in ld_authors if a) or meta_authors)
    story.created = parse_date(
        _name(ld.get("datePublished"))
        or _name(ld.get("dateCreated"))
        or first("article:published_time", "datepublished", "date", "dc.date", "pubdate")
    )
    section = ld.get("articleSection")
    story.section = usable_section(_name(section) or first("article:section", "section"))
    keywords = ld.get("keywords")
    if isinstance(keywords, list):
        keywords = ",".join(_name(k) for k in keywords)
    story.tags = split_tags(_name(keywords) or ",".join(og.get("article:tag", [])))
    if not story.tags:
        story.tags = split_tags(first("keywords", "news_keywords"))
    html_lang = root.get("lang") or ""
    story.language = (
        html_lang or _name(ld.get("inLanguage")) or first("og:locale", "language")
    ).strip()
    location = ld.get("locationCreated") or ld.get("contentLocation")
    story.dateline = _name(location)
    publisher = ld.get("sourceOrganization") or ld.get("provider")
    story.agency = _name(publisher) or story.agency
    story.authors = _people_only(story.authors, ld, og)
    story.byline = printed_byline(story.authors)
    return _lead_images(ld, og)


def _people_only(names: list[str], ld: dict[str, Any], og: dict[str, list[str]]) -> list[str]:
    """Authors without the publisher or the site ("Deutsche Welle" is no author)."""
    outlets = {
        squash_title(re.sub(r"\([^)]*\)", "", v))
        for key in ("publisher", "og:site_name", "application-name", "copyright")
        for v in og.get(key, [])
    }
    outlets.add(squash_title(_name(ld.get("publisher"))))
    outlets.discard("")
    return [n for n in names if squash_title(n) not in outlets and not _within(n, outlets)]


def _within(name: str, outlets: set[str]) -> bool:
    """True when a name is an outlet's name with its copyright line around it."""
    key = squash_title(name)
    return any(key and (key in o or o in key) and len(key) > 3 for o in outlets)


def _without_suffix(title: str, h1: str) -> str:
    """og:title without a site's suffix: 'Headline | DW | 10.06.2013' -> the page's <h1>."""
    if h1 and title != h1 and squash_title(title).startswith(squash_title(h1)):
        return h1
    return title


def _site_suffix_cut(title: str) -> str:
    """'Headline | Site name' -> 'Headline'."""
    parts = re.split(r"\s+[|–—-]\s+", title)
    return parts[0] if len(parts) > 1 and len(parts[0]) > 15 else title


def _lead_images(ld: dict[str, Any], og: dict[str, list[str]]) -> list[ImportedFigure]:
    """The page's lead image (JSON-LD image or og:image) as a figure awaiting its photo."""
    image = ld.get("image")
    if isinstance(image, list):
        image = image[0] if image else None
    url = (og.get("og:image") or [""])[0]
    width = (og.get("og:image:width") or [""])[0]
    height = (og.get("og:image:height") or [""])[0]
    if isinstance(image, dict):
        caption = _name(image.get("caption")) or _name(image.get("description"))
        credit = (
            _name(image.get("creditText"))
            or _name(image.get("copyrightHolder"))
            or _name(image.get("author"))
        )
        figure = ImportedFigure(caption=caption, credit=credit, lead=True)
        src = _name(image.get("url")) or _name(image.get("contentUrl")) or url
        return [web_only(figure, src, image.get("width") or width, image.get("height") or height)]
    if image or url:
        alt = (og.get("og:image:alt") or [""])[0]
        return [web_only(ImportedFigure(alt=alt, lead=True), url or _name(image), width, height)]
    return []


def fill_from_page(root: etree._Element, story: ImportedStory) -> None:
    """Fields JSON-LD and meta tags did not give: trafilatura's byline reader, htmldate."""
    if not story.authors:
        try:
            from trafilatura.metadata import extract_metadata

            found = extract_metadata(root)
        except Exception:  # a library's surprise on an odd page: the fields stay empty
            found = None
        if found is not None and found.author:
            names = byline_names(found.author.replace(";", ","))
            story.authors = _people_only(names, json_ld(root), open_graph(root))
            story.agency = story.agency or agency_in(found.author)
        if not story.authors:
            story.authors = labelled_author(root)
        story.byline = printed_byline(story.authors)
        if found is not None and not story.section and found.categories:
            story.section = usable_section(clean_field(found.categories[0]))
    if not story.created:
        story.created = page_date(root)


_AUTHOR_LABEL = re.compile(
    r"^(?:authors?|autor(?:in)?|auteur|written by|reporter)\s*:?\s+(.{3,80})$", re.I
)
# Parts of a page about other stories: their dates are not this story's.
_ELSEWHERE = re.compile(
    r"related|teaser|recommend|sidebar|footer|aside|more-|most-|promo|widget", re.I
)


def labelled_author(root: etree._Element) -> list[str]:
    """Names from a labelled line ("Author Julian Tompkin") when the markup declares none."""
    for el in root.iter("li", "p", "div", "span", "dd"):
        text = clean_field(text_of(el))
        match = _AUTHOR_LABEL.match(text) if len(text) < 90 else None
        if match:
            names = byline_names(match.group(1))
            if names:
                return names
    return []


_NO_SECTION = re.compile(
    r"^(?:articles?|news|home|posts?|blog|stories|story|uncategori[sz]ed|general|default|"
    r"page|pages|main|index|all|latest)$|\.\w{2,4}$|^https?:",
    re.I,
)


def usable_section(name: str) -> str:
    """A section name, or '' for a site's name or a generic label ('gizmodo.com', 'articles')."""
    return "" if _NO_SECTION.search(name.strip()) else name.strip()


def page_date(root: etree._Element) -> str | None:
    """The page's original publication date by htmldate (markup, URL, time elements), or None.

    Teasers of other stories (related, recommended, sidebars, footers) are left out first:
    their dates are theirs, not this story's.
    """
    from copy import deepcopy
    from datetime import datetime

    from htmldate import find_date

    tree = deepcopy(root)
    for el in list(tree.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if el.tag in ("html", "body", "main", "article") or el.find(".//h1") is not None:
            continue
        if el.tag in ("aside", "footer", "nav") or _ELSEWHERE.search(
            f"{el.get('class') or ''} {el.get('id') or ''}"
        ):
            el.getparent().remove(el)
    try:
        found = find_date(
            tree, original_date=True, extensive_search=True, outputformat="%Y-%m-%dT%H:%M:%S"
        )
    except Exception:  # htmldate on an odd page: no date rather than no story
        return None
    if not found:
        return None
    moment = datetime.fromisoformat(found)
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return parse_date(found[:10])  # a date without a time: noon UTC, as elsewhere
    return iso_utc(moment)


def squash_title(text: str) -> str:
    """A headline compared loosely (case, punctuation and spaces ignored)."""
    return " ".join(re.sub(r"[\W_]+", " ", squash(text).casefold()).split())
