"""What ends a wire story but is not the story: notebooks, separators, trailers, service lines.

Agencies close their copy with lines for the desk, not for readers: a separator ("___",
"-30-", "----") followed by a notebook (follow-us lines, "More AP coverage: ...", a note on a
correction), the credits trailer "(Reporting by A in B; Editing by C)", contact lines in double
parentheses, the sender's signature ("bur-ach/jm"), copyright and "Our Standards" lines.
split_notes takes them out of the body into the story's notes, where an editor sees them and
an export never does. Separator lines never stay in the body.
"""

from __future__ import annotations

import re

from desk.importers.base import ImportedFigure, ImportedStory, squash

_SEPARATOR = re.compile(
    r"^\\?(?:[-=_*~#•·+]\s*){3,}$|^-+\s*0\s*-+$|^-?30-?$|^x{3,}$|^#{3,}$|^\(?(?:more|end)\)?$",
    re.IGNORECASE,
)
_TRAILER = re.compile(
    r"^[\[(]?\s*(?:(?:additional |further )?reporting|writing|written|editing|edited|"
    r"compiled|graphics?|research|translated|translation|production)\s+by\s+(?-i:[A-Z]).{1,400}$",
    re.IGNORECASE,
)
_SERVICE = re.compile(
    r"^(?:\(\(.*\)\)|\[.*\bID:\w+.*\]|\[n[A-Z0-9]{6,}\]|"
    r"(?:copyright|©|\(c\))\s.{0,160}|.{0,120}all rights reserved\.?.{0,160}|"
    r"this material may not be published.{0,200}|our standards:.{0,120}|"
    r"follow (?:us|\S+(?: \S+){0,4}) on (?:twitter|x|facebook|instagram|bluesky|threads)\b.{0,200}|"
    r"more (?:ap|afp|reuters|dpa) coverage.{0,300}|for more (?:news|stories|coverage).{0,200}|"
    r"this (?:story|article|version) (?:has been|was) (?:corrected|updated|refiled).{0,300}|"
    r"(?:bur-?)?[a-z]{2,5}(?:-[a-z]{2,5})*/[a-z]{2,5}(?:/[a-z]{2,5}){0,3}|"
    r"(?:ap|afp|dpa|ansa|efe)(?:-[a-z]{2,4}){1,3}(?:-\d{2}){2,3}\s+\d{4}\s*(?:gmt|utc)?)$",
    re.IGNORECASE,
)


def is_separator(text: str) -> bool:
    """True for a line that only separates ('___', '-30-', '-- 0 --', '###')."""
    return bool(_SEPARATOR.match(squash(text)))


def is_trailer(text: str) -> bool:
    """True for an agency's credits line '(Reporting by ...; Editing by ...)'."""
    return bool(_TRAILER.match(squash(text)))


def is_service_line(text: str) -> bool:
    """True for a line addressed to the desk: contacts, signatures, copyright, follow-us."""
    return bool(_SERVICE.match(squash(text)))


def split_notes(story: ImportedStory) -> None:
    """Move the end-of-story notebook, trailers and service lines from the body to the notes."""
    body = story.body
    words = sum(len(b.split()) for b in body if isinstance(b, str))
    notes: list[str] = []
    kept: list = []
    notebook = False
    for index, block in enumerate(body):
        if isinstance(block, ImportedFigure):
            kept.append(block)
            continue
        text = _plain(block)
        if notebook:
            notes.append(text)
            continue
        if is_separator(_plain(block, marks=True)):
            rest = [b for b in body[index + 1 :] if isinstance(b, str)]
            rest_words = sum(len(b.split()) for b in rest)
            has_text_before = any(isinstance(b, str) and not b.startswith("#") for b in kept)
            if has_text_before and rest and len(rest) <= 6 and rest_words <= 0.3 * words:
                notebook = True  # what follows the last separator is the agency's notebook
            continue
        near_end = index >= len(body) - 8
        if near_end and (is_trailer(text) or is_service_line(text)):
            notes.append(text)
            continue
        kept.append(block)
    if notes:
        story.body = kept
        note = "From the end of the agency's copy:\n" + "\n".join(notes)
        story.notes = "\n\n".join(n for n in (story.notes, note) if n)
    else:
        story.body = kept


def _plain(block: str, marks: bool = False) -> str:
    """A block's text without Markdown escapes (and without emphasis and links unless marks)."""
    block = re.sub(r"^#{1,6}\s+", "", block)
    if not marks:
        block = re.sub(r"\]\([^)]*\)", "]", block)  # links' addresses out
        block = re.sub(r"(?<!\\)[*_\[\]]", "", block)  # emphasis and link marks out
    return squash(re.sub(r"\\([\\`*_\[\]#>.\-+!])", r"\1", block))
