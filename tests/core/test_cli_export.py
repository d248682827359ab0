"""`desk export` through the command line: several stories, --zip, --fragment, --site."""

from __future__ import annotations

import json
import zipfile

from click.testing import CliRunner

from desk.cli import main
from desk.store import Store


def stories(store_dir) -> list[str]:
    """Two ready stories and a draft; returns their slugs."""
    with Store.open(store_dir) as store:
        a = store.articles.create(
            headline="Floods recede",
            section="World",
            status="ready",
            body_md="Water *falls*.",
            authors=["Ann"],
        )
        b = store.articles.create(
            headline="Cup final", section="Sport", status="published", body_md="A late goal."
        )
        c = store.articles.create(headline="Unfinished", status="draft", body_md="Draft.")
        store.tags.tag(a.id, ["Floods"])
        return [a.slug, b.slug, c.slug]


def run(store_dir, *args: str):
    """Run the CLI on the store."""
    return CliRunner().invoke(main, ["--store", str(store_dir), *args])


def test_several_stories_each_get_their_folder(store_dir, tmp_path):
    a, b, _ = stories(store_dir)
    result = run(store_dir, "export", a, b, "--out", str(tmp_path / "out"), "--json")
    assert result.exit_code == 0, result.output
    for slug in (a, b):
        folder = tmp_path / "out" / slug
        assert (folder / "index.html").is_file()
        assert (folder / "style.css").is_file()
        ninjs = json.loads((folder / "article.json").read_text(encoding="utf-8"))
        assert ninjs["headlines"][0]["value"] in ("Floods recede", "Cup final")
    assert {item["slug"] for item in json.loads(result.stdout)} >= {a, b}


def test_zip_and_fragment_flags(store_dir, tmp_path):
    a, _, _ = stories(store_dir)
    assert run(store_dir, "export", a, "--zip", "--out", str(tmp_path / "z")).exit_code == 0
    with zipfile.ZipFile(tmp_path / "z" / f"{a}.zip") as archive:
        assert any(n.endswith("index.html") for n in archive.namelist())
    result = run(store_dir, "export", a, "--fragment")
    assert result.exit_code == 0
    assert result.stdout.lstrip().startswith("<article")
    assert "<html" not in result.stdout
    assert "Water <em>falls</em>." in result.stdout


def test_site_exports_ready_and_published_only(store_dir, tmp_path):
    _, _, draft = stories(store_dir)
    result = run(store_dir, "export", "--site", "--out", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    assert (site / "index.html").is_file()
    assert (site / "feed.xml").is_file()
    assert (site / "sitemap.xml").is_file()
    front = (site / "index.html").read_text(encoding="utf-8")
    assert "Floods recede" in front
    assert "Cup final" in front
    assert "Unfinished" not in front
    assert not list(site.rglob(f"{draft}*"))


def test_a_site_export_says_how_many_stories_have_warnings_not_each_one(store_dir, tmp_path):
    """On a big site a line per warning would be thousands: the command sums them up, and
    --json still gives every story's."""
    stories(store_dir)  # short stories without standfirst or photo: each has warnings
    result = run(store_dir, "export", "--site", "--out", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    assert "  warning: " not in result.stderr
    assert "warnings: all 2 stories have something that deserves a look" in result.stderr
    assert result.stdout.splitlines()[-1].startswith(f"site: {tmp_path / 'site'} (")
    assert "2 stories)" in result.stdout
    again = run(store_dir, "export", "--site", "--out", str(tmp_path / "site"), "--json")
    doc = json.loads(again.stdout)
    assert len(doc["stories"]) == 2
    assert all(story["warnings"] for story in doc["stories"])


def test_unknown_story_is_one_line_and_exit_2(store_dir, tmp_path):
    stories(store_dir)
    result = run(store_dir, "export", "nope", "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "nope" in result.output
    assert not (tmp_path / "out" / "nope").exists()


def test_options_that_would_be_ignored_or_write_in_the_current_folder_are_refused(
    store_dir, tmp_path, monkeypatch
):
    """`--site SLUG` exported the whole site without a word, `--out ''` wrote into the current
    folder, `desk search x --limit -1` returned everything."""
    a, _, _ = stories(store_dir)
    monkeypatch.chdir(tmp_path)
    site = run(store_dir, "export", "--site", a, "--out", str(tmp_path / "site"))
    assert site.exit_code == 2
    assert "to export some stories, name them without --site" in site.stderr
    empty = run(store_dir, "export", a, "--out", "")
    assert empty.exit_code == 2
    assert "Invalid value for '--out': is empty" in empty.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
    for command in (["search", "floods"], ["images"]):
        for limit in ("0", "-1"):
            refused = run(store_dir, *command, "--limit", limit)
            assert refused.exit_code == 2
            assert "is not in the range x>=1" in refused.stderr
