"""Never lose a word, measured: type into the real window, SIGKILL it, count what was lost.

    .venv/bin/python benchmarks/killtyping.py [--kills 200] [--json FILE]

Each run starts Desk's window in its own process (offscreen, the plain preview) on a copy of a
store, and types into the body with QTest at a reporter's pace: "steady" (a word every
50-150 ms, never pausing) or "human" (the same, with a pause of 0.7-2 s after every 6-15 words).
The typing process logs every character with the time it was typed (straight to a file, so the
log survives the kill). The runner kills it with SIGKILL at a random moment, then checks:
  - the store passes SQLite's integrity check and the foreign-key check;
  - the stored body is a prefix of what was typed;
  - how much typing was lost: the time from the first character not in the store to the kill.
The promise: no more than 1 s of typing lost. tests/ui/test_kill.py runs a short version.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OPENING = "The storm reached the coast before dawn."
WORDS = [
    "rain",
    "wind",
    "water",
    "river",
    "bridge",
    "police",
    "mayor",
    "village",
    "road",
    "homes",
    "power",
    "lines",
    "council",
    "rescue",
    "teams",
    "boats",
    "families",
    "school",
    "hospital",
    "army",
    "night",
    "morning",
    "coast",
    "flood",
    "warning",
]


@dataclass
class Kill:
    """What one kill left."""

    mode: str
    killed_after_s: float
    typed: int  # characters typed before the kill
    stored: int  # characters of the typing the store holds
    lost_s: float  # seconds of typing lost (0 when nothing was)
    prefix: bool  # the stored text is what was typed, in order, up to where it stops
    integrity: str


# -- the typing process ---------------------------------------------------------------------


def child(store: Path, article_id: int, mode: str, seed: int, log: Path) -> int:
    """Open the window on the store and type until killed, logging each character typed."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(REPO))
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest

    from desk.store import Store

    from desk.ui.app import ensure_app
    from desk.ui.mainwindow import MainWindow

    app = ensure_app()
    window = MainWindow(
        Store.open(store), settings=QSettings(str(log) + ".ini", QSettings.Format.IniFormat)
    )
    window.open_article(article_id)
    window.show()
    editor = window.editor
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    editor.setFocus()
    rng = random.Random(seed)
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.write(fd, f"ready {time.time():.6f}\n".encode())
    state = {"words": 0, "until_pause": rng.randint(6, 15)}

    def type_word() -> None:
        word = " " + rng.choice(WORDS)
        for char in word:
            QTest.keyClicks(editor, char)
            os.write(fd, f"{time.time():.6f} {ord(char)}\n".encode())
        state["words"] += 1
        delay = rng.randint(50, 150)
        if mode == "human":
            state["until_pause"] -= 1
            if state["until_pause"] <= 0:
                state["until_pause"] = rng.randint(6, 15)
                delay = rng.randint(700, 2000)
        QTimer.singleShot(delay, type_word)

    QTimer.singleShot(0, type_word)
    return app.exec()


# -- the runner -----------------------------------------------------------------------------


def make_store(root: Path) -> tuple[Path, int]:
    """A store holding one story that opens with a sentence (what is typed goes after it)."""
    sys.path.insert(0, str(REPO))
    from desk.store import Store

    with Store.open(root) as store:
        article = store.articles.create(headline="Storm", body_md=OPENING)
        return root, int(article.id or 0)


def read_log(log: Path) -> tuple[float, list[tuple[float, str]]]:
    """(when the window was ready, [(time, character typed)])."""
    ready = 0.0
    typed: list[tuple[float, str]] = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split()
        if parts[:1] == ["ready"] and len(parts) == 2:
            ready = float(parts[1])
        elif len(parts) == 2:
            typed.append((float(parts[0]), chr(int(parts[1]))))
    return ready, typed


def check_store(store: Path, article_id: int) -> tuple[str, str]:
    """(integrity verdict, the stored body) read with plain sqlite3, as a doctor would."""
    conn = sqlite3.connect(store / "desk.db")
    try:
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            verdict += f"; foreign keys broken: {broken[:3]}"
        body = conn.execute("SELECT body_md FROM articles WHERE id = ?", [article_id]).fetchone()
    finally:
        conn.close()
    return verdict, (body[0] if body else "")


def one_kill(mode: str, seed: int, scratch: Path, kill_after: float) -> Kill:
    """Type in a fresh window, kill it kill_after seconds into the typing, check the store."""
    root = scratch / f"run-{seed}"
    store, article_id = make_store(root / "store")
    log = root / "typed.log"
    config = root / "config"
    config.mkdir(parents=True)
    (config / "config.toml").write_text('[preview]\nmode = "plain"\n', encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DESK_CONFIG": str(config)}
    process = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--child",
            str(store),
            str(article_id),
            mode,
            str(seed),
            str(log),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 60
        while time.time() < deadline and not (log.exists() and log.read_text().startswith("ready")):
            time.sleep(0.05)
        started = time.time()
        time.sleep(kill_after)
        process.send_signal(signal.SIGKILL)
        killed = time.time()
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()
    _, typed = read_log(log)
    text = "".join(c for _, c in typed)
    verdict, body = check_store(store, article_id)
    stored = body[len(OPENING) :] if body.startswith(OPENING) else body
    prefix = body.startswith(OPENING) and text.startswith(stored)
    lost = 0.0
    if prefix and len(stored) < len(typed):
        lost = max(0.0, killed - typed[len(stored)][0])
    return Kill(mode, round(killed - started, 3), len(typed), len(stored), round(lost, 3),
                prefix, verdict)  # fmt: skip


def run(kills: int, seed: int = 1, modes: tuple[str, ...] = ("steady", "human")) -> list[Kill]:
    """Kill the window `kills` times, alternating the typing modes, at random moments."""
    rng = random.Random(seed)
    results = []
    with tempfile.TemporaryDirectory(prefix="desk-kill-") as scratch:
        for n in range(kills):
            mode = modes[n % len(modes)]
            results.append(one_kill(mode, seed * 1000 + n, Path(scratch), rng.uniform(0.3, 6.0)))
    return results


def summary(results: list[Kill]) -> dict:
    """Max and p95 seconds lost per mode, and whether every store stayed whole."""
    out: dict = {"kills": len(results)}
    for mode in sorted({r.mode for r in results}):
        lost = sorted(r.lost_s for r in results if r.mode == mode)
        out[mode] = {
            "kills": len(lost),
            "max_lost_s": max(lost),
            "p95_lost_s": lost[max(0, round(0.95 * len(lost)) - 1)],
            "median_lost_s": statistics.median(lost),
        }
    out["all_intact"] = all(r.integrity == "ok" for r in results)
    out["all_prefix"] = all(r.prefix for r in results)
    return out


def main() -> int:
    """The child, or the runner with its report."""
    if sys.argv[1:2] == ["--child"]:
        store, article_id, mode, seed, log = sys.argv[2:7]
        return child(Path(store), int(article_id), mode, int(seed), Path(log))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200, help="how many kills in all")
    parser.add_argument("--json", type=Path, help="write every kill and the summary here")
    args = parser.parse_args()
    results = run(args.kills)
    report = summary(results)
    print(json.dumps(report, indent=1))
    if args.json:
        args.json.write_text(json.dumps({"summary": report, "kills": [asdict(r) for r in results]}))
    return 0 if report["all_intact"] and report["all_prefix"] else 1


if __name__ == "__main__":
    sys.exit(main())
