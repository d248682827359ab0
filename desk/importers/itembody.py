"""An agency item's HTML body (ninjs, NewsML-G2, NITF): labels become fields, pictures are named.

Agencies put furniture into their HTML bodies: the headline again as an <h1>, and labels such
as the section ("vignette", "kicker") and the source ("TT", "AFP") as short spans above the
text. take_labels moves those labels into the story's fields and drops them from the body.
mark_pictures rewrites each <img> that names one of the item's picture associations
(data-assoc-ref, data-uri, or a rendition's address) so that the figure is built once, from
the association, however many places refer to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from desk.importers.base import ImportedStory
from desk.importers.clean import clean_field
from desk.importers.htmltext import drop_tree, text_of

_SECTION_CLASS = re.compile(r"\b(?:vignette|kicker|section|category|rubric|department|ressort)\b")
_SOURCE_CLASS = re.compile(r"\b(?:source|agency|provider|distributor)\b")
_LABEL_HOLDER = re.compile(r"\b(?:dat|labels?|meta|tags?)\b")
ASSOC_PREFIX = "association:"


def take_labels(root: etree._Element, story: ImportedStory) -> None:
    """Move section and source labels above the text into the story's fields (and out)."""
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None or el.tag in ("p", "body"):
            continue
        classes = el.get("class") or ""
        text = clean_field(text_of(el))
        if not text or len(text) > 60 or _before_text(el) is False:
            continue
        if _SECTION_CLASS.search(classes):
            story.section = story.section or text
            drop_tree(el)
        elif _SOURCE_CLASS.search(classes):
            story.agency = story.agency or text
            drop_tree(el)
    for el in list(root.iter()):
        holder = isinstance(el.tag, str) and _LABEL_HOLDER.search(el.get("class") or "")
        if holder and el.getparent() is not None and not text_of(el) and el.find(".//img") is None:
            drop_tree(el)


def _before_text(el: etree._Element) -> bool:
    """True when no paragraph of the body comes before this element."""
    for earlier in el.itersiblings(preceding=True):
        if isinstance(earlier.tag, str) and (
            earlier.tag == "p" or earlier.find(".//p") is not None
        ):
            return False
    parent = el.getparent()
    return True if parent is None or parent.tag == "body" else _before_text(parent)


def drop_headline(root: etree._Element, headline: str) -> None:
    """Remove the headline repeated as the body's first heading (<h1>..<h3>, NITF <hl1>)."""
    want = _loose(headline)
    if not want:
        return
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in ("h1", "h2", "h3", "hl1"):
            if _loose(text_of(el)) == want:
                drop_tree(el)
            return


def _loose(text: str) -> str:
    """Text compared loosely (case, punctuation and spacing ignored)."""
    return " ".join(re.sub(r"[\W_]+", " ", clean_field(text).casefold()).split())


def mark_pictures(root: etree._Element, name_for: Callable[[etree._Element], str | None]) -> None:
    """Give each <img> that stands for an association the src 'association:NAME'."""
    for img in root.iter("img"):
        name = name_for(img)
        if name is not None:
            img.set("src", ASSOC_PREFIX + name)
