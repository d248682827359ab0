"""The publishing commands end to end: targets, desk publish, and the outbox across restarts
of the process (each command is its own `desk` run on a store folder)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from storyhelp import seed_story

from desk.config import config_path, read_config
from desk.publish import records
from desk.publish.wordpress import marker
from desk.store import Store


def desk(*args: str, password: str | None = None) -> subprocess.CompletedProcess:
    """Run the desk command in a new process (the test's settings folder, no terminal)."""
    env = dict(os.environ)
    env.pop("DESK_TARGET_PASSWORD", None)
    if password is not None:
        env["DESK_TARGET_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "desk", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def test_target_add_list_remove_keeps_no_password_in_the_settings(wordpress_up, tmp_path):
    secret = wordpress_up.password
    added = desk(
        "target", "add", "site", "--kind", "wordpress", "--url", wordpress_up.url,
        "--user", wordpress_up.user, password=secret,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith(f"site: WordPress at {wordpress_up.url} as {wordpress_up.user}")
    assert "signed in" in added.stdout
    assert "no system keychain here" in added.stdout  # headless Linux: keyring has no backend
    folder = tmp_path / "ingest"
    folder.mkdir()
    made = desk(
        "target", "add", "wire", "--kind", "folder", "--path", str(folder), "--format", "newsml"
    )
    assert made.returncode == 0, made.stderr
    settings = config_path().read_text(encoding="utf-8")
    assert secret not in settings
    assert read_config()["targets"] == {
        "site": {"kind": "wordpress", "url": wordpress_up.url, "user": wordpress_up.user},
        "wire": {"kind": "folder", "path": str(folder), "format": "newsml"},
    }
    listed = json.loads(desk("target", "list", "--json").stdout)
    assert [t["name"] for t in listed] == ["site", "wire"]
    assert "password" not in json.dumps(listed)
    removed = desk("target", "remove", "wire")
    assert removed.returncode == 0
    assert list(read_config()["targets"]) == ["site"]


def test_target_add_with_a_wrong_password_is_refused_and_nothing_is_saved(wordpress_up):
    added = desk(
        "target", "add", "site", "--kind", "wordpress", "--url", wordpress_up.url,
        "--user", wordpress_up.user, password="wrong wrong wrong wrong",
    )  # fmt: skip
    assert added.returncode == 2
    assert added.stderr.startswith(
        f"desk: WordPress at {wordpress_up.url[7:]} refused the user name"
    )
    assert len(added.stderr.strip().splitlines()) == 1
    assert "targets" not in read_config()


def test_target_add_without_a_password_and_no_terminal_says_how_to_give_it(wordpress_up):
    added = desk(
        "target", "add", "site", "--kind", "wordpress", "--url", wordpress_up.url,
        "--user", wordpress_up.user,
    )  # fmt: skip
    assert added.returncode == 2
    assert "$DESK_TARGET_PASSWORD" in added.stderr
    assert "targets" not in read_config()


def test_publish_while_the_site_is_down_queues_survives_a_restart_and_goes_through_once(
    wordpress_up, tmp_path, wp
):
    store_dir = tmp_path / "store"
    with Store.open(store_dir) as store:
        slug = seed_story(store, status="ready")
    pw = wordpress_up.password
    assert desk(
        "target", "add", "site", "--kind", "wordpress", "--url", wordpress_up.url,
        "--user", wordpress_up.user, "--no-check", password=pw,
    ).returncode == 0  # fmt: skip
    wordpress_up.stop_web()  # the server is down
    queued = desk("--store", str(store_dir), "publish", slug, "--to", "site", "--json", password=pw)
    assert queued.returncode == 1, queued.stderr
    outcome = json.loads(queued.stdout)
    assert outcome["state"] == "queued"
    assert outcome["message"].startswith(
        f"Queued for site: Desk could not reach {wordpress_up.url[7:]} (connection refused);"
    )
    waiting = desk("--store", str(store_dir), "outbox", "--json")  # a new process: still there
    assert waiting.returncode == 1
    (job,) = json.loads(waiting.stdout)["waiting"]
    assert (job["slug"], job["state"], job["attempts"]) == (slug, "queued", 1)
    wordpress_up.start_web()  # the server is back
    sent = desk("--store", str(store_dir), "outbox", "--retry", "--json", password=pw)
    assert sent.returncode == 0, sent.stderr
    report = json.loads(sent.stdout)
    assert [o["state"] for o in report["tried"]] == ["published"]
    assert report["waiting"] == []
    again = desk("--store", str(store_dir), "outbox", "--retry", "--json", password=pw)
    assert json.loads(again.stdout) == {"tried": [], "waiting": []}
    with Store.open(store_dir, readonly=True) as store:
        pub = records.publication(store, store.articles.get(slug).id, "site")
    found = wp.get("posts", search=pub.key, status="publish,future,draft,pending,private")
    posts = [p for p in found if marker(pub.key) in p["content"]["raw"]]
    assert [p["id"] for p in posts] == [int(pub.remote_id)]  # exactly once
    assert len(wp.get("media", parent=pub.remote_id)) == 4


def test_publish_prints_the_file_written_to_a_folder_target(tmp_path):
    store_dir = tmp_path / "store"
    with Store.open(store_dir) as store:
        slug = seed_story(store, status="ready")
    folder = tmp_path / "ingest"
    folder.mkdir()
    assert desk("target", "add", "wire", "--kind", "folder", "--path", str(folder)).returncode == 0
    done = desk("--store", str(store_dir), "publish", slug, "--to", "wire")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(folder / f"{slug}.json")
    assert Path(done.stdout.strip()).is_file()


def test_publish_to_an_unknown_target_is_one_clear_line(tmp_path):
    done = desk("--store", str(tmp_path / "store"), "publish", "some-story", "--to", "nowhere")
    assert done.returncode == 2
    assert done.stderr == (
        "desk: There is no publishing target 'nowhere'; add one with `desk target add`.\n"
    )


def queued_story(tmp_path: Path) -> tuple[Path, str]:
    """A store with a ready story queued for the target 'wire' (a folder not mounted)."""
    store_dir = tmp_path / "store"
    with Store.open(store_dir) as store:
        slug = seed_story(store, status="ready")
    missing = tmp_path / "not-mounted"
    assert desk("target", "add", "wire", "--kind", "folder", "--path", str(missing)).returncode == 0
    assert desk("--store", str(store_dir), "publish", slug, "--to", "wire").returncode == 1
    return store_dir, slug


def test_outbox_drop_gives_up_on_a_waiting_story(tmp_path):
    store_dir, slug = queued_story(tmp_path)
    dropped = desk("--store", str(store_dir), "outbox", "--drop", slug)
    assert dropped.returncode == 0, dropped.stderr
    assert dropped.stdout.strip() == f"{slug}: no longer waiting for wire."
    assert json.loads(desk("--store", str(store_dir), "outbox", "--json").stdout)["waiting"] == []


def test_outbox_options_that_would_do_nothing_are_refused_and_a_removed_target_names_its_jobs(
    tmp_path,
):
    """`--to` without `--drop` was ignored, `--drop` with `--retry` dropped and did not retry,
    and removing a target left its waiting stories in the outbox without a word."""
    store_dir, slug = queued_story(tmp_path)
    to_alone = desk("--store", str(store_dir), "outbox", "--to", "wire")
    assert to_alone.returncode == 2
    assert "--to goes with --drop" in to_alone.stderr
    both = desk("--store", str(store_dir), "outbox", "--drop", slug, "--retry")
    assert both.returncode == 2
    assert "Choose --retry or --drop" in both.stderr
    removed = desk("--store", str(store_dir), "target", "remove", "wire")
    assert removed.returncode == 0, removed.stderr
    assert f"1 story still waits in the outbox for wire (first {slug})" in removed.stderr
    assert desk("--store", str(store_dir), "outbox", "--drop", slug, "--to", "wire").returncode == 0
    empty = desk("--store", str(store_dir), "outbox")
    assert empty.stdout.strip() == "The outbox is empty: no story is waiting to be published."
