"""Comparing two versions of a story: which words changed, for History and `desk history --diff`.

The comparison is by words (with the spaces and line breaks between them kept), so a changed
word is marked, not its whole paragraph; the fields a version holds (headline, standfirst,
body ...) are compared one by one.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html import escape

from desk.store.history import RESTORED_FIELDS

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
DELETED_STYLE = "color:#b00020; text-decoration:line-through"
ADDED_STYLE = "color:#1b7a30; text-decoration:underline"
_TOKENS = re.compile(r"\s+|[^\s]+")
FIELD_NAMES = {
    "headline": "Headline",
    "standfirst": "Standfirst",
    "byline": "Byline",
    "authors": "Authors",
    "dateline": "Dateline",
    "section": "Section",
    "language": "Language",
    "body_md": "Body",
    "notes": "Notes",
    "agency": "Agency",
}


@dataclass(frozen=True)
class Piece:
    """A run of text that both versions share, or that only the old or the new one has."""

    kind: str  # equal, insert (only in the new), delete (only in the old)
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """The pieces that turn old into new, word by word."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out: list[Piece] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(Piece(EQUAL, "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(Piece(DELETE, "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(Piece(INSERT, "".join(b[j1:j2])))
    return _merged(out)


def _merged(pieces: list[Piece]) -> list[Piece]:
    """Neighbouring pieces of one kind joined."""
    out: list[Piece] = []
    for piece in pieces:
        if piece.text and out and out[-1].kind == piece.kind:
            out[-1] = Piece(piece.kind, out[-1].text + piece.text)
        elif piece.text:
            out.append(piece)
    return out


def changed_fields(old: dict, new: dict) -> list[str]:
    """The fields a restore would bring back that differ between two versions."""
    return [f for f in RESTORED_FIELDS if field_text(old.get(f)) != field_text(new.get(f))]


def field_pieces(old: dict, new: dict, name: str) -> list[Piece]:
    """One field's word-by-word differences between two versions."""
    return word_diff(field_text(old.get(name)), field_text(new.get(name)))


def field_text(value: object) -> str:
    """A field as text (authors are a list)."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def as_text(old: dict, new: dict, color: bool = False) -> str:
    """The differences as plain text: [-removed-]{+added+} (coloured on a terminal)."""
    lines: list[str] = []
    for name in changed_fields(old, new):
        lines.append(f"--- {FIELD_NAMES.get(name, name)}")
        rendered = []
        for piece in field_pieces(old, new, name):
            if piece.kind == EQUAL:
                rendered.append(piece.text)
            elif piece.kind == DELETE:
                rendered.append(
                    f"\x1b[31m[-{piece.text}-]\x1b[0m" if color else f"[-{piece.text}-]"
                )
            else:
                rendered.append(
                    f"\x1b[32m{{+{piece.text}+}}\x1b[0m" if color else f"{{+{piece.text}+}}"
                )
        lines.append("".join(rendered))
    return "\n".join(lines) if lines else "No differences: the two versions are the same."


def _mark(text: str, colour: str) -> str:
    """Text in a terminal colour (none when colour is '')."""
    return f"\x1b[{colour}m{text}\x1b[0m" if colour else text


def as_html(old: dict, new: dict) -> str:
    """The differences as HTML for the History window: removed words struck out in red, added
    ones underlined in green, each changed field under its name."""
    parts = []
    for name in changed_fields(old, new):
        pieces = []
        for piece in field_pieces(old, new, name):
            text = escape(piece.text).replace("\n", "<br>")
            if piece.kind == DELETE:
                pieces.append(f'<span style="{DELETED_STYLE}">{text}</span>')
            elif piece.kind == INSERT:
                pieces.append(f'<span style="{ADDED_STYLE}">{text}</span>')
            else:
                pieces.append(text)
        parts.append(f"<h3>{escape(FIELD_NAMES.get(name, name))}</h3><p>{''.join(pieces)}</p>")
    return "".join(parts) or "<p>No differences: this version is the same as today's.</p>"
