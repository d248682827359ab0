"""`desk doctor [--repair]`: what it finds in a store, what it repairs (never text), and the
tidying every start does after a killed Desk."""

from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner
from photofactory import fixture

from desk import doctor
from desk.cli import main
from desk.store import DB_NAME, Store


def run(store_dir, *args: str):
    """Run the CLI on the store."""
    return CliRunner().invoke(main, ["--store", str(store_dir), *args])


def filled(store_dir) -> tuple[str, str]:
    """A store with a story and a photo in it; returns the slug and the photo's media path."""
    with Store.open(store_dir) as store:
        story = store.articles.create(headline="Floods", body_md="Water rose.")
        photo = store.photos.add(fixture("07_cmyk.jpg"))
        store.figures.add(story.id, photo.id, caption="A road")
        return story.slug, photo.path


def findings(store_dir, *args: str) -> tuple[int, list[dict]]:
    """The doctor's exit status and findings (as JSON)."""
    result = run(store_dir, "doctor", "--json", *args)
    return result.exit_code, json.loads(result.stdout)["findings"]


def test_a_healthy_store(store_dir):
    filled(store_dir)
    result = run(store_dir, "doctor")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "The store is healthy."


def test_leftovers_of_a_killed_photo_add_and_backup_are_found_and_removed(store_dir, tmp_path):
    _, path = filled(store_dir)
    part = (store_dir / path).parent / ".adding-x1y2.part"
    part.write_bytes(b"\xff" * 50_000)
    part.chmod(0o444)
    staging = tmp_path / ".monday-partial-abc"
    (staging / "media").mkdir(parents=True)
    mark = store_dir / f"{doctor.BACKUP_MARK}{staging.name}.json"
    mark.write_text(json.dumps({"staging": str(staging)}))

    status, found = findings(store_dir)
    assert status == 1
    (problem,) = found
    assert "1 half-copied photo files (48 KB)" in problem["message"]
    assert "an unfinished backup" in problem["message"]
    assert part.exists()
    assert staging.exists()

    status, found = findings(store_dir, "--repair")
    assert status == 0
    assert found[0]["repaired"]
    assert not part.exists()
    assert not staging.exists()
    assert not list(store_dir.glob(".backup-in-progress-*"))
    assert (store_dir / path).is_file()  # the real original stays
    assert findings(store_dir) == (0, [])


def test_every_start_tidies_what_a_killed_desk_left(store_dir, tmp_path):
    _, path = filled(store_dir)
    part = (store_dir / path).parent / ".adding-x1y2.part"
    part.write_bytes(b"half")
    with Store.open(store_dir) as store:
        done = doctor.tidy(store)
    assert done == ["Removed what a killed Desk left: 1 half-copied photo files (0 KB)."]
    assert not part.exists()


def test_unused_media_are_moved_aside_never_deleted(store_dir):
    filled(store_dir)
    stray = store_dir / "media" / "ab" / ("ab" + "0" * 62 + ".jpg")
    stray.parent.mkdir(exist_ok=True)
    stray.write_bytes(fixture("03_pillow-iptc-budapest.jpg").read_bytes())

    status, found = findings(store_dir)
    assert status == 0  # a note: nothing is wrong with the stories
    assert found[0]["level"] == "note"
    assert "1 media files no photo uses" in found[0]["message"]

    status, found = findings(store_dir, "--repair")
    assert status == 0
    assert found[0]["repaired"]
    (moved,) = (store_dir / "lost+found").glob("*/*")
    assert moved.name == stray.name
    assert not stray.exists()
    assert moved.read_bytes() == fixture("03_pillow-iptc-budapest.jpg").read_bytes()


def test_a_missing_original_is_a_problem_the_doctor_cannot_repair(store_dir):
    slug, path = filled(store_dir)
    (store_dir / path).chmod(0o644)
    (store_dir / path).unlink()
    for args in ((), ("--repair",)):
        status, found = findings(store_dir, *args)
        assert status == 1
        assert f"07_cmyk.jpg is missing from media/ (used in {slug})" in found[0]["message"]
        assert not found[0]["repaired"]


def test_a_stale_search_index_is_rebuilt(store_dir):
    slug, _ = filled(store_dir)
    conn = sqlite3.connect(store_dir / DB_NAME)  # a save the crash kept from the index
    conn.execute(
        "UPDATE articles SET body_md = 'Hail fell.', modified = '2030-01-01T00:00:00.000Z'"
    )
    conn.commit()
    conn.close()
    status, found = findings(store_dir)
    assert status == 1
    assert "out of date for 1 stories" in found[0]["message"]
    status, found = findings(store_dir, "--repair")
    assert status == 0
    assert "rebuilt for 1 stories" in found[0]["message"]
    with Store.open(store_dir, readonly=True) as store:
        assert [h.slug for h in store.search.stories("hail")] == [slug]


def test_a_damaged_database_is_reported_in_one_sentence(store_dir):
    filled(store_dir)
    with Store.open(store_dir) as store:
        for n in range(200):  # pages enough that damage lands in a table, not the header
            store.articles.create(headline=f"Story {n}", body_md="word " * 200)
    db = store_dir / DB_NAME
    data = bytearray(db.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle : middle + 4096] = b"\x0d" * 4096
    db.write_bytes(bytes(data))
    result = run(store_dir, "doctor")
    assert result.exit_code == 1
    assert "damaged" in result.output or "cannot be read" in result.output
    assert "Traceback" not in result.output


def test_a_backup_still_being_written_is_left_alone(store_dir, tmp_path):
    filled(store_dir)
    staging = tmp_path / ".monday-partial-live"
    staging.mkdir()
    with doctor.BackupMark(store_dir, staging):
        assert findings(store_dir, "--repair") == (0, [])
        assert staging.exists()
    assert not list(store_dir.glob(".backup-in-progress-*"))


def test_a_database_too_damaged_to_open_gets_a_report_not_a_loop(store_dir):
    """A truncated database: every command refuses it and names the doctor, and the doctor
    (it refused the same way, so its own advice led back to itself) reports what it can."""
    filled(store_dir)
    with Store.open(store_dir) as store:
        for n in range(100):
            store.articles.create(headline=f"Story {n}", body_md="word " * 200)
    db = store_dir / DB_NAME
    db.write_bytes(db.read_bytes()[:20000])
    listed = run(store_dir, "list")
    assert listed.exit_code == 2
    assert "damaged; `desk doctor` says what it can" in listed.output
    for args in ([], ["--repair"]):
        status, found = findings(store_dir, *args)
        assert status == 1
        assert [f["level"] for f in found] == ["problem"]
        assert "too damaged for SQLite to read; restore a backup" in found[0]["message"]
    assert len(db.read_bytes()) == 20000  # the doctor left it as it was
