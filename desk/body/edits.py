"""Edits of a story body, as the figure verbs make them: pure functions (text in, text out) that
never raise on odd bodies. The editor applies their result to its document as one undoable edit;
the store and the command line save it. Where a figure stands is read with desk.body.model.
"""

from __future__ import annotations

import re

from desk.body.model import (
    FIGURE_SCHEME,
    Block,
    Body,
    _ref_spans,
    _remove_refs,
    _replace_refs,
    parse,
)

_EMPTY_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)]|>)\s*$")  # a list item or quote left empty


def markdown_alt(alt: str) -> str:
    """Alt text made safe inside `![...]`: one line, no square brackets."""
    return " ".join(str(alt).replace("[", "(").replace("]", ")").split())


def figure_line(figure_id: int, alt: str = "") -> str:
    """The paragraph that places a figure: `![alt](figure:ID)`."""
    return f"![{markdown_alt(alt)}](figure:{figure_id})"


def append_block(text: str, block: str) -> str:
    """The body with a block added at the end, separated by a blank line."""
    stripped = text.rstrip()
    return f"{stripped}\n\n{block}\n" if stripped else f"{block}\n"


def prepend_block(text: str, block: str) -> str:
    """The body with a block added at the start, separated by a blank line."""
    stripped = text.lstrip("\n")
    return f"{block}\n\n{stripped}" if stripped.strip() else f"{block}\n"


def insert_block(text: str, line: int, block: str) -> str:
    """The body with a block of its own placed at a line: after the block covering that line
    (or at that blank line), with blank lines on both sides."""
    body = parse(text)
    lines = list(body.lines)
    at = max(0, min(line, len(lines)))
    covering = body.block_at(at) if at < len(lines) else None
    if covering is not None:
        at = body.blocks[covering].end
    return _insert_at_line(lines, at, block)


def insert_before(text: str, index: int, block: str) -> str:
    """The body with a block of its own placed before block number `index` (0: opening the
    body, where a figure becomes the lead photo; the number of blocks or more: at the end),
    with blank lines on both sides. This is where a photo dropped between paragraphs goes."""
    body = parse(text)
    lines = list(body.lines)
    index = max(0, index)
    at = body.blocks[index].start if index < len(body.blocks) else len(lines)
    return _insert_at_line(lines, at, block)


def move_figure_to(text: str, figure_id: int, index: int) -> str:
    """The body with a figure's block moved to stand before block number `index` of the body as
    it is now (the number of blocks: at the end). A stray, a figure the body does not place, or
    a body with figure lines still glued to paragraphs (normalise first) is left as it is."""
    body = parse(text)
    placement = body.placement(figure_id)
    if placement is None or placement.stray or body.needs_normalise:
        return text
    if index in (placement.block, placement.block + 1):
        return text
    block = body.blocks[placement.block]
    lines = list(body.lines)
    target = body.blocks[index].start if 0 <= index < len(body.blocks) else len(lines)
    drop = set(range(block.start, block.end))
    if block.end < len(lines) and not lines[block.end].strip():
        drop.add(block.end)  # the blank line that separated it
    elif block.start > 0 and not lines[block.start - 1].strip():
        drop.add(block.start - 1)
    kept = [line for at, line in enumerate(lines) if at not in drop]
    target -= sum(1 for at in drop if at < target)
    return _insert_at_line(kept, target, block.source.strip())


def _insert_at_line(lines: list[str], at: int, block: str) -> str:
    """The lines with a block put in at line `at`, blank lines on both sides of it."""
    before = "\n".join(lines[:at]).rstrip("\n")
    after = "\n".join(lines[at:]).lstrip("\n")
    parts = [p for p in (before, block, after) if p.strip()]
    return "\n\n".join(parts) + ("\n" if not after.strip() else "")


def remove_figure(text: str, figure_id: int) -> str:
    """The body without any reference to the figure (its blocks and the blank line after)."""
    body = parse(text)
    lines = list(body.lines)
    drop: set[int] = set()
    for block in body.blocks:
        if block.figure_id == figure_id:
            drop.update(range(block.start, block.end))
            if block.end < len(lines) and not lines[block.end].strip():
                drop.add(block.end)  # the blank line that separated it
            elif block.start > 0 and not lines[block.start - 1].strip():
                drop.add(block.start - 1)
        for ref in block.strays:
            if ref.figure_id == figure_id and ref.line < len(lines):
                lines[ref.line] = _remove_refs(lines[ref.line], figure_id)
                if not lines[ref.line].strip():
                    drop.add(ref.line)
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)


def set_alt(text: str, figure_id: int, alt: str) -> str:
    """The body with every reference to the figure carrying this alt text (mirroring its row)."""
    body = parse(text)
    lines = list(body.lines)
    for block in body.blocks:
        refs = ([block.figure] if block.figure else []) + list(block.strays)
        for ref in refs:
            if ref.figure_id == figure_id and ref.line < len(lines):
                lines[ref.line] = _replace_refs(
                    lines[ref.line], figure_id, figure_line(figure_id, alt)
                )
    result = "\n".join(lines)
    if parse(result).figure_ids != body.figure_ids:
        return text  # alt text Markdown reads another way: the row keeps the alt text
    return result


def reorder_figures(text: str, order: list[int]) -> str:
    """The body with its inline figure blocks refilled in this order (ids not in the body, and
    repeats, are ignored; figures left out of `order` keep their relative order after it)."""
    body = parse(text)
    slots = [
        b for b in body.blocks if b.figure and _is_first(body, b) and b.figure_id != body.lead_id
    ]
    present = [b.figure_id for b in slots if b.figure_id is not None]
    wanted = [f for f in dict.fromkeys(order) if f in present]
    wanted += [f for f in present if f not in wanted]
    sources = {b.figure_id: b.source.strip() for b in slots}  # no indent to join a list
    lines = list(body.lines)
    replacements = {
        slot.start: (slot.end, sources[fid]) for slot, fid in zip(slots, wanted, strict=True)
    }
    out: list[str] = []
    at = 0
    while at < len(lines):
        if at in replacements:
            end, source = replacements[at]
            out.extend(source.split("\n"))
            at = end
        else:
            out.append(lines[at])
            at += 1
    return "\n".join(out)


def move_figure(text: str, figure_id: int, index: int) -> str:
    """The body with one inline figure moved to this place among the inline figures."""
    body = parse(text)
    inline = [p.figure_id for p in body.placements if not p.lead and not p.stray]
    if figure_id not in inline:
        return text
    inline.remove(figure_id)
    inline.insert(max(0, min(index, len(inline))), figure_id)
    return reorder_figures(text, inline)


def set_lead(text: str, figure_id: int) -> str:
    """The body with this figure as the lead photo (opening the body); the old lead takes the
    new one's place. A figure the body does not place yet is added as the lead."""
    body = parse(text)
    if body.lead_id == figure_id:
        return text
    placement = body.placement(figure_id)
    if placement is not None and placement.stray:
        text = normalise(text)
        body = parse(text)
        placement = body.placement(figure_id)
        if body.lead_id == figure_id:
            return text
    if placement is None:
        return prepend_block(text, figure_line(figure_id))
    lead = body.placement(body.lead_id) if body.lead_id is not None else None
    mine = body.blocks[placement.block]
    if lead is None:
        without = remove_figure(text, figure_id)
        return prepend_block(without, mine.source.strip())
    theirs = body.blocks[lead.block]
    lines = list(body.lines)
    out = [
        *lines[: theirs.start],
        mine.source.strip(),
        *lines[theirs.end : mine.start],
        theirs.source.strip(),
        *lines[mine.end :],
    ]
    return "\n".join(out)


def normalise(text: str) -> str:
    """The body as any Markdown tool reads it the way Desk does: every figure line separated
    from its neighbours by blank lines, and every stray reference moved onto a line of its own
    right after the block that held it (which is where the page already shows it)."""
    if FIGURE_SCHEME not in text:
        return text
    body = parse(text)
    if not body.needs_normalise:
        return text
    lines = list(body.lines)
    out: list[str] = []
    at = 0
    for block in body.blocks:
        out.extend(lines[at : block.start])
        at = block.end
        if not block.strays:
            if block.figure is not None and out and out[-1].strip():
                out.append("")
            out.extend(lines[block.start : block.end])
            if block.figure is not None and block.end < len(lines) and lines[block.end].strip():
                out.append("")
            continue
        source = block.source
        for ref in block.strays:
            source = _remove_refs(source, ref.figure_id)
        piece = [ln for ln in source.split("\n") if ln.strip() and not _EMPTY_ITEM.match(ln)]
        if not piece and out and out[-1].strip():
            out.append("")
        alts: dict[int, str] = {}
        for ref in block.strays:
            alts.setdefault(ref.figure_id, ref.alt)  # each figure once, with its first alt
        for figure_id, alt in alts.items():
            if piece:
                piece.append("")
            piece.append(figure_line(figure_id, alt))
        if block.end < len(lines) and lines[block.end].strip():
            piece.append("")
        out.extend(piece)
    out.extend(lines[at:])
    result = "\n".join(out)
    again = parse(result)
    if again.figure_ids != body.figure_ids or again.strays:
        return text  # alt text Markdown reads another way: leave it (the checks point at it)
    return result


def _is_first(body: Body, block: Block) -> bool:
    """True when this figure block is where its figure is placed (not a repeat)."""
    placement = body.placement(block.figure_id) if block.figure_id is not None else None
    return placement is not None and not placement.stray and body.blocks[placement.block] is block


def renumber(text: str, mapping: dict[int, int]) -> str:
    """The body with figure references pointing at new figure ids (all at once, so a new id
    that is also an old one is not renamed twice)."""
    if not mapping or FIGURE_SCHEME not in text:
        return text
    placeholder = {old: f"\x00{index}\x00" for index, old in enumerate(mapping)}
    out = []
    for line in text.split("\n"):
        for old, mark in placeholder.items():
            for start, end in reversed(_ref_spans(line, old)):
                ref = line[start:end]
                line = line[:start] + ref[: ref.rindex("(figure:")] + mark + line[end:]
        out.append(line)
    joined = "\n".join(out)
    for old, mark in placeholder.items():
        joined = joined.replace(mark, f"(figure:{mapping[old]})")
    return joined
