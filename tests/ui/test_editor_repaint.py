"""What the body editor repaints as keys arrive (desk.ui.textlayout): the paragraph typed in,
even when its formats move, and everything below it when its height changes."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QTextCursor

from desk.ui.editor import BodyEditor

LINKED = "Officials said [the report](https://example.org/r) was final, and *nothing* more."


def shown_editor(qtbot, text: str) -> BodyEditor:
    """A visible body editor of a fixed size holding text, highlighted and painted."""
    editor = BodyEditor()
    qtbot.addWidget(editor)
    editor.resize(420, 360)
    editor.load_text(text)
    editor.show()
    qtbot.waitExposed(editor)
    qtbot.wait(50)
    return editor


def requested_while(qtbot, editor: BodyEditor, keys: str) -> list[QRect]:
    """The viewport rectangles the editor asked to repaint while these keys were typed."""
    rects: list[QRect] = []

    def record(rect: QRect, dy: int) -> None:
        rects.append(QRect(rect))

    editor.updateRequest.connect(record)
    for key in keys:
        qtbot.keyClick(editor, key)
    qtbot.wait(20)
    editor.updateRequest.disconnect(record)
    return rects


def put_cursor(editor: BodyEditor, line: int, column: int = 0) -> None:
    """The cursor at a line and column of the body."""
    block = editor.document().findBlockByNumber(line)
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + column)
    editor.setTextCursor(cursor)
    editor.setFocus()


def test_typing_before_a_link_repaints_that_paragraph_only(qtbot):
    editor = shown_editor(qtbot, "\n\n".join([LINKED] * 12))
    put_cursor(editor, 2)  # the second paragraph: its link and emphasis move with each key
    block = editor.document().findBlockByNumber(2)
    assert block.layout().formats(), "the paragraph has formats that typing moves"
    rects = requested_while(qtbot, editor, "abc")
    assert editor.document().findBlockByNumber(2).text().startswith("abcOfficials")
    geometry = editor.blockBoundingGeometry(block).translated(editor.contentOffset())
    height = editor.viewport().height()
    assert rects
    assert all(r.height() < height for r in rects), "the whole editor was repainted"
    assert all(r.top() >= int(geometry.top()) - 1 for r in rects)
    assert all(r.bottom() <= int(geometry.bottom()) + 1 for r in rects)


def test_a_paragraph_that_grows_a_line_repaints_what_is_below_it(qtbot):
    editor = shown_editor(qtbot, "\n\n".join([LINKED] * 12))
    put_cursor(editor, 2)
    block = editor.document().findBlockByNumber(2)
    lines = block.layout().lineCount()
    height = editor.viewport().height()
    for _ in range(200):  # type until the paragraph wraps onto one more line
        rects = requested_while(qtbot, editor, "w")
        if block.layout().lineCount() > lines:
            break
    else:
        raise AssertionError("the paragraph never wrapped")
    below = editor.blockBoundingGeometry(block).translated(editor.contentOffset()).bottom()
    assert any(r.bottom() >= min(height - 1, int(below) + 10) for r in rects)


def test_formats_stay_right_after_typing_in_a_formatted_paragraph(qtbot):
    editor = shown_editor(qtbot, "\n\n".join([LINKED] * 3))
    put_cursor(editor, 2, len("Officials said "))
    qtbot.keyClicks(editor, "xyz ")
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    typed = editor.document().findBlockByNumber(2)
    fresh = shown_editor(qtbot, editor.toPlainText())
    same = fresh.document().findBlockByNumber(2)
    assert typed.text() == same.text()

    def spans(block) -> list[tuple[int, int, bool]]:
        return [(r.start, r.length, r.format.fontUnderline()) for r in block.layout().formats()]

    assert spans(typed) == spans(same)
    assert typed.layout().lineCount() == same.layout().lineCount()
