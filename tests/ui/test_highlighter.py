"""The Markdown highlighter: what it shades, and that heavy re-highlighting does not crash.

PySide6 6.12.0 crashes the interpreter (none_dealloc) in a highlighted editor on Python 3.11 after
a few thousand setFormat() calls; test_rehighlighting_a_long_story_many_times_does_not_crash
is the canary that keeps that version out.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QPalette, QTextCharFormat, QTextCursor, QTextDocument

from desk.ui.editor import BodyEditor
from desk.ui.highlighter import IN_FENCE, IN_NOTE, NORMAL, MarkdownHighlighter

STORY_PARAGRAPH = (
    "The **minister** said on *Tuesday* that [the report](https://example.org/r) was "
    "`final`. {>> check the quote with the desk <<} Officials _declined_ to comment."
)


def highlighted(text: str) -> tuple[QTextDocument, MarkdownHighlighter]:
    """A document holding text, highlighted with the default palette."""
    document = QTextDocument()
    highlighter = MarkdownHighlighter(document, QPalette())
    document.setPlainText(text)
    highlighter.rehighlight()  # a document without a view is highlighted lazily
    return document, highlighter


def format_at(document: QTextDocument, line: int, column: int):
    """The highlighter's character format at a line and column."""
    block = document.findBlockByNumber(line)
    ranges = block.layout().formats()
    for fmt_range in ranges:
        if fmt_range.start <= column < fmt_range.start + fmt_range.length:
            return QTextCharFormat(fmt_range.format)  # a copy that outlives the list
    return None


def block_formats(document: QTextDocument, line: int) -> list[tuple[int, int, QTextCharFormat]]:
    """Every format range the highlighter gave a line (copies)."""
    ranges = document.findBlockByNumber(line).layout().formats()
    return [(r.start, r.length, QTextCharFormat(r.format)) for r in ranges]


def test_headings_are_bold(qapp):
    document, _ = highlighted("## A subhead\nplain")
    assert format_at(document, 0, 5).fontWeight() == QFont.Weight.Bold
    assert format_at(document, 1, 2) is None


def test_emphasis_strong_and_links(qapp):
    document, _ = highlighted(STORY_PARAGRAPH)
    text = STORY_PARAGRAPH
    assert format_at(document, 0, text.index("minister")).fontWeight() == QFont.Weight.Bold
    assert format_at(document, 0, text.index("Tuesday")).fontItalic()
    assert format_at(document, 0, text.index("the report")).fontUnderline()
    assert format_at(document, 0, text.index("declined")).fontItalic()
    assert format_at(document, 0, text.index("said")) is None


def test_editors_notes_are_shaded_across_lines(qapp):
    document, highlighter = highlighted("Before {>> a note\nthat goes on <<} after\nplain")
    note = highlighter.formats["note"]
    first = format_at(document, 0, len("Before {>> "))
    assert first is not None
    assert first.background() == note.background()
    assert format_at(document, 0, 0) is None
    assert document.findBlockByNumber(0).userState() == IN_NOTE
    assert format_at(document, 1, 3).background() == note.background()
    assert format_at(document, 1, len("that goes on <<} a")) is None
    assert document.findBlockByNumber(1).userState() == NORMAL


def test_a_figure_line_is_a_link_until_its_card_lays_it_out(qapp):
    document, highlighter = highlighted("Text.\n\n![Rescue boat](figure:12)\n")
    fmt = format_at(document, 2, 3)
    assert fmt is not None
    assert fmt.fontUnderline()  # a link: the highlighter does not know figures
    assert format_at(document, 0, 1) is None
    own = QTextCharFormat()
    own.setFontPointSize(40)
    highlighter.laid_out = lambda block: [(0, 1, own)] if block.blockNumber() == 2 else None
    highlighter.rehighlight()
    assert format_at(document, 2, 0).fontPointSize() == 40  # what the card asked for
    assert format_at(document, 2, 3) is None  # and nothing else on that line


def test_quotes_lists_and_fenced_code(qapp):
    document, _highlighter = highlighted("> quoted\n- item\n```\n# not a heading\n```\nafter")
    assert format_at(document, 0, 3).fontItalic()
    assert format_at(document, 1, 0).fontWeight() == QFont.Weight.Bold
    assert document.findBlockByNumber(2).userState() == IN_FENCE
    assert format_at(document, 3, 3).fontFixedPitch()
    assert document.findBlockByNumber(4).userState() == NORMAL
    assert format_at(document, 5, 1) is None


def test_colours_follow_the_palette(qapp):
    light, dark = QPalette(), QPalette()
    dark.setColor(QPalette.ColorRole.Link, QPalette().color(QPalette.ColorRole.Highlight).darker())
    document = QTextDocument()
    highlighter = MarkdownHighlighter(document, light)
    before = highlighter.formats["link"].foreground().color()
    highlighter.set_palette(dark)
    assert highlighter.formats["link"].foreground().color() != before


def test_rehighlighting_a_long_story_many_times_does_not_crash(qtbot):
    story = "\n\n".join(
        f"## Part {i}\n\n{STORY_PARAGRAPH}\n\n- a *list* item\n\n![Photo {i}](figure:{i})"
        for i in range(400)
    )
    editor = BodyEditor()  # the real editor: a QPlainTextEdit with the highlighter attached
    qtbot.addWidget(editor)
    editor.load_text(story)
    document, highlighter = editor.document(), editor.highlighter
    assert document.blockCount() > 3000
    qtbot.waitUntil(lambda: not highlighter.pending, timeout=30_000)  # a long body: in slices
    for _ in range(20):  # each pass makes several thousand setFormat() calls
        highlighter.rehighlight()
    last = document.blockCount() - 1
    assert document.findBlockByNumber(last).text().startswith("![Photo 399]")
    assert format_at(document, last, 2).fontUnderline()


def test_a_long_body_is_highlighted_at_once_on_top_and_the_rest_in_slices(qtbot):
    from desk.ui import highlighter as module

    lines = module.LAZY_BLOCKS + 600
    story = "\n".join(f"## Part {i}" if i % 2 else "Some *words* here." for i in range(lines))
    editor = BodyEditor()
    qtbot.addWidget(editor)
    editor.load_text(story)
    document, highlighter = editor.document(), editor.highlighter
    assert highlighter.pending
    assert format_at(document, 1, 4).fontWeight() == QFont.Weight.Bold  # the top: at once
    last = document.blockCount() - 1
    assert format_at(document, last, 4) is None  # the end: not yet
    qtbot.waitUntil(lambda: not highlighter.pending, timeout=30_000)
    assert format_at(document, last, 4).fontWeight() == QFont.Weight.Bold
    # The same formats as highlighting it all at once.
    whole = BodyEditor()
    qtbot.addWidget(whole)
    whole.highlighter.defer_rest(0)
    whole.setPlainText(story)
    for n in range(0, lines, 97):
        assert block_formats(document, n) == block_formats(whole.document(), n), n


def test_typing_in_a_long_body_while_it_is_highlighted_keeps_every_line_right(qtbot):
    from desk.ui import highlighter as module

    story = "\n\n".join("A *line*." for _ in range(module.LAZY_BLOCKS))
    editor = BodyEditor()
    qtbot.addWidget(editor)
    editor.load_text(story + "\n\n```\ncode *not emphasis*\n```\n\nAfter *it*.")
    editor.moveCursor(QTextCursor.MoveOperation.Start)
    editor.insertPlainText("## ")
    document, highlighter = editor.document(), editor.highlighter
    qtbot.waitUntil(lambda: not highlighter.pending, timeout=30_000)
    assert format_at(document, 0, 4).fontWeight() == QFont.Weight.Bold
    last = document.blockCount() - 1
    inside = format_at(document, last - 3, 6)  # "code *not emphasis*", inside the fence
    assert inside is not None
    assert not inside.fontItalic()
    assert format_at(document, last, 7).fontItalic()  # after it: emphasis again
