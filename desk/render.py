"""Markdown body -> sanitised HTML fragment. Pure functions shared by the preview and the export.

The body is rendered block by block, as the body model (desk.body) splits it, and each block's
HTML is cached by its text, so a preview refresh after a keystroke renders only the block that
changed. Figures are not Markdown: a FigureRenderer supplied by the caller turns each into a
`<figure>` (without one they show as placeholders); a stray figure reference shows right after
the block holding it; a figure placed twice shows once, where it is first placed.

Footnotes (`[^1]` in the text, `[^1]: the note` in a block of its own, as the .docx import
writes them) are numbered in the order they are first referred to; the notes show, with links
back, in place of the last block of definitions (usually the end of the story).
"""

from __future__ import annotations

import functools
import html
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

import markdown
import nh3

from desk import body as body_model
from desk.body import Block

_REF_DEF = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*\S+.*$", re.MULTILINE)
_NOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:[ \t]*(.*)$", re.MULTILINE)
_NOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_CODE = re.compile(r"(<code>.*?</code>|<pre>.*?</pre>)", re.DOTALL)
_H1 = re.compile(r"<(/?)h1>")

# (figure id, alt text from the Markdown, whether it is the lead photo) -> the whole <figure>.
FigureRenderer = Callable[[int, str, bool], str]

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
        """Every block of the body with its HTML, in order (link and footnote definitions render
        nothing, except the last footnote block, which shows the notes)."""
        parsed = body_model.parse(body)
        draw = figure or placeholder_figure
        shown = {(p.figure_id, p.block): p for p in parsed.placements}
        refs = "\n".join(_REF_DEF.findall(body))
        notes = Footnotes.of(parsed.blocks)
        out: list[tuple[Block, str]] = []
        for index, block in enumerate(parsed.blocks):
            if block.figure is not None:
                placement = shown.get((block.figure.figure_id, index))
                html_text = (
                    draw(placement.figure_id, block.alt, placement.lead) if placement else ""
                )
                out.append((block, html_text))
                continue
            if index in notes.blocks:
                out.append((block, notes.html(self) if index == max(notes.blocks) else ""))
                continue
            source = f"{block.source}\n\n{refs}" if refs and "[" in block.source else block.source
            parts = [notes.link(self.render_markdown(source))]
            for ref in block.strays:
                placement = shown.pop((ref.figure_id, index), None)
                if placement is not None:
                    parts.append(draw(ref.figure_id, ref.alt, False))
            out.append((block, "\n".join(p for p in parts if p)))
        return out

    def render_body(self, body: str, figure: FigureRenderer | None = None) -> str:
        """The whole body as one HTML fragment."""
        return "\n".join(h for _, h in self.render_blocks(body, figure) if h)


class Footnotes:
    """A body's footnotes: which blocks define them, their texts and their numbers."""

    def __init__(self) -> None:
        self.blocks: set[int] = set()  # indexes of the blocks that are only definitions
        self.texts: dict[str, str] = {}
        self.numbers: dict[str, int] = {}
        self.referred: set[str] = set()  # notes the text refers to (they get a link back)
        self._seen: dict[str, int] = {}  # references linked so far in this render

    @classmethod
    def of(cls, blocks: Sequence[Block]) -> Footnotes:
        """Find the definitions, then number the notes by their first reference."""
        notes = cls()
        for index, block in enumerate(blocks):
            if block.figure is None and _NOTE_DEF.match(block.source):
                notes.blocks.add(index)
                notes._define(block.source)
        for index, block in enumerate(blocks):
            if index not in notes.blocks and block.figure is None:
                for match in _NOTE_REF.finditer(block.source):
                    label = match.group(1)
                    if label in notes.texts and label not in notes.numbers:
                        notes.numbers[label] = len(notes.numbers) + 1
                        notes.referred.add(label)
        for label in notes.texts:  # notes nothing refers to still show, after the others
            notes.numbers.setdefault(label, len(notes.numbers) + 1)
        return notes

    def _define(self, source: str) -> None:
        """Definitions of one block: `[^label]: text`, indented lines continuing the last."""
        label = None
        for line in source.splitlines():
            match = _NOTE_DEF.match(line)
            if match:
                label = match.group(1)
                self.texts[label] = match.group(2).strip()
            elif label is not None and line.strip():
                self.texts[label] = f"{self.texts[label]} {line.strip()}".strip()

    def link(self, fragment: str) -> str:
        """A block's HTML with its references to known notes turned into numbered links."""
        if not self.numbers or "[^" not in fragment:
            return fragment
        pieces = _CODE.split(fragment)
        for i in range(0, len(pieces), 2):  # outside code
            pieces[i] = _NOTE_REF.sub(self._reference, pieces[i])
        return "".join(pieces)

    def _reference(self, match: re.Match[str]) -> str:
        """One reference as a superscript number linking to its note."""
        label = html.unescape(match.group(1))
        if label not in self.numbers:
            return match.group(0)
        seen = self._seen[label] = self._seen.get(label, 0) + 1
        anchor = _anchor(label)
        ref_id = f"fnref-{anchor}" if seen == 1 else f"fnref-{anchor}-{seen}"
        return (
            f'<sup class="footnote-ref" id="{ref_id}"><a href="#fn-{anchor}" '
            f'role="doc-noteref">{self.numbers[label]}</a></sup>'
        )

    def html(self, renderer: Renderer) -> str:
        """The notes, numbered, each with a link back to where it is first referred to."""
        if not self.texts:
            return ""
        items = []
        for label in sorted(self.texts, key=lambda k: self.numbers[k]):
            anchor = _anchor(label)
            text = renderer.render_markdown(self.texts[label] or " ")
            text = re.sub(r"^<p>|</p>$", "", text)
            back = (
                f' <a href="#fnref-{anchor}" class="footnote-back" role="doc-backlink">↩</a>'
                if label in self.referred
                else ""
            )
            items.append(f'<li id="fn-{anchor}">{text}{back}</li>')
        return f'<section class="footnotes" role="doc-endnotes"><ol>{"".join(items)}</ol></section>'


def _anchor(label: str) -> str:
    """A footnote label as the safe part of an HTML id."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", label) or "note"


def sanitise(fragment: str) -> str:
    """Keep only harmless HTML: no scripts, styles, frames, event handlers or javascript: links."""
    return _cleaner().clean(fragment)


@functools.cache
def _cleaner() -> nh3.Cleaner:
    """nh3's sanitiser with Desk's rules, made once: nh3.clean() builds them again at every call,
    which took five sixths of its time on a body's small blocks."""
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def sanitise_inline(value: str) -> str:
    """Plain text from any field, as escaped HTML (for captions, credits, headlines)."""
    return html.escape(value, quote=True)


# What smart punctuation reads: quotes and apostrophes, "--" and "---", "...".
_SMART_CANDIDATE = re.compile(r"['\"]|--|\.\.\.")
# Its output read back as typed, to check it changed nothing else.
_AS_TYPED = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                           "\u2013": "--", "\u2014": "---", "\u2026": "..."})  # fmt: skip
_smarty_lock = threading.Lock()


@functools.lru_cache(maxsize=8192)
def smart_text(value: str) -> str:
    """A line of plain text (headline, standfirst, caption) with the body's typography: curly
    quotes and apostrophes, en and em dashes, ellipses, by the same smarty extension the body is
    rendered with, so a headline's apostrophe matches its story's. Plain text in and out: nothing
    is read as Markdown or HTML, and anything else the converter would change (spacing) keeps
    the text as typed."""
    if not _SMART_CANDIDATE.search(value):
        return value
    with _smarty_lock:
        converter = _smarty()
        converter.reset()
        out = converter.convert(value.replace("&", "&amp;"))
    inner = out.removeprefix("<p>").removesuffix("</p>")
    shown = html.unescape(inner) if "<" not in inner else value
    return shown if shown.translate(_AS_TYPED) == value else value


@functools.cache
def _smarty() -> markdown.Markdown:
    """Python-Markdown with smarty alone: every inline pattern and every block but the paragraph
    taken out, so the text's *, #, <, [ and the like stay as they are."""
    converter = markdown.Markdown(
        extensions=["smarty"],
        extension_configs={"smarty": {"smart_angled_quotes": False}},
        output_format="html",
    )
    for name in [item.name for item in converter.inlinePatterns._priority]:
        converter.inlinePatterns.deregister(name)
    for name in [item.name for item in converter.parser.blockprocessors._priority]:
        if name != "paragraph":
            converter.parser.blockprocessors.deregister(name)
    converter.preprocessors.deregister("html_block")
    return converter


def placeholder_figure(figure_id: int, alt: str, lead: bool = False) -> str:
    """A visible stand-in for a figure whose photo is not known to the renderer."""
    label = sanitise_inline(alt) or "Photo"
    del lead
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
