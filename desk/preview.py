"""The editor's live preview: the page the export writes, with the body as replaceable blocks.

The preview widget loads preview_document() once per story, then replaces only the children of
`#desk-body` whose HTML changed (block i of the body is child i).
"""

from __future__ import annotations

import html

from desk import render
from desk.model import Article
from desk.paths import resource_text

RTL_LANGUAGES = {"ar", "fa", "he", "ur", "yi", "ps", "sd", "ug", "dv", "ku"}


def text_direction(language: str) -> str:
    """'rtl' for right-to-left languages (by their primary subtag), else 'ltr'."""
    return "rtl" if language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def figure_renderer(store, article_id: int) -> render.FigureRenderer:
    """How the preview draws a story's figures."""
    del store, article_id
    return render.placeholder_figure


def preview_document(store, article: Article, blocks_html: list[str]) -> str:
    """A whole HTML page for the preview, the body's blocks as the children of #desk-body."""
    del store
    esc = html.escape
    css = resource_text("css", "article.css")
    body = "\n".join(blocks_html)
    return (
        f'<!doctype html><html lang="{esc(article.language or "en")}" '
        f'dir="{text_direction(article.language or "en")}"><head><meta charset="utf-8">'
        f"<title>{esc(article.headline)}</title><style>{css}</style></head><body>"
        f'<article class="article"><h1>{esc(article.headline)}</h1>'
        f'<p class="standfirst">{esc(article.standfirst)}</p>'
        f'<div class="article-body" id="desk-body">{body}</div></article></body></html>'
    )
