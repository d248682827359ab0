"""SIGKILL in the middle of a photo add, a folder import and a backup (real `desk` processes,
killed at the moment their half-written files exist): the store stays consistent, no story is
half imported, no backup looks complete when it is not, and what was left is tidied. And a
backup taken while another process writes holds every story and passes the integrity check.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from desk import doctor
from desk.store import DB_NAME, Store

pytestmark = pytest.mark.slow

DESK = Path(sys.executable).parent / "desk"
COMMAND = [str(DESK)] if DESK.exists() else [sys.executable, "-m", "desk"]


def big_photo(path: Path, side: int = 4200) -> Path:
    """A photo of noise, big enough (~15 MB) that copying it takes a while."""
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(path, quality=98)
    return path


def kill_when(args: list[str], ready: Callable[[], bool], limit_s: float = 60) -> bool:
    """Start `desk ARGS`, SIGKILL it the moment ready() holds; False if it finished first."""
    proc = subprocess.Popen([*COMMAND, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + limit_s
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if ready():
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                return True
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def integrity(store_dir: Path) -> str:
    """SQLite's integrity check of the store's database."""
    conn = sqlite3.connect(store_dir / DB_NAME)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def doctor_json(store_dir: Path, *args: str) -> dict:
    """`desk doctor --json` run as a program."""
    done = subprocess.run(
        [*COMMAND, "--store", str(store_dir), "doctor", "--json", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(done.stdout)


def test_killed_while_adding_a_photo(tmp_path):
    store_dir = tmp_path / "store"
    with Store.open(store_dir) as store:
        slug = store.articles.create(headline="Floods").slug
    photo = big_photo(tmp_path / "big.jpg")
    kills = 0
    for _ in range(3):
        parts = lambda: any((store_dir / "media").glob("*/.adding-*.part"))  # noqa: E731
        if kill_when(["--store", str(store_dir), "image", "add", slug, str(photo)], parts):
            kills += 1
            assert integrity(store_dir) == "ok"
            with Store.open(store_dir, readonly=True) as store:
                assert store.articles.count() == 1
                for row in store.db.query("SELECT path FROM images"):  # no row without a file
                    assert (store_dir / row[0]).is_file()
            found = doctor_json(store_dir)
            assert not found["healthy"]
            assert "half-copied photo files" in found["findings"][0]["message"]
            with Store.open(store_dir) as store:  # what every start of the window does
                assert doctor.tidy(store)
            assert not list((store_dir / "media").glob("*/.adding-*"))
            assert doctor_json(store_dir)["healthy"]
    assert kills, "every photo add finished before it could be killed"
    done = subprocess.run(
        [*COMMAND, "--store", str(store_dir), "image", "add", slug, str(photo)], check=False
    )
    assert done.returncode == 0
    with Store.open(store_dir, readonly=True) as store:
        assert len(store.figures.for_story(slug)) == 1


def test_killed_during_a_folder_import_and_run_again(tmp_path):
    store_dir = tmp_path / "store"
    folder = tmp_path / "wire"
    folder.mkdir()
    for n in range(150):
        (folder / f"story-{n:03}.md").write_text(
            f"---\ntitle: Story number {n}\ntags: [Wire]\n---\n\n"
            + f"Paragraph {n} of the wire.\n\n" * 40,
            encoding="utf-8",
        )
    Store.open(store_dir).close()

    def some_in() -> bool:
        conn = sqlite3.connect(f"{(store_dir / DB_NAME).as_uri()}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0] >= 20
        except sqlite3.Error:
            return False
        finally:
            conn.close()

    assert kill_when(["--store", str(store_dir), "import", str(folder)], some_in)
    assert integrity(store_dir) == "ok"
    with Store.open(store_dir, readonly=True) as store:
        before = [store.articles.get(a.id) for a in store.articles.all()]
        assert 20 <= len(before) < 150
        for article in before:  # each story whole: its text, its tags, its first version
            n = int(article.headline.rsplit(" ", 1)[1])
            assert article.body_md.count("of the wire.") == 40
            assert [t.name for t in store.tags.for_story(article.id)] == ["Wire"]
            assert store.history.versions(article.id)[-1].reason == "as received"
            assert article.body_md.startswith(f"Paragraph {n} ")
    again = subprocess.run(
        [*COMMAND, "--store", str(store_dir), "import", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert f"desk: {len(before)} of 150 files were already in the store" in again.stderr
    assert len(again.stdout.split()) == 150 - len(before)
    with Store.open(store_dir, readonly=True) as store:
        assert store.articles.count() == 150


def test_killed_during_a_backup(tmp_path):
    store_dir = tmp_path / "store"
    with Store.open(store_dir) as store:
        story = store.articles.create(headline="Floods", body_md="Water rose.")
        for n in range(4):
            photo = store.photos.add(big_photo(tmp_path / f"big{n}.jpg", 3000))
            store.figures.add(story.id, photo.id)
    dest = tmp_path / "usb" / "monday"
    staging = lambda: any(dest.parent.glob(".monday-partial-*/media"))  # noqa: E731
    for _ in range(5):  # a loaded machine may let a backup finish before it is seen
        if kill_when(["--store", str(store_dir), "backup", str(dest)], staging):
            break
        shutil.rmtree(dest)
    else:
        pytest.fail("every backup finished before it could be killed")
    assert not dest.exists()  # nothing that looks like a backup
    (left,) = dest.parent.glob(".monday-partial-*")
    found = doctor_json(store_dir)
    assert "an unfinished backup" in found["findings"][0]["message"]
    assert doctor_json(store_dir, "--repair")["healthy"]
    assert not left.exists()
    assert not list(store_dir.glob(f"{doctor.BACKUP_MARK}*"))
    done = subprocess.run([*COMMAND, "--store", str(store_dir), "backup", str(dest)], check=False)
    assert done.returncode == 0
    assert integrity(dest) == "ok"
    assert (dest / "backup.json").is_file()


WRITER = """
import sys
from desk.store import Store
with Store.open(sys.argv[1]) as store:
    n = 0
    print("ready", flush=True)
    while True:
        n += 1
        made = store.articles.create(headline=f"Written {n}", body_md="word " * 500)
        store.articles.update(made.id, body_md="changed " * 500)
"""


def test_a_backup_while_another_process_writes(tmp_path):
    store_dir = tmp_path / "store"
    Store.open(store_dir).close()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(store_dir)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(0.5)
        with Store.open(store_dir, readonly=True) as store:
            written = {a.slug for a in store.articles.all()}
        assert written
        done = subprocess.run(
            [*COMMAND, "--store", str(store_dir), "backup", str(tmp_path / "copy")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    finally:
        writer.kill()
        writer.wait()
    assert integrity(tmp_path / "copy") == "ok"
    with Store.open(tmp_path / "copy", readonly=True) as copy:
        assert written <= {a.slug for a in copy.articles.all()}
        for summary in copy.articles.all():
            assert set(copy.articles.get(summary.id).body_md.split()) in ({"word"}, {"changed"})
