"""Publishing fixtures: targets in the test's own settings folder, and the real WordPress's
REST API for checking what Desk did (the server itself: tests/conftest.py, wpserver.py)."""

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


@pytest.fixture
def site(wordpress_up, monkeypatch):
    """A 'site' target for the WordPress server, its password in $DESK_TARGET_PASSWORD."""
    target = targets.make_target("site", "wordpress", url=wordpress_up.url, user=wordpress_up.user)
    targets.save_target(target)
    monkeypatch.setenv("DESK_TARGET_PASSWORD", wordpress_up.password)
    return target


@pytest.fixture
def wp(wordpress_up):
    """The site's REST API as its administrator sees it, for checking what Desk did."""
    import httpx

    client = httpx.Client(
        base_url=wordpress_up.url + "/wp-json/wp/v2/",
        auth=(wordpress_up.user, wordpress_up.password),
        timeout=30,
    )

    class Api:
        def get(self, route: str, **params):
            response = client.get(route, params={"context": "edit", **params})
            response.raise_for_status()
            return response.json()

    yield Api()
    client.close()
