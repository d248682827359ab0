"""`desk backup DEST`: a whole, consistent copy of the store that opens as a store of its own."""

from __future__ import annotations

from click.testing import CliRunner
from photofactory import fixture

from desk.cli import main
from desk.store import Store


def filled(store_dir) -> str:
    """A store with a story, a photo, a tag and a history version; returns the slug."""
    with Store.open(store_dir) as store:
        story = store.articles.create(headline="Floods", body_md="Water rose.")
        store.figures.add(story.id, store.photos.add(fixture("07_cmyk.jpg")).id, caption="A road")
        store.tags.tag(story.id, ["Floods"])
        store.articles.update(story.id, body_md="Water rose overnight.")
        return story.slug


def run(*args: str):
    """Run the CLI."""
    return CliRunner().invoke(main, list(args))


def test_backup_opens_as_a_store_with_everything(store_dir, tmp_path):
    slug = filled(store_dir)
    dest = tmp_path / "backups" / "monday"
    result = run("--store", str(store_dir), "backup", str(dest))
    assert result.exit_code == 0, result.output
    assert "1 story and 1 photo backed up" in result.output
    assert not (dest / "cache").exists()
    with Store.open(dest, readonly=True) as copy:
        article = copy.articles.get(slug)
        assert article.body_md == "Water rose overnight."
        (figure,) = copy.figures.for_story(article.id)
        assert copy.photos.file(figure.photo).read_bytes() == fixture("07_cmyk.jpg").read_bytes()
        assert [t.name for t in copy.tags.for_story(article.id)] == ["Floods"]
        assert len(copy.history.versions(article.id)) == 1
        assert copy.search.stories("overnight")[0].slug == slug


def test_backup_while_the_store_is_open_for_writing(store_dir, tmp_path):
    slug = filled(store_dir)
    with Store.open(store_dir) as writer:  # Desk's window holds the store
        writer.articles.update(slug, standfirst="Written while the window was open.")
        result = run("--store", str(store_dir), "backup", str(tmp_path / "copy"))
    assert result.exit_code == 0, result.output
    with Store.open(tmp_path / "copy", readonly=True) as copy:
        assert copy.articles.get(slug).standfirst == "Written while the window was open."


def test_a_non_empty_destination_is_refused_and_left_alone(store_dir, tmp_path):
    filled(store_dir)
    dest = tmp_path / "taken"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    result = run("--store", str(store_dir), "backup", str(dest))
    assert result.exit_code == 2
    assert "not empty" in result.output
    assert [p.name for p in dest.iterdir()] == ["notes.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".taken-")]


def test_restore_into_a_new_folder(store_dir, tmp_path):
    slug = filled(store_dir)
    assert run("--store", str(store_dir), "backup", str(tmp_path / "monday")).exit_code == 0
    result = run(
        "--store",
        str(store_dir),
        "restore-backup",
        str(tmp_path / "monday"),
        "--into",
        str(tmp_path / "again"),
    )
    assert result.exit_code == 0, result.output
    assert "the backup made 20" in result.output
    assert "(1 story)" in result.output
    assert "replaced" not in result.output  # a new folder: nothing was replaced
    with Store.open(tmp_path / "again", readonly=True) as copy:
        article = copy.articles.get(slug)
        assert article.body_md == "Water rose overnight."
        (figure,) = copy.figures.for_story(article.id)
        assert copy.photos.file(figure.photo).is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".again-")]


def test_restore_in_place_keeps_todays_store(store_dir, tmp_path):
    slug = filled(store_dir)
    run("--store", str(store_dir), "backup", str(tmp_path / "monday"))
    with Store.open(store_dir) as store:
        store.articles.update(slug, body_md="Tuesday's text.")
    result = run("--store", str(store_dir), "restore-backup", str(tmp_path / "monday"))
    assert result.exit_code == 0, result.output
    with Store.open(store_dir) as store:
        assert store.articles.get(slug).body_md == "Water rose overnight."
    (aside,) = store_dir.glob("replaced-*")
    assert f"The store it replaced is kept in {aside}." in result.output  # it was never said
    with Store.open(aside, readonly=True) as today:
        assert today.articles.get(slug).body_md == "Tuesday's text."


def test_restore_is_refused_while_desk_has_the_store_open(store_dir, tmp_path):
    slug = filled(store_dir)
    run("--store", str(store_dir), "backup", str(tmp_path / "monday"))
    with Store.open(store_dir, window=True) as store:
        store.articles.update(slug, body_md="Open in the window.")
        result = run("--store", str(store_dir), "restore-backup", str(tmp_path / "monday"))
        assert result.exit_code != 0
        assert "open" in result.output.lower()
        assert store.articles.get(slug).body_md == "Open in the window."
    assert not list(store_dir.glob("replaced-*"))


def test_a_folder_that_is_not_a_backup_is_refused(store_dir, tmp_path):
    filled(store_dir)
    (tmp_path / "holiday").mkdir()
    (tmp_path / "holiday" / "desk.db").write_bytes(b"not a database at all" * 100)
    for src in (tmp_path / "nowhere", tmp_path / "holiday"):
        result = run("--store", str(store_dir), "restore-backup", str(src))
        assert result.exit_code == 2, result.output
        assert "backup" in result.output
        assert "Traceback" not in result.output
    with Store.open(store_dir, readonly=True) as store:
        assert store.articles.get("floods").body_md == "Water rose overnight."


def test_scheduled_backups_keep_the_newest_few(store_dir, tmp_path):
    from datetime import timedelta

    from desk import backup

    filled(store_dir)
    folder = tmp_path / "usb"
    assert backup.due(folder, "daily")
    with Store.open(store_dir, readonly=True) as store:
        for _ in range(4):
            backup.scheduled_backup(store, folder, keep=2)
    kept = backup.backups_in(folder)
    assert len(kept) == 2
    assert not backup.due(folder, "daily")
    later = backup.made(kept[-1]) + timedelta(days=1, seconds=1)
    assert backup.due(folder, "daily", now=later)
    assert not backup.due(folder, "weekly", now=later)
    assert not backup.due(folder, "off")


def test_a_backup_that_cannot_be_written_says_why_and_what_to_do(store_dir, tmp_path):
    filled(store_dir)
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    result = run("--store", str(store_dir), "backup", str(tmp_path / "a-file" / "monday"))
    assert result.exit_code == 2
    assert "choose a folder you can write to" in result.output  # not "free some space"
    empty = run("--store", str(store_dir), "backup", "")
    assert empty.exit_code == 2
    assert "is empty" in empty.output
