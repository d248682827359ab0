"""Markdown rendering: blocks, incremental cache, figures, notes, and sanitising hostile input."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from desk import body, render
from desk.render import Renderer

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)" onclick="alert(2)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click]( javascript:alert(1) )",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<p style="x" onmouseover="alert(1)">hover</p>',
    "<scr<script>ipt>alert(1)</script>",
    "![x](javascript:alert(1))",
    "<body onload=alert(1)>",
    '<a href="jav&#x09;ascript:alert(1)">t</a>',
    "{>> <script>alert(1)</script> <<}",
    "```\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
    "`<script>`",
]


class _Audit(HTMLParser):
    """Collects what a browser would treat as active content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "iframe", "object", "embed", "style", "svg", "img", "body"}:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if value and "javascript:" in "".join(value.lower().split()):
                self.problems.append(f"{tag} {name}={value}")


def assert_harmless(html_text: str) -> None:
    """No script tag, no event handler attribute, no javascript: URL anywhere in the HTML."""
    assert "<script" not in html_text.lower()
    audit = _Audit()
    audit.feed(html_text)
    audit.close()
    assert not audit.problems, (audit.problems, html_text)


def test_h1_becomes_h2_and_quotes_are_typographic():
    html_text = Renderer().render_body('# Title\n\nShe said "no" and it\'s over.')
    assert "<h2>Title</h2>" in html_text
    assert "<h1" not in html_text
    assert "“no”" in html_text
    assert "it’s" in html_text


def test_notes_are_stripped_for_export_and_shaded_for_preview():
    body = "Before {>> check the spelling <<} after."
    exported = Renderer(notes="strip").render_body(body)
    preview = Renderer(notes="show").render_body(body)
    assert "check the spelling" not in exported
    assert "Before" in exported
    assert "after" in exported
    assert "check the spelling" in preview
    assert 'class="critic comment"' in preview


def test_figure_without_renderer_is_a_visible_escaped_placeholder():
    html_text = Renderer().render_body('Text.\n\n![Riot "police" <b>](figure:7)\n\nMore.')
    assert 'data-figure="7"' in html_text
    assert "figure-missing" in html_text
    assert "&lt;b&gt;" in html_text
    assert "<b>" not in html_text
    assert "&quot;police&quot;" in html_text


def test_figure_renderer_gets_id_alt_and_whether_it_is_the_lead():
    calls: list[tuple[int, str, bool]] = []

    def figure(figure_id: int, alt: str, lead: bool) -> str:
        calls.append((figure_id, alt, lead))
        return f'<figure data-id="{figure_id}"></figure>'

    html_text = Renderer().render_body("![First](figure:1)\n\nx\n\n![Second](figure:22)", figure)
    assert calls == [(1, "First", True), (22, "Second", False)]
    assert '<figure data-id="22"></figure>' in html_text


def test_a_stray_figure_shows_after_its_paragraph_and_a_repeat_shows_once():
    calls: list[int] = []

    def figure(figure_id: int, alt: str, lead: bool) -> str:
        calls.append(figure_id)
        return f'<figure data-id="{figure_id}"></figure>'

    text = "Words ![Glued](figure:3) inside.\n\nMore.\n\n![Again](figure:3)"
    html_text = Renderer().render_body(text, figure)
    assert calls == [3]
    assert html_text.index("inside.") < html_text.index('data-id="3"') < html_text.index("More.")


def test_blocks_keep_lists_and_fences_whole():
    text = "Intro.\n\n- one\n- two\n\n- three\n\n```\ncode\n\nmore code\n```\n\nEnd."
    sources = [b.source.strip() for b in body.parse(text).blocks]
    assert sources == [
        "Intro.",
        "- one\n- two\n\n- three",
        "```\ncode\n\nmore code\n```",
        "End.",
    ]


def test_fence_after_a_paragraph_starts_its_own_block():
    sources = [b.source for b in body.parse("A paragraph.\n\n```\ncode\n```").blocks]
    assert sources == ["A paragraph.", "```\ncode\n```"]


def test_blocks_handle_crlf_and_figures():
    blocks = body.parse("One.\r\n\r\n![Alt](figure:5)\r\n\r\nTwo.").blocks
    assert [b.figure_id for b in blocks] == [None, 5, None]
    assert blocks[1].alt == "Alt"


def test_reference_links_resolve_across_blocks():
    html_text = Renderer().render_body(
        "See [the report][r].\n\nMore.\n\n[r]: https://example.org/r"
    )
    assert 'href="https://example.org/r"' in html_text
    assert "[r]:" not in html_text


def test_only_changed_blocks_are_rendered_again(monkeypatch):
    r = Renderer(notes="show")
    body = "\n\n".join(f"Paragraph {i} with some words." for i in range(50))
    r.render_blocks(body)
    converted: list[str] = []
    real_convert = r._md.convert
    monkeypatch.setattr(r._md, "convert", lambda s: converted.append(s) or real_convert(s))
    edited = body.replace("Paragraph 17 with", "Paragraph 17 now with")
    out = r.render_blocks(edited)
    assert converted == ["Paragraph 17 now with some words."]
    assert out[17][1] == "<p>Paragraph 17 now with some words.</p>"
    assert len(out) == 50


def test_incremental_render_equals_fresh_render():
    warm = Renderer(notes="show")
    body = "# Head\n\nOne *two*.\n\n- a\n- b\n\nThree {>> n <<}."
    warm.render_body(body)
    edited = body.replace("*two*", "**two**") + "\n\nFour."
    assert warm.render_body(edited) == Renderer(notes="show").render_body(edited)


def test_known_payloads_are_neutralised():
    for notes in ("strip", "show"):
        r = Renderer(notes=notes)
        for payload in PAYLOADS:
            assert_harmless(r.render_body(payload))
            assert_harmless(r.render_body(f"Some text\n\n{payload}\n\nmore text"))


def test_safe_links_survive_sanitising():
    html_text = Renderer().render_body("[AFP](https://www.afp.com) and <mailto:desk@example.org>")
    assert 'href="https://www.afp.com"' in html_text
    assert "mailto:desk@example.org" in html_text


def test_render_body_convenience_uses_shared_renderers():
    assert render.renderer("strip") is render.renderer("strip")
    assert render.render_body("*x*") == "<p><em>x</em></p>"


_fragments = st.sampled_from([*PAYLOADS, "text", "\n\n", "# h", "- item", "*em*", '"', "<", ">"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_fragments, st.text(max_size=20)), max_size=12))
def test_render_never_emits_active_content(parts):
    body = "".join(parts)
    assert_harmless(Renderer(notes="show").render_body(body))
    assert_harmless(render.render_body(body))


def test_footnotes_are_numbered_linked_both_ways_and_listed_at_the_end():
    body = (
        "The minister said so.[^a] The figures[^b] came later.[^a]\n\n"
        "`[^a]` stays code.\n\n"
        "[^b]: The ministry's\n    own figures.\n[^a]: In an interview with *Desk*.\n"
        "[^c]: Nothing refers to this one."
    )
    html = render.render_body(body)
    first, code, notes = html.split("\n")
    assert first == (
        '<p>The minister said so.<sup class="footnote-ref" id="fnref-a"><a href="#fn-a" '
        'role="doc-noteref">1</a></sup> The figures<sup class="footnote-ref" id="fnref-b">'
        '<a href="#fn-b" role="doc-noteref">2</a></sup> came later.<sup class="footnote-ref" '
        'id="fnref-a-2"><a href="#fn-a" role="doc-noteref">1</a></sup></p>'
    )
    assert code == "<p><code>[^a]</code> stays code.</p>"
    assert notes == (
        '<section class="footnotes" role="doc-endnotes"><ol>'
        '<li id="fn-a">In an interview with <em>Desk</em>. <a href="#fnref-a" '
        'class="footnote-back" role="doc-backlink">↩</a></li>'
        '<li id="fn-b">The ministry’s own figures. <a href="#fnref-b" class="footnote-back" '
        'role="doc-backlink">↩</a></li>'
        '<li id="fn-c">Nothing refers to this one.</li></ol></section>'
    )


def test_a_footnote_is_not_taken_for_a_link_definition_and_unknown_ones_stay_text():
    html = render.render_body(
        "See [^x] and [the site][s].\n\n[s]: https://example.com/\n\n[^y]: A note."
    )
    assert '<a href="https://example.com/" rel="noopener noreferrer">the site</a>' in html
    assert "[^x]" in html
    assert 'href="#fn-y"' not in html.split("<section")[0]
    assert '<li id="fn-y">A note.</li>' in html


def test_hostile_footnote_labels_and_texts_are_harmless():
    html = render.render_body(
        'Text[^"><script>].\n\n[^"><script>]: <img src=x onerror=alert(1)> note'
    )
    assert "<script" not in html
    assert "onerror" not in html


def test_a_field_gets_the_bodys_typography_and_nothing_else():
    assert render.smart_text('Syria\'s "last" stand -- and more...') == (
        "Syria’s “last” stand – and more…"
    )
    assert render.smart_text("Rebels 'withdraw' --- for now") == "Rebels ‘withdraw’ — for now"
    assert render.smart_text("No quotes here") == "No quotes here"
    # plain text stays plain: nothing in a headline is Markdown or HTML
    typed = "1. *Not* <b>bold</b> & [a](b) # it's `x`"
    assert render.smart_text(typed) == "1. *Not* <b>bold</b> & [a](b) # it’s `x`"
    assert render.smart_text("&copy; it's") == "&copy; it’s"


AS_TYPED = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "--", "—": "---",
                          "…": "..."})  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab '\"-.*_#<>&[]()`\\!\t1é")), max_size=40))
def test_a_field_reads_back_as_typed(typed):
    assert render.smart_text(typed).translate(AS_TYPED) == typed.translate(AS_TYPED)
