"""Targets and their passwords: validated, kept in config.toml without secrets, passwords in
the keychain (a real file keychain from keyrings.alt stands in for the desktop's), else for
the session only; the WordPress status mapping and the outbox's backoff."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import keyring
import pytest
from keyring.backends import fail

from desk.config import config_path
from desk.errors import BadInput, NotFound
from desk.model import Article
from desk.publish import records, secrets, targets
from desk.publish.wordpress import post_status


@pytest.fixture
def file_keychain(tmp_path):
    """A real keyring backend (a file under the test's data folder) instead of none, at the
    priority keyring gives a desktop's keychain (its own, 0.5, is refused: see below)."""
    from keyrings.alt.file import PlaintextKeyring

    class StandIn(PlaintextKeyring):
        priority = 1  # type: ignore[assignment]

    chain = StandIn()
    chain.file_path = str(tmp_path / "keyring.cfg")
    before = keyring.get_keyring()
    keyring.set_keyring(chain)
    yield chain
    keyring.set_keyring(before)


def site() -> targets.Target:
    """A WordPress target (nothing needs to answer at its address here)."""
    return targets.make_target("site", "wordpress", url="news.example.com", user="desk")


def test_a_password_goes_to_the_keychain_and_never_into_the_settings(file_keychain, monkeypatch):
    monkeypatch.delenv("DESK_TARGET_PASSWORD", raising=False)
    target = site()
    targets.save_target(target)
    assert secrets.keychain_available()
    assert secrets.remember(target, "abcd efgh ijkl") is True
    secrets._session.clear()  # a later session: only the keychain has it
    assert secrets.known(target) == "abcd efgh ijkl"
    assert file_keychain.get_password("desk", "target:site:desk") == "abcd efgh ijkl"
    assert "abcd" not in config_path().read_text(encoding="utf-8")
    targets.delete_target("site")
    assert file_keychain.get_password("desk", "target:site:desk") is None
    assert secrets.known(target) is None


def test_a_plaintext_file_is_not_taken_for_a_keychain(tmp_path, monkeypatch):
    """keyrings.alt's plaintext file (what keyring picks on a machine without a desktop
    keychain where keyrings.alt is installed) keeps passwords as base64: Desk keeps the
    password for the session instead, and writes it nowhere."""
    from keyrings.alt.file import PlaintextKeyring

    monkeypatch.delenv("DESK_TARGET_PASSWORD", raising=False)
    plain = PlaintextKeyring()
    plain.file_path = str(tmp_path / "keyring_pass.cfg")
    before = keyring.get_keyring()
    keyring.set_keyring(plain)
    try:
        target = site()
        targets.save_target(target)
        assert not secrets.keychain_available()
        assert secrets.remember(target, "abcd efgh ijkl") is False
        assert secrets.known(target) == "abcd efgh ijkl"  # for this session
        assert not (tmp_path / "keyring_pass.cfg").exists()
        secrets.forget(target)
    finally:
        keyring.set_keyring(before)


def test_without_a_keychain_a_password_lasts_for_this_session_only(monkeypatch):
    monkeypatch.delenv("DESK_TARGET_PASSWORD", raising=False)
    assert isinstance(keyring.get_keyring(), fail.Keyring)  # headless Linux has none
    target = site()
    targets.save_target(target)
    assert secrets.remember(target, "abcd efgh ijkl") is False
    assert secrets.known(target) == "abcd efgh ijkl"
    later = subprocess.run(  # another process: nothing was written anywhere
        [sys.executable, "-c", "from desk.publish import secrets, targets;"
         "print(secrets.known(targets.get_target('site')))"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert later.stdout.strip() == "None"
    secrets.forget(target)


def test_asking_for_a_password_happens_once_per_session(monkeypatch):
    monkeypatch.delenv("DESK_TARGET_PASSWORD", raising=False)
    target = site()
    asked = []
    assert secrets.password(target, lambda t: asked.append(t.name) or "given") == "given"
    assert secrets.password(target, lambda t: asked.append(t.name) or "other") == "given"
    assert asked == ["site"]
    secrets.forget(target)
    with pytest.raises(Exception, match=r"Desk has no password for 'site'"):
        secrets.password(target, None)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("bad name", "folder"), "'bad name' cannot name a target"),
        (("a.b", "folder"), "'a.b' cannot name a target"),
        (("x", "ghost"), "'ghost' is not a kind of target; use wordpress or folder."),
        (("x", "wordpress", "ftp://x", "u"), "'ftp://x' is not a web address"),
        (("x", "wordpress", "not a url", "u"), "'https://not a url' is not a web address"),
        (("x", "wordpress", "news.example.com:port", "u"), "'https://news.example.com:port' is"),
        (("x", "wordpress", "https://x"), "A WordPress target needs the user name"),
        (("x", "folder"), "A folder target needs the folder to write into (--path DIR)."),
        (("x", "folder", "", "", "/tmp", "nitf"), "'nitf' is not a format Desk writes"),
    ],
)
def test_a_bad_target_is_refused_with_one_sentence(args, message):
    with pytest.raises(BadInput) as refused:
        targets.make_target(*args)
    assert str(refused.value).startswith(message)


def test_targets_are_read_back_from_the_settings_and_unknown_ones_named():
    targets.save_target(site())
    assert targets.get_target("site") == targets.Target(
        "site", "wordpress", url="https://news.example.com", user="desk"
    )
    with pytest.raises(
        NotFound, match=r"There is no publishing target 'web'; the targets are site"
    ):
        targets.get_target("web")


NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "embargo", "expected"),
    [
        ("ready", None, ("pending", None)),
        ("published", None, ("publish", "2026-11-20T09:30:00")),
        ("draft", None, ("draft", None)),
        ("editing", None, ("draft", None)),
        ("published", "2026-11-27T06:00:00Z", ("future", "2026-11-27T06:00:00")),
        ("ready", "2026-11-27T06:00:00Z", ("future", "2026-11-27T06:00:00")),
        ("draft", "2026-11-27T06:00:00Z", ("draft", "2026-11-27T06:00:00")),
        ("ready", "2026-11-20T06:00:00Z", ("pending", None)),  # the embargo has passed
    ],
)
def test_story_status_maps_to_a_wordpress_status(status, embargo, expected):
    article = Article(status=status, embargo=embargo, published="2026-11-20T09:30:00Z")
    assert post_status(article, NOW) == expected


def test_backoff_doubles_from_thirty_seconds_up_to_half_an_hour():
    waits = [records.backoff(n) for n in range(1, 9)]
    assert waits[:4] == [timedelta(seconds=s) for s in (30, 60, 120, 240)]
    assert waits[-1] == timedelta(minutes=30)
