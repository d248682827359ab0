"""The panels other modules add to the main window (docks, menu actions, the editor's tools),
installed in one place and in this order.

They are imported here, not by desk.ui.mainwindow, so the window can show the library and the
open story before their modules load (MainWindow(staged=True) installs them on the event
loop's first pass; benchmarks/README.md says what that saves).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from desk.ui.checkspanel import install_checks_panel
from desk.ui.deletestory import install_delete_action
from desk.ui.exportdialog import install_export_action
from desk.ui.figurecards import install_figure_cards
from desk.ui.help import install_help_menu
from desk.ui.historydialog import install_history_action
from desk.ui.importer import install_import_actions
from desk.ui.library import install_library_hooks
from desk.ui.photos import PhotoPanel
from desk.ui.preferences import install_preferences
from desk.ui.publishing import install_publish_actions
from desk.ui.recovery import install_backup_actions
from desk.ui.storyflow import install_story_flow
from desk.ui.tags import TagPanel
from desk.ui.writing import install_writing_tools

if TYPE_CHECKING:
    from desk.ui.mainwindow import MainWindow


def install_panels(window: MainWindow) -> None:
    """Add every panel to the window (docks on the right, actions in the menus)."""
    window.tag_panel = TagPanel(window.store, window.hub, window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.tag_panel)
    window.menu_view.addAction(window.tag_panel.toggleViewAction())
    window.photo_panel = PhotoPanel(window.store, window.hub, window, jobs=window.jobs)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, window.photo_panel)
    window.menu_view.addAction(window.photo_panel.toggleViewAction())
    window.menu_story.addActions([window.photo_panel.action_add, window.photo_panel.action_library])
    window.figure_cards = install_figure_cards(window)  # figures as cards; photos dropped in
    window.action_import = install_import_actions(window)
    window.action_export = install_export_action(window)
    window.action_history = install_history_action(window)
    window.action_delete = install_delete_action(window)
    install_backup_actions(window)
    install_publish_actions(window)
    window.action_preferences = install_preferences(window)
    window.checks_panel = install_checks_panel(window)  # also Story > Check Story
    install_story_flow(window)
    install_library_hooks(window)
    install_writing_tools(window)  # spelling, house style, find/replace, paste, outline ...
    install_help_menu(window)
