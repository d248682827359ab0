"""Preferences (Ctrl+,): every page's settings round-trip through config.toml and a restart; a
bad value is one sentence and nothing is written; the window follows the settings; the headline
limit moves from the old QSettings key into config.toml."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QPlainTextEdit, QSpinBox

from desk import config, settings

from desk.ui.fields import LanguageBox
from desk.ui.pairsedit import PairsEdit
from desk.ui.preferences import PAGES, open_preferences
from desk.ui.preferencesdialog import PreferencesDialog

# A value other than the default for every key the dialog shows.
EXAMPLES = {
    "reporter.name": "Jane Doe",
    "reporter.byline": "By Jane Doe in Paris",
    "reporter.agency": "AFP",
    "stories.section": "World",
    "stories.sections": ["World", "Politics", "Sport"],
    "stories.language": "fr",
    "limits.headline": 82,
    "limits.standfirst": 240,
    "limits.slug": 50,
    "checks.lead_width": 1600,
    "checks.word_tolerance": 30,
    "checks.notes": "block",
    "export.base_url": "https://news.example.com/stories/",
    "export.site_name": "The Example Times",
    "export.publisher_name": "Example Media Ltd",
    "export.publisher_logo": "https://news.example.com/logo.png",
    "export.publisher_url": "https://news.example.com/",
    "export.widths": [640, 1280],
    "export.jpeg_quality": 75,
    "export.webp_quality": 70,
    "export.background": "#000000",
    "export.twitter_site": "@example",
    "preview.mode": "plain",
    "appearance.theme": "dark",
    "limits.alert": 100,
    "stories.target_words": 600,
    "spelling.check": "off",
    "spelling.prefer": ["en_GB"],
    "style.check": "off",
    "writing.expansions": {"afp": "AFP", "idl": "Idlib, Syria"},
}


def type_value(widget, value) -> None:
    """Enter a value in a setting's editor as a user would."""
    if isinstance(widget, QSpinBox):
        widget.setValue(value)
    elif isinstance(widget, PairsEdit):
        for code, text in value.items():
            widget.add_row(code, text)
    elif isinstance(widget, LanguageBox):
        widget.setEditText(value)
        widget.lineEdit().editingFinished.emit()
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex(widget.findData(value))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText("\n".join(value))
    elif isinstance(widget, QLineEdit):
        widget.setText(", ".join(map(str, value)) if isinstance(value, list) else str(value))


def shown_value(widget):
    """What a setting's editor shows."""
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, PairsEdit):
        return widget.value()
    if isinstance(widget, LanguageBox):
        return widget.code()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText().splitlines()
    return widget.text()


def test_every_setting_round_trips_through_a_restart(qtbot, make_window):
    window = make_window()
    dialog = open_preferences(window)
    keys = [key for page in PAGES for key in page.keys]
    assert set(keys) == set(EXAMPLES)  # the example list covers every key the dialog shows
    for key in keys:
        type_value(dialog.editors[key].widget, EXAMPLES[key])
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible()
    assert settings.current_values() == {**settings.current_values(), **EXAMPLES}
    window.close()

    again = make_window()  # a restart: a new window reads the file
    reopened = PreferencesDialog(again)
    qtbot.addWidget(reopened)
    for key in keys:
        expected = EXAMPLES[key]
        if isinstance(expected, list) and key == "export.widths":
            expected = ", ".join(map(str, expected))
        assert shown_value(reopened.editors[key].widget) == expected, key
    assert again.metadata.headline_limit == 82
    assert again.metadata.standfirst_limit == 240


def test_a_bad_value_is_one_sentence_and_nothing_is_written(qtbot, window):
    settings.save({"reporter.name": "Kept"})
    before = config.config_path().read_text(encoding="utf-8")
    dialog = open_preferences(window)
    dialog.editors["reporter.agency"].widget.setText("Reuters")
    dialog.editors["export.base_url"].widget.setText("news.example.com")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible()  # not closed
    assert dialog.error.isVisible()
    said = dialog.error.text()
    assert "“Base URL” must be an address starting with https://" in said  # the field's name
    assert "export." not in said  # not the file's key
    assert PAGES[dialog.page_list.currentRow()].title == "Export"  # shows where to fix it
    assert config.config_path().read_text(encoding="utf-8") == before  # the agency neither


def test_ctrl_comma_opens_preferences_in_the_edit_menu(qtbot, make_window):
    window = make_window(show=True)
    assert window.action_preferences in window.menu_edit.actions()
    assert "Ctrl+," in [k.toString() for k in window.action_preferences.shortcuts()]
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(window, "preferences_dialog", None) is not None)
    assert window.preferences_dialog.isVisible()
    window.preferences_dialog.reject()


def test_the_window_follows_a_change_at_once(qtbot, window):
    dialog = open_preferences(window, "Limits")
    assert PAGES[dialog.page_list.currentRow()].title == "Limits"
    dialog.editors["limits.headline"].widget.setValue(40)
    dialog.editors["stories.sections"].widget.setPlainText("Weather\nWorld")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Apply).click()
    assert window.metadata.headline_limit == 40
    combo = window.metadata.section
    assert [combo.itemText(i) for i in range(combo.count())][:2] == ["Weather", "World"]


def test_restore_defaults_shows_the_pages_defaults(qtbot, window):
    settings.save({"limits.headline": 90})
    dialog = open_preferences(window, "Limits")
    assert dialog.editors["limits.headline"].widget.value() == 90
    dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).click()
    assert dialog.editors["limits.headline"].widget.value() == 70
    dialog.apply()
    assert settings.current("limits.headline") == 70


def test_the_old_headline_limit_moves_into_the_settings_file(qtbot, make_window, tmp_path):
    from PySide6.QtCore import QSettings

    old = QSettings(str(tmp_path / "old.ini"), QSettings.Format.IniFormat)
    old.setValue("editor/headline_limit", 64)
    window = make_window(settings=old)
    assert window.metadata.headline_limit == 64
    assert config.read_config()["limits"]["headline"] == 64
    assert old.value("editor/headline_limit") is None


def test_story_headline_limit_writes_the_settings_file(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getInt", lambda *args: (55, True))
    window.action_headline_limit.trigger()
    assert settings.current("limits.headline") == 55
    assert window.metadata.headline_limit == 55


def test_no_target_length_reads_as_in_the_storys_form(qtbot, window):
    """Preferences showed the target length as '0' where the form says 'No target'."""
    dialog = open_preferences(window)
    box = dialog.editors["stories.target_words"].widget
    assert box.value() == 0
    assert box.text() == window.metadata.target.text() == "No target"
