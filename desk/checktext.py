"""Reading a story's published text for the checks (desk.checkrules): where a pattern, a word
typed twice or a link is, line by line, with editor's notes left out and figure lines skipped.

Blocks come from the body model (desk.body); within a block the text is read as it will be
published. Kept apart from the rules so each module stays short.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from desk import body

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from desk.checks import Context

HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
LINK_SCHEMES = {"http", "https", "mailto"}
# Doubled words that are English (and French) grammar, not slips.
FINE_REPEATS = {"had", "that", "bye", "no", "so", "very", "ha", "nous", "vous", "knock", "well"}
# Blocks whose spacing and words are not prose.
NOT_PROSE = {"code", "html", "table", "figure", "note", "rule"}


def is_slip(word: str) -> bool:
    """'the the' is a slip; 'had had' and 'vous vous' are grammar."""
    return word.split()[0].casefold() not in FINE_REPEATS


def prose_matches(
    ctx: Context, pattern: re.Pattern[str], skip: tuple[str, ...], needs: tuple[str, ...] = ()
) -> Iterator[tuple[int, str]]:
    """(line, matched text) for each match in the published text (notes blanked out), outside
    the kinds of block skipped; figure lines are never searched (their alt text is the row's).
    needs: texts one of which every match holds; a body with none is not searched at all (a
    pattern that starts with a look-behind or a word boundary is tried at every character, ~1.5
    ms over 10,000 words holding Python's lock; a plain text is found in a tenth of that)."""
    text = ctx.article.body_md
    if needs and not any(part in text for part in needs):
        return
    if not pattern.search(text):  # most stories: one pass in C, nothing found
        return
    lines = masked_lines(text)
    for block in ctx.parsed.blocks:
        if block.kind in skip or block.figure is not None:
            continue
        for line in range(block.start, min(block.end, len(lines))):
            for found in pattern.finditer(lines[line]):
                yield line, found[0]


def repeats(ctx: Context) -> Iterator[tuple[int, str]]:
    """(line, 'the the') for each word typed twice in a row in the prose (a word split by a
    line break counts too); words, not a regex with a back-reference: fast on long stories."""
    lines: list[str] | None = None
    for block in ctx.parsed.blocks:
        if block.kind in NOT_PROSE or block.figure is not None:
            continue
        lines = lines if lines is not None else masked_lines(ctx.article.body_md)
        for offset, pair in _repeats_in(tuple(lines[block.start : min(block.end, len(lines))])):
            yield block.start + offset, pair


@functools.lru_cache(maxsize=8192)
def _repeats_in(block: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    """(line offset, 'the the') in one block's lines (remembered: the check after a pause in
    typing reads again only the paragraph that changed)."""
    found = []
    previous = ""
    for offset, line in enumerate(block):
        for word in line.split():
            same = previous and word.isalpha() and word.casefold() == previous.casefold()
            if same and is_slip(word):
                found.append((offset, f"{previous} {word}"))
            previous = word if word.isalpha() else ""
    return tuple(found)


@functools.lru_cache(maxsize=4)
def masked_lines(text: str) -> list[str]:
    """The body's lines with editor's notes blanked by a character that is neither a space nor
    a letter, so the words either side of a note are neither a double space nor a repeat."""
    return body.mask_notes(text, "\u2060").replace("\r\n", "\n").split("\n")


@functools.cache
def _link_parser() -> MarkdownIt:
    """markdown-it that keeps every link it finds, whatever its address (to report it)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def links(text: str) -> list[tuple[int, str]]:
    """(line, address) of every link in the body's published text: Markdown links, autolinks
    and HTML anchors (editor's notes left out)."""
    found: list[tuple[int, str]] = []
    masked = body.mask_notes(text)
    if "](" not in masked and "<" not in masked and "]:" not in masked:
        return found
    for token, line, child in _inline(masked):
        if child is None:
            found += [(line, _href(m)) for m in HREF.finditer(token.content)]
        elif child.type == "link_open":
            found.append((line, str(child.attrs.get("href") or "")))
        elif child.type == "html_inline":
            found += [(line, _href(m)) for m in HREF.finditer(child.content)]
    return found


def images(text: str) -> list[tuple[int, str]]:
    """(line, address) of every Markdown image in the body's published text that is not a
    figure (`figure:ID`): the page shows photos as figures only, so these show nowhere."""
    masked = body.mask_notes(text)
    if "![" not in masked:
        return []
    found = []
    for _token, line, child in _inline(masked):
        if child is not None and child.type == "image":
            src = str(child.attrs.get("src") or "")
            if body.figure_id_of(src) is None:
                found.append((line, src))
    return found


def _inline(masked: str) -> Iterator[tuple[Any, int, Any]]:
    """(token, line, child) for every part of the text's inline runs, and (token, line, None)
    for each HTML block, as markdown-it reads them; line counts the run's line breaks."""
    for token in _link_parser().parse(masked):
        line = token.map[0] if token.map else 0
        if token.type == "html_block":
            yield token, line, None
        if token.type != "inline":
            continue
        for child in token.children or []:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            else:
                yield token, line, child


def _href(match: re.Match[str]) -> str:
    """The address an href attribute holds."""
    return next((g for g in match.groups() if g is not None), "")


def allowed_link(href: str) -> bool:
    """True for an http(s) address with a host, or a mailto address."""
    parts = urlsplit(href.strip())
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES:
        return False
    return bool(parts.netloc) if scheme != "mailto" else bool(parts.path)
