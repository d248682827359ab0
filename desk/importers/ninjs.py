"""IPTC ninjs (2.x, and the 1.x field names) JSON news items, including Desk's own article.json.

A text item gives headline, summary, byline and people, dateline (`located`), agency
(`infosources`), section and tags (`subjects`, `keywords`), dates, language and the body:
Desk's Markdown source body when present (its `![alt](figure:ID)` lines name associations
"figure-ID"), else the HTML body, else plain text. Picture associations become figures with
caption, alt text and credit; their photo is the largest rendition found on disk beside the
JSON file (as in a Desk export folder), else the figure awaits a photo. A picture item on its
own becomes a story whose lead photo it is. `firstcreated` becomes the story's created time;
an imported story is a draft, so publication times are not carried over.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from desk import body as body_model
from desk.importers.base import (
    Format,
    ImportedFigure,
    ImportedStory,
    decode_text,
    fail,
    md_paragraph,
    parse_date,
    register,
    split_tags,
    squash,
    to_int,
    web_only,
    wire_status,
)
from desk.importers.clean import byline_names
from desk.importers.htmltext import html_to_blocks, parse_html
from desk.importers.itembody import ASSOC_PREFIX, drop_headline, mark_pictures, take_labels

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff", ".avif"}
LEAD_NAMES = {"featureimage", "featuremedia", "lead", "main"}


def _values(field: Any) -> list[dict[str, Any]]:
    """A ninjs list-of-objects field (2.x) or object-of-objects (1.x) as a list."""
    if isinstance(field, list):
        return [v for v in field if isinstance(v, dict)]
    if isinstance(field, dict):
        return [{"name": k, **v} if isinstance(v, dict) else {"name": k} for k, v in field.items()]
    return []


def _role_value(field: Any, *roles: str) -> str:
    """The value of the first entry with one of these roles (or the first entry at all)."""
    entries = _values(field)
    for role in roles:
        for entry in entries:
            if entry.get("role") == role and entry.get("value"):
                return str(entry["value"])
    if not roles or "" in roles:
        return str(entries[0].get("value", "")) if entries else ""
    return ""


def _text(value: Any) -> str:
    """A value as one line of text."""
    return squash(str(value)) if isinstance(value, (str, int, float)) else ""


def read_metadata(doc: dict[str, Any], story: ImportedStory) -> None:
    """Headline, summary, people, place, agency, dates and language from a ninjs item."""
    headline = _role_value(doc.get("headlines"), "main", "") or _text(doc.get("headline"))
    story.headline = squash(headline)
    story.standfirst = _role_value(doc.get("descriptions"), "summary", "description", "") or _text(
        doc.get("description_text")
    )
    story.byline = _text(doc.get("by") or doc.get("byline"))
    people = _values(doc.get("people"))
    story.authors = [
        squash(p["name"])
        for p in people
        if p.get("name") and p.get("rel") in ("author", "creator", "contributor")
    ]
    located = doc.get("located")
    story.dateline = _text(located.get("name")) if isinstance(located, dict) else _text(located)
    if not story.authors and story.byline:
        story.authors = byline_names(story.byline)  # "Von Christian Hollmann, dpa"
    sources = _values(doc.get("infosources"))
    story.agency = (
        _text(sources[0].get("name")) if sources else _text(doc.get("infosource"))
    ) or _text(doc.get("copyrightholder"))
    story.created = source_date(doc)
    story.embargo = parse_date(str(doc.get("embargoed") or "")) or None
    story.language = _text(doc.get("language"))
    story.slug = _text(doc.get("slugline"))
    status = wire_status(doc.get("urgency"), str(doc.get("pubstatus") or ""))
    story.notes = "\n\n".join(n for n in (str(doc.get("ednote") or ""), status) if n)


def read_subjects(doc: dict[str, Any], story: ImportedStory) -> None:
    """Section (a subject with rel "section") and tags (every other subject, and keywords)."""
    tags: list[str] = []
    for subject in _values(doc.get("subjects")) + _values(doc.get("subject")):
        name = _text(subject.get("name"))
        if not name:
            continue
        if subject.get("rel") == "section" and not story.section:
            story.section = name
        elif subject.get("rel") != "section":
            tags.append(name)
    keywords = doc.get("keywords") or []
    if isinstance(keywords, list):
        tags.extend(_text(k) for k in keywords)
    story.tags = split_tags(",".join(t.replace(",", " ") for t in tags if t))


def source_date(doc: dict[str, Any]) -> str | None:
    """When the source wrote the item: firstcreated, else contentcreated, else versioncreated."""
    for key in ("firstcreated", "contentcreated", "versioncreated"):
        found = parse_date(str(doc.get(key) or ""))
        if found:
            return found
    return None


_KIND_RANK = {"text/markdown": 0, "text/html": 1, "application/xhtml+xml": 1, "text/plain": 3}


def _body(doc: dict[str, Any]) -> tuple[str, str]:
    """(content type, text) of the richest body: Desk's Markdown, else the richest HTML (a
    "rich" role, then the most pictures, links and text), else plain text."""
    candidates = []
    for body in _values(doc.get("bodies")):
        kind = str(body.get("contenttype") or "text/plain").split(";")[0].strip().lower()
        value = str(body.get("value") or "")
        if kind in _KIND_RANK and value.strip():
            richness = (
                "rich" in str(body.get("role") or "").lower(),
                value.count("<img") + value.count("<figure"),
                value.count("<a "),
                len(value),
            )
            candidates.append((_KIND_RANK[kind], tuple(-r for r in richness), kind, value))
    for key, kind in (("body_html", "text/html"), ("body_xhtml", "text/html")):
        if doc.get(key):
            candidates.append((2, (0, 0, 0, 0), kind, str(doc[key])))
    if doc.get("body_text"):
        candidates.append((4, (0, 0, 0, 0), "text/plain", str(doc["body_text"])))
    if not candidates:
        return "text/plain", ""
    _, _, kind, value = min(candidates, key=lambda c: (c[0], c[1]))
    return kind, value


class Pictures:
    """A text item's picture associations, by Desk figure id and by name, used once each."""

    def __init__(self, doc: dict[str, Any], folder: Path) -> None:
        self.folder = folder
        self.items = [
            a for a in _values(doc.get("associations")) if a.get("type", "picture") == "picture"
        ]
        self.used: set[int] = set()

    def by_figure_id(self, figure_id: str) -> dict[str, Any] | None:
        """The association Desk exported for figure ID."""
        for index, item in enumerate(self.items):
            ids = {a.get("value") for a in _values(item.get("altids")) if a.get("role") == "figure"}
            if item.get("name") == f"figure-{figure_id}" or figure_id in ids:
                self.used.add(index)
                return item
        return None

    def rest(self) -> list[dict[str, Any]]:
        """Associations not placed yet (lead first)."""
        left = [item for i, item in enumerate(self.items) if i not in self.used]
        return sorted(left, key=lambda a: not is_lead(a))

    def figure(self, item: dict[str, Any], alt: str = "") -> ImportedFigure:
        """A picture association as a figure, with its photo when a rendition is on disk, else
        awaiting the largest rendition on the web (its address and size kept)."""
        figure = ImportedFigure(
            caption=squash(
                _role_value(item.get("descriptions"), "caption", "")
                or _text(item.get("description_text"))
                or _role_value(item.get("headlines"), "main", "")
                or _text(item.get("headline"))
            ),
            alt=squash(_role_value(item.get("descriptions"), "alt", "alternative") or alt),
            credit=_text(item.get("by") or item.get("byline") or item.get("copyrightholder")),
            lead=is_lead(item),
        )
        path = self.local_rendition(item)
        if path is not None:
            figure.photo_path = path
            figure.photo_name = _original_name(item) or path.name
        remote = largest_remote(item)
        if remote:
            web_only(figure, str(remote.get("href")), remote.get("width"), remote.get("height"))
        return figure

    def name_for(self, img) -> str | None:
        """The association an <img> of the HTML body stands for (by reference or address)."""
        wanted = {img.get("data-assoc-ref"), img.get("data-uri"), img.get("uri")} - {None, ""}
        src = img.get("src") or ""
        for index, item in enumerate(self.items):
            names = {str(item.get("name") or ""), str(item.get("uri") or "")} - {""}
            hrefs = {str(r.get("href") or "") for r in _values(item.get("renditions"))}
            if wanted & names or (src and src in hrefs):
                return str(index)
        return None

    def resolve_src(self, src: str, alt: str) -> ImportedFigure | None:
        """A figure for an <img> in an HTML body: its association's (once), or the file beside
        the JSON, or a figure awaiting the photo on the web."""
        if src.startswith(ASSOC_PREFIX):
            index = int(src.removeprefix(ASSOC_PREFIX))
            if index in self.used:
                return None  # the same picture again: one figure per picture
            self.used.add(index)
            return self.figure(self.items[index], alt)
        figure = ImportedFigure(alt=alt)
        path = local_file(self.folder, src)
        if path is not None:
            figure.photo_path, figure.photo_name = path, path.name
        return web_only(figure, src)

    def local_rendition(self, item: dict[str, Any]) -> Path | None:
        """The largest rendition whose file is beside the JSON, if any."""
        renditions = sorted(
            _values(item.get("renditions")),
            key=lambda r: (-to_int(r.get("width")), r.get("contenttype") != "image/jpeg"),
        )
        for rendition in renditions:
            path = local_file(self.folder, str(rendition.get("href") or ""))
            if path is not None:
                return path
        return None


def largest_remote(item: dict[str, Any]) -> dict[str, Any] | None:
    """The picture's largest rendition on the web (by width), or None."""
    remote = [
        r for r in _values(item.get("renditions")) if str(r.get("href") or "").startswith("http")
    ]
    return max(remote, key=lambda r: to_int(r.get("width")), default=None)


def is_lead(item: dict[str, Any]) -> bool:
    """True for the story's lead picture."""
    roles = {a.get("value") for a in _values(item.get("altids")) if a.get("role") == "role"}
    return item.get("name") in LEAD_NAMES or "lead" in roles


def _original_name(item: dict[str, Any]) -> str:
    """The photo's original file name, as Desk exports it."""
    for altid in _values(item.get("altids")):
        if altid.get("role") == "original-name" and altid.get("value"):
            return Path(str(altid["value"])).name
    return ""


def local_file(folder: Path, href: str) -> Path | None:
    """A photo file beside the JSON for a rendition's href (relative, or a URL's tail)."""
    parts = [p for p in unquote(urlparse(href).path).split("/") if p and p not in (".", "..")]
    for start in range(len(parts)):
        candidate = folder.joinpath(*parts[start:])
        if candidate.suffix.lower() in PHOTO_SUFFIXES and candidate.is_file():
            return candidate
    return None


def read_body(doc: dict[str, Any], story: ImportedStory, pictures: Pictures) -> None:
    """The body as blocks, figures in their places, unplaced pictures after (lead first)."""
    kind, value = _body(doc)
    if kind == "text/markdown":
        for block in body_model.parse(value).blocks:
            if block.figure is not None:
                item = pictures.by_figure_id(str(block.figure_id))
                story.body.append(
                    pictures.figure(item, block.alt)
                    if item
                    else ImportedFigure(alt=squash(block.alt))
                )
            elif block.source.strip():
                story.body.append(block.source.strip("\n"))
    elif kind == "text/html" or kind == "application/xhtml+xml":
        root = parse_html(value)
        drop_headline(root, story.headline)
        take_labels(root, story)
        mark_pictures(root, pictures.name_for)
        story.body.extend(html_to_blocks(root, pictures.resolve_src))
    else:
        story.body.extend(md_paragraph(p) for p in re.split(r"\n\s*\n", value) if p.strip())
    for item in pictures.rest():
        figure = pictures.figure(item)
        if figure.lead:
            story.body.insert(0, figure)
        else:
            story.body.append(figure)


def parse_item(doc: dict[str, Any], folder: Path) -> ImportedStory:
    """One ninjs item as a story."""
    story = ImportedStory(format="ninjs")
    read_metadata(doc, story)
    read_subjects(doc, story)
    if doc.get("type") == "picture":
        pictures = Pictures({"associations": [doc]}, folder)
        figure = pictures.figure(doc)
        figure.lead = True
        story.body.append(figure)
        return story
    read_body(doc, story, Pictures(doc, folder))
    return story


def _is_item(doc: Any) -> bool:
    """True for something shaped like a ninjs item."""
    keys = {"uri", "headlines", "headline", "bodies", "body_html", "body_text", "type"}
    return isinstance(doc, dict) and len(keys & set(doc)) >= 2


def parse(path: Path, data: bytes) -> list[ImportedStory]:
    """A ninjs file (one item, or a list of items) as stories."""
    try:
        doc = json.loads(decode_text(data))
    except json.JSONDecodeError as exc:
        raise fail(
            path, f"it is not valid JSON (line {exc.lineno}: {exc.msg})", "check the file"
        ) from None
    if isinstance(doc, dict):
        doc = doc.get("items", [doc])
    items = doc if isinstance(doc, list) else []
    items = [i for i in items if _is_item(i)]
    if not items:
        raise fail(path, "this JSON is not a ninjs news item", "export it as IPTC ninjs")
    return [parse_item(item, path.parent) for item in items]


def sniff(path: Path, head: bytes) -> int:
    """JSON whose first object looks like a ninjs item."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith((b"{", b"[")):
        return 0
    score = 50 if path.suffix.lower() == ".json" else 30
    if re.search(rb'"(headlines|bodies|ninjs|firstcreated|versioncreated|body_html)"', head):
        score = 85
    return score


FORMAT = register(Format("ninjs", "IPTC ninjs JSON", parse, sniff))
