"""What an export writes for a story without photos: no empty images/ folder, in any mode; and
what exporting again into the same folder replaces (its own files) and keeps (the user's)."""

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


def test_exporting_a_story_again_keeps_the_users_files_in_its_folder(store, tmp_path):
    article = store.articles.create(headline="Notes kept", body_md="First.", status="ready")
    first = export.export_story(store, article.slug, tmp_path / "out")
    (first.path / "my-notes.txt").write_text("mine", encoding="utf-8")
    (first.path / "images").mkdir()
    (first.path / "images" / "stale.jpg").write_bytes(b"an export's old rendition")
    store.articles.update(article.id, body_md="Second.")
    again = export.export_story(store, article.slug, tmp_path / "out")
    assert again.path == first.path
    assert (again.path / "my-notes.txt").read_text(encoding="utf-8") == "mine"
    assert not (again.path / "images").exists()  # the export's own folder: replaced
    assert "<p>Second.</p>" in (again.path / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["notes-kept"]
