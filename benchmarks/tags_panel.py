"""How long the Tags dock takes to refresh with 5,000 tags and 100,000 story-tag links.

Builds its own store in a temporary folder (bulk inserts), then times the bare GROUP BY query
(Store.tags()) and the panel's full refresh (query + model reset + completer list), offscreen.
Run: .venv/bin/python benchmarks/tags_panel.py [--tags N] [--links N] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from desk.store import Store
from desk.tagnames import tag_norm

from desk.ui.hub import Hub
from desk.ui.tags import TagPanel


def build(store: Store, n_tags: int, n_links: int, n_stories: int) -> None:
    """Fill the store with stories, tags and random links, in bulk (one transaction)."""
    rng = random.Random(5)
    now = "2026-11-25T12:00:00.000Z"
    with store.transaction() as db:
        db.conn.executemany(
            "INSERT INTO articles (id, slug, headline, created, modified, status) "
            "VALUES (?, ?, ?, ?, ?, 'draft')",
            ((i, f"story-{i}", f"Story {i}", now, now) for i in range(1, n_stories + 1)),
        )
        words = ["Syria", "Économie", "Élection", "ÖPNV", "idlib", "Paris", "Ankara"]
        names = [f"Tag {i:05d} {rng.choice(words)}" for i in range(n_tags)]
        db.conn.executemany(
            "INSERT INTO tags (id, name, norm, kind) VALUES (?, ?, ?, '')",
            ((i + 1, name, tag_norm(name)) for i, name in enumerate(names)),
        )
        links: set[tuple[int, int]] = set()
        while len(links) < n_links:
            links.add((rng.randint(1, n_stories), rng.randint(1, n_tags)))
        db.conn.executemany("INSERT INTO article_tags (article_id, tag_id) VALUES (?, ?)", links)


def timings(work: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds for each of `repeat` runs of work()."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(label: str, times: list[float]) -> str:
    """'label: median 12.3 ms, p99 15.0 ms (n=50)'."""
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    median = statistics.median(times)
    return f"{label:34} median {median:6.1f} ms   p99 {p99:6.1f} ms  (n={len(times)})"


def main() -> None:
    """Build the data, time the query and the panel refresh, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tags", type=int, default=5000)
    parser.add_argument("--links", type=int, default=100_000)
    parser.add_argument("--stories", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder, Store.open(folder) as store:
        start = time.perf_counter()
        build(store, args.tags, args.links, args.stories)
        print(f"built {args.tags} tags, {args.links} links in {time.perf_counter() - start:.1f} s")
        body = " ".join(["Shelling in Idlib as talks in Ankara and Paris stall."] * 80)
        store.articles.update(1, body_md=body)
        suggest = timings(lambda: store.tags.suggest(1), args.repeat)
        print(summary("Store.tags.suggest() (800 words)", suggest))
        panel = TagPanel(store, Hub())
        panel.resize(320, 700)
        panel.show()
        app.processEvents()
        print(summary("Store.tags() (GROUP BY query)", timings(store.tags.all, args.repeat)))
        print(summary("TagPanel.refresh()", timings(panel.refresh, args.repeat)))

        def refresh_and_paint() -> None:
            panel.refresh()
            panel.view.viewport().repaint()

        print(summary("TagPanel.refresh() + repaint", timings(refresh_and_paint, args.repeat)))
        panel.filter_box.setText("syria")
        print(summary("refresh with 'syria' filter typed", timings(panel.refresh, args.repeat)))
        panel.close()


if __name__ == "__main__":
    main()
