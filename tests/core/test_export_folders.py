"""What an export writes for a story without photos: no empty images/ folder, in any mode."""

from __future__ import annotations

from desk import export


def test_a_story_without_photos_gets_no_images_folder(store, tmp_path):
    article = store.articles.create(headline="No photos", body_md="Text.", status="ready")
    result = export.export_story(store, article.slug, tmp_path / "out")
    assert sorted(p.name for p in result.path.iterdir()) == [
        "article.json",
        "index.html",
        "style.css",
    ]


def test_a_fragment_without_photos_is_only_its_html(store, tmp_path):
    article = store.articles.create(headline="No photos", body_md="Text.", status="ready")
    result = export.export_story(store, article.slug, tmp_path / "out", mode="fragment")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["no-photos.html"]
    assert "<p>Text.</p>" in result.path.read_text(encoding="utf-8")
