"""Make the README's screenshots: a demo store, Desk in light or dark colours, one dialog open.

    ../shared/tools/screenshot docs/tour-dark.png -- .venv/bin/python docs/screenshots.py \\
        --theme dark --show export

The demo store is built in a temporary folder from tests/fixtures (the seed story and photos);
nothing of yours is touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHOWS = (
    "none",
    "cards",
    "preferences",
    "shortcuts",
    "about",
    "guide",
    "export",
    "empty",
    "search",
    "checks",
)


def demo_store(root: Path) -> None:
    """Stories (the seed wire story, its figures partly filled, and two more), tags, sections."""
    from desk.importers import parse
    from desk.importers.commit import commit_story
    from desk.store import Store

    with Store.open(root) as store:
        store.articles.create(
            headline="Budget vote delayed until next week",
            authors=["Sam Reid"],
            section="Politics",
            body_md="The vote slipped again.",
        )
        store.articles.create(
            headline="Ferry services resume after the storm",
            standfirst="Crossings to the islands restart at dawn.",
            authors=["Nadia Okafor"],
            section="Local",
            status="ready",
            body_md="The first ferry left at six.\n\n## Timetable\n\nSailings run hourly.",
        )
        seed_file = REPO / "tests" / "fixtures" / "seed" / "000_c7c2bbecfcf24f2b.txt"
        [story] = parse(seed_file)
        seed = commit_story(store, story)
        store.articles.update(seed.id, status="editing")
        photos = REPO / "tests" / "fixtures" / "photos"
        waiting = [f for f in store.figures.for_story(seed.id) if f.image_id is None]
        # Figure 1 gets a camera photo, Figure 3 one marked as AI-generated (its card and page
        # say so); Figures 2 and 4 still await theirs, as the wire sent them.
        names = ["04_gps-nikon-coolpix-p6000.jpg", None, "11_iptc-ref-ai-generated.jpg"]
        for figure, name in zip(waiting, names, strict=False):
            if name:
                store.figures.replace_photo(figure.id, store.photos.add(photos / name).id)
        store.tags.tag(seed.id, ["Syria", "Idlib", "Conflict", "Khan Sheikhun", "Turkey"])


def main() -> None:
    """Open Desk on the demo store and the chosen dialog."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--show", choices=SHOWS, default="none")
    parser.add_argument("--page", default="", help="Preferences page to open")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="desk-shots-"))
    os.environ["DESK_CONFIG"] = str(home / "config")
    os.environ["DESK_LOG_DIR"] = str(home / "log")
    sys.path.insert(0, str(REPO))
    from desk import settings
    from desk.logs import setup_logging

    setup_logging()

    settings.save({"appearance.theme": args.theme, "reporter.name": "Layal Abou Rahal",
                   "stories.sections": ["World", "Politics", "Local", "Sport"]})  # fmt: skip
    store_root = home / "store"
    if args.show != "empty":
        demo_store(store_root)

    from PySide6.QtCore import QTimer

    from desk.ui.app import create_window, ensure_app

    app = ensure_app()
    window = create_window(store_root)
    window.show()

    def open_dialog() -> None:
        if args.show == "none":
            show_cards(window)
        elif args.show == "cards":  # the text alone: a figure awaiting its photo, one dropped
            window.action_show_library.setChecked(False)
            window.action_show_preview.setChecked(False)
            show_cards(window, figure=1, drop_hint=True)
        elif args.show == "preferences":
            from desk.ui.preferences import open_preferences

            open_preferences(window, args.page or "Reporter")
        elif args.show == "shortcuts":
            window.action_shortcuts.trigger()
        elif args.show == "about":
            window.action_about.trigger()
        elif args.show == "guide":
            window.action_guide.trigger()
        elif args.show == "export":
            window.action_export.trigger()
        elif args.show == "search":
            window.library.search_box.setText("offensive")
        elif args.show == "checks":
            window.action_check.trigger()

    QTimer.singleShot(1500, open_dialog)
    sys.exit(app.exec())


def show_cards(window, figure: int = 0, drop_hint: bool = False) -> None:
    """The text scrolled to one of its figure cards, selected, with the Photos dock showing the
    same figure by the same number (drop_hint: as while a photo is dragged over the card)."""
    window.photo_panel.show()
    window.photo_panel.raise_()
    cards = window.figure_cards
    if len(cards.cards) <= figure:
        return
    card = cards.cards[figure]
    window.editor.setFocus()
    cards.select_card(card)
    window.photo_panel.select(card.figure_id)
    window.editor.centerCursor()
    if drop_hint:
        cards.drops.show(("card", card.figure_id))


if __name__ == "__main__":
    main()
