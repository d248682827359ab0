"""Rendered bodies cached on disk: a site exported again renders only the stories that changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_site import build_site

from desk import bodycache, export, site


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root by relative path."""
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_second_site_export_renders_nothing_and_writes_the_same(store, tmp_path, monkeypatch):
    build_site(store, tmp_path)
    first = tree(tmp_path / "site")
    assert list((Path(store.cache_dir) / "bodies").rglob("*.json"))

    def no_rendering(*args, **kwargs):
        raise AssertionError("a cached body was rendered again")

    monkeypatch.setattr(export, "body_blocks", no_rendering)
    site.export_site(store, tmp_path / "again")
    assert tree(tmp_path / "again") == first


def test_a_changed_story_is_rendered_again(store, tmp_path, monkeypatch):
    build_site(store, tmp_path)
    store.articles.update("budget-vote-delayed", body_md="The vote was *held* at last.")
    rendered: list[str] = []
    real = export.body_blocks

    def counting(env, story, *args, **kwargs):
        rendered.append(story.article.slug)
        return real(env, story, *args, **kwargs)

    monkeypatch.setattr(export, "body_blocks", counting)
    site.export_site(store, tmp_path / "again")
    assert rendered == ["budget-vote-delayed"]
    page = (tmp_path / "again" / "budget-vote-delayed" / "index.html").read_text(encoding="utf-8")
    assert "<em>held</em> at last" in page


def test_the_key_follows_the_body_the_figures_and_the_renderer(monkeypatch):
    base = bodycache.body_key("Text.", {1: "<figure>a</figure>"})
    assert bodycache.body_key("Text!", {1: "<figure>a</figure>"}) != base
    assert bodycache.body_key("Text.", {1: "<figure>b</figure>"}) != base
    assert bodycache.body_key("Text.", {1: "<figure>a</figure>"}, notes="show") != base
    monkeypatch.setattr(bodycache, "renderer_key", lambda: "another renderer")
    assert bodycache.body_key("Text.", {1: "<figure>a</figure>"}) != base


@pytest.mark.parametrize("junk", ["not json", '{"a": 1}', "[1, 2]"])
def test_a_damaged_cache_file_is_rendered_again(tmp_path, junk):
    key = "ab" + "0" * 62
    path = tmp_path / "bodies" / "ab" / f"{key}.json"
    path.parent.mkdir(parents=True)
    path.write_text(junk, encoding="utf-8")
    blocks, hit = bodycache.cached_blocks(tmp_path, key, lambda: ["<p>fresh</p>"])
    assert (blocks, hit) == (["<p>fresh</p>"], False)
    assert bodycache.cached_blocks(tmp_path, key, lambda: ["other"]) == (["<p>fresh</p>"], True)
