"""Benchmark: the checks on a library of 10,000 stories, each figure beside its baseline.

- listing: the library's query with every story's check mark and embargo (Store.articles.all
  plus desk.checkstate.marks and desk.embargo.held_stories, as the library's query lane runs it)
  next to the same listing without them;
- stale: finding the stories whose recorded mark is out of date (fingerprints of all of them);
- sweep: checking every story and recording its mark (the background sweep) next to parsing
  every body with the body model alone (what any check must at least do), per story;
- the Checks panel's job on a 10,000-word story (desk.ui.checkspanel.run_checks: the rules
  without spelling and house style, which the editor underlines) next to parsing it, and
  `desk check`'s (every rule, spelling and house style included).

    .venv/bin/python benchmarks/checks.py [--stories 10000] [--reps 15]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402  benchmarks/run.py: the cached stores
from newsgen import NewsText  # noqa: E402

from desk import body, checks, checkstate, embargo  # noqa: E402
from desk.body.model import _parse  # noqa: E402  the parser without its cache
from desk.model import Article  # noqa: E402
from desk.store import Store  # noqa: E402

from desk.ui.checkspanel import Snapshot, run_checks  # noqa: E402  what the panel runs


def median_ms(fn, reps: int) -> tuple[float, float, float]:
    """Median, lowest and highest of reps timings of fn, in milliseconds."""
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times), max(times)


def alternating(first, second, reps: int) -> tuple[tuple, tuple]:
    """median_ms of two functions timed in turn (a shared machine's load falls on both)."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(reps):
        for fn, into in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            fn()
            into.append((time.perf_counter() - started) * 1000)
    return tuple((statistics.median(t), min(t), max(t)) for t in times)  # type: ignore[return-value]


def measure(stories: int = 10_000, reps: int = 15) -> dict:
    """Every figure, on a working copy of the cached store of that many stories."""
    source = bench.ensure_store(stories, print)
    scratch = Path(tempfile.mkdtemp(prefix="desk-checks-bench-"))
    try:
        root = bench.working_copy(source, scratch)
        out: dict = {"stories": stories}
        with Store.open(root) as store:
            ids = [r[0] for r in store.db.query("SELECT id FROM articles ORDER BY id")]
            bodies = [r[0] for r in store.db.query("SELECT body_md FROM articles")]
            started = time.perf_counter()
            for text in bodies:
                _parse(text)  # the floor: the body model alone, no cache
            out["parse_all_s"] = time.perf_counter() - started
            started = time.perf_counter()
            checkstate.sweep(store, ids)
            out["sweep_s"] = time.perf_counter() - started
            out["stale_ms"] = median_ms(lambda: checkstate.stale(store), max(3, reps // 3))
            assert checkstate.stale(store) == []

            def plain() -> None:
                store.articles.all()

            def marked() -> None:
                rows = store.articles.all()
                marks = checkstate.marks(store)
                held = embargo.held_stories(store)
                [checkstate.matches(r.id, "blocked", marks, held) for r in rows]

            for _ in range(2):  # warm both
                plain()
                marked()
            out["list_plain_ms"], out["list_marked_ms"] = alternating(plain, marked, reps)
        long_story = Article(
            slug="long",
            headline="A long story",
            body_md=NewsText(seed=3).story(10_000, 10_000).body_md,
        )
        text = long_story.body_md
        out["panel_parse_ms"] = median_ms(lambda: _parse(text), reps)
        shot = Snapshot(long_story, [], [], [])
        out["panel_check_ms"] = median_ms(lambda: run_checks(shot, None), reps)
        out["writer_check_ms"] = median_ms(
            lambda: checks.check_story(long_story, [], None, [], {}), reps
        )
        out["words"] = body.word_count(text)
        return out
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    """Print the figures (and write benchmarks/out/checks.json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=15)
    args = parser.parse_args()
    m = measure(args.stories, args.reps)
    n = m["stories"]
    marked, plain = m["list_marked_ms"], m["list_plain_ms"]
    print(
        f"library listing of {n:,} stories with marks and embargoes: {marked[0]:.1f} ms "
        f"({marked[1]:.1f}-{marked[2]:.1f}); without: {plain[0]:.1f} ms "
        f"({plain[1]:.1f}-{plain[2]:.1f})"
    )
    print(f"finding stale marks among {n:,}: {m['stale_ms'][0]:.0f} ms")
    print(
        f"sweep: checking and recording {n:,} stories {m['sweep_s']:.1f} s "
        f"({m['sweep_s'] / n * 1000:.2f} ms a story); parsing every body alone "
        f"{m['parse_all_s']:.1f} s ({m['parse_all_s'] / n * 1000:.2f} ms a story)"
    )
    print(
        f"the Checks panel's job on a {m['words']:,}-word story: "
        f"{m['panel_check_ms'][0]:.1f} ms; parsing it alone {m['panel_parse_ms'][0]:.1f} ms; "
        f"`desk check` (spelling and house style too) {m['writer_check_ms'][0]:.1f} ms"
    )
    (bench.OUT / "checks.json").write_text(json.dumps(m, indent=1))


if __name__ == "__main__":
    main()
