"""IPTC NewsML-G2: a newsItem, or a newsMessage carrying text and picture items (and packages).

A text item gives headline, summary, creators (authors), located (dateline), infoSource or
provider (agency), subjects and keywords (tags), firstCreated, embargoed, edNote (notes) and
the body from inlineXML (NITF or XHTML) or inlineData. Picture items become figures with
caption (drol:caption), credit (creditline, else photographer) and the largest remoteContent
found on disk beside the file. In a newsMessage, pictures go with the text item that a
packageItem groups them with (or with the only text item); pictures with no text become stories
of their own. XML is parsed with entities unresolved and the network off.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from lxml import etree

from desk.importers.base import (
    Format,
    ImportedFigure,
    ImportedStory,
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
from desk.importers.htmltext import html_to_blocks, parse_html
from desk.importers.itembody import ASSOC_PREFIX, drop_headline, mark_pictures, take_labels
from desk.importers.ninjs import local_file

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NITF_TO_HTML = {
    "hl1": "h2",
    "hl2": "h2",
    "block": "div",
    "body.content": "div",
    "media": "figure",
    "media-caption": "figcaption",
    "media-producer": "span",
    "hedline": "div",
    "nitf": "div",
    "body": "div",
}


def xml_parser() -> etree.XMLParser:
    """A parser that never expands entities, never fetches anything, refuses giant trees."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def local(el: etree._Element) -> str:
    """An element's name without its namespace."""
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def kids(el: etree._Element | None, name: str) -> list[etree._Element]:
    """Direct children with this local name."""
    return [] if el is None else [c for c in el if local(c) == name]


def kid(el: etree._Element | None, name: str) -> etree._Element | None:
    """The first direct child with this local name."""
    found = kids(el, name)
    return found[0] if found else None


def text(el: etree._Element | None) -> str:
    """All text in an element, whitespace collapsed."""
    return "" if el is None else squash("".join(el.itertext()))


def name_of(el: etree._Element, lang: str = "") -> str:
    """A concept's <name> (in the item's language when there are several)."""
    names = kids(el, "name")
    for n in names:
        if lang and n.get(XML_LANG, "").startswith(lang[:2]):
            return text(n)
    return text(names[0]) if names else ""


def item_class(item: etree._Element) -> str:
    """'text', 'picture', 'composite' ... from itemMeta/itemClass."""
    cls = kid(kid(item, "itemMeta"), "itemClass")
    return (cls.get("qcode", "") if cls is not None else "").split(":")[-1]


def read_text_item(
    item: etree._Element, folder: Path, pictures: PictureSet | None = None
) -> ImportedStory:
    """A text newsItem as a story (pictures its body shows taken from the message's set)."""
    story = ImportedStory(format="newsmlg2")
    meta, content = kid(item, "itemMeta"), kid(item, "contentMeta")
    lang = item.get(XML_LANG, "")
    language = kid(content, "language")
    story.language = lang or (language.get("tag", "") if language is not None else "")
    story.headline = _headline(content)
    story.standfirst = _description(content, "summary", "teaser", "abstract")
    story.authors = [name_of(c) for c in kids(content, "creator") if name_of(c)]
    located = kid(content, "located")
    story.dateline = name_of(located) if located is not None else text(kid(content, "dateline"))
    story.agency = _agency(item)
    story.created = source_date(item)
    story.embargo = parse_date(text(kid(meta, "embargoed")))
    notes = [text(n) for n in kids(meta, "edNote")]
    slug = text(kid(content, "slugline"))
    if slug:
        notes.insert(0, f"Slug: {slug}")
    pub_status = kid(meta, "pubStatus")
    status = pub_status.get("qcode", "") if pub_status is not None else ""
    notes.append(wire_status(text(kid(content, "urgency")), status))
    story.notes = "\n\n".join(n for n in notes if n)
    story.tags = _tags(content, lang)
    story.section = next((name_of(s, lang) for s in _sections(content)), "")
    story.byline = text(kid(content, "by"))
    _read_content(item, story, folder, pictures or PictureSet([], folder))
    if not story.byline and story.authors:
        story.byline = "By " + " and ".join(story.authors)
    return story


def source_date(item: etree._Element) -> str | None:
    """When the source wrote the item: firstCreated, else contentCreated, else versionCreated."""
    meta, content = kid(item, "itemMeta"), kid(item, "contentMeta")
    for el in (
        kid(meta, "firstCreated"),
        kid(content, "contentCreated"),
        kid(meta, "versionCreated"),
    ):
        found = parse_date(text(el))
        if found:
            return found
    return None


def _headline(content: etree._Element | None) -> str:
    """The main headline (one without a role, else the first)."""
    heads = kids(content, "headline")
    plain = [h for h in heads if not h.get("role") or h.get("role", "").endswith("main")]
    return text((plain or heads or [None])[0])


def _description(content: etree._Element | None, *roles: str) -> str:
    """The first description whose role ends with one of these (drol:summary ...)."""
    for desc in kids(content, "description"):
        if desc.get("role", "").split(":")[-1].lower() in roles:
            return text(desc)
    return ""


def _agency(item: etree._Element) -> str:
    """The infoSource's or provider's name (or code: nprov:REUTERS -> REUTERS)."""
    for el in (
        *kids(kid(item, "contentMeta"), "infoSource"),
        kid(kid(item, "itemMeta"), "provider"),
    ):
        if el is None:
            continue
        found = name_of(el) or el.get("qcode", "").split(":")[-1]
        if found:
            return found
    return ""


def _sections(content: etree._Element | None) -> list[etree._Element]:
    """Subjects that name the story's section (of a type like desk:section)."""
    return [s for s in kids(content, "subject") if s.get("type", "").endswith(":section")]


def _tags(content: etree._Element | None, lang: str) -> list[str]:
    """Named subjects (other than the section) and keywords as tags."""
    sections = _sections(content)
    names = [name_of(s, lang) for s in kids(content, "subject") if s not in sections]
    names += [text(k) for k in kids(content, "keyword")]
    return split_tags(",".join(n.replace(",", " ") for n in names if n))


def _read_content(
    item: etree._Element, story: ImportedStory, folder: Path, pictures: PictureSet
) -> None:
    """The body from inlineXML (NITF or XHTML) or inlineData (plain text)."""
    content_set = kid(item, "contentSet")
    inline = kid(content_set, "inlineXML")
    if inline is not None:
        root = next((c for c in inline if isinstance(c.tag, str)), None)
        if root is not None:
            html, byline = nitf_or_xhtml_to_html(root)
            story.byline = story.byline or byline
            tree = parse_html(html)
            drop_headline(tree, story.headline)
            take_labels(tree, story)
            mark_pictures(tree, pictures.name_for)
            story.body.extend(html_to_blocks(tree, pictures.resolve))
        return
    data = kid(content_set, "inlineData")
    if data is not None:
        raw = "".join(data.itertext())
        story.body.extend(md_paragraph(p) for p in re.split(r"\n\s*\n", raw) if p.strip())


class PictureSet:
    """A message's picture items as figures, each used once however often it is referenced."""

    def __init__(self, items: list[etree._Element], folder: Path) -> None:
        self.folder = folder
        self.items = items
        self.figures = [read_picture_item(i, folder) for i in items]
        self.hrefs = [{r.get("href", "") for r in _renditions(i)} - {""} for i in items]
        self.used: set[int] = set()

    def name_for(self, img: etree._Element) -> str | None:
        """The picture item an <img> of a text body shows (by rendition address or guid)."""
        src = img.get("src") or ""
        for index, item in enumerate(self.items):
            if src and (src in self.hrefs[index] or src == item.get("guid")):
                return str(index)
        return None

    def resolve(self, src: str, alt: str) -> ImportedFigure | None:
        """The figure for an image in a body: its picture item's (once), else from the src."""
        if src.startswith(ASSOC_PREFIX):
            index = int(src.removeprefix(ASSOC_PREFIX))
            if index in self.used:
                return None
            self.used.add(index)
            figure = self.figures[index]
            figure.alt = figure.alt or alt
            return figure
        return figure_src(src, alt, self.folder)


def _renditions(item: etree._Element) -> list[etree._Element]:
    """A picture item's remoteContent renditions."""
    return kids(kid(item, "contentSet"), "remoteContent")


def figure_src(src: str, alt: str, folder: Path) -> ImportedFigure:
    """A figure for an image referenced in the body; its photo when the file is beside."""
    figure = ImportedFigure(alt=alt)
    path = local_file(folder, src)
    if path is not None:
        figure.photo_path, figure.photo_name = path, path.name
    return web_only(figure, src)


def nitf_or_xhtml_to_html(root: etree._Element) -> tuple[str, str]:
    """(HTML for the body, the byline) from NITF or XHTML, namespaces dropped."""
    root = copy.deepcopy(root)  # a copy to rewrite (re-parsing its text could fail on odd names)
    byline = ""
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        name = local(el)
        if name in ("body.head", "head"):
            byline = text(next((b for b in el.iter() if local(b) == "byline"), None))
            byttl = next((b for b in el.iter() if local(b) == "byttl"), None)
            if byttl is not None:
                byline = byline.replace(text(byttl), "").strip(" ,")
            if el.getparent() is not None:
                el.getparent().remove(el)
            continue
        parent = el.getparent()
        in_media = parent is not None and local(parent) in ("media", "figure")
        if name in ("media-producer", "byline") and in_media:
            el.tag = "span"
            el.set("class", "credit")
            continue
        if name == "media-reference":
            el.tag = "img"
            el.set("src", el.get("source", ""))
            el.set("alt", el.get("alternate-text", ""))
            continue
        el.tag = NITF_TO_HTML.get(name, name)
    html = etree.tostring(root, encoding="unicode", method="html")
    return html, byline


def read_picture_item(item: etree._Element, folder: Path) -> ImportedFigure:
    """A picture newsItem as a figure (its photo when a rendition is on disk)."""
    content = kid(item, "contentMeta")
    caption = _description(content, "caption") or text(kid(content, "description"))
    caption = caption or _headline(content)
    photographers = [name_of(c) for c in kids(content, "creator") if name_of(c)]
    credit = text(kid(content, "creditline"))
    if photographers and credit and photographers[0] not in credit:
        credit = f"{photographers[0]} / {credit}"
    figure = ImportedFigure(
        caption=caption,
        credit=credit or " / ".join(photographers),
        alt=_description(content, "alt", "alttext", "alternativetext", "alternative"),
    )
    renditions = sorted(_renditions(item), key=lambda r: -to_int(r.get("width")))
    for rendition in renditions:
        path = local_file(folder, rendition.get("href", "").replace(" ", ""))
        if path is not None:
            figure.photo_path, figure.photo_name = path, path.name
            break
    remote = next((r for r in renditions if r.get("href", "").startswith("http")), None)
    if remote is not None:
        web_only(figure, remote.get("href", ""), remote.get("width"), remote.get("height"))
    return figure


def package_groups(items: list[etree._Element]) -> list[set[str]]:
    """For each packageItem, the guids it refers to."""
    groups = []
    for package in (i for i in items if local(i) == "packageItem"):
        refs = {r.get("residref", "") for r in package.iter() if local(r) == "itemRef"}
        groups.append({r for r in refs if r})
    return groups


def parse_tree(root: etree._Element, folder: Path) -> list[ImportedStory]:
    """Stories from a newsItem or a newsMessage; each picture is one figure of one story."""
    if local(root) == "newsItem":
        items = [root]
    else:
        items = [el for el in root.iter() if local(el) in ("newsItem", "packageItem")]
    news = [i for i in items if local(i) == "newsItem"]
    texts = [i for i in news if item_class(i) in ("text", "composite", "")]
    pictures = PictureSet([i for i in news if item_class(i) == "picture"], folder)
    stories = {
        i.get("guid", str(n)): read_text_item(i, folder, pictures) for n, i in enumerate(texts)
    }
    groups = package_groups(items)
    for index, picture in enumerate(pictures.items):
        if index in pictures.used:
            continue  # already placed where a text body shows it
        guid = picture.get("guid", "")
        owner = _owner(guid, list(stories), groups)
        figure = pictures.figures[index]
        if owner is None:
            alone = ImportedStory(
                format="newsmlg2", headline=_headline(kid(picture, "contentMeta"))
            )
            figure.lead = True
            alone.body.append(figure)
            alone.created = source_date(picture)
            alone.tags = _tags(kid(picture, "contentMeta"), picture.get(XML_LANG, ""))
            stories[guid or str(id(picture))] = alone
        elif not _merge_shown(stories[owner], picture, figure, folder):
            stories[owner].body.append(figure)
    return list(stories.values())


def _merge_shown(
    story: ImportedStory, picture: etree._Element, figure: ImportedFigure, folder: Path
) -> bool:
    """When the body already shows this picture item (an <img> of one of its renditions), give
    that figure the item's largest photo and any caption, credit or alt it lacks; True if so."""
    hrefs = [r.get("href", "") for r in kids(kid(picture, "contentSet"), "remoteContent")]
    files = {local_file(folder, h.replace(" ", "")) for h in hrefs} - {None}
    for block in story.body:
        if isinstance(block, ImportedFigure) and block.photo_path in files:
            if figure.photo_path is not None:
                block.photo_path, block.photo_name = figure.photo_path, figure.photo_name
            block.caption = block.caption or figure.caption
            block.credit = block.credit or figure.credit
            block.alt = block.alt or figure.alt
            return True
    return False


def _owner(guid: str, texts: list[str], groups: list[set[str]]) -> str | None:
    """The text item a picture belongs to: grouped with it in a package, or the only one."""
    for group in groups:
        if guid in group:
            mates = [t for t in texts if t in group]
            if mates:
                return mates[0]
    return texts[0] if len(texts) == 1 else None


def parse(path: Path, data: bytes) -> list[ImportedStory]:
    """A NewsML-G2 file as stories."""
    try:
        root = etree.fromstring(data, parser=xml_parser())
    except etree.XMLSyntaxError as exc:
        raise fail(path, f"it is not well-formed XML ({exc.msg})", "check the file") from None
    if local(root) not in ("newsItem", "newsMessage", "packageItem"):
        raise fail(path, f"this XML is a <{local(root)}>, not NewsML-G2", "check the file")
    stories = parse_tree(root, path.parent)
    if not stories:
        raise fail(path, "it holds no text or picture item", "check the file")
    return stories


_FIRST_TAG = re.compile(rb"<(?!\?|!)(?:[\w.-]+:)?(?P<name>[\w.-]+)")


def sniff(path: Path, head: bytes) -> int:
    """XML whose root is a NewsML-G2 element (a web page linking IPTC's schema is no item)."""
    first = _FIRST_TAG.search(head)
    root = first["name"].lower() if first else b""
    if root in (b"newsitem", b"newsmessage", b"packageitem"):
        return 90
    if root in (b"html", b"head", b"body"):
        return 0
    if re.search(rb"<(?:\w+:)?(?:newsItem|newsMessage)\b", head) or b"iptc.org/std/nar/" in head:
        return 60
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml") and path.suffix.lower() == ".xml":
        return 20
    return 0


FORMAT = register(Format("newsmlg2", "IPTC NewsML-G2 XML", parse, sniff))
