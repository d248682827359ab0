"""Publishing fixtures: the real WordPress (started once per session, see wordpress.py) and
helpers to configure targets in the test's own settings folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from desk.publish import targets


@pytest.fixture
def folder_target(tmp_path):
    """Make a folder target of a format (ninjs or newsml) writing into tmp_path/<name>."""

    def make(fmt: str = "ninjs", name: str | None = None) -> targets.Target:
        name = name or f"ingest-{fmt}"
        out = tmp_path / name
        out.mkdir(exist_ok=True)
        target = targets.make_target(name, "folder", path=str(out), fmt=fmt)
        targets.save_target(target)
        return target

    return make
