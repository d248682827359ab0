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


def test_page_import_benchmark_runs_on_a_small_dataset(tmp_path):
    """benchmarks/import_pages.py over a two-page dataset in the benchmark's own format."""
    import gzip

    fixtures = REPO / "tests" / "fixtures" / "import"
    data = tmp_path / "dataset"
    (data / "html").mkdir(parents=True)
    truth = {}
    for key, page, reference in (
        (
            "a" * 64,
            fixtures / "real" / "webpage" / "dw.com.uncork.html",
            "Climbing out of Ahrweiler, a charming medieval village just south of Bonn, the "
            "path ascends at such an ominous gradient that my legs are jelly by half way.",
        ),
        (
            "b" * 64,
            fixtures / "webpage" / "no-article-markup.html",
            "Winds of up to 120 km/h tore roofs off homes and brought down power lines along "
            "the coast overnight, leaving more than 40,000 households without electricity.",
        ),
    ):
        (data / "html" / f"{key}.html.gz").write_bytes(gzip.compress(page.read_bytes()))
        truth[key] = {"articleBody": reference, "url": f"https://{key[0]}.example/story"}
    (data / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    out = tmp_path / "pages.json"
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "import_pages.py"),
            "--data",
            str(data),
            "--pages",
            str(tmp_path / "pages"),
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text())
    desk = report["summary"]["desk"]
    assert desk["refused"] == 0
    assert desk["recall"] > 0.9  # both references are inside what Desk keeps
    assert 0 < desk["precision"] < 1  # and Desk keeps more than these short references
    assert "trafilatura" in report["summary"]
    assert "2 pages, 2 publishers" in done.stdout


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
