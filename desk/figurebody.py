"""A story body's figure paragraphs: `![alt](figure:ID)` lines, found, added, removed, reordered.

Pure functions on Markdown text: the store uses them inside its figure verbs, and the editor may
apply the same edits to its document.
"""

from __future__ import annotations

import re

_FIGURE_LINE = re.compile(r"^\s*!\[[^\]\n]*\]\(figure:(\d+)\)\s*$")
_FIGURE_REF = re.compile(r"!\[([^\]\n]*)\]\(figure:(\d+)\)")


def markdown_alt(alt: str) -> str:
    """Alt text made safe inside `![...]`: one line, no square brackets."""
    return " ".join(alt.replace("[", "(").replace("]", ")").split())


def figure_line(figure_id: int, alt: str = "") -> str:
    """The body paragraph that places a figure: `![alt](figure:ID)`."""
    return f"![{markdown_alt(alt)}](figure:{figure_id})"


def figure_ids_in_body(body: str) -> list[int]:
    """Ids of the figure paragraphs in the body, in reading order."""
    ids = []
    for line in body.split("\n"):
        m = _FIGURE_LINE.match(line)
        if m:
            ids.append(int(m[1]))
    return ids


def append_figure(body: str, line: str) -> str:
    """The body with a figure paragraph added at the end."""
    stripped = body.rstrip()
    return f"{stripped}\n\n{line}\n" if stripped else f"{line}\n"


def prepend_figure(body: str, line: str) -> str:
    """The body with a figure paragraph added at the start."""
    stripped = body.lstrip("\n")
    return f"{line}\n\n{stripped}" if stripped.strip() else f"{line}\n"


def remove_figure_paragraph(body: str, figure_id: int) -> str:
    """The body without the figure's paragraph (and the blank line that separated it)."""
    lines = body.split("\n")
    out: list[str] = []
    skip_blank = False
    for line in lines:
        m = _FIGURE_LINE.match(line)
        if m and int(m[1]) == figure_id:
            skip_blank = True
            if out and not out[-1].strip():
                out.pop()
                skip_blank = not out  # at the start, drop the blank after instead
            continue
        if skip_blank and not line.strip():
            skip_blank = False
            continue
        skip_blank = False
        out.append(line)
    return "\n".join(out)


def set_figure_alt(body: str, figure_id: int, alt: str) -> str:
    """The body with the figure's Markdown alt text mirroring its row."""

    def swap(m: re.Match[str]) -> str:
        return figure_line(figure_id, alt) if int(m[2]) == figure_id else m[0]

    return _FIGURE_REF.sub(swap, body)


def replace_figure_paragraph(body: str, old_id: int, new_line: str) -> str:
    """The body with one figure's paragraph replaced by another line (for swapping the lead)."""
    lines = body.split("\n")
    for i, line in enumerate(lines):
        m = _FIGURE_LINE.match(line)
        if m and int(m[1]) == old_id:
            lines[i] = new_line
    return "\n".join(lines)


def reorder_figure_paragraphs(body: str, order: list[int]) -> str:
    """The body with its figure paragraphs (among `order`) refilled in that order."""
    lines = body.split("\n")
    slots = [
        i for i, line in enumerate(lines) if (m := _FIGURE_LINE.match(line)) and int(m[1]) in order
    ]
    present = {int(_FIGURE_LINE.match(lines[i])[1]): lines[i] for i in slots}  # type: ignore[index]
    wanted = [present[f] for f in order if f in present]
    for slot, line in zip(slots, wanted, strict=True):
        lines[slot] = line
    return "\n".join(lines)
