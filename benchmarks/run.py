"""Desk's speed figures next to bare baselines measured in the same run.

    .venv/bin/python benchmarks/run.py            # full: stores of 10,000 and 100,000 stories
    .venv/bin/python benchmarks/run.py --quick    # smaller stores, fewer repetitions (~2 min)
    .venv/bin/python benchmarks/run.py --smoke    # 200 stories, one repetition (keeps it working)

Builds its own stores (cached under benchmarks/out/stores/), prints a table and writes
benchmarks/out/results.json. See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from newsgen import NewsText  # noqa: E402

from desk import body, checkstate, text  # noqa: E402
from desk.fts import fts_query, indexable  # noqa: E402
from desk.model import Article, Status  # noqa: E402
from desk.store import Store  # noqa: E402
from desk.store.articles import stamp  # noqa: E402
from desk.store.lock import LOCK_NAME  # noqa: E402
from desk.store.rows import article_row  # noqa: E402
from desk.text import free_slug  # noqa: E402

OUT = HERE / "out"
STORES = OUT / "stores"
# Bump when the generator or the way stores are built changes, so cached stores are rebuilt.
DATA_VERSION = 4  # 4: the schema's search indexes part unspaced scripts (desk.fts)
CHUNK = 2_000


@dataclass
class Mode:
    """How big and how often: full, quick or smoke."""

    name: str
    window_stories: int  # the store the window opens
    search_stories: int  # the store searched
    startup_runs: int
    keystrokes: int
    preview_edits: int
    search_reps: int
    story_words: int = 10_000


MODES = {
    "full": Mode("full", 10_000, 100_000, 15, 600, 300, 15),
    "quick": Mode("quick", 2_000, 20_000, 5, 300, 100, 5),
    "smoke": Mode("smoke", 200, 200, 1, 20, 5, 1, story_words=2_000),
}


@dataclass
class Figure:
    """One line of the table: our figure, the bare baseline and the target."""

    name: str
    unit: str
    ours: float
    baseline: float
    target: str
    passed: bool
    detail: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        """Ours over the baseline."""
        return self.ours / self.baseline if self.baseline else math.inf


# -- statistics -------------------------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary(values: list[float]) -> dict:
    """Median, p99, min and count of timings in milliseconds."""
    return {
        "n": len(values),
        "p50_ms": round(statistics.median(values), 3),
        "p99_ms": round(percentile(values, 99), 3),
        "min_ms": round(min(values), 3),
    }


def timed(fn: Callable[[], object]) -> float:
    """How long fn takes, in milliseconds."""
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


# -- building stores --------------------------------------------------------------------------


def store_path(stories: int) -> Path:
    """Where the cached store of that many stories lives."""
    return STORES / f"news-{stories}-v{DATA_VERSION}"


def ensure_store(stories: int, log: Callable[[str], None]) -> Path:
    """The cached store of that many stories, built first when missing."""
    path = store_path(stories)
    if (path / "complete").exists():
        return path
    STORES.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f"building-{stories}-", dir=STORES))
    log(f"building a store of {stories:,} stories in {building.name} (cached for next time)...")
    started = time.perf_counter()
    build_store(building, stories)
    verify_store(building)
    (building / "complete").write_text(datetime.now(UTC).isoformat())
    shutil.rmtree(path, ignore_errors=True)
    building.rename(path)
    log(f"  built in {time.perf_counter() - started:.0f} s")
    return path


def generated_articles(stories: int, seed: int = 7):
    """Articles as the Store would hold them (slug, word count, times), oldest first."""
    gen = NewsText(seed=seed)
    rng = random.Random(seed)
    taken: set[str] = set()
    start = datetime(2026, 11, 25, 9, 0, tzinfo=UTC) - timedelta(minutes=10 * stories)
    for i in range(stories):
        story = gen.story()
        when = (start + timedelta(minutes=10 * i, seconds=rng.randint(0, 500))).isoformat(
            timespec="milliseconds"
        )
        when = when.replace("+00:00", "Z")
        article = Article(
            id=i + 1,
            headline=story.headline,
            standfirst=story.standfirst,
            byline=story.byline,
            authors=story.authors,
            dateline=story.dateline,
            section=story.section,
            status=rng.choice([s.value for s in Status]),
            body_md=story.body_md,
            created=when,
            modified=when,
        )
        article.slug = unique_slug(text.slugify(article.headline, "untitled"), taken)
        stamp(article)  # word count and publication time, as the store stamps them
        yield article


def unique_slug(base: str, taken: set[str]) -> str:
    """base, or base-2, base-3 ... as Store._unique_slug picks them."""
    slug = free_slug(base, taken)
    taken.add(slug)
    return slug


def build_store(root: Path, stories: int) -> None:
    """Fill a new store in one transaction with exactly the rows and index the Store writes,
    then record every story's check mark with the Store's own code: the state of a store Desk
    has opened before (the window's background sweep would otherwise check all of them while a
    benchmark types or measures, which it does once, after an import)."""
    with Store.open(root) as store:
        with store.transaction() as db:
            columns: list[str] | None = None
            batch: list[Article] = []
            for article in generated_articles(stories):
                batch.append(article)
                if len(batch) == CHUNK:
                    columns = insert_batch(db, batch, columns)
                    batch = []
            if batch:
                insert_batch(db, batch, columns)
        checkstate.sweep(store, checkstate.stale(store))


def insert_batch(db, batch: list[Article], columns: list[str] | None) -> list[str]:
    """Insert articles and their search-index rows as Articles.create and index_story do (each
    row marked indexed at its last change, as index_story marks it: the window's start-up tidy
    would otherwise rebuild every row while a benchmark types or measures)."""
    rows = [{**article_row(a), "indexed": a.modified} for a in batch]
    columns = columns or list(rows[0])
    marks = ", ".join("?" for _ in columns)
    db.conn.executemany(
        f"INSERT INTO articles ({', '.join(columns)}) VALUES ({marks})",
        [[r[c] for c in columns] for r in rows],
    )
    db.conn.executemany(
        "INSERT INTO articles_fts (rowid, headline, standfirst, body, captions) "
        "VALUES (?, ?, ?, ?, ?)",
        [
            (
                a.id,
                *(indexable(t) for t in (a.headline, a.standfirst, body.plain_text(a.body_md))),
                "",
            )
            for a in batch
        ],
    )
    return columns


def verify_store(root: Path, sample: int = 25) -> None:
    """Check a sample: re-indexing with the Store's own code changes nothing."""
    with Store.open(root) as store:
        ids = random.Random(1).sample(range(1, store.articles.count() + 1), sample)
        query = "SELECT headline, standfirst, body, captions FROM articles_fts WHERE rowid = ?"
        for article_id in ids:
            before = store.db.conn.execute(query, [article_id]).fetchone()
            article = store.articles.get(article_id)
            assert article.word_count == body.word_count(article.body_md)
            store.search.index_story(article_id)
            after = store.db.conn.execute(query, [article_id]).fetchone()
            assert before == after, f"story {article_id}: index differs from the Store's"
        assert not store.search.stale(), "the store's index rows are not marked up to date"
        assert not checkstate.stale(store), "the store's check marks are not up to date"


def working_copy(source: Path, into: Path) -> Path:
    """A disposable copy of a cached store, for benchmarks that open it for writing."""
    target = into / "store"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("complete", LOCK_NAME))
    return target


# -- search -----------------------------------------------------------------------------------


def pick_queries(root: Path, rng: random.Random) -> dict[str, list[str]]:
    """Rare, medium and very common words (by how many stories hold them) and two-word queries."""
    with Store.open(root, readonly=True) as store:
        total = store.articles.count()
        db = store.db.conn
        db.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, articles_fts, 'row')")
        rows = db.execute("SELECT term, doc FROM temp.vocab WHERE length(term) > 2").fetchall()
    words = sorted((doc, term) for term, doc in rows if term.isalpha())

    def band(low: float, high: float, k: int) -> list[str]:
        found = [t for d, t in words if low * total <= d <= high * total]
        return rng.sample(found, min(k, len(found)))

    rare = [t for d, t in words if 2 <= d <= max(3, total // 2000)]
    common = [t for d, t in words[-12:]]
    medium = band(0.01, 0.05, 4)
    return {
        "rare": rng.sample(rare, min(4, len(rare))),
        "medium": medium,
        "common": rng.sample(common, min(4, len(common))),
        "two words": [
            f"{common[-1]} {medium[0] if medium else common[0]}",
            f"{medium[1] if len(medium) > 1 else common[1]} {common[-2]}",
            "police killed",
            "minister said",
        ],
        "typing a prefix": ["gover", "minis", "elect"],
    }


RAW_SEARCH = (
    "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts) LIMIT 50"
)


def time_queries(store: Store, words: list[str], reps: int, prefix: bool) -> tuple[list, list]:
    """Store.search and the raw bm25 query for each word, alternating; milliseconds each."""
    ours: list[float] = []
    bare: list[float] = []
    for q in words:
        match = fts_query(q, prefix_last=prefix)
        store.search.stories(q, limit=50)  # warm the page cache for both
        for _ in range(reps):
            bare.append(timed(lambda: store.db.conn.execute(RAW_SEARCH, [match]).fetchall()))  # noqa: B023
            ours.append(timed(lambda: store.search.stories(q, limit=50)))  # noqa: B023
    return ours, bare


def bench_search(root: Path, mode: Mode, log: Callable[[str], None]) -> list[Figure]:
    """Store.search against the raw FTS5 bm25 query, same words, same store, same run."""
    queries = pick_queries(root, random.Random(3))
    log(f"  search queries: {queries}")
    words_ours: list[float] = []
    words_bare: list[float] = []
    per_kind: dict[str, dict] = {}
    with Store.open(root, readonly=True) as store:
        for kind, words in queries.items():
            if kind == "typing a prefix":
                continue
            ours, bare = time_queries(store, words, mode.search_reps, prefix=False)
            per_kind[kind] = {"ours": summary(ours), "baseline": summary(bare)}
            words_ours += ours
            words_bare += bare
        typing = time_queries(store, queries["typing a prefix"], mode.search_reps, prefix=True)
    o, b = summary(words_ours), summary(words_bare)
    t_o, t_b = summary(typing[0]), summary(typing[1])
    n = f"{mode.search_stories:,} stories"
    return [
        Figure(
            f"search p99 ({n})",
            "ms",
            o["p99_ms"],
            b["p99_ms"],
            "< 50 ms",
            o["p99_ms"] < 50,
            {"ours": o, "baseline": b, "by_kind": per_kind, "queries": queries},
        ),
        Figure(f"search p50 ({n})", "ms", o["p50_ms"], b["p50_ms"], "(info)", True),
        Figure(
            f"search p99, prefix as typed ({n})",
            "ms",
            t_o["p99_ms"],
            t_b["p99_ms"],
            "< 50 ms",
            t_o["p99_ms"] < 50,
            {"ours": t_o, "baseline": t_b},
        ),
    ]


# -- preview ----------------------------------------------------------------------------------


def bench_preview(mode: Mode, log: Callable[[str], None]) -> list[Figure]:
    """An incremental preview refresh after one keystroke against a full Markdown render."""
    import markdown

    from desk.render import Renderer

    body = NewsText(seed=11).body_of(mode.story_words)
    log(f"  preview body: {len(body.split()):,} words, {len(body):,} characters")
    renderer = Renderer(notes="show")
    renderer.render_blocks(body)
    rng = random.Random(5)
    times: list[float] = []
    for _ in range(mode.preview_edits):
        at = rng.randrange(len(body))
        body = body[:at] + rng.choice("abcdefgh ") + body[at:]
        times.append(timed(lambda: renderer.render_blocks(body)))  # noqa: B023

    def full() -> None:
        md = markdown.Markdown(
            extensions=["smarty", "sane_lists", "tables", "pymdownx.critic", "pymdownx.tilde"],
            extension_configs={"pymdownx.critic": {"mode": "view"}},
        )
        md.convert(body)

    reps = max(3, mode.preview_edits // 20)
    bare = [timed(full) for _ in range(reps)]
    o, b = summary(times), summary(bare)
    return [
        Figure(
            f"preview refresh p50 ({mode.story_words:,} words)",
            "ms",
            o["p50_ms"],
            b["p50_ms"],
            "< 10 ms",
            o["p50_ms"] < 10,
            {"ours": o, "baseline_full_render": b},
        )
    ]


# -- the window (in fresh processes) ----------------------------------------------------------

CHILD_ENV = {"QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}


def child_env(home: Path) -> dict[str, str]:
    """The environment for a window process: offscreen, and nothing of the real user's."""
    env = {**os.environ, **CHILD_ENV}
    for name in ("DESK_CONFIG", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    return env


def startup_once(kind: str, store: Path, home: Path) -> float:
    """Milliseconds from launching a process to its window being shown (first event loop pass)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", f"startup-{kind}", str(store)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=child_env(home))
    line = proc.stdout.readline()
    elapsed = (time.perf_counter() - start) * 1000
    proc.wait(timeout=120)
    if line.strip() != "shown":
        raise RuntimeError(f"the {kind} window did not start (exit {proc.returncode})")
    return elapsed


def bench_startup(store: Path, mode: Mode, home: Path, log: Callable[[str], None]) -> Figure:
    """Start-up of Desk on a store against a bare PySide6 window, alternating, median of N."""
    startup_once("bare", store, home)  # warm the OS file cache for both
    startup_once("desk", store, home)
    ours, bare = [], []
    for _ in range(mode.startup_runs):
        bare.append(startup_once("bare", store, home))
        ours.append(startup_once("desk", store, home))
    o, b = summary(ours), summary(bare)
    log(f"  start-up ms: desk {sorted(map(round, ours))}, bare {sorted(map(round, bare))}")
    return Figure(
        f"start-up p50 ({mode.window_stories:,} stories)",
        "ms",
        o["p50_ms"],
        b["p50_ms"],
        "<= 2x bare",
        o["p50_ms"] <= 2 * b["p50_ms"],
        {"ours": o, "baseline": b},
    )


def keystrokes_in(kind: str, store: Path, mode: Mode, home: Path) -> list[float]:
    """Per-keystroke milliseconds measured inside a fresh window process."""
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        f"keys-{kind}",
        str(store),
        str(mode.keystrokes),
        str(mode.story_words),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, env=child_env(home), timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"keystroke child ({kind}) failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_keystrokes(store: Path, mode: Mode, home: Path) -> list[Figure]:
    """Typing into Desk's editor against a bare QPlainTextEdit with a trivial highlighter."""
    bare = keystrokes_in("bare", store, mode, home)
    ours = keystrokes_in("desk", store, mode, home)
    o, b = summary(ours), summary(bare)
    name = f"keystroke %s ({mode.story_words:,}-word story)"
    return [
        Figure(
            name % "p99",
            "ms",
            o["p99_ms"],
            b["p99_ms"],
            "<= 2x bare",
            o["p99_ms"] <= 2 * b["p99_ms"],
            {"ours": o, "baseline": b},
        ),
        Figure(
            name % "p50",
            "ms",
            o["p50_ms"],
            b["p50_ms"],
            "<= 2x bare",
            o["p50_ms"] <= 2 * b["p50_ms"],
            {},
        ),
    ]


# -- child processes --------------------------------------------------------------------------


def child(kind: str, args: list[str]) -> None:
    """Run one measurement inside this (fresh) process and print its result on stdout."""
    if kind.startswith("startup-"):
        child_startup(kind.removeprefix("startup-"), Path(args[0]))
    elif kind.startswith("keys-"):
        child_keys(kind.removeprefix("keys-"), Path(args[0]), int(args[1]), int(args[2]))
    elif kind.startswith("paced-"):
        child_paced(kind.removeprefix("paced-"), Path(args[0]), int(args[1]), int(args[2]))
    else:
        raise SystemExit(f"unknown child {kind}")


def child_startup(kind: str, store: Path) -> None:
    """Show a window, print 'shown' once the event loop has run, then leave at once."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    if kind == "bare":
        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.setCentralWidget(QLabel("Hello"))
    else:
        from desk.ui.app import create_window

        window = create_window(store, staged=True)  # as `desk` starts: panels after 1st frame
        app = QApplication.instance()
    window.resize(1200, 800)
    window.show()

    def shown() -> None:
        print("shown", flush=True)
        os._exit(0)

    QTimer.singleShot(0, shown)
    app.exec()


def child_keys(kind: str, store: Path, count: int, words: int) -> None:
    """Type count keys in the middle of a long story; print each keystroke's milliseconds."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    body = NewsText(seed=11).body_of(words)
    if kind == "bare":

        class Trivial(QSyntaxHighlighter):
            """Bold for headings: the least a Markdown highlighter does."""

            def highlightBlock(self, block_text: str) -> None:
                if block_text.startswith("#"):
                    fmt = QTextCharFormat()
                    fmt.setFontWeight(700)
                    self.setFormat(0, len(block_text), fmt)

        app = QApplication(sys.argv[:1])
        editor = QPlainTextEdit()
        editor.highlighter = Trivial(editor.document())
        editor.setPlainText(body)
        editor.resize(1200, 800)
        editor.show()
        window = editor
    else:
        from desk.ui.app import create_window

        with Store.open(store) as s:
            article = s.articles.create(headline="Keystroke benchmark", body_md=body)
        window = create_window(store)
        app = QApplication.instance()
        window.resize(1200, 800)
        window.show()
        window.open_article(article.id)
        editor = window.editor
    for _ in range(20):
        app.processEvents()
    cursor = editor.textCursor()
    cursor.setPosition(editor.document().characterCount() // 2)
    editor.setTextCursor(cursor)
    editor.setFocus()
    keys = "the quick brown fox jumps over the lazy dog "
    times: list[float] = []
    for i in range(count + 20):
        key = keys[i % len(keys)]
        code = Qt.Key.Key_Space if key == " " else getattr(Qt.Key, f"Key_{key.upper()}")
        start = time.perf_counter()
        QTest.keyClick(editor, code, Qt.KeyboardModifier.NoModifier)
        app.processEvents()
        if i >= 20:  # the first keys warm caches
            times.append((time.perf_counter() - start) * 1000)
    if kind != "bare":
        assert keys[:10] in editor.toPlainText(), "the keys did not reach the editor"
    print(json.dumps(times), flush=True)
    os._exit(0)


def typing_schedule(count: int, seed: int = 3) -> list[float]:
    """When each key is typed (seconds from the start): bursts of 12-30 keys 60-140 ms apart,
    then a pause of 0.7-1.5 s, in which the count (250 ms+), preview (300 ms) and autosave
    (600 ms) timers fire, as they do for a person typing and stopping to think."""
    rng = random.Random(seed)
    at, out = 0.0, []
    while len(out) < count:
        for _ in range(rng.randint(12, 30)):
            at += rng.uniform(0.06, 0.14)
            out.append(at)
        at += rng.uniform(0.7, 1.5)
    return out[:count]


def child_paced(kind: str, store: Path, count: int, words: int) -> None:
    """Type count keys on a person's schedule with every timer of the window left to fire; print
    each key's milliseconds from when it was due to when its effect was painted."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    if kind != "bare":
        _proofing_settings(on=kind == "desk")
    app, window, editor = _typing_target(kind, store, words)
    if kind != "bare":
        # Let the web preview start and load before typing, as it has for a person, and the
        # story's spelling be checked once (visible lines, then the rest in the background).
        deadline = time.perf_counter() + 20
        while not window.preview.ready and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.01)
        window.proofreading.check_now()
        window.jobs.wait("body")
        app.processEvents()
        if kind == "desk":
            assert window.proofreading.dictionary, "spelling is not on in the benchmark"
    cursor = editor.textCursor()
    cursor.setPosition(editor.document().characterCount() // 2)
    editor.setTextCursor(cursor)
    editor.setFocus()
    keys = "the quick brown fox jumps over the lazy dog "
    schedule = typing_schedule(count)
    start = time.perf_counter() + 0.5
    times: list[float] = []
    timer = QTimer(singleShot=True)
    timer.setTimerType(Qt.TimerType.PreciseTimer)

    def tick() -> None:
        i = len(times)
        due = start + schedule[i]
        key = keys[i % len(keys)]
        code = Qt.Key.Key_Space if key == " " else getattr(Qt.Key, f"Key_{key.upper()}")
        QTest.keyClick(editor, code, Qt.KeyboardModifier.NoModifier)
        app.processEvents()  # the repaint, and whatever else was due meanwhile
        times.append((time.perf_counter() - due) * 1000)
        if len(times) == len(schedule):
            if kind != "bare":
                assert keys[:10] in editor.toPlainText(), "the keys did not reach the editor"
            if kind == "desk":
                marked = sum(1 for n in range(200) if window.proofreading.marks_of_line(n))
                assert marked, "no spelling or house-style marks were shown"
            print(json.dumps(times), flush=True)
            os._exit(0)
        wait = start + schedule[len(times)] - time.perf_counter()
        timer.start(max(0, round(wait * 1000)))

    timer.timeout.connect(tick)
    timer.start(500)
    app.exec()


def _proofing_settings(on: bool) -> None:
    """Spelling and house style on (Desk's default) or off, in the child's own settings."""
    from desk import settings

    value = "on" if on else "off"
    settings.save({"spelling.check": value, "style.check": value})


def _typing_target(kind: str, store: Path, words: int):
    """(app, window, editor): Desk's window with a long story open, or a bare editor."""
    from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    body = NewsText(seed=11).body_of(words)
    if kind == "bare":

        class Trivial(QSyntaxHighlighter):
            """Bold for headings: the least a Markdown highlighter does."""

            def highlightBlock(self, block_text: str) -> None:
                if block_text.startswith("#"):
                    fmt = QTextCharFormat()
                    fmt.setFontWeight(700)
                    self.setFormat(0, len(block_text), fmt)

        app = QApplication(sys.argv[:1])
        editor = QPlainTextEdit()
        editor.highlighter = Trivial(editor.document())
        editor.setPlainText(body)
        editor.resize(1200, 800)
        editor.show()
        return app, editor, editor
    from desk.ui.app import create_window

    with Store.open(store) as s:
        article = s.articles.create(headline="Keystroke benchmark", body_md=body)
    window = create_window(store)
    app = QApplication.instance()
    window.resize(1200, 800)
    window.show()
    window.open_article(article.id)
    return app, window, window.editor


def bench_paced_keystrokes(store: Path, mode: Mode, home: Path, rounds: int = 1) -> list[Figure]:
    """Typing on a person's schedule, every timer firing (spelling and house style on), against
    a bare editor typed alike; Desk with spelling and house style off for information. With
    several rounds the three alternate (the machine is shared) and each figure is the median of
    the rounds' percentiles."""
    kinds = ("bare", "desk", "desk-nospell")
    per_round: dict[str, list[dict]] = {kind: [] for kind in kinds}
    for _ in range(max(1, rounds)):
        for kind in kinds:
            cmd = [
                sys.executable,
                str(Path(__file__).resolve()),
                "--child",
                f"paced-{kind}",
                str(store),
                str(mode.keystrokes),
                str(mode.story_words),
            ]
            done = subprocess.run(
                cmd, capture_output=True, text=True, env=child_env(home), timeout=900
            )
            if done.returncode != 0:
                raise RuntimeError(f"paced keystroke child ({kind}) failed: {done.stderr[-2000:]}")
            per_round[kind].append(summary(json.loads(done.stdout.strip().splitlines()[-1])))

    def median(kind: str, key: str) -> float:
        return statistics.median(r[key] for r in per_round[kind])

    def detail(kind: str) -> dict:
        return {
            "p99_ms": median(kind, "p99_ms"),
            "p50_ms": median(kind, "p50_ms"),
            "rounds": per_round[kind],
        }

    o, b, off = detail("desk"), detail("bare"), detail("desk-nospell")
    name = f"keystroke %s, timers firing ({mode.story_words:,}-word story)"
    return [
        Figure(
            name % "p99",
            "ms",
            o["p99_ms"],
            b["p99_ms"],
            "<= 2x bare",
            o["p99_ms"] <= 2 * b["p99_ms"],
            {"ours": o, "baseline": b, "rounds": rounds},
        ),
        Figure(
            name % "p50",
            "ms",
            o["p50_ms"],
            b["p50_ms"],
            "<= 2x bare",
            o["p50_ms"] <= 2 * b["p50_ms"],
            {},
        ),
        Figure(
            (name % "p99").replace("timers firing", "timers firing, spelling and style off"),
            "ms",
            off["p99_ms"],
            b["p99_ms"],
            "(info)",
            True,
            {"ours": off, "baseline": b},
        ),
    ]


# -- the report -------------------------------------------------------------------------------


def print_table(figures: list[Figure]) -> None:
    """The figures as a plain table."""
    head = f"{'figure':44} {'ours':>10} {'baseline':>10} {'ratio':>7}  {'target':12} result"
    print()
    print(head)
    print("-" * len(head))
    for f in figures:
        result = "PASS" if f.passed else "MISS"
        if f.target == "(info)":
            result = ""
        print(
            f"{f.name:44} {f.ours:8.2f}{f.unit:>2} {f.baseline:8.2f}{f.unit:>2} "
            f"{f.ratio:6.2f}x  {f.target:12} {result}"
        )


def ui_available() -> str:
    """Empty when the window can be benchmarked, else why not."""
    if not (HERE.parent / "desk" / "ui" / "app.py").exists():
        return "desk/ui/app.py does not exist yet"
    try:
        import PySide6  # noqa: F401
    except ImportError:
        return "PySide6 is not installed"
    return ""


def main() -> int:
    """Parse the options, build or reuse the stores, measure, print and save."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="smaller stores, fewer repetitions")
    size.add_argument("--smoke", action="store_true", help="200 stories, one repetition")
    parser.add_argument("--no-ui", action="store_true", help="skip the window figures")
    parser.add_argument(
        "--only",
        choices=["search", "preview", "startup", "keys", "paced"],
        action="append",
        help="measure only this (repeatable)",
    )
    parser.add_argument("--out", type=Path, default=OUT / "results.json", help="results JSON")
    parser.add_argument(
        "--rounds", type=int, default=1, help="paced typing: alternate this many rounds"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1:])
        return 0
    mode = MODES["smoke" if args.smoke else "quick" if args.quick else "full"]

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    figures: list[Figure] = []
    scratch = Path(tempfile.mkdtemp(prefix="desk-bench-"))
    try:
        if mode.name == "smoke":
            global STORES
            STORES = scratch / "stores"
        window_store = ensure_store(mode.window_stories, log)
        search_store = ensure_store(mode.search_stories, log)
        only = set(args.only or ["search", "preview", "startup", "keys", "paced"])
        if "search" in only:
            log("measuring search...")
            figures += bench_search(search_store, mode, log)
        if "preview" in only:
            log("measuring preview...")
            figures += bench_preview(mode, log)
        why_not = "--no-ui given" if args.no_ui else ui_available()
        if not only & {"startup", "keys", "paced"}:
            why_not = "not asked for"
        if why_not:
            log(f"skipping the window figures: {why_not}")
        else:
            home = scratch / "home"
            if "startup" in only:
                log("measuring start-up...")
                copy = working_copy(window_store, scratch / "a")
                figures.append(bench_startup(copy, mode, home, log))
            if "keys" in only:
                log("measuring keystrokes...")
                copy = working_copy(window_store, scratch / "b")
                figures += bench_keystrokes(copy, mode, home)
            if "paced" in only:
                log("measuring keystrokes on a person's schedule (every timer firing)...")
                copy = working_copy(window_store, scratch / "c")
                paced = Mode(**{**mode.__dict__, "keystrokes": min(mode.keystrokes, 400)})
                figures += bench_paced_keystrokes(copy, paced, home, args.rounds)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print_table(figures)
    report = {
        "mode": mode.name,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "seconds": round(time.perf_counter() - started, 1),
        "figures": [asdict(f) | {"ratio": round(f.ratio, 3)} for f in figures],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"\n{mode.name} run in {report['seconds']} s; results in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
