"""Parsing a body again after an edit: only the top-level blocks around the change.

A Markdown parser's block stage (markdown-it's, as CommonMark's) walks the text line by line
and, at the top level, starts each block afresh: what it makes from a line where a top-level
block starts depends only on that line and the ones after it. A block's extent is decided by
reading at most the first line of the next block and the one after (a paragraph ends where a
table's head and delimiter row begin). So after an edit, the blocks that end well before the
first changed line are kept, the text is parsed again from the start of the block before them,
and once the new parse starts a block on a line of the unchanged end that started a block
before, the old blocks from there on are kept too, moved by the lines the edit added or took
away. The result is the same as parsing the whole text (tests compare them on random edits);
typing in a 10,000-word story parses a few paragraphs instead of two thousand.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar


class Unit(Protocol):
    """A top-level block of the parser's (one or more of Desk's blocks), by its first line."""

    @property
    def start(self) -> int: ...


U = TypeVar("U", bound=Unit)

# Lines a block may read past the first line of the block after it, and the blocks kept back
# before the change beyond that (one more than the parser needs: cheap, and safe).
LOOKAHEAD = 2
MARGIN_UNITS = 1
CANDIDATES = 4  # blocks of the unchanged end tried as the place the two parses meet


def reparse(
    lines: Sequence[str],
    old_lines: Sequence[str],
    old_units: Sequence[U],
    tokenize: Callable[[int, int], list[U]],
    shift: Callable[[U, int], U],
) -> list[U]:
    """The top-level blocks of lines, reusing old_units (the blocks of old_lines) where the
    edit cannot have changed them; tokenize(first, last) parses lines[first:last] (its blocks
    numbered in the whole text), shift(unit, delta) moves an old block by delta lines."""
    new_count, old_count = len(lines), len(old_lines)
    same = min(new_count, old_count)
    prefix = 0
    while prefix < same and lines[prefix] == old_lines[prefix]:
        prefix += 1
    if prefix == new_count == old_count:
        return list(old_units)
    suffix = 0
    while suffix < same - prefix and lines[-1 - suffix] == old_lines[-1 - suffix]:
        suffix += 1
    delta = new_count - old_count
    starts = [u.start for u in old_units]
    # Blocks [0, keep) read nothing at or after the first changed line.
    keep = max(0, bisect_left(starts, prefix - LOOKAHEAD) - 1 - MARGIN_UNITS)
    first = starts[keep] if keep > 0 else 0
    unchanged_from = old_count - suffix  # old lines from here on are the new text's last ones
    at = bisect_left(starts, unchanged_from)
    candidates = [c for c in range(at, min(at + CANDIDATES, len(starts))) if starts[c] > first]
    if candidates:
        last = min(new_count, starts[candidates[-1]] + delta + LOOKAHEAD + 1)
        window = tokenize(first, last)
        window_starts = {u.start: n for n, u in enumerate(window)}
        for c in candidates:
            met = window_starts.get(starts[c] + delta)
            if met is not None:
                moved = old_units[c:] if delta == 0 else [shift(u, delta) for u in old_units[c:]]
                return [*old_units[:keep], *window[:met], *moved]
    return [*old_units[:keep], *tokenize(first, new_count)]
