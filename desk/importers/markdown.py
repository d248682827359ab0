"""Markdown with front matter (Hugo, Jekyll, Obsidian ...): fields to metadata, images as photos.

Front matter is YAML between `---` lines (or TOML between `+++`). Known keys: title, subtitle,
description/summary/excerpt, author/authors, byline, date, categories/category/section,
tags/keywords, slug, draft, dateline/location, language/lang, image/featured_image (the lead
photo). A paragraph that is only an image, `![alt](photos/a.jpg "Caption")`, becomes a figure:
the file (relative to the Markdown file) imported as a photo, alt text kept, title as caption.
Hugo's `{{< figure src=... caption=... alt=... >}}` shortcode is read the same way.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote, urlparse

import yaml

from desk import body as body_model
from desk.importers.base import (
    Format,
    ImportedFigure,
    ImportedStory,
    clean_spaces,
    date_only,
    decode_text,
    fail,
    iso_utc,
    looks_binary,
    parse_date,
    register,
    split_names,
    split_tags,
    squash,
)

_FRONT = re.compile(
    r"\A(?P<fence>---|\+\+\+)[ \t]*\n(?P<meta>.*?)\n(?P=fence)[ \t]*(?:\n|\Z)", re.DOTALL
)
_IMAGE_SYNTAX = (
    r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]+)>?"
    r"""(?:\s+["'](?P<title>.*?)["'])?\s*\)"""
)
_IMAGE = re.compile(rf"^\s*{_IMAGE_SYNTAX}\s*$")  # an image on its own: a figure
_INLINE_IMAGE = re.compile(rf"[ \t]*{_IMAGE_SYNTAX}[ \t]*")  # one inside a paragraph's text
_SHORTCODE = re.compile(r"^\s*\{\{<\s*figure\s+(?P<attrs>.*?)\s*/?>\}\}\s*$", re.S)
_ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
HEAD_SNIFF = 16384
# PyYAML's safe loader over libyaml where the wheel has it (the same values, ten times faster:
# a third of a second of an import of 1,000 files, benchmarks/report.py), else in Python.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Only photo files are read from the paths a document names (never, say, ../../.ssh/id_rsa).
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff", ".heic", ".avif"}
_H1 = re.compile(r"^#\s+(?P<text>.+?)\s*#*\s*$")


def split_front_matter(text: str) -> tuple[dict, str]:
    """(front matter as a dict, the Markdown after it); ({}, text) when there is none."""
    m = _FRONT.match(text)
    if not m:
        return {}, text
    raw = m["meta"]
    meta = tomllib.loads(raw) if m["fence"] == "+++" else yaml.load(raw, Loader=SAFE_LOADER)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ValueError("front matter is not a set of fields")
    return {str(k).lower(): v for k, v in meta.items()}, text[m.end() :]


def _first(meta: dict, *keys: str) -> object:
    """The first of these keys that has a value."""
    for key in keys:
        value = meta.get(key)
        if value not in (None, "", []):
            return value
    return None


class FieldNotText(ValueError):
    """A front-matter field holds a list or a map where text belongs."""


def _scalar(value: object, field: str) -> str:
    """One front-matter value as text. A list or a map where text belongs is refused: YAML's
    aliases let a few hundred bytes name a list of lists that is hundreds of millions of
    characters long as text (and a list printed as text is not what the writer meant)."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        raise FieldNotText(f"its front matter's {field} holds a list or a map where text belongs")
    return str(value)


def _text(value: object, field: str) -> str:
    """A front-matter value (or a list of them) as one line of text."""
    if isinstance(value, list):
        return ", ".join(_scalar(v, field) for v in value)
    return squash(_scalar(value, field))


def _names(value: object) -> list[str]:
    """Authors from a string ('A and B') or a list (of names or {name: ...} maps)."""
    if isinstance(value, list):
        out = []
        for item in value:
            name = item.get("name", "") if isinstance(item, dict) else item
            out.extend(split_names(_scalar(name, "author")))
        return out
    if isinstance(value, dict):
        return split_names(_scalar(value.get("name", ""), "author"))
    return split_names(_scalar(value, "author")) if value else []


def _when(value: object) -> str | None:
    """A front-matter date (YAML date, datetime, TOML datetime or text) as ISO UTC."""
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return date_only(value.year, value.month, value.day)
    return parse_date(_scalar(value, "date")) if value else None


def _tags(value: object) -> list[str]:
    """Tags from a list or a comma-separated string."""
    if isinstance(value, list):
        return split_tags(",".join(_scalar(v, "tags") for v in value))
    return split_tags(_scalar(value, "tags")) if value else []


def apply_front_matter(story: ImportedStory, meta: dict, base: Path) -> None:
    """Copy the known front-matter fields onto the story."""
    story.headline = _text(_first(meta, "title", "headline"), "title")
    standfirst = _first(meta, "subtitle", "description", "summary", "excerpt", "lead")
    story.standfirst = _text(standfirst, "description")
    story.authors = _names(_first(meta, "authors", "author"))
    story.byline = _text(_first(meta, "byline"), "byline")
    story.created = _when(_first(meta, "date", "publishdate", "published", "created"))
    section = _first(meta, "section", "categories", "category")
    story.section = _text(section[0] if isinstance(section, list) else section, "section")
    story.tags = _tags(_first(meta, "tags", "keywords"))
    story.slug = _text(_first(meta, "slug"), "slug")
    story.dateline = _text(_first(meta, "dateline", "location"), "dateline")
    story.language = _text(_first(meta, "language", "lang"), "language")
    story.agency = _text(_first(meta, "agency"), "agency")
    if meta.get("draft") is True:
        story.status = "draft"
    lead = _first(meta, "image", "featured_image", "cover_image", "cover")
    if isinstance(lead, dict):
        lead = lead.get("image") or lead.get("src")
    if isinstance(lead, str):
        caption = _text(_first(meta, "image_caption", "caption"), "caption")
        story.body.append(_figure(lead, caption, "", base, story, lead_photo=True))


def _figure(
    src: str, caption: str, alt: str, base: Path, story: ImportedStory, lead_photo: bool = False
) -> ImportedFigure:
    """A figure for an image reference; a local file becomes its photo, others a note."""
    figure = ImportedFigure(caption=squash(caption), alt=squash(alt), lead=lead_photo)
    url = urlparse(src)
    local = (base / unquote(url.path)).resolve() if not url.scheme else None
    if local and local.suffix.lower() in PHOTO_SUFFIXES and local.is_file():
        figure.photo_path = local
        figure.photo_name = local.name
    elif src:
        where = "is not beside the file" if local else "is on the web"
        story.notes = "\n".join(
            n for n in (story.notes, f"Photo {src} {where}: attach it by hand.") if n
        )
    return figure


def body_blocks(markdown: str, story: ImportedStory, base: Path) -> None:
    """The Markdown body as blocks, with images on their own as figures."""
    for block in body_model.parse(markdown).blocks:
        source = block.source.strip("\n")
        image = _IMAGE.match(source)
        shortcode = _SHORTCODE.match(source)
        heading = _H1.match(source)
        if image:
            story.body.append(
                _figure(image["src"], image["title"] or "", image["alt"], base, story)
            )
        elif shortcode:
            attrs = dict(_ATTR.findall(shortcode["attrs"]))
            caption = attrs.get("caption") or attrs.get("title", "")
            src, alt = attrs.get("src", ""), attrs.get("alt", "")
            figure = _figure(src, caption, alt, base, story)
            if attrs.get("attr") or attrs.get("credit"):
                figure.credit = attrs.get("credit") or attrs.get("attr", "")
            story.body.append(figure)
        elif heading and not story.headline and not story.body:
            story.headline = heading["text"]
        elif block.kind == "paragraph" and _INLINE_IMAGE.search(source):
            _split_images(source, story, base)
        else:
            story.body.append(source)


def _split_images(source: str, story: ImportedStory, base: Path) -> None:
    """A paragraph with images inside its text: the text, then each image as a figure after
    it (Desk shows photos as figures; an image left in the text would show nowhere)."""
    text = "\n".join(line.strip() for line in _INLINE_IMAGE.sub(" ", source).splitlines())
    if text.strip():
        story.body.append(text.strip())
    for image in _INLINE_IMAGE.finditer(source):
        story.body.append(_figure(image["src"], image["title"] or "", image["alt"], base, story))


def parse(path: Path, data: bytes) -> list[ImportedStory]:
    """A Markdown file (front matter optional) as one story."""
    if looks_binary(data[:8192]):
        raise fail(path, "this is not a text file", "choose a Markdown file")
    text = clean_spaces(decode_text(data))
    try:
        meta, markdown = split_front_matter(text)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, ValueError) as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" near line {where.line + 1}" if where else ""
        raise fail(path, f"its front matter is not valid YAML/TOML{line}", "correct it") from None
    story = ImportedStory(format="markdown")
    base = path.parent
    try:
        apply_front_matter(story, meta, base)
    except FieldNotText as exc:
        raise fail(path, str(exc), "give it as text (a list for tags and authors)") from None
    jekyll = re.match(r"(\d{4}-\d{2}-\d{2})-", path.name)  # _posts/2024-05-14-title.md
    if jekyll and not story.created:
        story.created = parse_date(jekyll.group(1))
    body_blocks(markdown, story, base)
    if not story.headline and not story.body:
        raise fail(path, "the file holds no text", "check that it is the story you meant")
    return [story]


def sniff(path: Path, head: bytes) -> int:
    """Front matter, or a .md name; Markdown headings make plain text likelier Markdown."""
    if looks_binary(head):
        return 0
    text = head.lstrip(b"\xef\xbb\xbf")
    fence = rb"(---|\+\+\+)[ \t]*\r?\n"
    if re.match(fence, text) and re.search(rb"\n" + fence, text):
        return 80
    if path.suffix.lower() in (".md", ".markdown", ".mdown", ".mkd"):
        return 70
    if re.search(rb"(?m)^(#{1,6} \S|!\[[^\]\n]*\]\([^)\n]+\)\s*$)", text[:HEAD_SNIFF]):
        return 50  # Markdown headings or images in a .txt: likelier Markdown than wire copy
    return 0


FORMAT = register(Format("markdown", "Markdown (front matter optional)", parse, sniff))
