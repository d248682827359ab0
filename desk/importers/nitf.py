"""NITF (News Industry Text Format) XML, as AP, dpa and others send it, and NewsML 1 wraps it.

head: title, docdata (date.issue, key-list keywords, identified-content subjects, ed-msg),
pubdata; body.head: hedline/hl1 (headline), hl2 (standfirst), byline (person), dateline
(location), distributor; body.content: paragraphs, hl2 subheads, lists, media (figures);
ed-msg and the "Eds:" notes go to the story's notes. Parsed with entities unresolved.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from desk.importers.base import (
    Format,
    ImportedStory,
    fail,
    parse_date,
    register,
    split_names,
    split_tags,
    squash,
)
from desk.importers.htmltext import html_to_blocks, parse_html
from desk.importers.itembody import drop_headline, take_labels
from desk.importers.newsmlg2 import figure_src, local, nitf_or_xhtml_to_html, text, xml_parser


def first(root: etree._Element, name: str) -> etree._Element | None:
    """The first descendant with this local name."""
    return next((el for el in root.iter() if local(el) == name), None)


def every(root: etree._Element, name: str) -> list[etree._Element]:
    """Every descendant with this local name."""
    return [el for el in root.iter() if local(el) == name]


def read_head(root: etree._Element, story: ImportedStory) -> None:
    """Headline, standfirst, byline, dateline, agency, date, tags and notes."""
    hl1, hl2 = first(root, "hl1"), first(root, "hl2")
    title = first(root, "title")
    story.headline = text(hl1) or text(title)
    head = first(root, "body.head")
    if head is not None and hl2 is not None and hl2 in set(head.iter()):
        story.standfirst = text(hl2)
    byline = first(root, "byline")
    if byline is not None:
        people = [text(p) for p in every(byline, "person") if text(p)]
        titles = [text(t) for t in every(byline, "byttl")]
        line = text(byline)
        for job in titles:
            line = line.replace(job, "").strip(" ,")
        story.byline = line
        story.authors = people or split_names(re.sub(r"^By\s+", "", line, flags=re.I))
    dateline = first(root, "dateline")
    if dateline is not None:
        location = first(dateline, "location")
        story.dateline = text(location) if location is not None else text(dateline).split(",")[0]
    pubdata = first(root, "pubdata")
    if pubdata is not None:
        story.section = squash(pubdata.get("position.section", ""))
    distributor = first(root, "distributor")
    story.agency = text(distributor)
    for name in ("date.issue", "date.release"):
        issued = first(root, name)
        if issued is not None and not story.created:
            story.created = parse_date(_norm_date(issued.get("norm", "") or text(issued)))
    keywords = [k.get("key", "") for k in every(root, "keyword")]
    keywords += [text(s) or s.get("value", "") for s in every(root, "classifier")]
    story.tags = split_tags(",".join(k.replace(",", " ") for k in keywords if k))
    notes = [m.get("info", "") or text(m) for m in every(root, "ed-msg")]
    story.notes = "\n\n".join(n for n in notes if n)


def _norm_date(value: str) -> str:
    """NITF's ISO 8601 basic form (20190820T121300Z) in extended form."""
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})?)?", value)
    if not m:
        return value
    y, mo, d, h, mi, s, zone = m.groups()
    if h is None:
        return f"{y}-{mo}-{d}"
    zone = "+00:00" if zone in (None, "Z") else f"{zone[:3]}:{zone[3:]}"
    return f"{y}-{mo}-{d}T{h}:{mi}:{s or '00'}{zone}"


def parse(path: Path, data: bytes) -> list[ImportedStory]:
    """An NITF document as one story."""
    try:
        root = etree.fromstring(data, parser=xml_parser())
    except etree.XMLSyntaxError as exc:
        raise fail(path, f"it is not well-formed XML ({exc.msg})", "check the file") from None
    nitf = root if local(root) == "nitf" else first(root, "nitf")
    if nitf is None:
        raise fail(path, f"this XML is a <{local(root)}>, not NITF", "check the file")
    story = ImportedStory(format="nitf")
    read_head(nitf, story)
    content = first(nitf, "body.content")
    if content is not None:
        html, _ = nitf_or_xhtml_to_html(content)
        tree = parse_html(html)
        drop_headline(tree, story.headline)
        take_labels(tree, story)
        story.body = html_to_blocks(tree, lambda src, alt: figure_src(src, alt, path.parent))
    if not story.headline and not story.body:
        raise fail(path, "the NITF document holds no text", "check the file")
    return [story]


def sniff(path: Path, head: bytes) -> int:
    """XML whose root (or NewsML 1 payload) is <nitf>."""
    if re.search(rb"<(?:\w+:)?nitf[\s>]", head) and not re.search(rb"<(?:\w+:)?newsItem\b", head):
        return 88
    return 0


FORMAT = register(Format("nitf", "NITF XML", parse, sniff))
