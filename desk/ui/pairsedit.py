"""An editor for a setting of code=text pairs (text expansion codes): a two-column table."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


class PairsEdit(QWidget):
    """Rows of (code, text); value() gives them as a dict, empty rows left out."""

    def __init__(self, parent: QWidget | None = None, headers=("Code", "Expands to")) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(150)
        add = QPushButton("&Add", self)
        add.clicked.connect(self.add_row)
        remove = QPushButton("&Remove", self)
        remove.clicked.connect(self.remove_rows)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add_row(self, code: str = "", text: str = "") -> int:
        """Add a row (and start editing its code when it is empty); returns its index."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(code))
        self.table.setItem(row, 1, QTableWidgetItem(text))
        if not code:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(self.table.item(row, 0))
        return row

    def remove_rows(self) -> None:
        """Remove the selected rows."""
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)

    def value(self) -> dict[str, str]:
        """The rows as {code: text} (rows with an empty code and text are left out)."""
        out: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            code = (self.table.item(row, 0) or QTableWidgetItem()).text().strip()
            text = (self.table.item(row, 1) or QTableWidgetItem()).text().strip()
            if code or text:
                out[code] = text
        return out

    def set_value(self, value: dict[str, str]) -> None:
        """Show these pairs."""
        self.table.setRowCount(0)
        for code, text in value.items():
            self.add_row(code, text)
