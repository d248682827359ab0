"""A real full disk and a store on read-only media (a small tmpfs mounted
in a private mount namespace; needs root or user namespaces, else the test says why it skips).
Each refusal is one sentence, the store is unchanged and whole, and writing works again once
there is room."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
PHOTO = REPO / "tests" / "fixtures" / "photos" / "01_iptc-ref-2017.1.jpg"

CHILD = textwrap.dedent(
    """
    import json, os, sqlite3, subprocess, sys
    from pathlib import Path
    from desk.errors import DeskError
    from desk.store import Store
    from desk.backup import backup_store

    disk, photo = Path(sys.argv[1]), Path(sys.argv[2])
    root = disk / "store"
    said = {}
    with Store.open(root) as store:
        story = store.articles.create(headline="Floods", body_md="Water rose.")
        filler = disk / "filler"
        with open(filler, "wb", buffering=0) as fh:  # fill the disk to the last byte
            try:
                while True:
                    fh.write(b"x" * 65536)
                    fh.flush()
            except OSError:
                pass
            try:
                while True:
                    fh.write(b"x")
                    fh.flush()
            except OSError:
                pass
        try:
            store.articles.update(story.id, body_md="Water rose. " + "More words. " * 50_000)
        except DeskError as exc:
            said["save"] = str(exc)
        try:
            store.photos.add(photo)
        except DeskError as exc:
            said["photo"] = str(exc)
        said["leftovers"] = sorted(str(p) for p in root.rglob(".adding-*"))
        said["body_while_full"] = store.articles.get(story.id).body_md
        try:
            backup_store(store, disk / "backup")
        except DeskError as exc:
            said["backup"] = str(exc)
        said["backup_left"] = sorted(p.name for p in disk.iterdir() if "backup" in p.name)
        filler.unlink()
        store.articles.update(story.id, body_md="Water rose again.")
        said["body_after_room"] = store.articles.get(story.id).body_md

    stick = disk.parent / "stick"  # the store on read-only media
    stick.mkdir()
    subprocess.run(["mount", "--bind", "-o", "ro", str(root), str(stick)], check=True)
    try:
        Store.open(stick)
    except DeskError as exc:
        said["readonly"] = str(exc)
    try:
        Store.open(stick, window=True)
    except DeskError as exc:
        said["readonly_window"] = str(exc)
    with Store.open(stick, readonly=True) as again:
        said["reopened"] = again.articles.get(story.id).body_md
        said["integrity"] = again.db.query("PRAGMA integrity_check")[0][0]
        try:
            again.articles.update(story.id, body_md="Written on a read-only disk.")
        except DeskError as exc:
            said["write_read_only"] = str(exc)
    print(json.dumps(said))
    """
)


def run_on_small_disk(tmp_path: Path) -> dict:
    """The child script on a 4 MB tmpfs in its own mount namespace; its findings."""
    if not shutil.which("unshare"):
        pytest.skip("unshare (util-linux) is missing: no private mount for a small disk")
    disk = tmp_path / "disk"
    disk.mkdir()
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", f"mount -t tmpfs -o size=4m tmpfs {disk} && umount {disk}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip(f"cannot mount a small disk here (needs root): {probe.stderr.strip()}")
    done = subprocess.run(
        [
            "unshare",
            "-m",
            "sh",
            "-c",
            f'mount -t tmpfs -o size=4m tmpfs {disk} && exec "$0" "$@"',
            sys.executable,
            str(script),
            str(disk),
            str(PHOTO),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_full_disk_then_a_read_only_one(tmp_path):
    said = run_on_small_disk(tmp_path)
    assert said["save"] == (
        "The disk holding the store is full; free some space and Desk will save again."
    )
    assert said["body_while_full"] == "Water rose."  # not half a story
    assert "full" in said["photo"]
    assert said["leftovers"] == []
    assert "The backup to" in said["backup"]
    assert "nothing was left there" in said["backup"]
    assert said["backup_left"] == []
    assert said["body_after_room"] == "Water rose again."
    assert said["readonly"].endswith(  # a command: readers work as it is
        "is read-only; copy it to a disk you can write to (desk list, show and search work as "
        "it is)."
    )
    assert said["readonly_window"].endswith(
        "is read-only; open it read-only or copy it to a disk you can write to."
    )
    assert "read-only" in said["write_read_only"]
    assert said["reopened"] == "Water rose again."
    assert said["integrity"] == "ok"
