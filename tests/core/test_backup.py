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
    assert "1 stories and 1 photos backed up" in result.output
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
