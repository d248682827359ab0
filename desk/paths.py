"""The one place that knows where resources and user data live."""

from __future__ import annotations

import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

APP_NAME = "desk"


def resource(*parts: str) -> Traversable:
    """Return a file under resources/, from a checkout or from an installed wheel."""
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if checkout.is_dir():
        root: Traversable = checkout
    else:
        root = resources.files("desk") / "resources"
    for part in parts:
        root = root / part
    return root


def resource_text(*parts: str) -> str:
    """Read a text resource as UTF-8."""
    return resource(*parts).read_text(encoding="utf-8")


def default_store_dir() -> Path:
    """Where the store lives when neither --store nor $DESK_STORE says otherwise."""
    env = os.environ.get("DESK_STORE")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The user's configuration folder (settings, template overrides)."""
    env = os.environ.get("DESK_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def user_templates_dir() -> Path:
    """Templates here override the built-in ones of the same name."""
    return config_dir() / "templates"
