"""The one body model: a story body (Markdown) as blocks and figures (desk.body.model), and the
edits made to it (desk.body.edits). Everything that needs to know what a body holds asks here.
"""

from __future__ import annotations

from desk.body.edits import (
    append_block,
    figure_line,
    insert_block,
    markdown_alt,
    move_figure,
    normalise,
    prepend_block,
    remove_figure,
    renumber,
    reorder_figures,
    set_alt,
    set_lead,
)
from desk.body.model import (
    FIGURE_SCHEME,
    Block,
    Body,
    FigureRef,
    Placement,
    arrange,
    char_count,
    figure_id_of,
    note_spans,
    notes,
    parse,
    plain_text,
    public_markdown,
    reference_spans,
    word_count,
)

__all__ = [
    "FIGURE_SCHEME",
    "Block",
    "Body",
    "FigureRef",
    "Placement",
    "append_block",
    "arrange",
    "char_count",
    "figure_id_of",
    "figure_line",
    "insert_block",
    "markdown_alt",
    "move_figure",
    "normalise",
    "note_spans",
    "notes",
    "parse",
    "plain_text",
    "prepend_block",
    "public_markdown",
    "reference_spans",
    "remove_figure",
    "renumber",
    "reorder_figures",
    "set_alt",
    "set_lead",
    "word_count",
]
