"""Shared fixtures: a temp store per test, offscreen Qt, paths to fixtures and shared tools."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desk.store import Store

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
REPO = TESTS.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Never touch the real user's store, settings or templates."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("DESK_STORE", str(home / "store"))
    monkeypatch.setenv("DESK_CONFIG", str(home / "config"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))
    # Nor the user's keychain: no backend, as on a headless Linux (tests that need one set it).
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    if "keyring" in sys.modules:
        from keyring.backends import fail

        sys.modules["keyring"].set_keyring(fail.Keyring())
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "xdg-state"))
    monkeypatch.setenv("DESK_LOG_DIR", str(home / "log"))


@pytest.fixture
def store_dir(tmp_path) -> Path:
    """A folder for a new store."""
    return tmp_path / "store"


@pytest.fixture
def store(store_dir):
    """An open, writable, empty store on disk."""
    s = Store.open(store_dir)
    yield s
    s.close()


@pytest.fixture
def shared_tool():
    """Path to a tool in ../shared/tools, or skip with the reason when ../shared is absent."""

    def find(name: str) -> Path:
        tool = SHARED / "tools" / name
        if not tool.exists():
            pytest.skip(f"{tool} is absent (../shared is not beside this checkout)")
        return tool

    return find


def needs_program(name: str) -> str:
    """The program's path, or skip the test saying which program is missing."""
    found = shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed on this machine")
    return found


@pytest.fixture(scope="session")
def wordpress(tmp_path_factory):
    """The real WordPress, started once per test session (skipped with the reason where
    Debian's packages cannot be had; in CI that is a failure)."""
    import atexit

    sys.path.insert(0, str(TESTS / "publish"))
    from wpserver import Unavailable, WordPressServer, install_packages

    try:
        installed = install_packages()
        server = WordPressServer(tmp_path_factory.mktemp("wordpress"))
        server.start()
    except Unavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the WordPress tests, but {exc}")
        pytest.skip(f"no WordPress for the publishing tests: {exc}")
    server.timings["packages"] = installed
    atexit.register(server.stop)  # also when the session is interrupted
    yield server
    server.stop()


@pytest.fixture
def wordpress_up(wordpress):
    """The WordPress server, with its web server running (a test may have stopped it)."""
    if wordpress.web is None:
        wordpress.start_web()
    yield wordpress
    if wordpress.web is None:
        wordpress.start_web()
