"""Word documents (.docx) via mammoth: headings, emphasis, lists, links and embedded photos kept.

The zip is checked before anything is extracted: too many members, too much uncompressed data
or a member that expands far beyond its compressed size (a zip bomb) is refused. The document's
Title paragraph (or first Heading 1) is the headline, a Subtitle paragraph the standfirst; a
"By ..." paragraph right after is the byline. Core properties give title, author, keywords
(tags) and created date when the text does not. A Caption paragraph under a picture is its
caption; the picture's alt text (Word's "description") is kept as alt text.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import mammoth
from lxml import etree

from desk.importers.base import (
    MB,
    Format,
    ImportedFigure,
    ImportedStory,
    fail,
    parse_date,
    register,
    split_names,
    split_tags,
    squash,
)
from desk.importers.htmltext import drop_tree, html_to_blocks, parse_html, text_of

MAX_DOCX = 100 * MB  # the file itself
MAX_UNCOMPRESSED = 300 * MB  # all members together once extracted
MAX_RATIO = 100  # a member expanding more than this many times (and past 1 MB) is a bomb
MAX_MEMBERS = 5000

STYLE_MAP = """
p[style-name='Title'] => h1.title:fresh
p[style-name='Subtitle'] => p.subtitle:fresh
p[style-name='Caption'] => p.caption:fresh
comment-reference => sup
"""
_UNKNOWN_STYLE = re.compile(r"Unrecognised (?:paragraph|run) style: '?(.+?)'? \(Style ID")
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Placeholders that survive the HTML -> Markdown conversion (its escaping) until filled in.
_MARK = "\ue000{}\ue001"
_MARK_RE = re.compile("\ue000(\\d+)\ue001")
_REVISIONS = re.compile(rb"<w:(ins|del|moveFrom|moveTo)\b")
_CONTENT_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif"}


def check_zip(path: Path, data: bytes) -> zipfile.ZipFile:
    """The document as a zip, refused when it is not one or when it is a zip bomb."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # BadZipFile, or a damaged directory (bad names, odd methods)
        what = "this is not a Word document (not a .docx zip)"
        raise fail(path, what, "save it as .docx") from None
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise fail(path, f"the document holds {len(members)} parts", "check where it came from")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise fail(
            path,
            f"the document would expand to {total // MB} MB (a zip bomb?)",
            "check where it came from",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MB and ratio > MAX_RATIO:
            raise fail(
                path,
                f"a part of the document expands {int(ratio)} times (a zip bomb?)",
                "check where it came from",
            )
    if "word/document.xml" not in archive.namelist():
        raise fail(path, "this zip is not a Word document (no word/document.xml)", "check it")
    return archive


def core_properties(archive: zipfile.ZipFile) -> dict[str, str]:
    """title, creator, keywords, subject, description, created from docProps/core.xml."""
    try:
        raw = archive.read("docProps/core.xml")
    except Exception:  # no (readable) properties: the text still imports
        return {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(raw, parser=parser)
    except etree.XMLSyntaxError:
        return {}
    return {etree.QName(el).localname: squash("".join(el.itertext())) for el in root}


class Images:
    """Embedded images handed out by mammoth, kept as bytes until the story is committed."""

    def __init__(self) -> None:
        self.found: dict[str, tuple[bytes, str]] = {}

    def convert(self, image) -> dict[str, str]:
        """mammoth's image callback: remember the bytes, give the <img> a placeholder src."""
        with image.open() as stream:
            data = stream.read()
        key = f"docx-image:{len(self.found) + 1}"
        ext = _CONTENT_TYPES.get(image.content_type or "", ".img")
        self.found[key] = (data, f"image{len(self.found) + 1}{ext}")
        return {"src": key}

    def resolve(self, src: str, alt: str) -> ImportedFigure | None:
        """A figure for an embedded image."""
        if src not in self.found:
            return None
        data, name = self.found[src]
        return ImportedFigure(alt=alt, photo_bytes=data, photo_name=name)


def gather_captions(root: etree._Element) -> None:
    """Turn 'picture paragraph + Caption paragraph' into <figure> with <figcaption>."""
    for caption in list(root.iter("p")):
        if "caption" not in (caption.get("class") or "").split():
            continue
        picture = caption.getprevious()
        if picture is None or picture.tag != "p" or picture.find("img") is None:
            continue
        if text_of(picture):
            continue
        figure = etree.Element("figure")
        picture.addprevious(figure)
        figure.append(picture.find("img"))
        figcaption = etree.SubElement(figure, "figcaption")
        figcaption.text = text_of(caption)
        picture.getparent().remove(picture)
        caption.getparent().remove(caption)


def read_head(root: etree._Element, story: ImportedStory) -> None:
    """Headline (Title or first h1), standfirst (Subtitle) and a 'By ...' byline, taken out."""
    body = root.find(".//body")
    if body is None:
        return
    for el in list(body)[:6]:
        classes = (el.get("class") or "").split()
        line = text_of(el)
        if not story.headline and el.tag == "h1":
            story.headline = line
        elif "subtitle" in classes and not story.standfirst:
            story.standfirst = line
        elif el.tag == "p" and re.match(r"^By\s+\S", line) and len(line) < 150:
            story.byline = line
            story.authors = split_names(re.sub(r"^By\s+", "", line))
        else:
            continue
        body.remove(el)


def unkept_styles(messages: list) -> str:
    """A note naming the Word styles mammoth did not map (their text is kept as paragraphs)."""
    names = []
    for message in messages:
        m = _UNKNOWN_STYLE.search(message.message)
        if m and m.group(1) not in names:
            names.append(m.group(1))
    return f"Import: Word styles kept as plain text: {', '.join(names)}." if names else ""


def comment_authors(archive: zipfile.ZipFile) -> dict[str, str]:
    """Word comment id -> its author's name, from word/comments.xml ({} when there is none)."""
    try:
        raw = archive.read("word/comments.xml")
        root = etree.fromstring(
            raw, parser=etree.XMLParser(resolve_entities=False, no_network=True)
        )
    except Exception:  # no comments part, or an unreadable one: comments keep no author
        return {}
    return {
        c.get(f"{W_NS}id", ""): squash(c.get(f"{W_NS}author", ""))
        for c in root.iter(f"{W_NS}comment")
    }


class Marks:
    """Comments and footnotes lifted out of mammoth's HTML, put back as Markdown afterwards.

    A comment becomes an editor's note at its place in the text, in CriticMarkup
    ("{>> Ann Lee: check this figure <<}"); a footnote or endnote becomes a Markdown footnote
    ("[^1]" in the text, "[^1]: the note" at the end of the story).
    """

    def __init__(self, authors: dict[str, str]) -> None:
        self.authors = authors
        self.inline: list[str] = []
        self.notes: list[str] = []

    def lift(self, root: etree._Element) -> None:
        """Replace comment and note references by placeholders; take the lists out."""
        comments = {dt.get("id"): dt.getnext() for dt in root.iter("dt") if dt.get("id")}
        notes = {li.get("id"): li for li in root.iter("li") if _is_note_id(li.get("id"))}
        for link in list(root.iter("a")):
            href = (link.get("href") or "").lstrip("#")
            holder = link.getparent() if link.getparent().tag == "sup" else link
            if href.startswith("comment-") and href in comments:
                comment_id = href.removeprefix("comment-")
                text = _note_text(comments[href])
                who = self.authors.get(comment_id, "")
                self._replace(holder, "{>> " + (f"{who}: " if who else "") + text + " <<}")
            elif _is_note_id(href) and href in notes:
                number = len(self.notes) + 1
                self.notes.append(f"[^{number}]: {_note_text(notes[href])}")
                self._replace(holder, f"[^{number}]")
        for el in list(root.iter("dl", "ol")):
            if el.find("dt") is not None or any(_is_note_id(li.get("id")) for li in el):
                drop_tree(el)

    def _replace(self, el: etree._Element, markdown: str) -> None:
        """Put a placeholder for this Markdown where el is."""
        self.inline.append(markdown)
        mark = _MARK.format(len(self.inline) - 1)
        previous, parent = el.getprevious(), el.getparent()
        tail = mark + (el.tail or "")
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        parent.remove(el)

    def fill(self, blocks: list) -> list:
        """The blocks with placeholders replaced, and the footnotes' texts at the end."""
        out = []
        for block in blocks:
            if isinstance(block, str):
                block = _MARK_RE.sub(lambda m: self.inline[int(m.group(1))], block)
            out.append(block)
        return out + self.notes


def _is_note_id(value: str | None) -> bool:
    """True for mammoth's id of a footnote or endnote ("footnote-1", "endnote-2")."""
    return bool(value and re.fullmatch(r"(?:footnote|endnote)-\d+", value))


def _note_text(el: etree._Element | None) -> str:
    """A comment's or note's text without mammoth's back-link arrow."""
    return "" if el is None else squash(text_of(el).replace("\u2191", ""))


def tracked_changes(archive: zipfile.ZipFile) -> int:
    """How many tracked insertions, deletions and moves the document holds."""
    try:
        return len(_REVISIONS.findall(archive.read("word/document.xml")))
    except Exception:  # unreadable: mammoth reports it
        return 0


def parse(path: Path, data: bytes) -> list[ImportedStory]:
    """A .docx as one story."""
    archive = check_zip(path, data)
    props = core_properties(archive)
    images = Images()
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            convert_image=mammoth.images.img_element(images.convert),
        )
    except Exception as exc:  # mammoth, zlib, zipfile, XML: any failure is an unreadable file
        what = f"Word's content could not be read ({type(exc).__name__})"
        raise fail(path, what, "open and re-save it in Word") from None
    root = parse_html(f"<html><body>{result.value}</body></html>")
    marks = Marks(comment_authors(archive))
    marks.lift(root)
    gather_captions(root)
    story = ImportedStory(format="docx")
    read_head(root, story)
    story.body = marks.fill(html_to_blocks(root, images.resolve))
    story.headline = story.headline or props.get("title", "")
    if not story.authors and props.get("creator"):
        story.authors = split_names(props["creator"])
    story.standfirst = story.standfirst or props.get("description", "")
    story.tags = split_tags(props.get("keywords", ""))
    story.created = parse_date(props.get("created", ""))
    changes = tracked_changes(archive)
    accepted = (
        f"Import: the document's {changes} tracked change{'s' if changes != 1 else ''} "
        "were accepted (insertions kept, deletions left out); compare with the original in "
        "Word if one was not meant to stand."
        if changes
        else ""
    )
    story.notes = "\n\n".join(n for n in (accepted, unkept_styles(result.messages)) if n)
    if not story.headline and not story.body:
        raise fail(path, "the document holds no text", "check that it is the story you meant")
    return [story]


def sniff(path: Path, head: bytes) -> int:
    """A zip whose first members are Word's."""
    if not head.startswith(b"PK\x03\x04"):
        return 0
    if b"word/" in head or b"[Content_Types].xml" in head:
        return 90 if b"word/" in head or path.suffix.lower() == ".docx" else 60
    return 40 if path.suffix.lower() == ".docx" else 0


FORMAT = register(
    Format("docx", "Word document (.docx)", parse, sniff, max_bytes=MAX_DOCX, text=False)
)
