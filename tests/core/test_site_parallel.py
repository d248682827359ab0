"""A big site's story pages are written by worker processes: the same bytes as in one process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_site import build_site

from desk import site, siteworkers


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root by relative path."""
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("only_thread", [True, False], ids=["fork", "forkserver"])
def test_pages_written_by_workers_equal_pages_written_here(
    store, tmp_path, monkeypatch, only_thread
):
    monkeypatch.setattr(siteworkers, "_only_thread", lambda: only_thread)
    monkeypatch.setattr(siteworkers, "PARALLEL_FROM", 10**9)
    build_site(store, tmp_path)
    here = tree(tmp_path / "site")
    monkeypatch.setattr(siteworkers, "PARALLEL_FROM", 1)
    monkeypatch.setattr(siteworkers, "CHUNK", 1)  # one story per worker call
    calls: list[str] = []
    real = siteworkers._in_workers

    def counted(pool, work, *args, **kwargs):
        calls.append(work.__name__)
        return real(pool, work, *args, **kwargs)

    monkeypatch.setattr(siteworkers, "_in_workers", counted)
    shutil.rmtree(Path(store.cache_dir) / "bodies")  # the workers render every body again
    site.export_site(store, tmp_path / "two")
    assert calls == ["load_chunk", "write_chunk"], "the workers did not load and write"
    assert tree(tmp_path / "two") == here


def test_story_pages_share_the_site_stylesheet(store, tmp_path):
    build_site(store, tmp_path)
    root = tmp_path / "site"
    assert (root / "style.css").is_file()
    assert not list(root.glob("*/style.css"))
    page = (root / "budget-vote-delayed" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="../style.css">' in page
