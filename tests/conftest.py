"""Shared fixtures: a temp store per test, offscreen Qt, paths to fixtures and shared tools."""

from __future__ import annotations

import os
import shutil
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
