"""Word documents via mammoth: headings, emphasis, lists, links, photos; zip bombs refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from desk.errors import ImportFailed
from desk.importers import detect, import_files, parse

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
PIC_NS = (
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)

OOXML = "http://schemas.openxmlformats.org"
WML = "officedocument.wordprocessingml"
OD_REL = f"{OOXML}/officeDocument/2006/relationships"


def override(part: str, kind: str) -> str:
    return f'<Override PartName="{part}" ContentType="application/vnd.openxmlformats-{kind}+xml"/>'


def rel(rid: str, kind: str, target: str, external: bool = False) -> str:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"{mode}/>'


XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
CONTENT_TYPES = (
    f'{XML_HEAD}<Types xmlns="{OOXML}/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="png" ContentType="image/png"/>'
    + override("/word/document.xml", f"{WML}.document.main")
    + override("/word/styles.xml", f"{WML}.styles")
    + override("/word/numbering.xml", f"{WML}.numbering")
    + override("/docProps/core.xml", "package.core-properties")
    + "</Types>"
)
ROOT_RELS = (
    f'{XML_HEAD}<Relationships xmlns="{OOXML}/package/2006/relationships">'
    + rel("rId1", f"{OD_REL}/officeDocument", "word/document.xml")
    + rel(
        "rId2", f"{OOXML}/package/2006/relationships/metadata/core-properties", "docProps/core.xml"
    )
    + "</Relationships>"
)
DOC_RELS = (
    f'{XML_HEAD}<Relationships xmlns="{OOXML}/package/2006/relationships">'
    + rel("rId1", f"{OD_REL}/styles", "styles.xml")
    + rel("rId2", f"{OD_REL}/numbering", "numbering.xml")
    + rel("rId3", f"{OD_REL}/hyperlink", "https://example.org/report", external=True)
    + rel("rId4", f"{OD_REL}/image", "media/image1.png")
    + "</Relationships>"
)


def style(style_id: str, name: str, kind: str = "paragraph") -> str:
    return f'<w:style w:type="{kind}" w:styleId="{style_id}"><w:name w:val="{name}"/></w:style>'


STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {W}>'
    + style("Title", "Title")
    + style("Subtitle", "Subtitle")
    + style("Heading1", "heading 1")
    + style("Heading2", "heading 2")
    + style("Caption", "caption")
    + style("ListParagraph", "List Paragraph")
    + "</w:styles>"
)

NUMBERING = (
    f"{XML_HEAD}<w:numbering {W}>"
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
    "</w:lvl></w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
)

CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>Harbour plan (draft 3)</dc:title><dc:creator>Nadia Okafor</dc:creator>
<cp:keywords>harbour, planning; Fishing</cp:keywords>
<dcterms:created xsi:type="dcterms:W3CDTF">2024-04-02T09:00:00Z</dcterms:created>
</cp:coreProperties>"""


def para(text: str = "", style_id: str = "", runs: str = "", numbered: bool = False) -> str:
    props = ""
    if style_id or numbered:
        props = "<w:pPr>"
        props += f'<w:pStyle w:val="{style_id}"/>' if style_id else ""
        props += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' if numbered else ""
        props += "</w:pPr>"
    body = runs or f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
    return f"<w:p>{props}{body}</w:p>"


IMAGE_RUN = (
    '<w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="609600"/>'
    '<wp:docPr id="1" name="Picture 1" descr="Fishing boats moored three deep at the quay"/>'
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="boats.png"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:embed="rId4"/></pic:blipFill><pic:spPr/></pic:pic>'
    "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
)


def document_xml(more: str = "") -> str:
    body = "".join(
        [
            para("Harbour expansion wins backing", "Title"),
            para("The port authority will dredge the east basin next year.", "Subtitle"),
            para("By Nadia Okafor and Sam Reid"),
            para(
                runs='<w:r><w:t xml:space="preserve">The plan was approved </w:t></w:r>'
                "<w:r><w:rPr><w:b/></w:rPr><w:t>unanimously</w:t></w:r>"
                '<w:r><w:t xml:space="preserve"> on </w:t></w:r>'
                "<w:r><w:rPr><w:i/></w:rPr><w:t>Monday</w:t></w:r>"
                '<w:r><w:t xml:space="preserve">, according to the </w:t></w:r>'
                '<w:hyperlink r:id="rId3"><w:r><w:t>board report</w:t></w:r></w:hyperlink>'
                "<w:r><w:t>.</w:t></w:r>"
            ),
            para(runs=IMAGE_RUN),
            para("The east basin at low tide", "Caption"),
            para("What changes", "Heading1"),
            para("Deeper berths", "ListParagraph", numbered=True),
            para("A new ferry ramp", "ListParagraph", numbered=True),
            para("Work begins in March."),
        ]
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<w:document {W} {R} {PIC_NS}><w:body>{body}{more}</w:body></w:document>"
    )


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (90, 60), (10, 80, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def build_docx(
    path: Path, extra: dict[str, bytes] | None = None, more: str = "", styles: str = ""
) -> Path:
    """A small but complete .docx, written by hand (no python-docx needed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("word/document.xml", document_xml(more))
        z.writestr("word/_rels/document.xml.rels", DOC_RELS)
        z.writestr("word/styles.xml", STYLES.replace("</w:styles>", styles + "</w:styles>"))
        z.writestr("word/numbering.xml", NUMBERING)
        z.writestr("word/media/image1.png", png_bytes())
        z.writestr("docProps/core.xml", CORE)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def test_docx_headings_emphasis_lists_links_and_picture(tmp_path):
    path = build_docx(tmp_path / "harbour.docx")
    assert detect(path, path.read_bytes()[:4096]) == "docx"
    story = parse(path)[0]
    assert story.headline == "Harbour expansion wins backing"
    assert story.standfirst == "The port authority will dredge the east basin next year."
    assert story.byline == "By Nadia Okafor and Sam Reid"
    assert story.authors == ["Nadia Okafor", "Sam Reid"]
    assert story.tags == ["harbour", "planning", "Fishing"]
    assert story.created == "2024-04-02T09:00:00.000Z"
    outline = story.outline()
    assert outline[0] == {
        "type": "paragraph",
        "text": "The plan was approved **unanimously** on *Monday*, according to the "
        "[board report](https://example.org/report).",
    }
    assert outline[1] == {"type": "figure", "caption": "The east basin at low tide", "credit": ""}
    assert outline[2] == {"type": "subhead", "text": "What changes"}
    assert outline[3] == {"type": "paragraph", "text": "- Deeper berths\n- A new ferry ramp"}
    assert outline[4] == {"type": "paragraph", "text": "Work begins in March."}
    figure = story.figures()[0]
    assert figure.alt == "Fishing boats moored three deep at the quay"
    assert figure.photo_bytes == png_bytes()


def test_docx_imports_its_picture_as_a_photo(store, tmp_path):
    path = build_docx(tmp_path / "harbour.docx")
    result = import_files(store, [path])[0]
    assert result.ok, result.error
    (figure,) = store.figures.for_story(result.ids[0])
    assert figure.photo is not None
    assert (figure.photo.width, figure.photo.height) == (90, 60)
    assert figure.caption == "The east basin at low tide"
    assert figure.alt == "Fishing boats moored three deep at the quay"


def test_a_docx_zip_bomb_is_refused_before_extraction(tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", document_xml())
        # 64 MB of zeros compress to ~64 KB: a ratio near 1000
        with z.open("word/media/zeros.bin", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(64):
                member.write(chunk)
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(ImportFailed, match=r"bomb.docx: .*expands \d+ times \(a zip bomb\?\)"):
        parse(bomb)


def test_a_zip_that_is_not_word_is_one_clear_error(tmp_path):
    path = tmp_path / "photos.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("a.txt", "hello")
    with pytest.raises(ImportFailed, match=r"photos\.docx: this zip is not a Word document"):
        parse(path, "docx")


def test_word_styles_desk_does_not_know_are_named_in_the_notes(tmp_path):
    path = build_docx(
        tmp_path / "quote.docx",
        more=para("Nobody expected this.", "PullQuote"),
        styles=style("PullQuote", "Pull Quote"),
    )
    story = parse(path)[0]
    assert story.body[-1] == "Nobody expected this."
    assert story.notes == "Import: Word styles kept as plain text: Pull Quote."


COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
COMMENTS_XML = (
    f"{XML_HEAD}<w:comments {W}>"
    '<w:comment w:id="7" w:author="Ann Lee" w:initials="AL">'
    "<w:p><w:r><w:t>Check the tonnage with the port</w:t></w:r></w:p></w:comment>"
    "</w:comments>"
)
FOOTNOTES_XML = (
    f"{XML_HEAD}<w:footnotes {W}>"
    '<w:footnote w:id="1"><w:p><w:r><w:t>Port authority annual report, 2023.</w:t></w:r>'
    "</w:p></w:footnote></w:footnotes>"
)
REVIEWED_BODY = (
    "<w:p>"
    '<w:r><w:t xml:space="preserve">Dredging will remove </w:t></w:r>'
    '<w:commentRangeStart w:id="7"/>'
    '<w:del w:id="21" w:author="Ann Lee"><w:r><w:delText>200,000</w:delText></w:r></w:del>'
    '<w:ins w:id="22" w:author="Ann Lee"><w:r><w:t>250,000</w:t></w:r></w:ins>'
    '<w:commentRangeEnd w:id="7"/>'
    '<w:r><w:commentReference w:id="7"/></w:r>'
    '<w:r><w:t xml:space="preserve"> tonnes of silt</w:t></w:r>'
    '<w:r><w:footnoteReference w:id="1"/></w:r>'
    "<w:r><w:t>.</w:t></w:r></w:p>"
)


def build_reviewed_docx(path: Path) -> Path:
    """The harbour document after review: a comment, a footnote and two tracked changes."""
    rels = DOC_RELS.replace(
        "</Relationships>",
        rel("rId8", COMMENTS_REL, "comments.xml")
        + rel("rId9", FOOTNOTES_REL, "footnotes.xml")
        + "</Relationships>",
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("word/document.xml", document_xml(REVIEWED_BODY))
        z.writestr("word/_rels/document.xml.rels", rels)
        z.writestr("word/styles.xml", STYLES)
        z.writestr("word/numbering.xml", NUMBERING)
        z.writestr("word/media/image1.png", png_bytes())
        z.writestr("word/comments.xml", COMMENTS_XML)
        z.writestr("word/footnotes.xml", FOOTNOTES_XML)
        z.writestr("docProps/core.xml", CORE)
    return path


def test_docx_comment_becomes_an_editors_note_where_it_was_made(tmp_path):
    story = parse(build_reviewed_docx(tmp_path / "reviewed.docx"))[0]
    (paragraph,) = [b for b in story.body if isinstance(b, str) and "Dredging" in b]
    assert "250,000{>> Ann Lee: Check the tonnage with the port <<} tonnes of silt" in paragraph
    assert "[AL1]" not in " ".join(b for b in story.body if isinstance(b, str))


def test_docx_footnote_is_kept_as_a_markdown_footnote(tmp_path):
    story = parse(build_reviewed_docx(tmp_path / "reviewed.docx"))[0]
    text = [b for b in story.body if isinstance(b, str)]
    assert any("tonnes of silt[^1]." in b for b in text)
    assert text[-1] == "[^1]: Port authority annual report, 2023."
    assert not any("↑" in b for b in text)


def test_docx_tracked_changes_are_accepted_and_the_notes_say_so(tmp_path):
    story = parse(build_reviewed_docx(tmp_path / "reviewed.docx"))[0]
    body = " ".join(b for b in story.body if isinstance(b, str))
    assert "250,000" in body
    assert "200,000" not in body
    assert "2 tracked changes were accepted" in story.notes


def test_docx_without_tracked_changes_says_nothing_about_them(tmp_path):
    story = parse(build_docx(tmp_path / "harbour.docx"))[0]
    assert "tracked" not in story.notes
