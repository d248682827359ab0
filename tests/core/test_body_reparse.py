"""Parsing an edited body from the last parse (desk.body.reparse) gives what parsing it whole
gives: random bodies built from every kind of block a story holds (fences left open, loose
lists, setext headings, tables that interrupt paragraphs, HTML blocks, notes over blank lines,
figures and strays), edited the ways typing and the figure verbs edit them, each parse started
from the one before, as the window's saves and checks do. On the same bodies, the block at a
line is found by the blocks' starts as a walk over them finds it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk import body
from desk.body.model import _parse, _Unit

PIECES = [
    "A paragraph of news.",
    "A paragraph\nover two lines.",
    "## A subhead",
    "Setext heading\n---",
    "Setext\n===",
    "- one\n- two",
    "- loose\n\n- list",
    "1. first\n2. second",
    "3) later",
    "  - indented item\n    continued",
    "```\ncode\n\nmore code\n```",
    "```python",
    "~~~",
    "    indented code",
    "> a quote\nlazy line",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "| a | b |",
    "|---|---|",
    "<div>\nhtml\n</div>",
    "<!-- a comment",
    "-->",
    "<pre>",
    "</pre>",
    "***",
    "---",
    "![A boat](figure:3)",
    "![Lead](figure:1)",
    "Text with ![a stray](figure:5) inside.",
    "{>> a note\n\nover a blank line <<}",
    "{>> short note <<}",
    "[ref]: https://example.org",
    "",
    "   ",
    "TK the the  double",
]
LINE_BITS = ["", "x", "```", "- ", "1. ", "# ", "> ", "    ", "---", "|", "<div>", "{>>", "<<}"]


@st.composite
def bodies(draw) -> str:
    """A body of pieces separated by one or two line breaks."""
    pieces = draw(st.lists(st.sampled_from(PIECES), min_size=0, max_size=30))
    seps = draw(st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n"]), min_size=len(pieces)))
    return "".join(p + s for p, s in zip(pieces, seps, strict=False))


@st.composite
def edits(draw) -> tuple[str, float, str]:
    """(what, where as a fraction of the text, what is put in)."""
    kind = draw(st.sampled_from(["type", "enter", "delete", "line", "piece", "cut"]))
    where = draw(st.floats(min_value=0, max_value=1))
    payload = draw(st.sampled_from(PIECES) if kind == "piece" else st.sampled_from(LINE_BITS))
    return kind, where, payload


def edited(text: str, edit: tuple[str, float, str]) -> str:
    """The text after one edit."""
    kind, where, payload = edit
    at = int(where * len(text))
    if kind == "type":
        return text[:at] + (payload or "a") + text[at:]
    if kind == "enter":
        return text[:at] + "\n" + text[at:]
    if kind == "delete":
        return text[:at] + text[at + 1 :]
    if kind == "cut":
        return text[:at] + text[at + max(1, len(text) // 5) :]
    start = text.rfind("\n", 0, at) + 1
    insert = payload if kind == "line" else f"\n{payload}\n"
    return text[:start] + insert + "\n" + text[start:]


def units_of(parsed: body.Body) -> tuple[_Unit, ...]:
    return parsed._units


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies(), st.lists(edits(), min_size=1, max_size=8))
def test_a_body_parsed_from_its_last_version_equals_it_parsed_whole(text, steps):
    last = _parse(text)
    for step in steps:
        text = edited(text, step)
        again = _parse(text, last)
        whole = _parse(text)
        assert again == whole
        assert units_of(again) == units_of(whole)
        last = again


def test_a_fence_opened_in_the_middle_turns_the_rest_into_code_and_closing_it_undoes_that():
    paragraphs = [f"Paragraph {n} of the story." for n in range(200)]
    text = "\n\n".join(paragraphs)
    first = body.parse(text)
    opened = text.replace("Paragraph 100 of", "```\nParagraph 100 of", 1)
    parsed = body.parse(opened)
    assert parsed.blocks[100].kind == "code"
    assert len(parsed.blocks) == 101
    closed = opened.replace("Paragraph 150 of", "```\n\nParagraph 150 of", 1)
    parsed = body.parse(closed)
    assert [b.kind for b in parsed.blocks[99:102]] == ["paragraph", "code", "paragraph"]
    assert parsed == _parse(closed)
    assert first.blocks[0] is parsed.blocks[0]  # the blocks before the change are the old ones


def test_typing_in_a_long_story_moves_the_blocks_after_a_new_line():
    text = "\n\n".join(f"Paragraph {n}, with ![a stray](figure:{n + 1}) in it." for n in range(300))
    before = body.parse(text)
    after = body.parse(text.replace("Paragraph 10,", "Paragraph\nten,", 1))
    assert after.blocks[11].start == before.blocks[11].start + 1
    assert after.blocks[299].strays[0].line == before.blocks[299].strays[0].line + 1
    assert after == _parse(after.text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies())
def test_the_block_at_a_line_is_the_first_block_covering_it(text):
    parsed = body.parse(text)
    for line in range(len(parsed.lines) + 1):
        covering = [n for n, b in enumerate(parsed.blocks) if b.start <= line < b.end]
        assert parsed.block_at(line) == (covering[0] if covering else None)
