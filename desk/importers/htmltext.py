"""HTML -> Desk body blocks (Markdown text and figures), shared by web pages, .docx and ninjs.

Kept: paragraphs, headings (as `##`/`###`), bold, italics, links (http, https, mailto only),
lists, block quotes, code, line breaks; `<figure>`/`<img>` become figures (caption from
`<figcaption>`, credit from an element whose class says credit/copyright, alt from `alt`).
Dropped: scripts, styles, forms, frames, embedded objects, comments and every attribute not
named above, so nothing active survives into the body.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import lxml.html
from lxml import etree

from desk.errors import ImportFailed
from desk.importers.base import ImportedFigure, decode_text, md_paragraph, squash

# Elements dropped with everything inside them.
DROP = {
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "select",
    "textarea",
    "svg",
    "math",
    "canvas",
    "video",
    "audio",
    "head",
    "title",
    "meta",
    "link",
    "base",
}
BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "figure",
    "table",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "dl",
    "dt",
    "dd",
    "body",
    "html",
    "center",
    "address",
}
HEADINGS = {"h1": "##", "h2": "##", "h3": "###", "h4": "####", "h5": "####", "h6": "####"}
_CREDIT_CLASS = re.compile(r"credit|copyright|byline|photographer|author", re.IGNORECASE)
_SAFE_LINK = re.compile(r"^(?:https?:|mailto:)", re.IGNORECASE)
BR = "\x00br\x00"  # a <br> until the paragraph is assembled (raw text may hold "  \n")
_INLINE_ESCAPE = re.compile(r"([\\`*\[\]])")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")

# (src, alt) -> a figure with its photo resolved (path or bytes), or None to skip the image.
ImageResolver = Callable[[str, str], ImportedFigure | None]
Block = str | ImportedFigure


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# libxml2 reads at most this many nested elements (with huge_tree; 255 without): what sits
# deeper is silently dropped, so a tree that reaches it is refused rather than cut.
PARSER_DEPTH = 2047
# Deeper than this, wrapper elements are unwrapped so that walking the tree (here, in
# trafilatura, in the Markdown converter) never recurses past Python's limit.
FLAT_DEPTH = 120
# Elements kept where they are when a deep tree is flattened: they carry a block's meaning.
_KEEP_WHEN_FLATTENING = {
    *("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre"),
    *("figure", "figcaption", "img", "table", "tr", "td", "th", "a", "br", "hr"),
    *("strong", "b", "em", "i", "code", "body", "html", "head"),
}


class TooDeep(ImportFailed):
    """The markup nests elements deeper than the HTML parser reads: text would be lost."""


def parse_html(markup: str | bytes) -> etree._Element:
    """An HTML document or fragment as an lxml tree (no network, no entities from outside).

    Deeply nested markup is read whole (libxml2's huge-tree mode lifts its 255-element limit)
    and then flattened; markup deeper than even that mode reads raises TooDeep instead of
    losing the text below the limit.
    """
    if isinstance(markup, bytes):
        markup = decode_text(markup)
    markup = _CONTROLS.sub("", markup)  # lxml refuses them in text it is asked to write back
    if not markup.strip():
        return lxml.html.document_fromstring("<html><body></body></html>")
    parser = lxml.html.HTMLParser(
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        recover=True,
        huge_tree=True,  # depth only: the text itself is capped by the import's size limit
        encoding="utf-8",
    )
    root = lxml.html.document_fromstring(markup.encode("utf-8"), parser=parser)
    depth = flatten_deep(root)
    if depth >= PARSER_DEPTH:
        raise TooDeep(
            f"the page nests its elements {PARSER_DEPTH:,} deep or more, deeper than "
            "Desk's HTML reader goes, so text inside would be lost"
        )
    return root


def flatten_deep(root: etree._Element, limit: int = FLAT_DEPTH) -> int:
    """Unwrap wrapper elements nested deeper than limit (text kept); return the deepest level."""
    deepest, level, doomed = 0, 0, []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            level -= 1
            continue
        level += 1
        deepest = max(deepest, level)
        if level > limit and isinstance(el.tag, str) and el.tag not in _KEEP_WHEN_FLATTENING:
            doomed.append(el)
    for el in doomed:
        unwrap(el)
    return deepest


def unwrap(el: etree._Element) -> None:
    """Replace an element by its content (text, children and tail stay in place)."""
    parent = el.getparent()
    if parent is None:
        return
    previous = el.getprevious()
    text = el.text or ""
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    index = parent.index(el)
    children = list(el)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    tail = el.tail or ""
    if children:
        children[-1].tail = (children[-1].tail or "") + tail
    elif previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


def strip_dangerous(root: etree._Element) -> int:
    """Remove scripts, styles, forms and other active content in place; returns how many."""
    doomed = [el for el in root.iter() if isinstance(el.tag, str) and el.tag.lower() in DROP]
    for el in doomed:
        drop_tree(el)
    return len(doomed)


def drop_tree(el: etree._Element) -> None:
    """Remove an element and what it holds, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail or ""
    prev = el.getprevious()
    if prev is not None:
        prev.tail = (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


def text_of(el: etree._Element) -> str:
    """All the text in an element, whitespace collapsed."""
    return squash("".join(el.itertext()))


class Converter:
    """Walks a cleaned tree and yields body blocks."""

    def __init__(self, resolve: ImageResolver | None = None) -> None:
        self.resolve = resolve
        self.blocks: list[Block] = []
        self.pending: list[ImportedFigure] = []  # images met inside a paragraph

    def convert(self, root: etree._Element) -> list[Block]:
        """Blocks for everything under root."""
        self._container(root)
        self._flush_pending()
        return self.blocks

    # -- blocks ---------------------------------------------------------------------------

    def _container(self, el: etree._Element) -> None:
        """Walk a container: runs of inline content become paragraphs, blocks recurse."""
        run: list[str] = [_escape(el.text or "")]
        for child in el:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            standalone = tag == "img" and (self._alone(child) or _tag(el) in _IMAGE_HOLDERS)
            if tag in BLOCKS or standalone:
                self._paragraph("".join(run))
                run = []
                self._block(child, tag)
                run.append(_escape(child.tail or ""))
            else:
                run.append(self._inline(child) + _escape(child.tail or ""))
        self._paragraph("".join(run))

    def _alone(self, img: etree._Element) -> bool:
        """True for an image that is its parent's only content."""
        parent = img.getparent()
        return parent is not None and not text_of(parent) and len(parent) == 1

    def _block(self, el: etree._Element, tag: str) -> None:
        """One block element."""
        if tag in HEADINGS:
            text = self._inline_children(el).replace(BR, " ").strip()
            if text:
                self._emit(f"{HEADINGS[tag]} {squash(text)}")
        elif tag in ("ul", "ol"):
            self._emit(self._list(el, 0))
        elif tag == "blockquote":
            inner = Converter(self.resolve).convert(el)
            self.pending.extend(b for b in inner if isinstance(b, ImportedFigure))
            text = "\n>\n".join(
                "\n".join("> " + line for line in b.split("\n"))
                for b in inner
                if isinstance(b, str)
            )
            self._emit(text)
        elif tag == "pre":
            code = el.text_content().strip("\n")
            self._emit("```\n" + code.replace("```", "ʼʼʼ") + "\n```")
        elif tag == "hr":
            self._emit("---")
        elif tag == "figure":
            self._figure(el)
        elif tag == "img":
            self._image(el, caption=el.get("title", ""))
        elif tag == "tr":
            cells = [text_of(c) for c in el if isinstance(c.tag, str)]
            self._emit(md_paragraph(" | ".join(c for c in cells if c)))
        else:
            self._container(el)

    def _list(self, el: etree._Element, depth: int) -> str:
        """A (possibly nested) list as Markdown lines."""
        lines: list[str] = []
        ordered = el.tag.lower() == "ol"
        number = 1
        for li in el:
            if not isinstance(li.tag, str) or li.tag.lower() != "li":
                continue
            nested = [c for c in li if isinstance(c.tag, str) and c.tag.lower() in ("ul", "ol")]
            for sub in nested:
                li.remove(sub)  # rendered below the item's own text
            text = squash(self._inline_children(li).replace(BR, " "))
            mark = f"{number}." if ordered else "-"
            lines.append("    " * depth + f"{mark} {text}")
            number += 1
            lines.extend(self._list(sub, depth + 1) for sub in nested)
        return "\n".join(line for line in lines if line.strip())

    def _figure(self, el: etree._Element) -> None:
        """A <figure>: its image, caption and credit."""
        caption_el = el.find(".//figcaption")
        credit = ""
        for node in list(el.iter()):
            inner = node is not el and node is not caption_el and isinstance(node.tag, str)
            if inner and _CREDIT_CLASS.search(node.get("class", "")):
                credit = credit or text_of(node)
                drop_tree(node)
        caption = text_of(caption_el) if caption_el is not None else ""
        img = el.find(".//img")
        if img is None:
            if caption:
                self._emit(md_paragraph(caption))
            return
        self._image(img, caption=caption, credit=credit)

    def _image(self, img: etree._Element, caption: str = "", credit: str = "") -> None:
        """An image as a figure (when the resolver accepts it)."""
        figure = self._resolve(img)
        if figure is None:
            return
        figure.caption = squash(caption) or figure.caption
        figure.credit = squash(credit) or figure.credit
        self._emit(figure)

    def _resolve(self, img: etree._Element) -> ImportedFigure | None:
        """The figure an <img> stands for, or None."""
        src = img.get("src") or img.get("data-src") or ""
        alt = squash(img.get("alt", ""))
        if self.resolve is None:
            return ImportedFigure(alt=alt)
        return self.resolve(src, alt)

    # -- inline ---------------------------------------------------------------------------

    def _inline_children(self, el: etree._Element) -> str:
        """The inline Markdown of an element's content."""
        parts = [_escape(el.text or "")]
        for child in el:
            parts.append(self._inline(child))
            parts.append(_escape(child.tail or ""))
        return "".join(parts)

    def _inline(self, el: etree._Element) -> str:
        """One inline element as Markdown (images inside text become figures after it)."""
        if not isinstance(el.tag, str):
            return ""
        tag = el.tag.lower()
        if tag == "br":
            return BR
        if tag == "img":
            figure = self._resolve(el)
            if figure is not None:
                self.pending.append(figure)
            return ""
        inner = self._inline_children(el)
        if not inner.strip():
            return inner
        if tag in ("strong", "b"):
            return _wrap(inner, "**")
        if tag in ("em", "i", "cite"):
            return _wrap(inner, "*")
        if tag == "code":
            return "`" + el.text_content().replace("`", "'") + "`"
        if tag == "a":
            href = (el.get("href") or "").strip()
            if _SAFE_LINK.match(href):
                lead = inner[: len(inner) - len(inner.lstrip())]
                trail = inner[len(inner.rstrip()) :]
                target = href.replace(" ", "%20").replace(")", "%29")
                return f"{lead}[{inner.strip()}]({target}){trail}"  # spaces stay outside
            return inner
        if tag in BLOCKS:
            return " " + inner + " "
        return inner

    # -- output ---------------------------------------------------------------------------

    def _paragraph(self, markdown: str) -> None:
        """A run of inline Markdown as a paragraph (line breaks kept)."""
        lines = [squash(line) for line in markdown.split(BR)]
        text = "  \n".join(line for line in lines if line)
        if text:
            self._emit(md_paragraph(text) if "\n" not in text else text)

    def _emit(self, block: Block) -> None:
        """Add a block, then any figures met inside the paragraph before it."""
        if isinstance(block, str) and not block.strip():
            return
        self.blocks.append(block)
        self._flush_pending()

    def _flush_pending(self) -> None:
        """Place figures that sat inside a paragraph right after it."""
        pending, self.pending = self.pending, []
        self.blocks.extend(pending)


# Containers in which an <img> stands as a block of its own (a figure), not inside a line.
_IMAGE_HOLDERS = {"body", "div", "section", "article", "main", "header", "footer", "aside"}


def _tag(el: etree._Element) -> str:
    """An element's tag in lower case ('' for comments and the like)."""
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _holds_blocks(el: etree._Element) -> bool:
    """True for an unknown element wrapping paragraphs (treated as a container)."""
    return any(isinstance(d.tag, str) and d.tag.lower() in BLOCKS for d in el.iterdescendants())


def _escape(text: str) -> str:
    """Plain text made literal in Markdown (no stray emphasis, code, links or HTML tags).

    A '<' that would open a tag or an autolink ("<The Palace>") is written as '&lt;', so
    the words inside are shown, not swallowed as markup; "a < b" stays as it is.
    """
    return _TAG_START.sub("&lt;", _INLINE_ESCAPE.sub(r"\\\1", text))


def _wrap(inner: str, mark: str) -> str:
    """Emphasis around text, spaces kept outside the marks."""
    stripped = inner.strip()
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{mark}{stripped}{mark}{trail}"


def html_to_blocks(
    root: etree._Element | str | bytes, resolve: ImageResolver | None = None
) -> list[Block]:
    """Body blocks from HTML (a tree or markup), active content removed first."""
    if not isinstance(root, etree._Element):
        root = parse_html(root)
    strip_dangerous(root)
    body = root.find(".//body")
    return Converter(resolve).convert(body if body is not None else root)
