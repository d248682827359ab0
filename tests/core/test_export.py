"""Export of one story: the page's content and structure, modes, refusals, cache, validation."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from exporthelp import (
    Page,
    body_section,
    build_seed_story,
    make_photo,
    norm,
    seed_expected,
)

from desk import checks, export
from desk.cli import main
from desk.config import ExportSettings
from desk.errors import ExportFailed


@pytest.fixture
def seed(store, tmp_path):
    """The seed story in the store, with generated photos; returns its slug."""
    return build_seed_story(store, tmp_path)


@pytest.fixture
def seed_page(store, seed, tmp_path) -> tuple[Path, str]:
    """The seed story exported as a folder: (folder, index.html text)."""
    result = export.export_story(store, seed, tmp_path / "out")
    return result.path, (result.path / "index.html").read_text(encoding="utf-8")


def test_seed_page_carries_the_story_as_imported(seed_page):
    _, html = seed_page
    expected = seed_expected()
    body = Page(body_section(html))
    paragraphs = [b["text"] for b in expected["blocks"] if b["type"] == "paragraph"]
    subheads = [b["text"] for b in expected["blocks"] if b["type"] == "subhead"]
    figures = [b for b in expected["blocks"] if b["type"] == "figure"]
    assert body.all("p") == [norm(t) for t in paragraphs]
    assert body.all("h2") == [norm(t) for t in subheads]
    assert body.all("caption") == [norm(f["caption"]) for f in figures]
    assert norm(figures[-1]["credit"]) in body.all("credit")
    page = Page(html)
    assert page.all("h1") == [norm(expected["headline"])]
    assert page.all("author") == expected["authors"]
    assert page.all("dateline") == [expected["dateline"]]
    assert sorted(t.casefold() for t in page.all("tag")) == sorted(
        t.casefold() for t in expected["tags"]
    )


def test_seed_page_structure(seed_page):
    folder, html = seed_page
    page = Page(html)
    assert html.startswith("<!doctype html>")
    (root,) = page.find("html")
    assert root == {"lang": "en", "dir": "ltr"}
    assert page.find("meta")[0] == {"charset": "utf-8"}
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in page.find(
        "meta"
    )
    assert len(page.find("article")) == 1
    times = page.find("time")
    assert times[0]["datetime"] == "2019-08-20T09:30:00Z"
    sources = page.find("source")
    images = page.find("img")
    assert len(sources) == len(images) == 4
    for source, img in zip(sources, images, strict=True):
        assert source["type"] == "image/webp"
        assert "480w" in source["srcset"]
        assert source["sizes"]
        assert img["width"] == "1200"
        assert img["height"] == "800"
        assert img["alt"].startswith("Photo ")
        assert img["loading"] == "lazy"
        for candidate in (img["src"], *[c.split()[0] for c in img["srcset"].split(",")]):
            assert (folder / candidate).is_file()
    assert (folder / "style.css").read_text(encoding="utf-8").count("prefers-color-scheme")
    assert sorted(p.name for p in folder.iterdir()) == [
        "article.json",
        "images",
        "index.html",
        "style.css",
    ]


def test_head_has_description_social_tags_and_news_article(store, seed, tmp_path):
    settings = ExportSettings(
        base_url="https://news.example.com/stories",
        publisher_name="Example Media",
        publisher_logo="https://news.example.com/logo.png",
    )
    result = export.export_story(store, seed, tmp_path / "out", settings=settings)
    html = (result.path / "index.html").read_text(encoding="utf-8")
    page = Page(html)
    url = f"https://news.example.com/stories/{seed}/"
    assert {"rel": "canonical", "href": url} in page.find("link")
    metas = {(m.get("property") or m.get("name")): m.get("content") for m in page.find("meta")}
    assert metas["og:url"] == url
    assert metas["og:image"] == url + "images/seed-photo-1-1200w.jpg"
    assert metas["twitter:card"] == "summary_large_image"
    assert metas["description"].startswith("Jihadists and allied rebels pulled back")
    ((_, ld_text),) = [s for s in page.scripts if s[0].get("type") == "application/ld+json"]
    ld = json.loads(ld_text)
    assert ld["@type"] == "NewsArticle"
    assert [a["name"] for a in ld["author"]] == seed_expected()["authors"]
    assert ld["datePublished"] == "2019-08-20T09:30:00Z"
    assert ld["articleSection"] == "World"
    assert ld["inLanguage"] == "en"
    assert ld["publisher"]["name"] == "Example Media"
    assert ld["contentLocation"] == {"@type": "Place", "name": "Beirut"}
    assert sorted(ld["keywords"]) == sorted(["Conflict", "idlib", "Syria", "Turkey"])
    assert ld["image"][0]["url"].startswith(url + "images/")


def test_tag_kinds_become_typed_entities_in_the_news_article(store, tmp_path):
    article = store.articles.create(headline="Talks", body_md="Text.")
    store.tags.tag(article.id, ["Syria", "Diplomacy", "Sergei Lavrov", "United Nations", "Idlib"])
    store.tags.set_kind("Syria", "place")
    store.tags.set_kind("Diplomacy", "subject")
    store.tags.set_kind("Sergei Lavrov", "person")
    store.tags.set_kind("United Nations", "organisation")
    result = export.export_story(store, article.slug, tmp_path / "out")
    page = Page((result.path / "index.html").read_text(encoding="utf-8"))
    ((_, ld_text),) = [s for s in page.scripts if s[0].get("type") == "application/ld+json"]
    ld = json.loads(ld_text)
    assert ld["spatialCoverage"] == [{"@type": "Place", "name": "Syria"}]
    assert ld["about"] == [{"@type": "Thing", "name": "Diplomacy"}]
    assert {"@type": "Person", "name": "Sergei Lavrov"} in ld["mentions"]
    assert {"@type": "Organization", "name": "United Nations"} in ld["mentions"]
    assert "Idlib" in ld["keywords"]  # a tag without a kind is a keyword only
    assert not any(e["name"] == "Idlib" for e in ld["mentions"] + ld["about"])


def test_lead_photo_is_eager_and_high_priority(store, tmp_path):
    article = store.articles.create(headline="Lead", body_md="Text.", status="ready")
    photo = store.photos.add(make_photo(tmp_path / "lead.jpg"))
    store.figures.add(
        article.id, photo.id, caption="Cap", credit="Desk", alt="A lead", place="lead"
    )
    result = export.export_story(store, article.slug, tmp_path / "out")
    page = Page((result.path / "index.html").read_text(encoding="utf-8"))
    (img,) = page.find("img")
    assert img["fetchpriority"] == "high"
    assert "loading" not in img


def test_right_to_left_language_sets_dir(store, tmp_path):
    article = store.articles.create(headline="عنوان", language="ar", body_md="نص.")
    result = export.export_story(store, article.slug, tmp_path / "out")
    (root,) = Page((result.path / "index.html").read_text(encoding="utf-8")).find("html")
    assert root == {"lang": "ar", "dir": "rtl"}


def test_page_words_and_dates_follow_the_story_language_and_its_direction(store, tmp_path):
    article = store.articles.create(
        headline="عنوان", language="ar", authors=["ليلى حداد", "عمر"], body_md="نص " * 400
    )
    store.tags.tag(article.id, ["سوريا"])
    result = export.export_story(store, article.slug, tmp_path / "out")
    html = (result.path / "index.html").read_text(encoding="utf-8")
    assert "بقلم" in html
    assert " و " in html
    assert "مواضيع" in html
    assert "min read" not in html
    assert ">By " not in html
    assert "Topics" not in html
    assert "قراءة في 2 دقيقة" in html
    (published,) = [t for t in Page(html).find("time") if "published" in t.get("class", "")]
    # The date is in Arabic and reads right to left: dir="ltr" (for English dates, before
    # they followed the story's language) laid it out backwards ("UTC … ديسمبر 2026 … 4");
    # "auto" takes the direction of the date's own words, so an English one still reads
    # "25 November 2026" in a right-to-left page.
    assert published["dir"] == "auto"
    shown = html.split(f'datetime="{published["datetime"]}" dir="auto">', 1)[1].split("<", 1)[0]
    assert any("\u0600" <= c <= "\u06ff" for c in shown), shown  # Arabic words in the date


def test_untranslated_language_falls_back_to_english_words(store, tmp_path):
    article = store.articles.create(
        headline="Otsikko", language="fi", authors=["Aino"], body_md="Teksti."
    )
    result = export.export_story(store, article.slug, tmp_path / "out")
    html = (result.path / "index.html").read_text(encoding="utf-8")
    assert "By <span" in html
    assert "Skip to content" in html


PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>'
# In the body a javascript: link blocks the export (the checks' "links" rule, below); the
# renderer's own defence against one is tested in test_render.
BODY_PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def test_script_payloads_in_every_field_are_inert(store, tmp_path):
    article = store.articles.create(
        headline="Head " + PAYLOAD,
        standfirst="Stand " + PAYLOAD + " </script><!--",
        authors=["Ann " + PAYLOAD],
        dateline="City " + PAYLOAD,
        section="Sec " + PAYLOAD,
        body_md=(
            f"Body {BODY_PAYLOAD}\n\n<iframe src='https://evil.example'></iframe>\n\n"
            "<style>body{display:none}</style>"
        ),
        status="ready",
    )
    photo = store.photos.add(make_photo(tmp_path / "p.jpg"))
    store.figures.add(
        article.id,
        photo.id,
        caption="Cap " + PAYLOAD,
        credit="Cred " + PAYLOAD,
        alt="Alt " + PAYLOAD,
    )
    store.tags.tag(article.id, ["Tag <script>alert(5)</script>"])
    result = export.export_story(store, article.slug, tmp_path / "out")
    html = (result.path / "index.html").read_text(encoding="utf-8")
    page = Page(html)
    scripts = [attrs for attrs, _ in page.scripts]
    assert scripts == [{"type": "application/ld+json"}]
    ((_, ld_text),) = page.scripts
    assert "</" not in ld_text
    assert "<!--" not in ld_text
    assert json.loads(ld_text)["headline"].startswith("Head <script>")
    for tag, attrs in page.elements:
        assert tag not in ("iframe", "style", "object", "embed")
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name)


def test_a_javascript_link_in_the_body_blocks_the_export(store, tmp_path):
    article = store.articles.create(
        headline="Links",
        body_md=f"Body {PAYLOAD}\n\n[click](javascript:alert(4))",
        status="ready",
    )
    with pytest.raises(ExportFailed, match="javascript:alert"):
        export.export_story(store, article.slug, tmp_path / "out")
    problems = [p for p in checks.check_stored(store, article.id) if p.rule == "links"]
    assert [p.where for p in problems] == ["paragraph 1", "paragraph 2"]
    assert not (tmp_path / "out" / article.slug).exists()


def test_spiked_story_is_never_exported(store, tmp_path):
    article = store.articles.create(headline="Killed", status="spiked", body_md="Text.")
    with pytest.raises(ExportFailed, match="spiked"):
        export.export_story(store, article.slug, tmp_path / "out")
    assert not (tmp_path / "out" / article.slug).exists()


def test_editors_notes_are_never_exported(store, tmp_path):
    article = store.articles.create(
        headline="Notes",
        body_md="Visible text {>> check this name SECRET-1 <<} goes on.",
        notes="SECRET-2 internal note",
        status="ready",
    )
    result = export.export_story(store, article.slug, tmp_path / "out")
    for path in result.path.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json"):
            text = path.read_text(encoding="utf-8")
            assert "SECRET-1" not in text, path.name
            assert "SECRET-2" not in text, path.name
    assert "Visible text" in (result.path / "index.html").read_text(encoding="utf-8")


def test_figure_without_photo_refuses_and_writes_nothing(store, tmp_path):
    article = store.articles.create(headline="Awaiting", body_md="Text.", status="ready")
    store.figures.add(article.id, None, caption="Rescuers searched for victims")
    out = tmp_path / "out"
    with pytest.raises(
        ExportFailed, match=r"'awaiting' .*Figure 1 \(\"Rescuers searched.*needs a photo"
    ):
        export.export_story(store, article.slug, out)
    assert not out.exists() or list(out.iterdir()) == []


def test_empty_headline_blocks_export(store, tmp_path):
    article = store.articles.create(body_md="Text.")
    with pytest.raises(ExportFailed, match="no headline"):
        export.export_story(store, article.slug, tmp_path / "out")


def test_zip_mode_holds_the_same_folder(store, seed, tmp_path):
    result = export.export_story(store, seed, tmp_path / "out", mode="zip")
    assert result.path == tmp_path / "out" / f"{seed}.zip"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"{seed}.zip"]
    with zipfile.ZipFile(result.path) as zf:
        names = set(zf.namelist())
        assert {f"{seed}/index.html", f"{seed}/style.css", f"{seed}/article.json"} <= names
        assert f"{seed}/images/seed-photo-1-480w.webp" in names
        html = zf.read(f"{seed}/index.html").decode("utf-8")
    assert '<h1 class="headline">Anti-Assad fighters' in html


def test_fragment_mode_writes_only_the_article(store, seed, tmp_path):
    out = tmp_path / "out"
    result = export.export_story(store, seed, out, mode="fragment")
    assert result.path == out / f"{seed}.html"
    html = result.path.read_text(encoding="utf-8")
    assert html.lstrip().startswith("<article")
    assert html.rstrip().endswith("</article>")
    assert "<html" not in html
    assert "<head>" not in html
    page = Page(html)
    for img in page.find("img"):
        assert (out / img["src"]).is_file()
    text = export.fragment_text(store, seed, ExportSettings(base_url="https://x.example/s/"))
    assert f'src="https://x.example/s/{seed}/images/' in text


def test_reexport_uses_the_cache(store, seed, tmp_path):
    first = export.export_story(store, seed, tmp_path / "a")
    cached = sorted((Path(store.cache_dir) / "renditions").rglob("*.*"))
    stamps = [p.stat().st_mtime_ns for p in cached]
    second = export.export_story(store, seed, tmp_path / "a")
    assert (first.photos_made, first.photos_cached) == (4, 0)
    assert (second.photos_made, second.photos_cached) == (0, 4)
    assert [p.stat().st_mtime_ns for p in cached] == stamps
    assert (tmp_path / "a" / seed / "index.html").is_file()


def test_user_template_overrides_the_builtin(store, seed, tmp_path):
    from desk.paths import user_templates_dir

    folder = user_templates_dir()
    folder.mkdir(parents=True)
    (folder / "article.html.j2").write_text(
        '{% extends "default:article.html.j2" %}'
        '{% block footer %}<p class="house">House footer</p>{% endblock %}',
        encoding="utf-8",
    )
    result = export.export_story(store, seed, tmp_path / "out")
    html = (result.path / "index.html").read_text(encoding="utf-8")
    assert '<p class="house">House footer</p>' in html
    assert "Anti-Assad fighters" in html


def test_cli_export_reports_privacy_and_check_fails_on_missing_photo(store, store_dir, tmp_path):
    from exporthelp import GPS_PHOTO

    article = store.articles.create(headline="GPS story", body_md="Text.", status="ready")
    photo = store.photos.add(GPS_PHOTO)
    store.figures.add(
        article.id, photo.id, caption="A field", credit="exif-samples", alt="Grass under cloud"
    )
    other = store.articles.create(headline="Waiting", body_md="Text.")
    store.figures.add(other.id, None, caption="Later")
    store.close()
    runner = CliRunner()
    out = tmp_path / "out"
    res = runner.invoke(
        main, ["--store", str(store_dir), "export", article.slug, "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    assert "04_gps-nikon-coolpix-p6000.jpg: removed GPS position, maker notes" in res.output
    res = runner.invoke(main, ["--store", str(store_dir), "check", other.slug])
    assert res.exit_code == 1
    assert "needs a photo" in res.output
    res = runner.invoke(main, ["--store", str(store_dir), "check", article.slug])
    assert res.exit_code == 0, res.output


def test_exported_pages_validate(seed_page, shared_tool):
    if not shutil.which("java"):
        pytest.skip("Java is not installed; the W3C HTML checker needs it")
    folder, _ = seed_page
    tool = shared_tool("validate-page")
    run = subprocess.run([str(tool), str(folder)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "html errors: 0" in run.stdout
    report = json.loads(run.stdout.split("structured data: ", 1)[1])
    assert report["ok"]
    assert report["types"] == ["NewsArticle"]
    assert report["missing"] == []


REFERENCE = Path(__file__).resolve().parent.parent / "reference" / "export-seed.html"


def test_seed_page_matches_the_reference(store, seed, tmp_path):
    """The whole page, byte for byte (set DESK_UPDATE_REFERENCE=1 to accept a change)."""
    import os

    store.db.conn.execute(
        "UPDATE articles SET modified = ?, created = ? WHERE slug = ?",
        ["2019-08-20T15:10:00Z", "2019-08-20T08:00:00Z", seed],
    )
    store.db.conn.commit()
    result = export.export_story(store, seed, tmp_path / "out")
    html = (result.path / "index.html").read_text(encoding="utf-8")
    if os.environ.get("DESK_UPDATE_REFERENCE"):
        REFERENCE.write_text(html, encoding="utf-8")
    assert html == REFERENCE.read_text(encoding="utf-8")
