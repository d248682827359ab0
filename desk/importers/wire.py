"""Plain-text wire copy, as agencies send it or as copied from a page that syndicates it.

The rules are the conventions of agency copy, not of one file:
- the headline is the first line (an "article image" label before it is page furniture);
- a byline "By A with B and C in PLACE (AGENCY)" gives authors, dateline and agency; fields
  after it on the same line (separated by wide spaces) give the date and "in SECTION";
- a dateline "BEIRUT (AFP) - ..." at the start of the first paragraph gives place and agency;
- `- Subhead -` lines are subheads;
- a caption block is a short line followed by the full caption that it abbreviates (the page's
  alt text, dropped: it was derived from the caption, not written to describe the photo), and
  optionally a credit line "Photographer, AGENCY" or "-, AGENCY";
- "More about A, B, C" (or "Tags: ...") gives tags and ends the story;
- the site's chrome (log-in lines, "Latest News", ...) is dropped.
"""

from __future__ import annotations

import re
from pathlib import Path

from desk.importers.base import (
    Format,
    ImportedFigure,
    ImportedStory,
    clean_spaces,
    decode_text,
    fail,
    looks_binary,
    md_paragraph,
    parse_date,
    register,
    split_names,
    split_tags,
    squash,
)
from desk.importers.wirenotes import is_separator, split_notes

_CHROME_PHRASES = (
    r"remember me",
    r"forgot(?: your)? password\??",
    r"(?:log|sign) ?(?:in|up|out)(?: with \w+)?",
    r"register",
    r"latest news",
    r"top news",
    r"most (?:read|popular)",
    r"advertisement",
    r"skip to (?:main )?content",
    r"share(?: this(?: article| story)?)?(?: on \w+)?",
    r"(?:facebook|twitter|whatsapp|linkedin|e-?mail|print)",
    r"subscribe(?: now)?",
    r"related (?:stories|articles|news)",
    r"read more",
    r"comments?",
    r"back to top",
)
_CHROME = re.compile(
    r"^(?:\s*(?:" + "|".join(_CHROME_PHRASES) + r")\s*[|·•:]?\s*)+$", re.IGNORECASE
)
_IMAGE_LABEL = re.compile(r"^(?:article|featured|main|lead|hero) image\s*", re.IGNORECASE)
_BYLINE = re.compile(r"^By\s+(?P<who>.+?)\s*(?:\((?P<agency>[^()]{2,30})\))?$", re.IGNORECASE)
_PLACE = re.compile(r"^(?P<names>.+?)\s+in\s+(?P<place>[A-Z][^,()]{1,40})$")
_DATE_FIELD = re.compile(
    r"^(?:(?:published|updated|posted)(?: on)?:?\s*)?(?P<date>.+?)"
    r"(?:\s+in\s+(?P<section>[A-Z][\w &/-]{0,40}))?$",
    re.IGNORECASE,
)
_SUBHEAD = re.compile(r"^[-–—]\s*(?P<text>\S.*?)\s*[-–—]$")
_TAGS = re.compile(r"^(?:More about|Tags?|Topics?|Keywords?)\s*:?\s+(?P<tags>.+)$", re.IGNORECASE)
_CREDIT = re.compile(
    r"^(?P<who>-|[A-Z][\w.'’ -]{0,60}?)\s*[,/]\s*"
    r"(?P<agency>[A-Z][A-Za-z]{1,15}(?:[ /-][A-Z][A-Za-z]{1,15}){0,2})$"
)
_CREDIT_LABEL = re.compile(
    r"^(?:Photo|Picture|Image|Credit|Photograph)s?\s*(?:by)?\s*:\s*(?P<credit>\S.{1,80})$",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’-]{1,40}?)(?:,\s*[^()]{1,40}?)?\s*"
    r"\((?P<agency>[A-Za-z-]{2,12})\)\s*[-–—_]+\s*"
)
_VERSION = re.compile(
    r"^(?P<mark>(?:UPDATE|WRAPUP|REFILE|CORRECTED|RPT|URGENT|BREAKINGVIEWS)(?: \d+)?)\s*-\s*"
)
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)$")


def is_chrome(line: str) -> bool:
    """True for site furniture: log-in prompts, navigation, share buttons."""
    return bool(_CHROME.match(line))


def text_blocks(text: str) -> list[list[str]]:
    """Text as blocks (runs of non-blank lines), lines trimmed (wide gaps kept), chrome gone."""
    blocks: list[list[str]] = []
    for chunk in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in chunk.split("\n")]
        lines = [line for line in lines if line and not is_chrome(squash(line))]
        if lines:
            blocks.append(lines)
    return blocks


def _key(text: str) -> str:
    """Text folded for comparing an abbreviation with what it abbreviates."""
    text = _ELLIPSIS.sub("", text.strip())
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def abbreviates(short: str, full: str) -> bool:
    """True when short is full, or its beginning (cut, maybe with '...', punctuation dropped)."""
    a, b = _key(short), _key(full)
    return len(a) >= 3 and b.startswith(a)


def parse_credit(line: str) -> str | None:
    """'-, AFP' -> 'AFP'; 'Omar Haj Kadour, AFP' -> 'Omar Haj Kadour / AFP'; else None."""
    labelled = _CREDIT_LABEL.match(line)
    if labelled:
        return squash(labelled["credit"])
    m = _CREDIT.match(line)
    if not m or len(m["who"].split()) > 5:
        return None
    who = m["who"].strip()
    return m["agency"] if who in ("-", "") else f"{who} / {m['agency']}"


def caption_block(lines: list[str]) -> ImportedFigure | None:
    """A figure from [alt-ish line, caption, credit?] or [caption, credit]; None if not one."""
    if len(lines) in (2, 3) and abbreviates(lines[0], lines[1]):
        credit = parse_credit(lines[2]) if len(lines) == 3 else ""
        if credit is not None:
            return ImportedFigure(caption=lines[1], credit=credit)
    if len(lines) == 2 and len(lines[0]) > 3:
        credit = parse_credit(lines[1])
        if credit:
            return ImportedFigure(caption=lines[0], credit=credit)
    return None


_PARTICLES = {
    "al",
    "el",
    "bin",
    "ibn",
    "abu",
    "de",
    "da",
    "del",
    "della",
    "der",
    "den",
    "van",
    "von",
    "la",
    "le",
    "du",
    "dos",
    "das",
    "di",
    "y",
    "e",
    "ter",
    "ten",
    "zu",
    "af",
    "st.",
}


def looks_like_names(names: list[str]) -> bool:
    """True when every item reads as a person's name ('Omar Haj Kadour', 'Ursula von der Leyen')."""
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= 5 or re.search(r"[.!?;:]$|\d", name):
            return False
        for word in words:
            head = word.split("-")[0].casefold()
            if not (word[0].isupper() or head in _PARTICLES):
                return False
    return bool(names)


def read_byline(line: str, story: ImportedStory) -> bool:
    """Fill byline, authors, dateline and agency from 'By ... in PLACE (AGENCY)'."""
    m = _BYLINE.match(line)
    if not m or len(line) > 200:
        return False
    who = m["who"]
    place = _PLACE.match(who)
    if place:
        who = place["names"]
    names = split_names(who)
    if not looks_like_names(names):
        return False  # "By the end of Tuesday, ..." is a sentence, not a byline
    if place:
        story.dateline = story.dateline or place["place"].strip()
    story.byline = squash(line)
    story.authors = [n.title() if n.isupper() else n for n in names]
    if m["agency"]:
        story.agency = m["agency"].strip()
    return True


def read_date(line: str, story: ImportedStory) -> bool:
    """Fill the date (and section, from a trailing 'in SECTION') from a date line."""
    m = _DATE_FIELD.match(line)
    if not m:
        return False
    when = parse_date(m["date"])
    if not when:
        return False
    story.created = story.created or when
    if m["section"]:
        story.section = story.section or m["section"].strip()
    return True


def read_header_line(line: str, story: ImportedStory) -> bool:
    """Read a line of the story's header (fields split by wide spaces); False if it is body."""
    fields = [f for f in re.split(r"\s{2,}|\s+[|·•]\s+", line) if f.strip()]
    done = [read_byline(f, story) or read_date(f, story) for f in fields]
    return bool(fields) and all(done)


def take_version(headline: str, story: ImportedStory) -> str:
    """Move an agency's version mark ('UPDATE 2-', 'REFILE-') from the headline to the notes."""
    m = _VERSION.match(headline)
    if not m:
        return headline
    story.notes = "\n".join(n for n in (story.notes, f"Version: {m['mark']}") if n)
    return headline[m.end() :]


def take_dateline(paragraph: str, story: ImportedStory) -> str:
    """Strip a 'BEIRUT (AFP) - ' dateline from the first paragraph, keeping place and agency."""
    m = _DATELINE.match(paragraph)
    if not m:
        return paragraph
    story.dateline = story.dateline or m["place"].strip().title()
    story.agency = story.agency or m["agency"]
    return paragraph[m.end() :]


def sentence_like(text: str) -> bool:
    """True for prose (ends like a sentence), false for navigation labels."""
    return bool(re.search(r"[.!?\"'”’)]$", text)) and len(text.split()) > 4


def parse_blocks(blocks: list[list[str]], story: ImportedStory) -> None:
    """Fill the story from text blocks: header first, then body until a tags line."""
    rest = _read_header(blocks, story)
    ended = False
    for lines in rest:
        joined = squash(" ".join(lines))
        tags = _TAGS.match(joined) if len(lines) == 1 else None
        if tags:
            story.tags.extend(t for t in split_tags(tags["tags"]) if t not in story.tags)
            ended = True
            continue
        if ended and not sentence_like(joined):
            continue  # navigation after the story's end
        story.body.append(_body_block(lines, story))


def _read_header(blocks: list[list[str]], story: ImportedStory) -> list[list[str]]:
    """Take headline, byline and date from the top; return the remaining (body) blocks."""
    lines_seen = 0
    for index, lines in enumerate(blocks):
        rest = list(lines)
        if not story.headline and not read_header_line(rest[0], story):
            story.headline = take_version(squash(_IMAGE_LABEL.sub("", rest.pop(0))), story)
        while rest and read_header_line(rest[0], story):
            rest.pop(0)
        lines_seen += 1
        if rest:
            return [rest, *blocks[index + 1 :]]
        if lines_seen > 4:
            break
    return blocks[lines_seen:]


def _body_block(lines: list[str], story: ImportedStory) -> str | ImportedFigure:
    """One body block as a subhead, a figure or a paragraph."""
    lines = [squash(line) for line in lines]
    if len(lines) == 1 and not is_separator(lines[0]):
        sub = _SUBHEAD.match(lines[0])
        if sub:
            return "## " + sub["text"]
    figure = caption_block(lines)
    if figure:
        return figure
    text = " ".join(lines)
    if not any(isinstance(b, str) and not b.startswith("#") for b in story.body):
        text = take_dateline(text, story)
    return md_paragraph(text)


def parse(path: Path, data: bytes) -> list[ImportedStory]:
    """Parse plain-text wire copy into one story."""
    if looks_binary(data[:8192]):
        raise fail(path, "this is not a text file", "choose a story file (text, HTML, .docx ...)")
    text = clean_spaces(decode_text(data))
    story = ImportedStory(format="wire")
    parse_blocks(text_blocks(text), story)
    split_notes(story)
    if not story.headline and not story.body:
        raise fail(path, "the file holds no text", "check that it is the story you meant")
    return [story]


def sniff(path: Path, head: bytes) -> int:
    """Any readable text is possibly wire copy; a .txt name makes it likelier."""
    if not head.strip() or looks_binary(head):
        return 0
    return 30 if path.suffix.lower() in (".txt", ".text", "") else 10


FORMAT = register(Format("wire", "Plain-text wire copy", parse, sniff))
