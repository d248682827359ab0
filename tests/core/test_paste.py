"""Clean paste: real clipboard HTML from Google Docs and Word (tests/fixtures/paste, sources
and licences in its README) becomes the Markdown a reporter expects."""

from __future__ import annotations

from conftest import FIXTURES

from desk.paste import html_to_markdown

PASTE = FIXTURES / "paste"


def pasted(name: str) -> str:
    return html_to_markdown((PASTE / name).read_bytes()).markdown


def test_google_docs_headings_paragraphs_and_line_breaks():
    assert pasted("gdocs-headings-and-paragraphs.html") == (
        "This is a test of headings and paragraphs.\n\n"
        "## Heading 1\n\n"
        "Some text.\n\n"
        "Another paragraph.\n\n"
        "## Heading 2\n\n"
        "Another paragraph in the middle.  \nBut with a line break.\n\n"
        "### Heading 3\n\n"
        "Some final text."
    )


def test_google_docs_bold_italic_and_links_without_the_docs_wrapper():
    markdown = pasted("gdocs-inline-formatting.html")
    first, second, third = markdown.split("\n\n")
    assert first == "This is a test of inline formatting."  # not bold: the wrapper is no <b>
    assert second.startswith("This **is bold** ***and italic*** *or just italic*")
    assert "[linked (to GitHub)](https://github.com/)" in second
    assert "underlined" in second  # the text stays, its styling goes
    assert "font" not in markdown
    assert third.startswith("Some text is superscript")


def test_google_docs_nested_lists_stay_nested():
    markdown = pasted("gdocs-lists.html")
    assert (
        "- This is\n- A bulleted\n- List of stuff.\n    - With\n    - Subitems\n"
        "        - And\n        - Sub-subitems\n            1. But numbered not bulleted!\n"
        "- This item has line breaks. Here is a second line."
    ) in markdown
    assert "1. This is\n2. A numbered\n3. List of stuff.\n    1. With" in markdown


def test_a_google_docs_paste_counts_the_pictures_it_leaves_out():
    result = html_to_markdown((PASTE / "gdocs-lists.html").read_bytes())
    assert result.pictures_left_out == 2  # the checklist's two tick boxes
    assert "data:image" not in result.markdown


def test_word_headings_bold_italic_and_links():
    assert pasted("word2013-paragraphs-with-headers.html").startswith(
        "## Transforming Turn-Key Content\n\nOur initiative standardizes a wide-ranging "
        "partnership, while pursuing"
    )
    assert pasted("word2013-bold.html") == "**This text is only bolded.**"
    assert pasted("word2013-italic.html") == "*This text is only italicized.*"
    assert pasted("word2013-link.html") == "There is a [link here](http://www.google.com)."


def test_word_list_paragraphs_become_markdown_lists():
    assert pasted("word2013-ordered-list.html") == (
        "1. This\n2. Is\n3. A\n4. One\n5. Level\n6. Ordered\n7. List"
    )
    assert pasted("word2013-unordered-list.html").startswith("- This\n- Is\n- A\n")
    nested = pasted("word2016-list-indentation.html")
    assert nested.startswith("1. 1\n    1. a\n    2. b\n")
    assert nested.endswith("4. 4\n    1. a\n        1. i\n            - o\n                - O")


def test_a_whole_word_clipboard_document_drops_its_head_styles_and_junk():
    markdown = pasted("word2013-inline-styles.html")
    assert markdown.startswith("**Deploy Career InSite 2.1 Salary System Test**\n\n## I. Test\n\n")
    assert "- External-only: Run through all steps" in markdown
    assert "mso" not in markdown
    assert "LatentStyles" not in markdown
    assert "\\" not in markdown.replace("\\-", "")


def test_the_windows_clipboard_header_and_a_plain_web_page():
    header = "Version:0.9\r\nStartHTML:0000000105\r\nEndHTML:0000000200\r\n"
    html = header + "<html><body><!--StartFragment--><p>One <em>two</em></p>"
    html += "<blockquote><p>Quoted</p></blockquote><ul><li>a</li><li>b</li></ul></body></html>"
    assert html_to_markdown(html).markdown == "One *two*\n\n> Quoted\n\n- a\n- b"
