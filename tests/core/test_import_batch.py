"""Batches, folders, detection and bad input: one clear error per file, the rest imported,
never a half-imported story."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from desk.cli import main
from desk.errors import ImportFailed
from desk.importers import FORMATS, detect, import_files, parse
from desk.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
SEED = FIXTURES / "seed" / "000_c7c2bbecfcf24f2b.txt"

ALL_FIXTURES = {
    "wire": SEED,
    "iptc7901": FIXTURES / "afp_two_messages.7901",
    "anpa1312": FIXTURES / "ap_story.anpa",
    "markdown": FIXTURES / "hugo" / "post.md",
    "ninjs": FIXTURES / "ninjs" / "text_item.json",
    "newsmlg2": FIXTURES / "newsmlg2" / "iptc_listing2_text.xml",
    "webpage": FIXTURES / "webpage" / "article.html",
    "nitf": FIXTURES / "nitf" / "dpa_story.xml",
}


@pytest.mark.parametrize(("expected", "path"), list(ALL_FIXTURES.items()))
def test_format_is_detected_from_content_whatever_the_name(tmp_path, expected, path):
    renamed = tmp_path / "story.dat"
    renamed.write_bytes(path.read_bytes())
    assert detect(renamed, renamed.read_bytes()[:65536]) == expected


def test_every_format_module_is_registered():
    assert set(FORMATS) == {*ALL_FIXTURES, "docx"}


def test_markdown_in_a_txt_file_is_markdown_and_the_format_can_be_forced(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("# Heading from Markdown\n\nBody with *emphasis*.\n", encoding="utf-8")
    story = parse(path)[0]
    assert (story.format, story.headline) == ("markdown", "Heading from Markdown")
    forced = parse(path, "wire")[0]
    assert forced.format == "wire"
    assert forced.headline == "# Heading from Markdown"
    with pytest.raises(ImportFailed, match="no import format 'pdf'"):
        parse(path, "pdf")


def bad_files(tmp_path: Path) -> dict[str, Path]:
    """One file per kind of bad input."""
    files = {}
    junk = tmp_path / "junk.txt"
    junk.write_bytes(random.Random(7).randbytes(50_000).replace(b"\0", b"\1") + b"\0\0\0")
    files["junk"] = junk
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    files["pdf"] = pdf
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: costs nothing on disk
    files["huge"] = huge
    bad_json = tmp_path / "broken.json"
    bad_json.write_text('{"headlines": [{"value": "cut off', encoding="utf-8")
    files["json"] = bad_json
    bad_xml = tmp_path / "broken.xml"
    bad_xml.write_text('<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><a>', "utf-8")
    files["xml"] = bad_xml
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    files["empty"] = empty
    return files


EXPECTED_ERRORS = {
    "junk": r"junk\.txt: this is not a story file Desk can read: it holds a NUL byte at byte 50,0",
    "pdf": r"report\.pdf: this is a PDF document",
    "huge": r"huge\.txt: the file is 200 MB, more than the \d+ MB Desk imports",
    "json": r"broken\.json: it is not valid JSON \(line 1",
    "xml": r"broken\.xml: it is not well-formed XML",
    "empty": r"empty\.md: the file is empty",
}


@pytest.mark.parametrize("kind", list(EXPECTED_ERRORS))
def test_bad_input_is_one_clear_sentence(tmp_path, kind):
    path = bad_files(tmp_path)[kind]
    with pytest.raises(ImportFailed, match=EXPECTED_ERRORS[kind]) as caught:
        parse(path)
    message = str(caught.value)
    assert message.count("\n") == 0
    assert message.endswith(".")


def test_a_huge_file_is_refused_by_its_size_without_reading_it(tmp_path, monkeypatch):
    path = bad_files(tmp_path)["huge"]
    reads: list[Path] = []
    original = Path.read_bytes

    def spy(self: Path) -> bytes:
        reads.append(self)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", spy)
    with pytest.raises(ImportFailed, match="200 MB"):
        parse(path, "wire")
    assert reads == []


def test_a_batch_imports_the_good_files_and_reports_each_bad_one(store, tmp_path):
    bad = bad_files(tmp_path)
    good = [SEED, FIXTURES / "ap_story.anpa"]
    paths = [bad["junk"], good[0], bad["huge"], bad["json"], good[1], bad["xml"], bad["pdf"]]
    results = import_files(store, paths)
    assert [r.ok for r in results] == [False, True, False, False, True, False, False]
    assert store.articles.count() == 2
    for result in results:
        if not result.ok:
            assert result.error.startswith(result.path.name + ": ")


def test_a_failure_while_committing_leaves_no_half_story(store, tmp_path):
    post = tmp_path / "post.md"
    post.write_text(
        "---\ntitle: Doomed\ntags: [fine, explode]\n---\n\nText.\n\n"
        '![A harbour](harbour.jpg "Caption")\n',
        encoding="utf-8",
    )
    shutil.copy(FIXTURES / "hugo" / "photos" / "harbour.jpg", tmp_path / "harbour.jpg")
    # a real constraint in the real database fails the last step (tagging) of this story only
    store.db.conn.execute(
        "CREATE TRIGGER no_explode BEFORE INSERT ON tags WHEN NEW.norm = 'explode' "
        "BEGIN SELECT RAISE(ABORT, 'explode refused'); END"
    )
    results = import_files(store, [post, SEED])
    assert not results[0].ok
    assert results[0].error.startswith("post.md: ")
    assert results[1].ok
    assert store.articles.count() == 1
    for table in ("article_images", "images", "article_tags", "revisions"):
        rows = store.db.conn.execute(
            f"SELECT count(*) FROM {table} WHERE "
            + ("1" if table == "images" else "article_id NOT IN (SELECT id FROM articles)")
        ).fetchone()[0]
        assert rows == 0, table
    assert store.db.conn.execute("SELECT count(*) FROM tags WHERE norm = 'fine'").fetchone()[0] == 0


def test_overlong_tags_are_left_out_with_a_note(store, tmp_path):
    post = tmp_path / "post.md"
    post.write_text(f"---\ntitle: T\ntags: [ok, {'x' * 150}]\n---\n\nText.\n", "utf-8")
    (result,) = import_files(store, [post])
    assert result.ok, result.error
    article = store.articles.get(result.ids[0])
    assert [t.name for t in store.tags.for_story(article.id)] == ["ok"]
    assert "tags left out (too long)" in article.notes


def test_folder_import_via_the_cli(tmp_path):
    folder = tmp_path / "inbox"
    shutil.copytree(FIXTURES / "hugo", folder / "hugo")
    shutil.copy(SEED, folder / "wire.txt")
    shutil.copy(FIXTURES / "ap_story.anpa", folder / "ap.anpa")
    (folder / "broken.json").write_text("{nope", encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    shutil.copytree(FIXTURES / "webpage", folder / "web")
    (folder / "web" / "page_files" / "site.js").write_text("track();", encoding="utf-8")
    (folder / "web" / "page_files" / "site.css").write_text("p {}", encoding="utf-8")
    (folder / "web" / "page_files" / "frame.html").write_text("<p>ad</p>", encoding="utf-8")
    runner = CliRunner()
    store_dir = tmp_path / "store"
    first = runner.invoke(main, ["--store", str(store_dir), "import", str(folder)])
    assert first.exit_code == 2
    slugs = first.stdout.split()
    # ap.anpa, hugo/post.md, web/article.html, web/no-article-markup.html, wire.txt: photos,
    # scripts, styles and the saved page's own folder are not stories
    assert len(slugs) == 5
    assert "ferry-strike-day-three" in slugs
    assert "broken.json: it is not valid JSON" in first.stderr
    assert ".DS_Store" not in first.stderr
    again = runner.invoke(main, ["--store", str(store_dir), "import", str(folder / "wire.txt")])
    assert again.exit_code == 0, again.stderr
    assert "already imported as anti-assad" in again.stderr
    rerun = runner.invoke(main, ["--store", str(store_dir), "import", str(folder)])
    assert rerun.exit_code == 2  # broken.json is still broken
    assert "5 of 6 files were already in the store" in rerun.stderr
    assert rerun.stdout == ""
    with Store.open(store_dir) as s:
        assert s.articles.count() == 5


def test_cli_json_output_and_format_option(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("# Markdown after all\n\nText.\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["--store", str(tmp_path / "s"), "import", "--format", "markdown", "--json", str(path)],
    )
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)
    assert entry["slugs"] == ["markdown-after-all"]
    assert entry["error"] is None
    bad = runner.invoke(
        main, ["--store", str(tmp_path / "s"), "import", "--format", "pdf", str(path)]
    )
    assert bad.exit_code == 2
    assert "--format" in bad.output


def test_desk_import_as_a_real_process(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "desk", "--store", str(tmp_path / "s"), "import", str(SEED)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "anti-assad-fighters-withdraw-from-key-area-of-northwest"


def test_one_failed_story_of_a_multi_story_file_leaves_the_others(store):
    store.db.conn.execute(
        "CREATE TRIGGER no_flash BEFORE INSERT ON articles WHEN NEW.headline LIKE 'FLASH%' "
        "BEGIN SELECT RAISE(ABORT, 'flash refused'); END"
    )
    (result,) = import_files(store, [FIXTURES / "afp_two_messages.7901"])
    assert len(result.slugs) == 1
    assert result.error.startswith("afp_two_messages.7901: ")
    assert store.articles.count() == 1


def test_a_file_imported_before_is_found_by_its_hash_through_the_index(store, tmp_path):
    """The same content is found whether its source names the file or not; a longer hash that
    merely starts alike is another story; and the lookup searches the index, never reads every
    story (which made each file of a big import slower than the one before)."""
    from desk.importers.base import ImportedStory
    from desk.importers.commit import already_imported

    for slug, source in (("named", "abc123 wire.txt"), ("bare", "abc123"), ("other", "abc1234 x")):
        store.articles.create(headline=slug, slug=slug)
        store.db.conn.execute("UPDATE articles SET source = ? WHERE slug = ?", [source, slug])
    store.db.conn.commit()
    assert already_imported(store, ImportedStory(source="abc12")) == []
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        assert already_imported(store, ImportedStory(source="abc123")) == ["named", "bare"]
    finally:
        store.db.conn.set_trace_callback(None)
    (lookup,) = [s for s in statements if s.startswith("SELECT slug FROM articles")]
    plan = store.db.query(f"EXPLAIN QUERY PLAN {lookup}")
    assert not any("SCAN articles" in row[-1] for row in plan), plan
