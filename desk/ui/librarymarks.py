"""What the library shows of each story's check, embargo and publishing: a mark beside its
status (blocked, to look at, clean), "until …" for a story under embargo, "queued" or "not
published" for a story waiting in the publishing outbox, and the filter by check or embargo.

The marks come from desk.checkstate (recorded off the typing path), read in the library's query
lane with the listing: one query for every story's mark, one for the embargoes and one for the
outbox, so a library of 10,000 stories lists as fast as before (benchmarks/checks.py).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from desk import checkstate, corrections, embargo
from desk.publish import records

BLOCKED, WARNINGS, CLEAN = checkstate.BLOCKED, checkstate.WARNINGS, checkstate.CLEAN
UNCHECKED, EMBARGOED = checkstate.UNCHECKED, checkstate.EMBARGOED
CHECK_FILTERS = (
    ("", "Any check"),
    (BLOCKED, "Blocked"),
    (WARNINGS, "To look at"),
    (CLEAN, "Clean"),
    (UNCHECKED, "Not checked yet"),
    (EMBARGOED, "Under embargo"),
)
# Each mark: its glyph, its colour (readable on light and dark rows) and what it says.
MARK_LOOK = {
    BLOCKED: ("✕", "#c62828", "Blocked"),
    WARNINGS: ("!", "#b26a00", "To look at"),
    CLEAN: ("✓", "#2e7d32", "Clean"),
}


@dataclass
class Listing:
    """A library query's stories with every story's mark and (future) embargo."""

    rows: list[Any]
    marks: dict[int, checkstate.Mark] = field(default_factory=dict)
    embargoes: dict[int, str] = field(default_factory=dict)
    waiting: dict[int, str] = field(default_factory=dict)  # id -> queued or failed (outbox)
    withdrawn: set[int] = field(default_factory=set)


def held_embargo(until: str | None) -> str | None:
    """The embargo when it is still to come, else None."""
    return until if until and embargo.embargoed(_Held(until)) else None


@dataclass
class _Held:
    """Just enough of an Article for embargo.embargoed()."""

    embargo: str


def listing(store: Any, rows: list[Any], check: str = "") -> Listing:
    """The rows with their marks and embargoes, only those matching the check filter."""
    marks = checkstate.marks(store)
    held = embargo.held_stories(store)
    if check:
        rows = [r for r in rows if checkstate.matches(r.id, check, marks, held)]
    gone = set(corrections.withdrawn(store))
    return Listing(rows, marks, held, records.waiting_stories(store), gone)


# How a story waiting in the publishing outbox is marked, and what its tooltip says.
WAITING_LOOK = {
    records.QUEUED: (
        "queued",
        "Queued to publish: Desk sends it when the target answers again (Publishing dock).",
    ),
    records.FAILED: (
        "not published",
        "Publishing failed: the Publishing dock says why; fix it and publish again.",
    ),
}


def status_text(
    status: str, until: str | None, waiting: str | None = None, withdrawn: bool = False
) -> str:
    """'Ready', 'Ready · until 3 Dec 10:00' for a story under embargo (local time),
    '· queued' or '· not published' for one waiting in the outbox, 'Withdrawn'."""
    shown = corrections.shown_status(status, withdrawn).capitalize()
    moment = embargo.embargo_time(until) if until else None
    if moment is not None:
        local = moment.astimezone()
        shown += f" · until {local.day} {local:%b %H:%M}"
    if waiting in WAITING_LOOK:
        shown += f" · {WAITING_LOOK[waiting][0]}"
    return shown


def tooltip(
    mark: checkstate.Mark | None, until: str | None, waiting: str | None = None
) -> list[str]:
    """What the status cell's tooltip adds: the check, the embargo and the outbox."""
    lines = []
    if mark is None:
        lines.append("Not checked yet")
    else:
        lines.append(f"{MARK_LOOK[mark.state][2]}: {mark.text.lower()}")
        if mark.summary:
            lines.append(mark.summary)
    if until:
        lines.append(f"Embargoed until {embargo.human(until)} (kept off the site until then)")
    if waiting in WAITING_LOOK:
        lines.append(WAITING_LOOK[waiting][1])
    return lines


@functools.cache
def mark_icon(state: str) -> QIcon:
    """A round mark with a glyph (not colour alone): ✕ blocked, ! to look at, ✓ clean."""
    glyph, colour, _ = MARK_LOOK[state]
    size = 32
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(QRectF(2, 2, size - 4, size - 4))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(20)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, glyph)
    painter.end()
    return QIcon(pixmap)
