"""The one body model: a story body (Markdown) as blocks, its figures, and the edits made to it.

Everything that needs to know what a body holds asks here: rendering (preview and export), the
checks, ninjs, word counts, the search index, the editor's highlighting and cards, the Photos
dock and the importers. Blocks come from a real Markdown parser's block map (markdown-it-py's
`token.map`); nothing else in Desk recognises a figure reference.

A figure is a paragraph of its own holding one image whose address is `figure:ID`, e.g.
`![alt text](figure:12)`; ID is the story's figure row. A figure block that opens the body
(only editor's notes before it) is the story's lead photo. A figure reference that is not a
block of its own (inside a paragraph, a list, a quote) is a *stray*: it is never dropped, it is
shown right after the block that holds it, the checks say so, and normalise() moves it onto a
line of its own. When one figure is placed twice, the first place counts and the checks report
the other.

The edit functions are pure (text in, text out) and never raise on odd bodies: the editor applies
their result to its document as one undoable edit, the store and the command line save it.
"""

from __future__ import annotations

import functools
import re
import threading
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desk.body.reparse import reparse
from desk.text import UNSPACED_CHARS

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from desk.model import Figure

FIGURE_SCHEME = "figure:"
_FIGURE_SRC = re.compile(r"^figure:(\d{1,12})$")
_NOTE = re.compile(r"\{>>.*?<<\}", re.DOTALL)
_ONLY_NOTES = re.compile(r"(?:\s*\{>>(?:(?!<<\}).)*<<\}\s*)+", re.DOTALL)
_MARKUP = re.compile(r"[#*_`>\[\]()!~|]")
_LINK_TARGET = re.compile(
    r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|<[a-z][a-z0-9+.-]*:[^>\s]*>", re.IGNORECASE
)
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)
# In Chinese and Japanese each character counts as a word (as word processors count them):
# "東京で大雨" is five, not one. Only a line holding such a character is read this slower way.
_UNSPACED = re.compile(f"[{UNSPACED_CHARS}]")
_WORD_OR_CHARACTER = re.compile(
    f"[{UNSPACED_CHARS}]|(?:(?![{UNSPACED_CHARS}])[^\\W_])+"
    f"(?:['’\\-](?:(?![{UNSPACED_CHARS}])[^\\W_])+)*"
)
# Top-level token types that open a block, and what Desk calls that block.
_KINDS = {
    "paragraph_open": "paragraph",
    "heading_open": "subhead",
    "blockquote_open": "quote",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "table_open": "table",
    "fence": "code",
    "code_block": "code",
    "html_block": "html",
    "hr": "rule",
}
# Blocks that show nothing to readers: a lead photo may come after them.
_SILENT = {"note"}
_CACHE_SIZE = 16


@dataclass(frozen=True)
class FigureRef:
    """One `![alt](figure:ID)` reference found in the body."""

    figure_id: int
    alt: str
    line: int  # 0-based line where the reference is


@dataclass(frozen=True)
class Block:
    """One top-level block: its kind, its lines [start, end) and its Markdown source."""

    kind: str  # paragraph, subhead, quote, list, table, code, html, rule, note, figure
    start: int
    end: int
    source: str
    figure: FigureRef | None = None  # the figure, when the whole block is one
    strays: tuple[FigureRef, ...] = ()  # figure references inside a block of other text

    @property
    def figure_id(self) -> int | None:
        """The figure's id when this block is a figure."""
        return self.figure.figure_id if self.figure else None

    @property
    def alt(self) -> str:
        """The alt text written in the figure's Markdown ('' for other blocks)."""
        return self.figure.alt if self.figure else ""


@dataclass(frozen=True)
class Placement:
    """Where a figure appears: its number as readers see it, and whether it is the lead."""

    figure_id: int
    number: int  # 1, 2, ... in body order (the lead is 1)
    lead: bool
    block: int  # index of the block that shows it (its own, or the block a stray sits in)
    line: int
    alt: str
    stray: bool = False


@dataclass(frozen=True)
class _Unit:
    """One top-level block of markdown-it's, as the blocks Desk made of it."""

    start: int
    blocks: tuple[Block, ...]

    def moved(self, delta: int) -> _Unit:
        """The same block delta lines further down (an edit above added or removed lines)."""
        return _Unit(self.start + delta, tuple(_moved(b, delta) for b in self.blocks))


def _moved(block: Block, delta: int) -> Block:
    """A block delta lines further down, its figure references with it."""

    def ref(r: FigureRef) -> FigureRef:
        return FigureRef(r.figure_id, r.alt, r.line + delta)

    return Block(
        block.kind,
        block.start + delta,
        block.end + delta,
        block.source,
        ref(block.figure) if block.figure else None,
        tuple(ref(r) for r in block.strays),
    )


@dataclass(frozen=True)
class Body:
    """A parsed body: its lines, blocks and placed figures."""

    text: str
    lines: tuple[str, ...]
    blocks: tuple[Block, ...]
    placements: tuple[Placement, ...]
    duplicates: tuple[FigureRef, ...] = ()
    _by_id: dict[int, Placement] = field(default_factory=dict, compare=False, repr=False)
    # the parser's top-level blocks, which the next parse of an edited text starts from
    _units: tuple[_Unit, ...] = field(default=(), compare=False, repr=False)

    @property
    def figure_ids(self) -> list[int]:
        """Placed figures in reading order (the lead first), each once."""
        return [p.figure_id for p in self.placements]

    @property
    def lead_id(self) -> int | None:
        """The lead photo's figure id, if the body opens with one."""
        first = self.placements[0] if self.placements else None
        return first.figure_id if first and first.lead else None

    @property
    def strays(self) -> list[Placement]:
        """Placed figures whose reference is not a block of its own."""
        return [p for p in self.placements if p.stray]

    @property
    def needs_normalise(self) -> bool:
        """True when normalise() would change the text: a stray reference, or a figure line
        not separated from its neighbours by blank lines."""
        for block in self.blocks:
            if block.strays:
                return True
            if block.figure is not None:
                before = self.lines[block.start - 1] if block.start > 0 else ""
                after = self.lines[block.end] if block.end < len(self.lines) else ""
                if before.strip() or after.strip():
                    return True
        return False

    def placement(self, figure_id: int) -> Placement | None:
        """Where a figure is placed, or None when the body does not place it."""
        return self._by_id.get(figure_id)

    @functools.cached_property
    def _starts(self) -> list[int]:
        """Each block's first line, in order (blocks follow each other down the text)."""
        return [block.start for block in self.blocks]

    def block_at(self, line: int) -> int | None:
        """The index of the block covering a 0-based line, or None (a blank line)."""
        index = bisect_right(self._starts, line) - 1
        if index >= 0 and line < self.blocks[index].end:
            return index
        return None


# -- parsing ----------------------------------------------------------------------------------


@functools.cache
def _block_parser() -> MarkdownIt:
    """markdown-it for block structure only (inline parsing is done where figures may be)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return md.disable(["inline", "text_join"])


@functools.cache
def _inline_parser() -> MarkdownIt:
    """markdown-it for the inline content of blocks that mention a figure."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["strikethrough"])


def figure_id_of(src: str) -> int | None:
    """The figure id an image address names ('figure:12' -> 12), else None."""
    match = _FIGURE_SRC.match(src.strip())
    return int(match[1]) if match else None


_parsed: OrderedDict[str, Body] = OrderedDict()
_parsed_lock = threading.Lock()  # the editor's workers and the GUI thread share the cache


def mentions_figures(text: str) -> bool:
    """False when the text cannot place a figure (no `figure:` address in it), so a caller may
    leave parsing it to a worker without a figure card missing meanwhile."""
    return FIGURE_SCHEME in text


def parse(text: str) -> Body:
    """The body as blocks and placed figures (the last few results are remembered by text; a
    text not among them is parsed from the last one, again only where they differ)."""
    with _parsed_lock:
        cached = _parsed.get(text)
        if cached is not None:
            _parsed.move_to_end(text)
            return cached
        base = next(reversed(_parsed.values()), None)
    body = _parse(text, base)
    with _parsed_lock:
        _parsed[text] = body
        if len(_parsed) > _CACHE_SIZE:
            _parsed.popitem(last=False)
    return body


def _parse(text: str, base: Body | None = None) -> Body:
    """parse() without the cache: the whole text, or only where it differs from base's."""
    clean = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = tuple(clean.split("\n"))
    if not clean.strip():
        units: list[_Unit] = []
    elif base is None or not base._units:
        units = _units(lines, 0, len(lines))
    else:
        units = reparse(
            lines,
            base.lines,
            base._units,
            lambda first, last: _units(lines, first, last),
            _Unit.moved,
        )
    raw = [b for unit in units for b in unit.blocks]
    blocks = _merge_notes(raw, clean, lines)
    placements: list[Placement] = []
    duplicates: list[FigureRef] = []
    seen: set[int] = set()
    only_notes = True
    for index, block in enumerate(blocks):
        refs = [(block.figure, False)] if block.figure else []
        refs += [(ref, True) for ref in block.strays]
        for ref, stray in refs:
            assert ref is not None
            if ref.figure_id in seen:
                duplicates.append(ref)
                continue
            seen.add(ref.figure_id)
            lead = only_notes and not stray and not placements
            placements.append(
                Placement(ref.figure_id, len(placements) + 1, lead, index, ref.line, ref.alt, stray)
            )
        if block.kind not in _SILENT:
            only_notes = False
    return Body(
        text,
        lines,
        tuple(blocks),
        tuple(placements),
        tuple(duplicates),
        {p.figure_id: p for p in placements},
        tuple(units),
    )


def _units(lines: tuple[str, ...], first: int, last: int) -> list[_Unit]:
    """Top-level blocks of lines[first:last] from markdown-it's block map (numbered in the
    whole text), figures and strays recognised."""
    tokens = _block_parser().parse("\n".join(lines[first:last]))
    if first:
        for token in tokens:
            if token.map:
                token.map = [token.map[0] + first, token.map[1] + first]
    units: list[_Unit] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.level != 0 or token.nesting == -1 or token.type not in _KINDS or not token.map:
            index += 1
            continue
        close = _closing(tokens, index)
        start, end = token.map
        made = _block(_KINDS[token.type], start, end, lines, tokens[index : close + 1])
        units.append(_Unit(start, tuple(made)))
        index = close + 1
    return units


def _closing(tokens: list[Token], index: int) -> int:
    """The index of the token closing the block opened at index (itself for leaf blocks)."""
    if tokens[index].nesting == 0:
        return index
    depth = 0
    for at in range(index, len(tokens)):
        depth += tokens[at].nesting
        if depth == 0:
            return at
    return len(tokens) - 1


def _block(
    kind: str, start: int, end: int, lines: tuple[str, ...], tokens: list[Token]
) -> list[Block]:
    """One block (or, for a paragraph holding a figure line, the pieces it is made of), with
    its figure or its stray references."""
    source = "\n".join(lines[start:end])
    if kind == "paragraph" and _ONLY_NOTES.fullmatch(source):
        return [Block("note", start, end, source)]
    if FIGURE_SCHEME not in source:
        return [Block(kind, start, end, source)]
    inlines = [t for t in tokens if t.type == "inline" and FIGURE_SCHEME in t.content]
    if kind == "paragraph" and inlines:
        children = _inline_parser().parseInline(inlines[0].content)[0].children or []
        return _split_paragraph(start, end, lines, children)
    refs: list[FigureRef] = []
    for token in inlines:
        line = token.map[0] if token.map else start
        children = _inline_parser().parseInline(token.content)[0].children or []
        refs.extend(_figure_refs(children, line))
    return [Block(kind, start, end, source, strays=tuple(refs))]


def _split_paragraph(
    start: int, end: int, lines: tuple[str, ...], children: list[Token]
) -> list[Block]:
    """A paragraph whose lines include figure lines (a figure reference alone on its line) as
    paragraphs and figures in their order; other references in it are strays."""
    rows: list[list[Token]] = [[]]
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            rows.append([])
        else:
            rows[-1].append(child)
    if len(rows) != end - start:  # a line break inside a link or alt text: keep it whole
        refs = _figure_refs(children, start)
        source = "\n".join(lines[start:end])
        if len(refs) == 1 and _only_image(children):
            return [Block("figure", start, end, source, figure=refs[0])]
        return [Block("paragraph", start, end, source, strays=tuple(refs))]
    figure_rows = {
        i: refs[0]
        for i, row in enumerate(rows)
        if len(refs := _figure_refs(row, start + i)) == 1 and _only_image(row)
    }
    out: list[Block] = []
    run: list[int] = []

    def flush() -> None:
        if run:
            first, last = start + run[0], start + run[-1] + 1
            refs = [r for i in run for r in _figure_refs(rows[i], start + i)]
            text = "\n".join(lines[first:last])
            kind = "note" if not refs and _ONLY_NOTES.fullmatch(text) else "paragraph"
            out.append(Block(kind, first, last, text, strays=tuple(refs)))
            run.clear()

    for i in range(len(rows)):
        if i in figure_rows and start + i < end:
            flush()
            line = start + i
            out.append(Block("figure", line, line + 1, lines[line], figure=figure_rows[i]))
        else:
            run.append(i)
    flush()
    return out


def _figure_refs(children: list[Token], line: int) -> list[FigureRef]:
    """Figure images among a block's inline tokens, with the line each sits on."""
    refs = []
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "image":
            figure_id = figure_id_of(str(child.attrs.get("src", "")))
            if figure_id is not None:
                refs.append(FigureRef(figure_id, " ".join(child.content.split()), line))
    return refs


def _only_image(children: list[Token]) -> bool:
    """True when the inline content is one image and nothing but white space around it."""
    images = [c for c in children if c.type == "image"]
    rest = [c for c in children if c.type != "image"]
    return len(images) == 1 and all(
        c.type in ("softbreak", "hardbreak") or (c.type == "text" and not c.content.strip())
        for c in rest
    )


def _merge_notes(blocks: list[Block], text: str, lines: tuple[str, ...]) -> list[Block]:
    """Join blocks that one editor's note spans (a note may run over blank lines)."""
    if "{>>" not in text or len(blocks) < 2:
        return blocks
    spans = []
    for match in _NOTE.finditer(text):
        first = text.count("\n", 0, match.start())
        last = first + match[0].count("\n")
        if last > first:
            spans.append((first, last))
    for first, last in spans:
        inside = [b for b in blocks if b.start <= last and b.end > first]
        if len(inside) < 2:
            continue
        start, end = inside[0].start, inside[-1].end
        source = "\n".join(lines[start:end])
        merged = Block(
            "note" if _ONLY_NOTES.fullmatch(source) else inside[0].kind,
            start,
            end,
            source,
            strays=tuple(r for b in inside for r in ((b.figure,) if b.figure else ()) + b.strays),
        )
        blocks = [b for b in blocks if b not in inside]
        blocks.append(merged)
        blocks.sort(key=lambda b: b.start)
    return blocks


# -- reading it -------------------------------------------------------------------------------


def plain_text(text: str) -> str:
    """The words a reader reads: no figures, no editor's notes, no Markdown punctuation.

    Worked paragraph by paragraph: one regular expression over a megabyte would hold the
    interpreter (and so the window, when this runs in a worker) for tens of milliseconds."""
    return "\n\n".join(_plain(part) for part in _read_parts(text))


def _read_parts(text: str) -> list[str]:
    """The Markdown of what readers read, a part per paragraph (figures and notes taken out)."""
    if FIGURE_SCHEME not in text and "{>>" not in text:
        return text.split("\n\n")
    parts = []
    for block in parse(text).blocks:
        if block.figure or block.kind == "note":
            continue
        source = block.source
        for ref in block.strays:
            source = _remove_refs(source, ref.figure_id)
        parts.append(_NOTE.sub("", source) if "{>>" in source else source)
    return parts


def _plain(source: str) -> str:
    """One block's words: link targets and Markdown punctuation gone."""
    return _MARKUP.sub(" ", _LINK_TARGET.sub("]", source))


@functools.lru_cache(maxsize=8192)
def _words_in(source: str) -> int:
    """How many words one part of the body holds (remembered: a save after typing counts again
    only the paragraph that changed)."""
    # Line by line: one regex over a long block would hold the interpreter.
    return sum(
        len((_WORD_OR_CHARACTER if _UNSPACED.search(line) else _WORD).findall(line))
        for line in _plain(source).split("\n")
    )


def word_count(text: str) -> int:
    """Words a reader will read (editor's notes and figures do not count)."""
    return sum(_words_in(part) for part in _read_parts(text))


def char_count(text: str) -> int:
    """Characters a reader will read (no notes, no figures), spaces included."""
    return len(" ".join(plain_text(text).split()))


def public_markdown(text: str) -> str:
    """The body without editor's notes (what leaves Desk as Markdown)."""
    return _NOTE.sub("", text)


def note_spans(text: str) -> list[tuple[int, int]]:
    """Where the editor's notes `{>> … <<}` sit in a text: (start, end) character offsets (a
    note left open runs to the end), for tools that must leave notes alone."""
    spans = [(m.start(), m.end()) for m in _NOTE.finditer(text)]
    last_end = spans[-1][1] if spans else 0
    unclosed = text.find("{>>", last_end)
    if unclosed >= 0:
        spans.append((unclosed, len(text)))
    return spans


def reference_spans(text: str) -> list[tuple[int, int]]:
    """Where the figures sit in a body: (start, end) character offsets of each figure block
    (its whole lines) and of each figure reference inside other text, in order; for tools
    (find and replace, spelling) that must leave figures alone."""
    if FIGURE_SCHEME not in text:
        return []
    parsed = parse(text)
    starts = [0]
    for line in parsed.lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    spans: list[tuple[int, int]] = []
    for block in parsed.blocks:
        if block.figure is not None:
            last = block.end - 1
            spans.append((starts[block.start], starts[last] + len(parsed.lines[last])))
            continue
        for ref in block.strays:
            line = parsed.lines[ref.line]
            spans.extend(
                (starts[ref.line] + a, starts[ref.line] + b)
                for a, b in _ref_spans(line, ref.figure_id)
            )
    return sorted(set(spans))


def notes(text: str) -> list[str]:
    """The editor's notes in the body, in order, without their markers."""
    return [" ".join(m[0][3:-3].split()) for m in _NOTE.finditer(text)]


def note_lines(text: str) -> list[tuple[int, str]]:
    """Each editor's note in the body as (0-based line where it opens, its text)."""
    return [
        (text.count("\n", 0, m.start()), " ".join(m[0][3:-3].split())) for m in _NOTE.finditer(text)
    ]


def mask_notes(text: str, fill: str = " ") -> str:
    """The body with every editor's note blanked out with `fill` (lines and columns kept), for
    readers of the published text that report where they found something."""
    if "{>>" not in text:
        return text
    return _NOTE.sub(lambda m: re.sub(r"[^\n]", fill, m[0]), text)


def _ref_spans(line: str, figure_id: int) -> list[tuple[int, int]]:
    """Where `![...](figure:ID)` references to this figure sit in a line (start, end)."""
    spans = []
    target = f"](figure:{figure_id})"
    search = 0
    while (end := line.find(target, search)) >= 0:
        depth, start = 0, -1
        for at in range(end - 1, -1, -1):
            char = line[at]
            if char == "]":
                depth += 1
            elif char == "[":
                if depth == 0:
                    start = at - 1 if at > 0 and line[at - 1] == "!" else -1
                    break
                depth -= 1
        if start >= 0:
            spans.append((start, end + len(target)))
        search = end + len(target)
    return spans


def _replace_refs(text: str, figure_id: int, replacement: str) -> str:
    """Every reference to the figure in a piece of text replaced."""
    out = []
    for line in text.split("\n"):
        for start, end in reversed(_ref_spans(line, figure_id)):
            line = line[:start] + replacement + line[end:]
        out.append(line)
    return "\n".join(out)


def _remove_refs(text: str, figure_id: int) -> str:
    """Every reference to the figure in a piece of text removed (spaces tidied)."""
    out = []
    for line in text.split("\n"):
        spans = _ref_spans(line, figure_id)
        if spans:
            for start, end in reversed(spans):
                rest = line[end:].lstrip()
                line = line[:start].rstrip() + (" " + rest if rest else "")
            line = line.rstrip()
        out.append(line)
    return "\n".join(out)


def arrange(figures: list[Figure], text: str) -> list[Figure]:
    """A story's figures as the body places them: each with its role (lead, inline, unplaced),
    its number and whether it is a stray; placed ones in reading order, then the unplaced."""
    from dataclasses import replace

    from desk.model import INLINE, LEAD, UNPLACED

    placed = parse(text)
    by_id = {f.id: f for f in figures}
    out = []
    for p in placed.placements:
        figure = by_id.pop(p.figure_id, None)
        if figure is not None:
            role = LEAD if p.lead else INLINE
            out.append(replace(figure, role=role, number=p.number, stray=p.stray))
    rest = sorted(by_id.values(), key=lambda f: f.id)
    return out + [replace(f, role=UNPLACED, number=None, stray=False) for f in rest]
