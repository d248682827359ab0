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
    """Stories (the seed wire story with a photo, and two more), tags and sections."""
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
        photo = store.photos.add(
            REPO / "tests" / "fixtures" / "photos" / "04_gps-nikon-coolpix-p6000.jpg"
        )
        waiting = [f for f in store.figures.for_story(seed.id) if f.image_id is None]
        if waiting:
            store.figures.replace_photo(waiting[0].id, photo.id)
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
        if args.show == "preferences":
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


if __name__ == "__main__":
    main()
