"""A big site's story pages are written by worker processes: the same bytes as in one process."""

from __future__ import annotations

import shutil
from pathlib import Path

from test_site import build_site

from desk import site, siteworkers


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root by relative path."""
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_pages_written_by_workers_equal_pages_written_here(store, tmp_path, monkeypatch):
    monkeypatch.setattr(siteworkers, "PARALLEL_FROM", 10**9)
    build_site(store, tmp_path)
    here = tree(tmp_path / "site")
    monkeypatch.setattr(siteworkers, "PARALLEL_FROM", 1)
    monkeypatch.setattr(siteworkers, "CHUNK", 1)  # one story per worker call
    calls: list[int] = []
    real = siteworkers._in_workers
    monkeypatch.setattr(
        siteworkers, "_in_workers", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    shutil.rmtree(Path(store.cache_dir) / "bodies")  # the workers render every body again
    site.export_site(store, tmp_path / "two")
    assert calls == [1], "the workers were not used"
    assert tree(tmp_path / "two") == here


def test_story_pages_share_the_site_stylesheet(store, tmp_path):
    build_site(store, tmp_path)
    root = tmp_path / "site"
    assert (root / "style.css").is_file()
    assert not list(root.glob("*/style.css"))
    page = (root / "budget-vote-delayed" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="../style.css">' in page
