"""The floor of Desk's launch: the widgets of Desk's first frame built in plain PySide6.

    python benchmarks/firstframe.py STORY.md

No Desk module is imported: a window with the same kinds of widgets Desk shows before its
first frame (the library's search box, filters and empty table, the story's form, its text in
a plain-text editor, a placeholder where the preview comes, a menu bar of Desk's size and a
status bar), Fusion with Desk's style sheet, the text opened from a file as ReText opens its
own. benchmarks/report.py times it to the window shown beside Desk, so the launch figure can
be read as what PySide6 itself costs and what Desk adds to it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

QSS = Path(__file__).resolve().parent.parent / "resources" / "qss" / "desk.qss"
MENUS = ("&File", "&Edit", "&Story", "&Insert", "&Format", "&View", "&Tools", "&Help")


class Rows(QAbstractTableModel):
    """An empty library (Desk's rows arrive from a worker after the first frame too)."""

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008  (Qt's signature)
        return 0

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 4

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return ("Headline", "Status", "Section", "Modified")[section]
        return None


def library(parent: QWidget) -> QWidget:
    """Search box, three filters and the table."""
    pane = QWidget(parent)
    layout = QVBoxLayout(pane)
    search = QLineEdit(pane)
    search.setPlaceholderText("Search stories")
    search.setClearButtonEnabled(True)
    layout.addWidget(search)
    filters = QHBoxLayout()
    for items in (("All statuses", "Draft", "Ready"), ("Any check", "Blocked"), ("All sections",)):
        box = QComboBox(pane)
        box.addItems(list(items))
        filters.addWidget(box)
    layout.addLayout(filters)
    view = QTableView(pane)
    view.setModel(Rows(view))
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    layout.addWidget(view, 1)
    layout.addWidget(QLabel("0 stories", pane))
    return pane


def story(parent: QWidget, text: str) -> QWidget:
    """The story's fields above its text."""
    column = QWidget(parent)
    layout = QVBoxLayout(column)
    form = QFormLayout()
    for name in ("Headline", "Standfirst", "Byline", "Dateline"):
        form.addRow(name, QLineEdit(column))
    section = QComboBox(column)
    section.setEditable(True)
    form.addRow("Section", section)
    layout.addLayout(form)
    editor = QPlainTextEdit(column)
    editor.setPlainText(text)
    layout.addWidget(editor, 1)
    return column


def main() -> int:
    """Show the window and run until it is closed."""
    text = Path(sys.argv[1]).read_text(encoding="utf-8") if len(sys.argv) > 1 else ""
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    app.setStyleSheet(QSS.read_text(encoding="utf-8"))
    window = QMainWindow()
    for title in MENUS:
        menu = window.menuBar().addMenu(title)
        for n in range(10):
            action = QAction(f"{title.strip('&')} {n}", window)
            action.setShortcut(QKeySequence(f"Ctrl+Alt+{n}"))
            menu.addAction(action)
    splitter = QSplitter(Qt.Orientation.Horizontal, window)
    splitter.addWidget(library(splitter))
    splitter.addWidget(story(splitter, text))
    splitter.addWidget(QLabel("Preview", splitter))
    window.setCentralWidget(splitter)
    for label in ("Draft", "10,000 words", "All changes saved"):
        window.statusBar().addPermanentWidget(QLabel(label, window))
    window.resize(1200, 800)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
