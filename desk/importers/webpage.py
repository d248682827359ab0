"""A saved web page (.html): the main article by trafilatura, metadata from JSON-LD and meta.

Metadata (desk.importers.webmeta): JSON-LD (NewsArticle, Article ... also inside @graph) first,
then Open Graph / article: tags, then <meta>, <h1> and <title>; a byline or date the markup
does not declare is read from the page by trafilatura's metadata reader and htmldate.
The body (desk.importers.webbody): trafilatura's main text, with figures' captions and credits
read back from the page, and what extractors leave behind removed. A page whose markup holds
no article text but whose JSON-LD carries the articleBody (script-rendered pages) imports
that. Images saved beside the page ("Page_files/...") become photos; others await theirs.
A page nested deeper than the HTML reader goes is refused rather than imported cut.
"""

from __future__ import annotations

import re
from pathlib import Path

from desk.importers.base import (
    Format,
    ImportedFigure,
    ImportedStory,
    decode_text,
    fail,
    md_paragraph,
    register,
)
from desk.importers.htmltext import TooDeep, parse_html, strip_dangerous
from desk.importers.webbody import body_blocks
from desk.importers.webmeta import fill_from_page, json_ld, open_graph, read_metadata
from desk.importers.wirenotes import split_notes


def parse(path: Path, data: bytes) -> list[ImportedStory]:
    """A saved web page as one story."""
    try:
        root = parse_html(decode_text(data))
    except TooDeep as exc:
        todo = "save the article alone (reader view, or print to HTML)"
        raise fail(path, str(exc), todo) from None
    story = ImportedStory(format="webpage")
    leads = read_metadata(root, story)
    url = page_url(root)
    fill_from_page(root, story)
    article_body = json_ld(root).get("articleBody")
    article_body = article_body if isinstance(article_body, str) else ""
    body = body_blocks(root, story, path.parent, url)
    if _words(body) < 0.5 * len(article_body.split()):
        body = [*[b for b in body if isinstance(b, ImportedFigure)], *_paragraphs(article_body)]
    if not any(isinstance(b, str) for b in body):
        removed = strip_dangerous(root)
        what = f"only scripts and page furniture ({removed} removed)" if removed else "no text"
        raise fail(path, f"no article was found in the page: it holds {what}", "save it again")
    has_figures = any(isinstance(b, ImportedFigure) for b in body)
    story.body = [*([] if has_figures else leads), *body]
    split_notes(story)  # an agency's "(Reporting by ...)" trailer on a syndicated page
    return [story]


def page_url(root) -> str | None:
    """The page's own address (canonical link or og:url), for resolving relative images."""
    for link in root.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href", "").startswith(
            "http"
        ):
            return link.get("href")
    urls = open_graph(root).get("og:url", [])
    return urls[0] if urls and urls[0].startswith("http") else None


def _words(blocks: list) -> int:
    """How many words the text blocks hold."""
    return sum(len(b.split()) for b in blocks if isinstance(b, str))


def _paragraphs(text: str) -> list[str]:
    """JSON-LD articleBody text as paragraphs."""
    return [md_paragraph(p) for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


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
