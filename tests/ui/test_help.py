"""The Help menu: Keyboard Shortcuts lists every shortcut of the window and no two actions share
one; the User Guide is docs/guide.md; About names the version, the store and the licences; Open
Log Folder shows the log folder."""

from __future__ import annotations

from spellhelp import english_speller

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence

from desk import __version__, paths

from desk.ui.help import clashes, window_bindings


def test_the_help_menu_is_last_with_its_four_commands(window):
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[-1] == "&Help"
    assert [a.text() for a in window.menu_help.actions() if not a.isSeparator()] == [
        "&Keyboard Shortcuts",
        "Desk &User Guide",
        "Open &Log Folder",
        "&About Desk",
    ]


def test_keyboard_shortcuts_lists_every_shortcut_of_the_window(qtbot, window):
    window.action_shortcuts.trigger()
    dialog = window.shortcuts_dialog
    qtbot.addWidget(dialog)
    rows = dialog.rows()
    listed = {(command, key) for command, keys, _ in rows for key in keys.split(", ")}
    for action in window.findChildren(QAction):
        for keys in action.shortcuts():
            text = keys.toString(QKeySequence.SequenceFormat.NativeText)
            label = action.text().replace("&", "")
            assert (label, text) in listed, (label, text)
    assert ("Italic", "Ctrl+I") in listed
    assert ("Import…", "Ctrl+Shift+I") in listed
    assert ("Preferences…", "Ctrl+,") in listed
    assert [keys for command, keys, _ in rows if command == "Zoom In"] == ["Ctrl++, Ctrl+="]
    where = {command: place for command, _, place in rows}
    assert where["Import…"] == "File"
    assert where["Check Story"] == "Story"
    assert where["Show Library"] == "View"
    dialog.filter.setText("ctrl+e")
    assert [r[0] for r in dialog.rows()] == ["Export…"]


def test_no_two_actions_of_the_window_share_a_shortcut(window):
    assert clashes(window_bindings(window)) == []


def test_ctrl_v_on_the_photo_strip_pastes_a_photo(qtbot, store, make_window):
    from PySide6.QtGui import QColor, QGuiApplication, QImage

    article = store.articles.create(headline="Paste", body_md="Text.")
    window = make_window(show=True)
    window.open_article(article.id)
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("navy"))
    QGuiApplication.clipboard().setImage(image)
    panel = window.photo_panel
    panel.show()
    panel.strip.setFocus()
    with qtbot.waitSignal(panel.photosAdded, timeout=15_000):
        window.action_paste.trigger()
    assert [f.photo.format for f in store.figures.for_story(article.id)] == ["PNG"]
    panel.thumbs.wait(15_000)


def test_the_clash_check_can_fail(window):
    """Guard: a second window action on Ctrl+I (as File > Import once was) is caught."""
    extra = QAction("Import again", window)
    extra.setShortcut(QKeySequence("Ctrl+I"))
    window.addAction(extra)
    window.menu_file.addAction(extra)
    found = clashes(window_bindings(window))
    assert any("Ctrl+I" in line and "Italic" in line and "Import again" in line for line in found)


def test_ctrl_i_italicises_again(qtbot, make_window):
    window = make_window(show=True)
    window.new_article()
    window.editor.setPlainText("word")
    window.editor.selectAll()
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.toPlainText() == "*word*"


def test_the_user_guide_is_the_guide_in_docs(qtbot, window):
    window.action_guide.trigger()
    dialog = window.guide_dialog
    qtbot.addWidget(dialog)
    shown = dialog.browser.toPlainText()
    assert "Desk User Guide" in shown
    assert "Your first story" in shown
    assert paths.guide_text().startswith("# Desk User Guide")


def test_about_names_the_version_the_store_and_the_licences(qtbot, store, window):
    window.action_about.trigger()
    dialog = window.about_dialog
    qtbot.addWidget(dialog)
    text = dialog.summary.text()
    assert f"Desk {__version__}" in text
    assert str(store.root) in text
    items = [dialog.licences.topLevelItem(i) for i in range(dialog.licences.topLevelItemCount())]
    licences = {item.text(0).lower(): item.text(2) for item in items}
    assert "qt" in licences
    assert "babel" in licences
    assert "BSD" in licences["babel"]
    assert licences["jinja2"]
    assert all(licences.values())


def test_open_log_folder_opens_the_platforms_log_folder(window, monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window.action_log_folder.trigger()
    assert [u.toLocalFile() for u in opened] == [str(paths.log_dir())]
    assert paths.log_dir().is_dir()


def test_a_feature_adds_its_bundled_parts_to_about(qtbot, window, monkeypatch):
    from desk.ui import help as help_menu

    monkeypatch.setattr(help_menu, "ABOUT_TABS", [])
    help_menu.register_about_tab("Dictionaries", lambda: [("en_US", "2020.12", "LGPL-2.1")])
    help_menu.register_about_tab("Nothing yet", list)  # no rows: no tab
    window.action_about.trigger()
    dialog = window.about_dialog
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QTabWidget

    tabs = dialog.findChild(QTabWidget)
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Libraries and licences",
        "Dictionaries",
    ]


def test_about_lists_the_installed_dictionaries_with_their_package(qtbot, window):
    english_speller()  # skips (in CI: fails) without Enchant and an English dictionary
    from PySide6.QtWidgets import QTabWidget, QTreeWidget

    from desk.ui import writingprefs  # noqa: F401  (registers the tab, as the window does)

    window.action_about.trigger()
    dialog = window.about_dialog
    qtbot.addWidget(dialog)
    tabs = dialog.findChild(QTabWidget)
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert "Dictionaries" in titles
    tree = tabs.widget(titles.index("Dictionaries"))
    assert isinstance(tree, QTreeWidget)
    rows = [
        [tree.topLevelItem(i).text(c) for c in range(3)] for i in range(tree.topLevelItemCount())
    ]
    english = [row for row in rows if row[0].endswith("en_US")]
    assert english, rows
    assert english[0][0].startswith("English")
    assert english[0][2]  # a licence, or where to find it
