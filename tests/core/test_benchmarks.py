"""The benchmark script still runs: a 200-story smoke run (figures printed, nothing timed here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import REPO


def test_benchmark_smoke_run(tmp_path):
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--smoke", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text())
    names = " ".join(f["name"] for f in report["figures"])
    for figure in ("search p99", "preview refresh", "start-up", "keystroke p99"):
        assert figure in names, names
    assert all(f["ours"] > 0 and f["baseline"] > 0 for f in report["figures"])
    assert "search p99" in done.stdout
    assert not list((REPO / "benchmarks" / "out" / "stores").glob("news-200-*"))


def test_the_report_command_starts_and_lists_its_parts():
    """benchmarks/report.py imports every part it measures (a full run is minutes, not a test)."""
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "report.py"), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for part in ("desktop", "typing", "search", "site", "import", "photos"):
        assert part in done.stdout
