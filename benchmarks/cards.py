"""What figure cards cost in the body editor: keystrokes and repaints with cards on screen, next to
the same window and story without figures (like for like) and a bare QPlainTextEdit.

    .venv/bin/python benchmarks/cards.py            # 10,000-word story, 12 figures, 300 keys
    .venv/bin/python benchmarks/cards.py --quick    # 2,000 words, 100 keys

Each measurement runs in a fresh offscreen process. "cards": the story with 12 figure blocks
(each with a photo, so its card draws a thumbnail), typed in the paragraph right above a card on
screen; "no cards": the same story with each figure line replaced by a paragraph of the same
length (the same window, highlighter and timers; nothing is drawn as a card); "bare": a
QPlainTextEdit with a trivial highlighter and the same text. Keys are typed back to back, each
followed by its repaint (processEvents), as run.py's keystroke figure does; the repaint figure is
a full viewport repaint (QWidget.repaint) with two cards in view, or the same text without them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from newsgen import NewsText  # noqa: E402

FIGURES = 12


def percentile(values: list[float], pct: float) -> float:
    """The pct-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def story_text(words: int, figure_ids: list[int] | None) -> str:
    """A long story with a figure line every few paragraphs (or a same-length paragraph)."""
    paragraphs = NewsText(seed=11).body_of(words).split("\n\n")
    step = max(2, len(paragraphs) // (FIGURES + 1))
    out: list[str] = []
    placed = 0
    for index, paragraph in enumerate(paragraphs):
        out.append(paragraph)
        if index % step == step - 1 and placed < FIGURES:
            line = f"![](figure:{figure_ids[placed]})" if figure_ids else "x" * 15
            out.append(line)
            placed += 1
    return "\n\n".join(out)


def child(kind: str, words: int, keys: int) -> None:
    """One measurement in this fresh process; prints {"keys": [...], "repaint": [...]}."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    if kind == "bare":
        app = QApplication(sys.argv[:1])
        editor = QPlainTextEdit()
        editor.setPlainText(story_text(words, None))
        editor.resize(1200, 800)
        editor.show()
        lines = None
    else:
        app, editor, lines = _desk_window(kind, words)
    for _ in range(30):
        app.processEvents()
    document = editor.document()
    # The cursor at the end of the paragraph just above a card (or its stand-in), in view.
    target = lines[3] if lines else 40
    block = document.findBlockByNumber(max(0, target - 2))
    cursor = editor.textCursor()
    cursor.setPosition(block.position() + len(block.text()))
    editor.setTextCursor(cursor)
    editor.centerCursor()
    editor.setFocus()
    for _ in range(10):
        app.processEvents()
    typed = "the quick brown fox jumps over the lazy dog "
    times: list[float] = []
    for i in range(keys + 20):
        key = typed[i % len(typed)]
        code = Qt.Key.Key_Space if key == " " else getattr(Qt.Key, f"Key_{key.upper()}")
        start = time.perf_counter()
        QTest.keyClick(editor, code, Qt.KeyboardModifier.NoModifier)
        app.processEvents()
        if i >= 20:
            times.append((time.perf_counter() - start) * 1000)
    repaint: list[float] = []
    for _ in range(60):
        start = time.perf_counter()
        editor.viewport().repaint()
        repaint.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"keys": times, "repaint": repaint[10:]}), flush=True)
    os._exit(0)


def _desk_window(kind: str, words: int):
    """Desk's window on a fresh store with the long story (with or without figures) open."""
    from PySide6.QtWidgets import QApplication

    from desk.store import Store

    from desk.ui.app import create_window

    root = Path(tempfile.mkdtemp(prefix="desk-cards-")) / "store"
    with Store.open(root) as store:
        article = store.articles.create(headline="Cards benchmark")
        ids = []
        if kind == "cards":
            from exporthelp import make_photo

            photo = store.photos.add(make_photo(root.parent / "p.jpg", (1600, 1067), seed=5))
            for n in range(FIGURES):
                figure = store.figures.add(
                    article.id, photo.id, caption=f"Caption {n}", credit="Desk", place=None
                )
                ids.append(figure.id)
        store.articles.update(article.id, body_md=story_text(words, ids or None))
    window = create_window(root)
    app = QApplication.instance()
    window.resize(1200, 800)
    window.show()
    window.open_article(article.id)
    text = window.editor.toPlainText().split("\n")
    marks = [i for i, line in enumerate(text) if line.startswith(("![](figure:", "x" * 15))]
    if kind == "cards":
        window.figure_cards.thumbs.pixmap(window.figure_cards.figures[ids[0]].photo)
        window.figure_cards.thumbs.wait()
        assert len(window.figure_cards.cards) == FIGURES, "the cards were not made"
    return app, window.editor, marks


def run(kind: str, words: int, keys: int) -> dict:
    """Run one child and return its timings."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    home = Path(tempfile.mkdtemp(prefix="desk-cards-home-"))
    env["DESK_CONFIG"] = str(home / "config")
    env["PYTHONPATH"] = os.pathsep.join([str(HERE.parent / "tests" / "core"), str(HERE.parent)])
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, str(words), str(keys)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"{kind} child failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    """Measure the three kinds and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "WORDS", "KEYS"))
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), int(args.child[2]))
        return
    words, keys = (2_000, 100) if args.quick else (10_000, 300)
    results = {kind: run(kind, words, keys) for kind in ("bare", "no cards", "cards")}
    print(f"{words:,}-word story, {FIGURES} figures, {keys} keys typed back to back")
    print(f"{'':10} {'key p50':>9} {'key p99':>9} {'repaint p50':>12}")
    for kind, found in results.items():
        p50 = statistics.median(found["keys"])
        p99 = percentile(found["keys"], 99)
        paint = statistics.median(found["repaint"])
        print(f"{kind:10} {p50:8.2f}ms {p99:8.2f}ms {paint:11.2f}ms")


if __name__ == "__main__":
    main()
