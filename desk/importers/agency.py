"""What IPTC 7901 and ANPA 1312 share: a text between STX and ETX, laid out as agencies do.

Inside the text: header lines (the headline, "By ..." bylines, the agency's name, "Eds:" notes),
then paragraphs that start with an indent (a tab or spaces) or after a blank line. Editor's
notes ("Eds:", "[Note to editors ...]", "The following information is not for publication")
go to the story's notes, never to the body. "(MORE)", "(END)" and similar end marks are dropped.
"""

from __future__ import annotations

import re

from desk.importers.base import ImportedStory, md_paragraph, squash
from desk.importers.wire import read_byline, take_dateline
from desk.importers.wirenotes import split_notes

SOH, STX, ETX, EOT, SYN = "\x01", "\x02", "\x03", "\x04", "\x16"

_NOTE = re.compile(
    r"^(?:\^?\s*)(?:Eds?\b\.?:?|Editors?'?s? notes?:|Note to editors?:?|ADVISORY:)", re.IGNORECASE
)
_BRACKET_NOTE = re.compile(
    r"^[\[(]\s*(?:Eds?\b|Editors?'?s? notes?|Note to editors?).*[\])]$", re.IGNORECASE
)
_NOT_FOR_PUBLICATION = re.compile(r"not (?:for|intended for) publication", re.IGNORECASE)
_END_MARK = re.compile(
    r"^\(?\s*(?:MORE|END|ENDS|END OF STORY|END ADV|ADVANCE|OPTIONAL TRIM|Corrects?)\s*\)?\.?$",
    re.IGNORECASE,
)
_AGENCY_LINE = re.compile(
    r"^(?:The )?(?:Associated Press|Agence France-Presse|Reuters|AFP|AP|dpa|ANSA|EFE)$", re.I
)
_SLUG_LINE = re.compile(r"^(?:[A-Z]{2}-|[a-z]{2}-)[\w-]+(?:,[^,]*)*$")


def clean_line(line: str) -> str:
    """An agency text line without its layout marks: '^' starts, '<' and '=' ends, controls."""
    line = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", line.rstrip())
    line = re.sub(r"[<=]+$", "", line)
    return line


def _indented(line: str) -> bool:
    """True for a line that starts a paragraph by its indent."""
    return line[:1] in (" ", "\t") and bool(line.strip())


def split_paragraphs(lines: list[str]) -> list[tuple[str, bool]]:
    """Paragraphs as (text, is_header_line).

    Lines before the first indented one are header lines, one each (headline, byline ...);
    after it, a paragraph starts at each indent, '^' or blank line, and a wrapped line
    continues the paragraph before it.
    """
    lines = [clean_line(raw) for raw in lines]
    first_indent = next((i for i, line in enumerate(lines) if _indented(line)), None)
    if first_indent is None:  # no indents: the first line is the headline, blank lines part
        first_indent = next((i + 1 for i, line in enumerate(lines) if line.strip()), 0)
    paragraphs = [(squash(line.lstrip("^")), True) for line in lines[:first_indent] if line.strip()]
    current: list[str] = []
    header = False

    def close() -> None:
        if current:
            paragraphs.append((squash(" ".join(current)), header))
            current.clear()

    for line in lines[first_indent:]:
        if not line.strip():
            close()
            continue
        caret = line.startswith("^")
        alone = caret or bool(_NOT_FOR_PUBLICATION.search(line))
        if alone or _indented(line):
            close()
            header = caret
        current.append(line.lstrip("^ \t"))
        if alone:
            close()
    close()
    return paragraphs


def fill_story(story: ImportedStory, lines: list[str]) -> None:
    """Headline, byline, notes and body paragraphs from an agency text (STX to ETX)."""
    notes: list[str] = [story.notes] if story.notes else []
    in_note = False
    for text, header in split_paragraphs(lines):
        if in_note or (_NOT_FOR_PUBLICATION.search(text) and len(text) < 120):
            in_note = True
            notes.append(text)
        elif _NOTE.match(text) or _BRACKET_NOTE.match(text):
            notes.append(text)
        elif _END_MARK.match(text) or (header and _SLUG_LINE.match(text)):
            continue
        elif not story.headline:
            story.headline = text
        elif not story.body and read_byline(text, story):
            continue
        elif not story.body and _AGENCY_LINE.match(text):
            story.agency = story.agency or _agency_name(text)
        else:
            if not story.body:
                text = take_dateline(text, story)
            story.body.append(md_paragraph(text))
    story.notes = "\n\n".join(n for n in notes if n)
    split_notes(story)


def _agency_name(line: str) -> str:
    """'Associated Press' -> 'AP'; other names as written."""
    known = {"associated press": "AP", "the associated press": "AP", "agence france-presse": "AFP"}
    return known.get(line.casefold(), line)
