"""Markdown body -> sanitised HTML fragment. Pure functions shared by the preview and the export.

The body is rendered block by block (a block is a run of lines between blank lines, with list
items and fenced code kept together) and each block's HTML is cached by its text, so a preview
refresh after a keystroke renders only the block that changed. Figures (`![alt](figure:12)` on a
line of their own) are not Markdown: a FigureRenderer supplied by the caller turns each into a
`<figure>`; without one they show as placeholders.
"""

from __future__ import annotations

import html
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import markdown
import nh3

# A figure paragraph: the whole block is one image reference to a figure row.
FIGURE_BLOCK = re.compile(r"^\s*!\[(?P<alt>[^\]\n]*)\]\(figure:(?P<id>\d+)\)\s*$")
FIGURE_ANYWHERE = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\(figure:(?P<id>\d+)\)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
_H1 = re.compile(r"<(/?)h1>")

# (figure id, alt text from the Markdown) -> trusted HTML for the whole figure.
FigureRenderer = Callable[[int, str], str]

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "em",
    "strong",
    "b",
    "i",
    "u",
    "s",
    "a",
    "blockquote",
    "ul",
    "ol",
    "li",
    "code",
    "pre",
    "br",
    "hr",
    "sup",
    "sub",
    "del",
    "ins",
    "mark",
    "span",
    "abbr",
    "cite",
    "q",
    "small",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "dl",
    "dt",
    "dd",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "span": {"class"},
    "ins": {"class"},
    "del": {"class"},
    "mark": {"class"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "q": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
CACHE_SIZE = 4096


@dataclass(frozen=True)
class Block:
    """One top-level piece of the body: its Markdown source and, for figures, the figure id."""

    source: str
    figure_id: int | None = None
    alt: str = ""


def split_blocks(body: str) -> list[Block]:
    """Split a Markdown body into top-level blocks, keeping lists and fenced code whole."""
    blocks: list[Block] = []
    current: list[str] = []
    in_fence = False
    pending_blank = False

    def flush() -> None:
        if current:
            source = "\n".join(current)
            fig = FIGURE_BLOCK.match(source)
            if fig:
                blocks.append(Block(source, int(fig["id"]), fig["alt"]))
            else:
                blocks.append(Block(source))
            current.clear()

    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _FENCE.match(line):
            if not in_fence and pending_blank:
                flush()  # a fence after a blank line starts a block of its own
            in_fence = not in_fence
        if in_fence or _FENCE.match(line):
            current.append(line)
            pending_blank = False
            continue
        if not line.strip():
            pending_blank = True
            continue
        if pending_blank and current:
            # A blank line ends the block unless the list simply goes on.
            continues_list = _LIST_ITEM.match(current[0]) and (
                _LIST_ITEM.match(line) or line.startswith(("  ", "\t"))
            )
            if continues_list:
                current.append("")
            else:
                flush()
        pending_blank = False
        current.append(line)
    flush()
    return blocks


class Renderer:
    """Renders Markdown blocks to sanitised HTML, caching each block by its text."""

    def __init__(self, notes: str = "strip") -> None:
        """notes: 'strip' removes editor's notes (export); 'show' shades them (preview)."""
        self.notes = notes
        self._md = markdown.Markdown(
            extensions=["smarty", "sane_lists", "tables", "pymdownx.critic", "pymdownx.tilde"],
            extension_configs={
                "pymdownx.critic": {"mode": "accept" if notes == "strip" else "view"},
                "smarty": {"smart_angled_quotes": False},
            },
            output_format="html",
        )
        self._cache: OrderedDict[str, str] = OrderedDict()

    def render_markdown(self, source: str) -> str:
        """One non-figure block (plus the body's link definitions) to sanitised HTML."""
        cached = self._cache.get(source)
        if cached is not None:
            self._cache.move_to_end(source)
            return cached
        self._md.reset()
        raw = self._md.convert(source)
        clean = sanitise(_H1.sub(r"<\1h2>", raw)).strip()
        self._cache[source] = clean
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return clean

    def render_blocks(
        self, body: str, figure: FigureRenderer | None = None
    ) -> list[tuple[Block, str]]:
        """Every block of the body with its HTML, in order."""
        blocks = split_blocks(body)
        refs = "\n".join(_REF_DEF.findall(body))
        out: list[tuple[Block, str]] = []
        for block in blocks:
            if block.figure_id is not None:
                html_text = (figure or placeholder_figure)(block.figure_id, block.alt)
            elif _REF_DEF.fullmatch(block.source.strip()):
                continue  # link definitions render nothing on their own
            else:
                source = (
                    f"{block.source}\n\n{refs}" if refs and "[" in block.source else block.source
                )
                html_text = self.render_markdown(source)
            out.append((block, html_text))
        return out

    def render_body(self, body: str, figure: FigureRenderer | None = None) -> str:
        """The whole body as one HTML fragment."""
        return "\n".join(h for _, h in self.render_blocks(body, figure) if h)


def sanitise(fragment: str) -> str:
    """Keep only harmless HTML: no scripts, styles, frames, event handlers or javascript: links."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def sanitise_inline(value: str) -> str:
    """Plain text from any field, as escaped HTML (for captions, credits, headlines)."""
    return html.escape(value, quote=True)


def placeholder_figure(figure_id: int, alt: str) -> str:
    """A visible stand-in for a figure whose photo is not known to the renderer."""
    label = sanitise_inline(alt) or "Photo"
    return (
        f'<figure class="figure figure-missing" data-figure="{figure_id}">'
        f'<div class="figure-placeholder">No photo yet</div>'
        f"<figcaption>{label}</figcaption></figure>"
    )


_default: dict[str, Renderer] = {}


def renderer(notes: str = "strip") -> Renderer:
    """A shared Renderer per notes mode (one per thread is the caller's business)."""
    if notes not in _default:
        _default[notes] = Renderer(notes)
    return _default[notes]


def render_body(body: str, figure: FigureRenderer | None = None, notes: str = "strip") -> str:
    """Convenience: the body as sanitised HTML with the shared renderer."""
    return renderer(notes).render_body(body, figure)
