"""The one place that knows where resources and user data live.

Resources come from the installed package (`desk/resources/` in the wheel or a one-file build)
or, in a source checkout, from `resources/` beside `desk/`. User folders follow the platform
(platformdirs): XDG on Linux, Application Support on macOS, AppData on Windows; environment
variables (`DESK_STORE`, `DESK_CONFIG`, `DESK_LOG_DIR`) point elsewhere, as tests do.
"""

from __future__ import annotations

import functools
import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

APP_NAME = "desk"
_CHECKOUT = Path(__file__).resolve().parent.parent


@functools.cache
def _resource_root() -> Traversable:
    """The resources folder: the installed package's, else the checkout's."""
    installed = resources.files("desk") / "resources"
    if installed.is_dir():
        return installed
    return _CHECKOUT / "resources"


def resource(*parts: str) -> Traversable:
    """Return a file under resources/, from an installed wheel or from a checkout."""
    root = _resource_root()
    for part in parts:
        root = root / part
    return root


def resource_text(*parts: str) -> str:
    """Read a text resource as UTF-8."""
    return resource(*parts).read_text(encoding="utf-8")


def guide_text() -> str:
    """The User Guide's Markdown: docs/guide.md, which the wheel carries as resources/guide.md."""
    shipped = resource("guide.md")
    if shipped.is_file():
        return shipped.read_text(encoding="utf-8")
    return (_CHECKOUT / "docs" / "guide.md").read_text(encoding="utf-8")


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


def log_dir() -> Path:
    """Where Desk writes its log ($DESK_LOG_DIR, else the platform's user log folder)."""
    env = os.environ.get("DESK_LOG_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_log_dir

    return Path(user_log_dir(APP_NAME, appauthor=False))


def user_templates_dir() -> Path:
    """Templates here override the built-in ones of the same name."""
    return config_dir() / "templates"


def default_backup_dir() -> Path:
    """Where automatic backups go unless the settings name a folder: desk-backups beside Desk's
    own data folder (outside any store in it)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)).parent / "desk-backups"
