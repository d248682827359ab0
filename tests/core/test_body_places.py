"""Placing and moving figure blocks by where they go in the body (a photo dropped between two
paragraphs, a card dragged to another place): desk.body.insert_before and move_figure_to."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from test_body import _IDS, FAST, PLAIN_BODIES

from desk import body

TEXT = "Para one.\n\n![](figure:1)\n\nPara two.\n\n![x](figure:2)\n\nPara three.\n"


def test_insert_before_puts_a_block_of_its_own_between_blocks():
    assert body.insert_before(TEXT, 2, "![](figure:9)") == (
        "Para one.\n\n![](figure:1)\n\n![](figure:9)\n\n"
        "Para two.\n\n![x](figure:2)\n\nPara three.\n"
    )
    opening = body.parse(body.insert_before(TEXT, 0, "![](figure:9)"))
    assert opening.lead_id == 9  # before the first block: the lead photo
    at_end = body.insert_before(TEXT, 99, "![](figure:9)")
    assert at_end.endswith("Para three.\n\n![](figure:9)\n")
    assert body.insert_before("", 0, "![](figure:9)") == "![](figure:9)\n"


def test_move_figure_to_takes_the_block_and_its_blank_line_along():
    assert body.move_figure_to(TEXT, 1, 4) == (
        "Para one.\n\nPara two.\n\n![x](figure:2)\n\n![](figure:1)\n\nPara three.\n"
    )
    assert body.move_figure_to(TEXT, 2, 0) == (
        "![x](figure:2)\n\nPara one.\n\n![](figure:1)\n\nPara two.\n\nPara three.\n"
    )
    assert body.move_figure_to(TEXT, 2, 5).endswith("Para three.\n\n![x](figure:2)\n")


def test_move_figure_to_its_own_place_or_an_unknown_figure_changes_nothing():
    for index in (1, 2):
        assert body.move_figure_to(TEXT, 1, index) == TEXT
    assert body.move_figure_to(TEXT, 7, 0) == TEXT
    glued = "Para one.\n![](figure:1)\n\nPara two."
    assert body.move_figure_to(glued, 1, 3) == glued  # normalise first


def _placed_before(parsed: body.Body, index: int, leaving: int | None = None) -> int:
    """How many placed figures sit in blocks before block `index`."""
    return sum(1 for p in parsed.placements if p.block < index and p.figure_id != leaving)


@FAST
@given(PLAIN_BODIES, st.integers(min_value=0, max_value=30))
def test_a_new_figure_lands_as_a_block_exactly_where_it_was_dropped(text, index):
    text = body.normalise(text)
    before = body.parse(text)
    after = body.parse(body.insert_before(text, index, body.figure_line(99)))
    where = _placed_before(before, index)
    assert after.figure_ids == [*before.figure_ids[:where], 99, *before.figure_ids[where:]]
    assert not after.placement(99).stray


@FAST
@given(PLAIN_BODIES, _IDS, st.integers(min_value=0, max_value=30))
def test_a_moved_figure_keeps_every_figure_and_goes_where_it_was_dropped(text, figure_id, index):
    text = body.normalise(text)
    before = body.parse(text)
    moved = body.move_figure_to(text, figure_id, index)
    after = body.parse(moved)
    assert sorted(after.figure_ids) == sorted(before.figure_ids)
    placement = before.placement(figure_id)
    if placement is None or placement.stray or before.duplicates or moved == text:
        return
    rest = [f for f in before.figure_ids if f != figure_id]
    where = _placed_before(before, index, leaving=figure_id)
    assert after.figure_ids == [*rest[:where], figure_id, *rest[where:]]
    assert not after.placement(figure_id).stray
