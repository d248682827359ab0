"""The Help menu's dialogs: Keyboard Shortcuts, the User Guide and About Desk."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk import config, paths

from desk.ui import help as help_menu
from desk.ui.help import window_bindings


class ShortcutsDialog(QDialog):
    """Help > Keyboard Shortcuts: every shortcut, filterable by command or key."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts")
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter by command or key")
        self.filter.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Command", "Shortcut", "Where"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        rows: dict[tuple[str, str], list[str]] = {}
        for binding in window_bindings(window):  # one row per command, its keys together
            rows.setdefault((binding.command, binding.where), []).append(binding.text)
        for (command, where), keys in rows.items():
            QTreeWidgetItem(self.tree, [command, ", ".join(keys), where])
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.filter.textChanged.connect(self._filter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(620, 560)

    def rows(self) -> list[tuple[str, str, str]]:
        """The rows shown (command, keys, where)."""
        items = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        return [(i.text(0), i.text(1), i.text(2)) for i in items if not i.isHidden()]

    def _filter(self, typed: str) -> None:
        """Show the rows whose command, keys or place contain the typed text."""
        needle = typed.casefold().strip()
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            text = " ".join(item.text(c) for c in range(3)).casefold()
            item.setHidden(bool(needle) and needle not in text)


class GuideDialog(QDialog):
    """Help > User Guide: docs/guide.md, the same text the repository shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle("Desk User Guide")
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        self.browser.setMarkdown(paths.guide_text())
        self.browser.document().setDocumentMargin(16)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(720, 640)


class AboutDialog(QDialog):
    """Help > About Desk: version, where the store, settings and log are, and the licences."""

    def __init__(self, window) -> None:
        from desk import about  # reads every library's metadata: only when asked

        super().__init__(window)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Desk")
        store = f"{window.store.root}" + (" (read-only)" if window.read_only else "")
        summary = QLabel(self)
        summary.setObjectName("aboutSummary")
        summary.setTextFormat(Qt.TextFormat.RichText)
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary.setWordWrap(True)
        rows = [
            ("Store", store),
            ("Settings", str(config.config_path())),
            ("Log", str(paths.log_dir())),
            (
                "Runs on",
                f"Python {platform.python_version()}, Qt {qVersion()}, "
                f"PySide6 {pyside_version}, {platform.system()} {platform.release()}",
            ),
        ]
        cells = "".join(
            f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{_escape(v)}</td></tr>" for k, v in rows
        )
        summary.setText(
            f"<h2>Desk {about.version()}</h2>"
            "<p>An offline editorial workstation: write, caption, tag, check and export news "
            "stories. MIT licence.</p>"
            f"<table>{cells}</table>"
        )
        self.licences = QTreeWidget(self)
        self.licences.setObjectName("aboutLicences")
        self.licences.setHeaderLabels(["Library", "Version", "Licence"])
        self.licences.setRootIsDecorated(False)
        QTreeWidgetItem(self.licences, ["Qt", qVersion(), "LGPL-3.0-only (through PySide6)"])
        QTreeWidgetItem(self.licences, ["Python", platform.python_version(), "PSF-2.0"])
        for lib in about.bundled_libraries():
            QTreeWidgetItem(self.licences, [lib.name, lib.version, lib.licence])
        self.licences.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        tabs = QTabWidget(self)
        tabs.addTab(self.licences, "Libraries and licences")
        for title, rows in help_menu.ABOUT_TABS:
            found = rows()
            if not found:
                continue
            tree = QTreeWidget(self)
            tree.setHeaderLabels(["Name", "Version", "Licence"])
            tree.setRootIsDecorated(False)
            for row in found:
                QTreeWidgetItem(tree, list(row))
            tabs.addTab(tree, title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(tabs, 1)
        layout.addWidget(buttons)
        self.summary = summary
        self.resize(640, 560)


def _escape(text: str) -> str:
    """Text safe inside rich text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
