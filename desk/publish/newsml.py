"""A built story as an IPTC NewsML-G2 2.35 newsMessage (valid against IPTC's XSD).

The message carries a packageItem grouping the story, the text newsItem (headline, summary,
byline, creators, dateline, agency, section and tags, the body as XHTML with its figures),
and one picture newsItem per photo with its caption, alt text, credit and renditions (files
beside the message). Desk's own NewsML-G2 importer reads it back to the same story.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import lxml.html
from lxml import etree

from desk import storydates
from desk.export import Built

NAR = "http://iptc.org/std/nar/2006-10-01/"
XHTML = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STANDARD_VERSION = "2.35"
CATALOG = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_38.xml"
# Desk's own scheme: the subject that is the story's section is of this type.
DESK_SCHEME = ("desk", "urn:desk:scheme:")
SECTION_TYPE = "desk:section"


def _el(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> Any:
    """A NewsML-G2 child element with optional text and attributes."""
    el = etree.SubElement(parent, f"{{{NAR}}}{name}", {k: v for k, v in attrs.items() if v})
    if text is not None:
        el.text = text
    return el


def _utc(iso: str | None) -> str:
    """A stored time as NewsML-G2 wants it (ISO 8601 with zone)."""
    if not iso:
        return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return iso


def story_guid(built: Built) -> str:
    """The text item's guid: the story's public address, else a Desk URN."""
    return built.context["canonical"] or f"urn:desk:story:{built.story.article.slug}"


def picture_guid(built: Built, fid: int) -> str:
    """A picture item's guid."""
    figure = built.story.figures[fid]
    assert figure.photo is not None
    return f"urn:desk:photo:{figure.photo.sha256}:{built.story.article.slug}:{fid}"


def _item(parent: etree._Element, tag: str, guid: str, lang: str) -> Any:
    """A newsItem or packageItem with the standard attributes and the catalog."""
    item = _el(
        parent,
        tag,
        guid=guid,
        version="1",
        standard="NewsML-G2",
        standardversion=STANDARD_VERSION,
        conformance="power",
    )
    item.set(XML_LANG, lang)
    _el(item, "catalogRef", href=CATALOG)
    catalog = _el(item, "catalog")
    _el(catalog, "scheme", alias=DESK_SCHEME[0], uri=DESK_SCHEME[1])
    return item


def _item_meta(item: etree._Element, built: Built, cls: str) -> None:
    """itemMeta: class, provider, times, embargo and status."""
    article = built.story.article
    meta = _el(item, "itemMeta")
    _el(meta, "itemClass", qcode=f"ninat:{cls}")
    _el(meta, "provider", literal=article.agency or "Desk")
    _el(meta, "versionCreated", _utc(storydates.version_date(article, built.story.amendments)))
    _el(meta, "firstCreated", _utc(storydates.first_created(article)))
    if article.embargo:
        _el(meta, "embargoed", article.embargo)
    _el(meta, "pubStatus", qcode="stat:usable")


def text_item(parent: etree._Element, built: Built, body_html: str) -> None:
    """The story's text newsItem."""
    article = built.story.article
    lang = article.language or "en"
    item = _item(parent, "newsItem", story_guid(built), lang)
    _item_meta(item, built, "text")
    content = _el(item, "contentMeta")
    if article.published:
        _el(content, "contentCreated", article.published)
    if article.dateline:
        _el(_el(content, "located"), "name", article.dateline)
    if article.agency:
        _el(_el(content, "infoSource", role="isrol:originfo"), "name", article.agency)
    for name in article.authors:
        _el(_el(content, "creator", role="crol:author"), "name", name)
    _el(content, "language", tag=lang)
    if article.section:
        _el(_el(content, "subject", type=SECTION_TYPE), "name", article.section)
    for tag in built.story.tags:
        _el(content, "keyword", tag.name)
    _el(content, "slugline", article.slug)
    _el(content, "headline", article.headline)
    if article.byline:
        _el(content, "by", article.byline)
    if article.standfirst:
        _el(content, "description", article.standfirst, role="drol:summary")
    inline = _el(_el(item, "contentSet"), "inlineXML", contenttype="application/xhtml+xml")
    inline.append(xhtml_document(article.headline, body_html, lang))


def xhtml_document(title: str, body_html: str, lang: str) -> etree._Element:
    """An HTML fragment as an XHTML document (well-formed, in the XHTML namespace)."""
    html = etree.Element(f"{{{XHTML}}}html", nsmap={None: XHTML})
    html.set("lang", lang)
    head = etree.SubElement(html, f"{{{XHTML}}}head")
    etree.SubElement(head, f"{{{XHTML}}}title").text = title
    body = etree.SubElement(html, f"{{{XHTML}}}body")
    wrapper = lxml.html.fragment_fromstring(body_html, create_parent="div")
    lxml.html.html_to_xhtml(wrapper)
    body.text = wrapper.text
    for child in list(wrapper):
        body.append(child)
    for el in body.iter():
        if isinstance(el.tag, str):
            for name in [a for a in el.attrib if a.startswith("data-") or ":" in a]:
                del el.attrib[name]
    return html


def picture_item(parent: etree._Element, built: Built, fid: int, prefix: str) -> None:
    """A photo's picture newsItem with its renditions (files beside the message)."""
    article = built.story.article
    view = built.views[fid]
    item = _item(parent, "newsItem", picture_guid(built, fid), article.language or "en")
    _item_meta(item, built, "picture")
    content = _el(item, "contentMeta")
    for name in view.creators:
        _el(_el(content, "creator", role="crol:photographer"), "name", name)
    if view.caption:
        _el(content, "headline", view.caption)
    if view.credit:
        _el(content, "creditline", view.credit)
    if view.caption:
        _el(content, "description", view.caption, role="drol:caption")
    if view.alt:
        _el(content, "description", view.alt, role="drol:alternative")
    content_set = _el(item, "contentSet")
    heights = {r["width"]: r["height"] for r in view.renditions}
    for rel, _ in sorted(view.files, key=lambda f: -_width(f[0])):
        width = _width(rel)
        _el(
            content_set,
            "remoteContent",
            href=prefix + rel,
            contenttype="image/webp" if rel.endswith(".webp") else "image/jpeg",
            width=str(width),
            height=str(heights.get(width, 0) or ""),
            rendition=f"rnd:{'web' if rel.endswith('.webp') else 'print'}{width}",
        )


def _width(rel: str) -> int:
    """The width in a rendition's name (images/x-960w.jpg)."""
    return int(rel.rsplit("-", 1)[1].split("w.", 1)[0])


def package_item(parent: etree._Element, built: Built, pictures: list[int]) -> None:
    """A packageItem grouping the text and its pictures (the lead first)."""
    article = built.story.article
    item = _item(parent, "packageItem", story_guid(built) + "#package", article.language or "en")
    _item_meta(item, built, "composite")
    group_set = _el(item, "groupSet", root="G1")
    group = _el(group_set, "group", id="G1", role="group:main")
    ref = _el(group, "itemRef", residref=story_guid(built))
    _el(ref, "itemClass", qcode="ninat:text")
    _el(ref, "title", article.headline)
    for fid in pictures:
        ref = _el(group, "itemRef", residref=picture_guid(built, fid))
        _el(ref, "itemClass", qcode="ninat:picture")


def news_message(built: Built, prefix: str = "") -> bytes:
    """The whole newsMessage as UTF-8 XML; renditions addressed under prefix."""
    root = etree.Element(f"{{{NAR}}}newsMessage", nsmap={None: NAR})
    header = _el(root, "header")
    _el(header, "sent", _utc(None))
    _el(header, "sender", "Desk")
    item_set = _el(root, "itemSet")
    pictures = list(built.story.placed)
    package_item(item_set, built, pictures)
    body = "\n".join(str(b) for b in built.context["body_blocks"])
    text_item(item_set, built, body)
    for fid in pictures:
        picture_item(item_set, built, fid, prefix)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
