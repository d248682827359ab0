"""The open story's tag chips wrap onto new lines and never overlap one another or the entry
below them, however narrow or short the Tags dock is."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QMainWindow, QToolButton

from desk.ui.hub import Hub
from desk.ui.tags import TagPanel

TAGS = ["Syria", "Idlib province", "Conflict", "Khan Sheikhun", "Turkey", "Hayat Tahrir al-Sham",
        "Russia", "United Nations", "Ceasefire", "Refugees"]  # fmt: skip


def chip_rects(panel: TagPanel) -> list[QRect]:
    """Each visible chip's rectangle in the dock's coordinates."""
    chips = [c for c in panel.chips.findChildren(QToolButton) if c.isVisible()]
    return [QRect(c.mapTo(panel, c.rect().topLeft()), c.size()) for c in chips]


def in_dock(panel: TagPanel, widget) -> QRect:
    """A widget's rectangle in the dock's coordinates."""
    return QRect(widget.mapTo(panel, widget.rect().topLeft()), widget.size())


@pytest.mark.parametrize(("width", "height"), [(260, 320), (200, 600), (420, 260), (240, 160)])
def test_chips_wrap_without_overlapping_each_other_or_the_entry(qtbot, store, width, height):
    article = store.articles.create(headline="Talks", body_md="Text.")
    store.tags.tag(article.id, TAGS)
    window = QMainWindow()
    qtbot.addWidget(window)
    panel = TagPanel(store, Hub(window), window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
    window.resize(width, height)
    window.show()
    panel.open_article(article.id)
    qtbot.waitUntil(lambda: len(chip_rects(panel)) == len(TAGS))
    qtbot.wait(50)  # let the layouts settle
    rects = chip_rects(panel)
    rows = {r.top() for r in rects}
    assert len(rows) > 1  # they wrapped
    for i, one in enumerate(rects):
        for other in rects[i + 1 :]:
            assert not one.intersects(other), (one, other)
    entry = in_dock(panel, panel.entry)
    area = in_dock(panel, panel.chips)
    for rect in rects:
        assert area.contains(rect), (rect, area)  # inside their own area: nothing hidden
        assert not rect.intersects(entry), (rect, entry)
        assert rect.right() <= panel.width()


def test_a_very_long_tag_does_not_widen_the_dock(qtbot, store):
    """A 66-character tag made its chip, then the dock, 450 px wide: it is shortened with an
    ellipsis, and its tooltip and accessible name give it whole."""
    long_tag = "international-summit-on-climate-finance-and-loss-and-damage-funding"
    article = store.articles.create(headline="Talks", body_md="Text.")
    store.tags.tag(article.id, [long_tag])
    window = QMainWindow()
    qtbot.addWidget(window)
    panel = TagPanel(store, Hub(window), window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
    window.resize(600, 400)
    window.show()
    panel.open_article(article.id)
    qtbot.waitUntil(lambda: len(chip_rects(panel)) == 1)
    (chip,) = [c for c in panel.chips.findChildren(QToolButton) if c.isVisible()]
    assert "…" in chip.text()
    assert long_tag in chip.toolTip()
    assert long_tag in chip.accessibleName()
    assert chip.sizeHint().width() <= chip.fontMetrics().averageCharWidth() * 30
