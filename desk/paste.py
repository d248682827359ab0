"""Clean paste: rich text from the clipboard (Google Docs, Word, LibreOffice, web pages) as the
Markdown of a story body, keeping paragraphs, subheads, bold, italic, links, quotes and lists.

The HTML goes through the importers' converter (desk.importers.htmltext), after the office
suites' own markup is turned into plain HTML it understands:

- Google Docs wraps the whole selection in `<b style="font-weight:normal"
  id="docs-internal-guid-…">` and marks bold and italic with inline styles on `<span>`s
  (`font-weight:700`, `font-style:italic`); it puts nested lists directly inside lists.
- Word marks list items as paragraphs (`class=MsoListParagraph…`, `style='mso-list:l0 level2
  lfo1'`) whose bullet or number is text in a `mso-list:Ignore` span; its quotes and titles
  are classes (MsoQuote, MsoTitle); it adds `<o:p>` elements, conditional comments and, on
  Windows, a "Version:0.9 StartHTML:…" header before the markup.

Styling (fonts, colours, sizes, classes) and images are dropped: photos come in through the
Photos dock, with their captions and credits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from desk.importers.htmltext import html_to_blocks, parse_html, unwrap

_CF_HTML_HEADER = re.compile(r"^\s*Version:\d[^<]*?(?=<)", re.DOTALL)
# Word writes mso-bidi-font-weight for right-to-left text: only the plain property counts.
_BOLD = re.compile(r"(?<![\w-])font-weight\s*:\s*(bold|[6-9]00)", re.IGNORECASE)
_NOT_BOLD = re.compile(r"(?<![\w-])font-weight\s*:\s*(normal|[1-4]00)", re.IGNORECASE)
_ITALIC = re.compile(r"(?<![\w-])font-style\s*:\s*italic", re.IGNORECASE)
_MSO_LIST = re.compile(r"mso-list\s*:\s*(l\d+)\s+level(\d+)", re.IGNORECASE)
_MSO_IGNORE = re.compile(r"mso-list\s*:\s*ignore", re.IGNORECASE)
_ORDERED_MARK = re.compile(r"^\(?([0-9]+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]$")
_LISTS = ("ul", "ol")


@dataclass(frozen=True)
class Pasted:
    """What a paste gives: the Markdown, and how many pictures were left out."""

    markdown: str
    pictures_left_out: int = 0


def html_to_markdown(html: str | bytes) -> Pasted:
    """Clipboard HTML as body Markdown (blocks separated by blank lines)."""
    if isinstance(html, str):
        html = _CF_HTML_HEADER.sub("", html, count=1)
    root = parse_html(html)
    tidy(root)
    blocks = html_to_blocks(root)
    texts = [b for b in blocks if isinstance(b, str) and b.strip()]
    return Pasted("\n\n".join(texts), len(blocks) - len([b for b in blocks if isinstance(b, str)]))


def tidy(root: etree._Element) -> None:
    """Turn the office suites' markup into the plain HTML the converter reads (in place)."""
    _unwrap_docs_wrapper(root)
    _styles_to_tags(root)
    _word_lists(root)
    _word_classes(root)
    _nest_stray_lists(root)
    for el in list(root.iter()):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.startswith(("o:", "w:", "v:", "m:")):  # Office's own elements: <o:p>, <w:…>
            unwrap(el)


def _unwrap_docs_wrapper(root: etree._Element) -> None:
    """Google Docs' `<b … id="docs-internal-guid-…">` around everything is no bold."""
    for el in list(root.iter("b", "strong")):
        if str(el.get("id", "")).startswith("docs-internal-guid") or _NOT_BOLD.search(
            el.get("style", "")
        ):
            unwrap(el)


def _styles_to_tags(root: etree._Element) -> None:
    """Bold and italic written as inline styles (Google Docs' spans) become <strong>/<em>."""
    for el in list(root.iter("span")):
        style = el.get("style", "")
        if not style:
            continue
        bold, italic = bool(_BOLD.search(style)), bool(_ITALIC.search(style))
        if not (bold or italic):
            continue
        if not "".join(el.itertext()).strip():
            continue  # a styled space: nothing to emphasise
        inner = el
        for wrapped, tag in ((bold, "strong"), (italic, "em")):
            if wrapped:
                inner = _wrap_children(inner, tag)


def _wrap_children(el: etree._Element, tag: str) -> etree._Element:
    """Put an element's content inside a new child element; returns the child."""
    child = etree.Element(tag)
    child.text, el.text = el.text, None
    for sub in list(el):
        child.append(sub)
    el.append(child)
    return child


def _word_lists(root: etree._Element) -> None:
    """Word's list paragraphs (mso-list: lN levelM) become nested <ul>/<ol> lists."""
    for parent in list(root.iter()):
        run: list[tuple[etree._Element, int, bool]] = []
        for child in list(parent):
            item = _list_paragraph(child)
            if item is not None:
                run.append(item)
                continue
            if run and _blank(child):
                continue
            _build_list(parent, run)
            run = []
        _build_list(parent, run)


def _list_paragraph(el: etree._Element) -> tuple[etree._Element, int, bool] | None:
    """(paragraph, level, ordered) for a Word list paragraph, its marker removed."""
    if not isinstance(el.tag, str) or el.tag not in ("p", "h1", "h2", "h3", "h4", "h5", "h6"):
        return None
    found = _MSO_LIST.search(el.get("style", ""))
    if found is None:
        return None
    marker = ""
    for span in list(el.iter("span")):
        if _MSO_IGNORE.search(span.get("style", "")):
            marker = " ".join("".join(span.itertext()).split())
            _drop_keep_tail(span)
            break
    return el, int(found.group(2)), bool(_ORDERED_MARK.match(marker))


def _drop_keep_tail(el: etree._Element) -> None:
    """Remove an element and its content, keeping the text after it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail or ""
    previous = el.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


def _blank(el: etree._Element) -> bool:
    """True for an element (or comment) with no text: Word puts them between list items."""
    if not isinstance(el.tag, str):
        return True
    return not "".join(el.itertext()).strip() and el.tag not in ("img", "br", "hr")


def _build_list(parent: etree._Element, run: list[tuple[etree._Element, int, bool]]) -> None:
    """Replace a run of list paragraphs by nested lists at the first one's place."""
    if not run:
        return
    first = run[0][0]
    index = parent.index(first)
    top = etree.Element("ol" if run[0][2] else "ul")
    stack: list[tuple[int, etree._Element]] = [(run[0][1], top)]
    last_item: etree._Element | None = None
    for paragraph, level, ordered in run:
        while len(stack) > 1 and level < stack[-1][0]:
            stack.pop()
        if level > stack[-1][0] and last_item is not None:
            nested = etree.SubElement(last_item, "ol" if ordered else "ul")
            stack.append((level, nested))
        item = etree.SubElement(stack[-1][1], "li")
        item.text = paragraph.text
        for sub in list(paragraph):
            item.append(sub)
        last_item = item
        tail = paragraph.tail
        parent.remove(paragraph)
        top.tail = tail
    parent.insert(index, top)


def _word_classes(root: etree._Element) -> None:
    """Word's paragraph classes that carry meaning: titles are subheads, quotes are quotes."""
    for el in list(root.iter("p")):
        css = el.get("class", "")
        if css in ("MsoTitle", "MsoSubtitle") or css.startswith("MsoTitle"):
            el.tag = "h2"
        elif css in ("MsoQuote", "MsoIntenseQuote"):
            el.tag = "blockquote"


def _nest_stray_lists(root: etree._Element) -> None:
    """A list directly inside a list (Google Docs' nesting) moves into the item before it."""
    for lst in list(root.iter(*_LISTS)):
        parent = lst.getparent()
        if parent is None or parent.tag not in _LISTS:
            continue
        previous = lst.getprevious()
        while previous is not None and previous.tag != "li":
            previous = previous.getprevious()
        if previous is not None:
            previous.append(lst)
        else:
            item = etree.Element("li")
            parent.replace(lst, item)
            item.append(lst)


def plain_to_markdown(text: str) -> str:
    """Plain text pasted as it is (only Windows line ends made Unix ones)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
