"""Preferences pages of the writing tools: Spelling (the check, the dictionaries installed, the
word lists in the store), House Style (the rules file, edited here or by hand) and Text
Expansion (the codes). The settings keys are desk.settings'; the word lists and the rules live in
the store, so their editors save at once and say so."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk import housestyle, spelling
from desk.errors import BadInput, DeskError
from desk.languages import language_name
from desk.wordlists import NEWSROOM, PERSONAL, WordLists

from desk.ui.help import register_about_tab
from desk.ui.preferences import Page, register_page


def window_of(widget: QWidget):
    """The main window behind the Preferences dialog a page sits in."""
    dialog = widget.window()
    return dialog.parentWidget()


def dictionary_label(tag: str) -> str:
    """'English (United States) — en_US'."""
    name = language_name(tag.replace("_", "-")) or tag
    return f"{name} — {tag}"


# -- Spelling -------------------------------------------------------------------------------------


class SpellingExtras(QWidget):
    """The dictionaries installed, and the personal and newsroom word lists (saved at once)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("spellingExtras")
        self.main = window_of(parent)
        installed = spelling.installed_dictionaries()
        problem = spelling.spelling_problem()
        self.dictionaries = QListWidget(self)
        self.dictionaries.setObjectName("installedDictionaries")
        self.dictionaries.addItems([dictionary_label(t) for t in installed])
        self.dictionaries.setMaximumHeight(96)
        note = (
            f"Spelling is off on this computer: {problem}."
            if problem
            else "Stories are checked in their language with these dictionaries. More come "
            "from your system's packages (on Debian: hunspell-fr, hunspell-de-de, hunspell-es…)."
        )
        self.note = QLabel(note, self)
        self.note.setWordWrap(True)
        self.lists = {PERSONAL: QListWidget(self), NEWSROOM: QListWidget(self)}
        grid = QGridLayout()
        for column, (scope, title) in enumerate(
            ((PERSONAL, "Your dictionary"), (NEWSROOM, "Newsroom word list"))
        ):
            box = self.lists[scope]
            box.setObjectName(f"{scope}Words")
            box.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
            grid.addWidget(QLabel(f"<b>{title}</b>", self), 0, column)
            grid.addWidget(box, 1, column)
            row = QHBoxLayout()
            add = QPushButton("Add…", self)
            add.clicked.connect(lambda _c=False, s=scope: self.ask_word(s))
            remove = QPushButton("Remove", self)
            remove.clicked.connect(lambda _c=False, s=scope: self.remove_selected(s))
            row.addWidget(add)
            row.addWidget(remove)
            row.addStretch(1)
            grid.addLayout(row, 2, column)
            for button in (add, remove):
                button.setEnabled(not getattr(self.main, "read_only", True))
        saved = QLabel("The word lists are kept in the store and saved at once.", self)
        saved.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(QLabel("<b>Dictionaries installed</b>", self))
        layout.addWidget(self.dictionaries)
        layout.addWidget(self.note)
        layout.addSpacing(6)
        layout.addLayout(grid)
        layout.addWidget(saved)
        self.reload()

    @property
    def word_lists(self) -> WordLists | None:
        """The window's store's word lists."""
        return WordLists(self.main.store) if self.main is not None else None

    def reload(self) -> None:
        """Show both lists as the store has them."""
        lists = self.word_lists
        for scope, box in self.lists.items():
            box.clear()
            if lists is not None:
                for entry in lists.entries(scope):
                    suffix = f"  ({entry.language})" if entry.language else ""
                    box.addItem(entry.word + suffix)
                    box.item(box.count() - 1).setData(Qt.ItemDataRole.UserRole, entry.word)

    def ask_word(self, scope: str) -> None:
        """Ask for a word and add it."""
        word, ok = QInputDialog.getText(self, "Add a word", "Word (a name, a place, a spelling):")
        if ok and word.strip():
            self.add_word(word, scope)

    def add_word(self, word: str, scope: str) -> bool:
        """Add a word to a list (every language) and let the editor follow."""
        try:
            self.word_lists.add(word, scope)  # type: ignore[union-attr]
        except DeskError as exc:
            self.note.setText(str(exc))
            return False
        self._changed()
        return True

    def remove_selected(self, scope: str) -> int:
        """Remove the selected words of a list."""
        box = self.lists[scope]
        words = [i.data(Qt.ItemDataRole.UserRole) for i in box.selectedItems()]
        try:
            for word in words:
                self.word_lists.remove(word, scope)  # type: ignore[union-attr]
        except DeskError as exc:
            self.note.setText(str(exc))
        self._changed()
        return len(words)

    def _changed(self) -> None:
        """A list changed: show it and check the open story again."""
        self.reload()
        tools = getattr(self.main, "proofreading", None)
        if tools is not None:
            tools.refresh()


# -- House style ----------------------------------------------------------------------------------


class HouseStyleExtras(QWidget):
    """The store's rules file: where it is, its rules, and buttons to edit or open it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("houseStyleExtras")
        self.main = window_of(parent)
        self.root = self.main.store.root if self.main is not None else None
        self.where = QLabel(self)
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rules = QTreeWidget(self)
        self.rules.setObjectName("houseStyleRules")
        self.rules.setHeaderLabels(["Rule", "Finds", "What it says"])
        self.rules.setRootIsDecorated(False)
        self.rules.setColumnWidth(0, 140)
        self.rules.setColumnWidth(1, 230)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.hide()
        edit = QPushButton("&Edit Rules…", self)
        edit.clicked.connect(self.edit_rules)
        edit.setEnabled(self.root is not None and not self.main.read_only)
        folder = QPushButton("Show the &File", self)
        folder.setToolTip("Open the store folder, to edit house-style.yaml in another editor")
        folder.clicked.connect(self.show_folder)
        row = QHBoxLayout()
        row.addWidget(edit)
        row.addWidget(folder)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.where)
        layout.addWidget(self.rules, 1)
        layout.addWidget(self.problem)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        """Show the rules as the file has them (or why they cannot be read)."""
        self.rules.clear()
        if self.root is None:
            return
        path = housestyle.ensure_file(self.root)
        self.where.setText(
            f"The rules are in {path} (the format is described at its top and in the README)."
        )
        try:
            style = housestyle.load(self.root)
        except DeskError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.problem.hide()
        for rule in style.rules:
            message = rule.message.replace("{match}", "…").replace("{replacement}", "…")
            item = QTreeWidgetItem(self.rules, [rule.name, rule.finds, message])
            item.setToolTip(1, rule.finds)
            item.setToolTip(2, message)

    def edit_rules(self) -> bool:
        """Edit the rules file in a dialog that checks it before saving."""
        dialog = RulesDialog(self, self.root)
        saved = dialog.exec() == QDialog.DialogCode.Accepted
        if saved:
            self.reload()
            tools = getattr(self.main, "proofreading", None)
            if tools is not None:
                tools.refresh()
        return saved

    def show_folder(self) -> None:
        """Show the store folder in the file manager."""
        if self.root is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.root)))


class RulesDialog(QDialog):
    """house-style.yaml in a plain text editor; Save checks every rule first."""

    def __init__(self, parent: QWidget, root) -> None:
        super().__init__(parent)
        self.setWindowTitle("House Style Rules")
        self.resize(720, 560)
        self.root = root
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("houseStyleText")
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlainText(housestyle.rules_path(root).read_text(encoding="utf-8"))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        restore = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.setToolTip("Show Desk's default rules (saved with Save)")
        restore.clicked.connect(lambda: self.text.setPlainText(housestyle.default_text()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def save(self) -> bool:
        """Write the rules when every one is valid; else say what is wrong and keep them open."""
        try:
            housestyle.save_text(self.root, self.text.toPlainText())
        except BadInput as exc:
            self.error.setText(str(exc))
            return False
        self.accept()
        return True


register_page(
    Page(
        "Spelling",
        "Misspelt words are underlined as you type and listed by Check Story; right-click one "
        "for suggestions. A story's tags, byline and authors are never flagged.",
        ["spelling.check", "spelling.prefer"],
        extra=SpellingExtras,
    )
)
register_page(
    Page(
        "House Style",
        'The newsroom\'s rules of usage ("more than", not "over", with numbers; '
        '"per cent"…), underlined with a dotted line and listed by Check Story.',
        ["style.check"],
        extra=HouseStyleExtras,
    )
)
register_page(
    Page(
        "Text Expansion",
        "Type a code between equals signs, e.g. =afp=, and it becomes its text when you type "
        "the closing '=' (in the body, the story's fields, captions, credits and alt text). "
        "Ctrl+Z brings the code back.",
        ["writing.expansions"],
    )
)


# -- Help > About: the dictionaries ---------------------------------------------------------------


def dictionary_rows() -> list[tuple[str, str, str]]:
    """(dictionary, version, licence) of each installed dictionary, for Help > About (Debian's
    package and its copyright file where dpkg knows them)."""
    rows = []
    for tag in spelling.installed_dictionaries():
        package, version = _debian_package(tag)
        licence = (
            f"see /usr/share/doc/{package}/copyright"
            if package
            else "see the dictionary's own files"
        )
        rows.append((dictionary_label(tag), version or "installed", licence))
    return rows


def _debian_package(tag: str) -> tuple[str, str]:
    """The Debian package holding a Hunspell dictionary, and its version (('', '') if none)."""
    import shutil
    import subprocess
    from pathlib import Path

    path = Path("/usr/share/hunspell") / f"{tag}.dic"
    if not path.exists() or shutil.which("dpkg-query") is None:
        return "", ""
    try:
        owner = subprocess.run(
            ["dpkg-query", "-S", str(path)], capture_output=True, text=True, timeout=3
        ).stdout
        package = owner.split(":", 1)[0].strip() if ":" in owner else ""
        if not package:
            return "", ""
        version = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", package],
            capture_output=True,
            text=True,
            timeout=3,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "", ""
    return package, version


register_about_tab("Dictionaries", dictionary_rows)
