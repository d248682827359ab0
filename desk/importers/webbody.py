"""A saved page's article body by trafilatura, as Desk blocks, with the page's figures restored.

trafilatura finds the main text (paragraphs, subheads, quotes, lists, tables, links, images)
and drops the page's furniture. Its output tree is mapped onto plain HTML and converted by the
same converter every HTML source uses (desk.importers.htmltext). trafilatura keeps only an
image's address and alt text, so captions and credits are read back from the page itself
(the image's <figure> and <figcaption>, or a caption element beside it). What extractors
leave behind is then removed: the headline repeated as a heading, byline and date lines,
share prompts, newsletter boxes, "read more" links, comment counts and author boxes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlparse

from lxml import etree

from desk.importers.base import (
    ImportedFigure,
    ImportedStory,
    md_paragraph,
    squash,
    to_int,
    web_only,
)
from desk.importers.clean import (
    AGENCIES,
    agency_in,
    byline_names,
    clean_field,
    is_author_box_heading,
    is_boilerplate,
    is_byline_line,
    is_date_line,
    printed_byline,
)
from desk.importers.htmltext import Block, drop_tree, html_to_blocks, text_of
from desk.importers.ninjs import local_file
from desk.importers.webmeta import squash_title

# trafilatura's output elements -> HTML the shared converter reads.
_TO_HTML = {
    "list": "ul",
    "item": "li",
    "quote": "blockquote",
    "lb": "br",
    "graphic": "img",
    "ref": "a",
    "row": "tr",
    "cell": "td",
    "main": "div",
    "doc": "div",
}
_HI = {"#b": "strong", "#i": "em", "#t": "code", "#u": "span", "#sub": "sub", "#sup": "sup"}
_CREDIT_CLASS = re.compile(
    r"credit|copyright|byline|photographer|author|attribution|source|courtesy", re.I
)
_CAPTION_CLASS = re.compile(r"caption|legend|image-?text|img-?desc", re.I)
_PICTURE_BOX = re.compile(r"pic|image|img|photo|media|figure|visual", re.I)
_CREDIT_TEXT = re.compile(
    r"\s*[\(\[]?\s*(?P<credit>(?:(?:photo(?:graph)?|picture|image|credit|foto|bild|"
    r"illustration)s?\s*(?:by|:)|©|\(c\)|copyright)\s*[^()\[\]]{2,80}?|"
    r"[A-Z][\w.' -]{1,40}/(?:getty images|afp|reuters|ap|epa|shutterstock|istock|"
    r"[A-Z][A-Za-z]{1,15})(?:\s+via\s+[\w ]{2,30})?)\s*[\)\]]?\s*$",
    re.IGNORECASE,
)
_CREDIT_LABEL = re.compile(
    r"^(?:(?:photo(?:graph)?|picture|image|credit|foto|bild|illustration)s?\s*(?:by)?\s*:\s*|"
    r"(?:photo(?:graph)?|picture|image|foto|bild|illustration)s?\s+by\s+|©\s*)",
    re.I,
)
_NOT_PHOTO = re.compile(
    r"avatar|gravatar|logo|icon|sprite|spacer|pixel|blank\.gif|badge|emoji|placeholder|1x1",
    re.I,
)
_VIDEO_PLACEHOLDER = re.compile(
    r"media playback is unsupported|your browser does not support", re.I
)
_LAZY_SRC = ("src", "data-src", "data-original", "data-lazy-src", "data-srcset", "srcset")


@dataclass
class PageImage:
    """An image as the page shows it: where it is, its caption and credit, its size."""

    url: str
    caption: str = ""
    credit: str = ""
    alt: str = ""
    width: int = 0
    height: int = 0


def image_key(src: str) -> str:
    """An image address compared loosely: its path's last two parts, without size suffixes."""
    path = unquote(urlparse(src.strip().split(" ")[0]).path).lower()
    parts = [p for p in path.split("/") if p][-2:]
    return "/".join(parts)


def page_images(root: etree._Element) -> dict[str, PageImage]:
    """Every <img> of the page by image_key, with the caption and credit the page gives it."""
    found: dict[str, PageImage] = {}
    for img in root.iter("img"):
        sources = [s for s in _sources(img) if s and not s.startswith("data:")]
        if not sources:
            continue
        caption, credit = caption_for(img)
        info = PageImage(
            url=sources[0],
            caption=caption,
            credit=credit,
            alt=clean_field(img.get("alt") or ""),
            width=to_int(img.get("width")),
            height=to_int(img.get("height")),
        )
        for src in sources:
            found.setdefault(image_key(src), info)
    return found


def _sources(img: etree._Element) -> list[str]:
    """The addresses an <img> (or its <picture>) names, the plain src first."""
    out: list[str] = []
    for attr in _LAZY_SRC:
        value = img.get(attr) or ""
        out.extend(part.strip().split(" ")[0] for part in value.split(",") if part.strip())
    parent = img.getparent()
    if parent is not None and parent.tag == "picture":
        for source in parent.iter("source"):
            srcset = source.get("srcset") or source.get("data-srcset") or ""
            out.extend(p.strip().split(" ")[0] for p in srcset.split(",") if p.strip())
    return out


def caption_for(img: etree._Element) -> tuple[str, str]:
    """(caption, credit) the page shows with an image: its figure's figcaption, or a caption
    element within three levels above it."""
    holder, caption_el = None, None
    for level, ancestor in enumerate(img.iterancestors()):
        if ancestor.tag == "figure":
            holder = ancestor
            caption_el = ancestor.find(".//figcaption")
            break
        if level >= 3 or ancestor.tag in ("article", "main", "body", "p"):
            break
        for el in ancestor.iter():
            if el is not img and isinstance(el.tag, str) and _CAPTION_CLASS.search(_classes(el)):
                holder, caption_el = ancestor, el
                break
        if holder is not None:
            break
    if holder is None:
        boxed = _picture_box_caption(img)
        return boxed if boxed[0] else _line_credit(img)
    credit = ""
    for node in holder.iter():
        inner = isinstance(node.tag, str) and node is not holder
        if inner and _CREDIT_CLASS.search(_classes(node)):
            credit = credit or clean_field(text_of(node))
    caption = clean_field(_text_without(caption_el, credit)) if caption_el is not None else ""
    if not credit:
        match = _CREDIT_TEXT.search(caption)
        if match and match.start() > 0:
            credit = clean_field(match["credit"])
            credit = _CREDIT_LABEL.sub("", credit)
            caption = caption[: match.start()].strip()
    return caption.strip(), credit


def _line_credit(img: etree._Element) -> tuple[str, str]:
    """('', credit) for an image alone in a paragraph with a credit line under it
    (<p><img><br><em>(Credit: Clayton Aldern / Grist)</em></p>)."""
    parent = img.getparent()
    if parent is None or parent.tag != "p" or len(parent.findall(".//img")) != 1:
        return "", ""
    text = clean_field(text_of(parent)).strip("() ")
    labelled = _CREDIT_LABEL.match(text)
    if labelled and len(text) < 120:
        return "", text[labelled.end() :].strip(" ()")
    return "", ""


def _picture_box_caption(img: etree._Element) -> tuple[str, str]:
    """(caption, '') from a picture box: a container named for pictures holding this one image
    and a short text (<div class="picBox"><a><img></a><p>caption</p></div>)."""
    for level, ancestor in enumerate(img.iterancestors()):
        if level >= 3 or ancestor.tag in ("article", "main", "body"):
            break
        if not _PICTURE_BOX.search(_classes(ancestor)) or len(ancestor.findall(".//img")) != 1:
            continue
        text = clean_field(text_of(ancestor))
        if 0 < len(text) <= 300:
            return text, ""
    return "", ""


def _classes(el: etree._Element) -> str:
    """An element's class and id, for matching."""
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _text_without(el: etree._Element, credit: str) -> str:
    """An element's text with the credit's text taken out."""
    text = text_of(el)
    if credit and credit in text:
        text = text.replace(credit, " ")
    return squash(text)


def extract(root: etree._Element, url: str | None = None) -> etree._Element | None:
    """trafilatura's main-text tree for a parsed page (None when it finds no article)."""
    import trafilatura

    document = trafilatura.bare_extraction(
        root,
        url=url,
        include_comments=False,
        include_tables=True,
        include_images=True,
        include_links=True,
        include_formatting=True,
        with_metadata=False,
        deduplicate=False,
    )
    return None if document is None else document.body  # type: ignore[union-attr]


def to_html(body: etree._Element) -> etree._Element:
    """trafilatura's output tree as plain HTML (in place); the page's title (a level-1
    heading before any paragraph) is left out: the headline is a field of its own."""
    for el in list(body.iter("head")):
        if el.get("rend") == "h1" and not any(
            p.tag == "p" for p in el.itersiblings(preceding=True)
        ):
            drop_tree(el)
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag
        if tag == "head":
            level = min(max(to_int((el.get("rend") or "h2")[1:]) or 2, 2), 4)
            el.tag = f"h{level}"
            el.attrib.clear()
        elif tag == "list":
            el.tag = "ol" if el.get("rend") == "ol" else "ul"
            el.attrib.clear()
        elif tag == "hi":
            el.tag = _HI.get(el.get("rend") or "", "span")
            el.attrib.clear()
        elif tag == "ref":
            el.tag = "a"
            target = el.get("target") or ""
            el.attrib.clear()
            el.set("href", target)
        elif tag == "code":
            el.tag = "pre" if "\n" in (el.text or "") or el.getparent() is body else "code"
        elif tag == "del":
            el.tag = "span"
        elif tag in _TO_HTML:
            el.tag = _TO_HTML[tag]
            if el.tag != "img":
                el.attrib.clear()
    body.tag = "body"
    for img in list(body.iter("img")):
        parent = img.getparent()
        if parent is not None and parent.tag in ("body", "div", "blockquote"):
            figure = etree.Element("figure")
            img.addprevious(figure)
            figure.tail, img.tail = img.tail, None
            figure.append(img)
    return body


def body_blocks(
    root: etree._Element, story: ImportedStory, folder: Path, url: str | None = None
) -> list[Block]:
    """The page's article as Desk blocks (figures with captions and credits), furniture gone."""
    images = page_images(root)
    tree = extract(root, url)
    if tree is None:
        return []
    used: set[str] = set()

    def resolve(src: str, alt: str) -> ImportedFigure | None:
        key = image_key(src)
        if not src or src.startswith("data:") or key in used or _NOT_PHOTO.search(src):
            return None
        info = images.get(key) or PageImage(url=src, alt=alt)
        if 0 < info.width < 120 or 0 < info.height < 90:
            return None  # an icon or a tracking pixel, not a photo
        if _VIDEO_PLACEHOLDER.search(info.caption):
            return None  # a video's stand-in ("Media playback is unsupported"), not a photo
        used.add(key)
        figure = ImportedFigure(caption=info.caption, credit=info.credit, alt=alt or info.alt)
        local = local_file(folder, info.url) or local_file(folder, src)
        if local is not None:
            figure.photo_path, figure.photo_name = local, local.name
        remote = urljoin(url or "", src if src.startswith("http") else info.url)
        return web_only(figure, remote, info.width, info.height)

    blocks = html_to_blocks(to_html(tree), resolve)
    blocks = restore_figures(blocks, images, used, resolve)
    return tidy_blocks(blocks, story, standfirst_marked(root, story.standfirst))


_INTRO_CLASS = re.compile(
    r"intro|standfirst|stand-first|dek\b|deck|lede|summary|teaser|excerpt|subtitle|sapo|chapo|"
    r"abstract|description|kicker|strapline|subhead",
    re.I,
)


def standfirst_marked(root: etree._Element, standfirst: str) -> bool:
    """True when the page shows the standfirst as one (an element named intro, dek, lede ...)."""
    want = squash_title(standfirst)
    if not want:
        return False
    for el in root.iter("p", "div", "h2", "span"):
        if _INTRO_CLASS.search(_classes(el)) and squash_title(text_of(el)) == want:
            return True
    return False


def restore_figures(
    blocks: list[Block], images: dict[str, PageImage], used: set[str], resolve
) -> list[Block]:
    """Put back a captioned photo the extractor dropped where its caption stayed as text."""
    by_caption: dict[str, Any] = {}
    for key, info in images.items():
        if info.caption and key not in used:
            by_caption.setdefault(squash_title(info.caption), (key, info))
    out: list[Block] = []
    for block in blocks:
        found = by_caption.get(squash_title(_plain(block))) if isinstance(block, str) else None
        if found is not None and found[0] not in used:
            figure = resolve(found[1].url, found[1].alt)
            if figure is not None:
                out.append(figure)
                continue
        out.append(block)
    return out


def tidy_blocks(
    blocks: list[Block], story: ImportedStory, standfirst_shown: bool = False
) -> list[Block]:
    """Drop what an extractor leaves in an article: headline, byline, dates, furniture, and
    caption text it copied out of a figure next to it."""
    headline = squash_title(story.headline)
    out: list[Block] = []
    in_author_box = False
    for index, block in enumerate(blocks):
        if isinstance(block, ImportedFigure):
            out.append(block)
            continue
        text = _plain(block)
        heading = block.startswith("#")
        if heading and _reads_as_prose(text):
            block, heading = md_paragraph(text), False  # a lede set as a heading is text
        if heading:
            in_author_box = is_author_box_heading(text) and index >= len(blocks) - 6
        if in_author_box:
            continue
        if heading and headline and squash_title(text) == headline:
            continue  # the headline repeated as the body's first heading
        if is_boilerplate(text) or _BARE_URL.match(text) or _copied_caption(blocks, index, text):
            continue
        early = not any(isinstance(b, str) and not b.startswith("#") for b in out)
        lead = _AGENCY_LEAD.match(block) if early else None
        if lead:
            story.agency = story.agency or lead.group(1)
            block, text = block[lead.end() :], text[len(lead.group(0)) :].lstrip()
        if early and story.standfirst and squash_title(text) == squash_title(story.standfirst):
            if standfirst_shown:
                continue  # the page's standfirst, a field of its own, not body text
            story.standfirst = ""  # a summary copied from the first paragraph: the body keeps it
        bold = _BOLD_LINE.match(block)
        if bold and not re.search(r"[.:,;]$", bold.group(1)):
            block = "## " + bold.group(1).strip()  # a paragraph in bold alone is a subhead
        if early and is_byline_line(text):
            if not story.authors:
                story.authors = byline_names(text)
                story.byline = printed_byline(story.authors)
            story.agency = story.agency or agency_in(text)
            continue
        if early and is_date_line(text):
            continue
        out.append(block)
    return out


def _reads_as_prose(text: str) -> bool:
    """True for a 'heading' that is a sentence of prose (long, ending like a sentence)."""
    return len(text.split()) > 14 and bool(re.search(r"[.!?\"”’)]$", text))


_AGENCY_LEAD = re.compile(rf"^\(?[*_]*({AGENCIES})[*_]*\)\s*[—–-]+\s*")
_BOLD_LINE = re.compile(r"^\*\*([^*\n]{2,100})\*\*$")
_BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$")


def _copied_caption(blocks: list[Block], index: int, text: str) -> bool:
    """True for text copied out of the caption of a figure within three blocks of it: at
    least four in five of its words are the caption's (or credit's)."""
    words = squash_title(text).split()
    if not words:
        return False
    for figure in blocks[max(0, index - 3) : index + 4]:
        if not isinstance(figure, ImportedFigure) or not (figure.caption or figure.credit):
            continue
        caption = set(squash_title(f"{figure.caption} {figure.credit} credit photo").split())
        if sum(w in caption for w in words) >= 0.8 * len(words):
            return True
    return False


def _plain(block: str) -> str:
    """A Markdown block's words, for matching (marks, links' addresses and escapes gone)."""
    text = re.sub(r"\]\([^)]*\)", "", block)
    text = re.sub(r"^#{1,6}\s+|^>\s?|^[-*+]\s+|^\d+[.)]\s+", "", text, flags=re.M)
    return squash(re.sub(r"[*_`\[\]\\]", "", text))
