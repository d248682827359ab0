"""Publishing targets: where a story can go, kept in config.toml as `[targets.NAME]` tables.

```toml
[targets.site]
kind = "wordpress"
url = "https://news.example.com"
user = "desk"                 # the password lives in the system keychain, never here

[targets.superdesk]
kind = "folder"
path = "/srv/ingest/desk"
format = "ninjs"              # or "newsml"
```
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from desk.config import read_config, write_config_table
from desk.errors import BadInput, NotFound

KINDS = ("wordpress", "folder")
FORMATS = ("ninjs", "newsml")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")


@dataclass(frozen=True)
class Target:
    """One place stories are published to (no secrets: the password is in the keychain)."""

    name: str
    kind: str
    url: str = ""
    user: str = ""
    path: str = ""
    format: str = ""

    @property
    def host(self) -> str:
        """The site's host (and port) for messages, or the folder for a folder target."""
        return urlsplit(self.url).netloc or self.url if self.kind == "wordpress" else self.path

    @property
    def needs_password(self) -> bool:
        """True for targets that sign in (WordPress)."""
        return self.kind == "wordpress"

    def describe(self) -> str:
        """'WordPress at https://x as desk' or 'ninjs files in /srv/ingest'."""
        if self.kind == "wordpress":
            return f"WordPress at {self.url} as {self.user}"
        label = "NewsML-G2" if self.format == "newsml" else "ninjs"
        return f"{label} files in {self.path}"

    def table(self) -> dict[str, str]:
        """The config table for this target (only the fields its kind uses)."""
        if self.kind == "wordpress":
            return {"kind": self.kind, "url": self.url, "user": self.user}
        return {"kind": self.kind, "path": self.path, "format": self.format}

    def to_dict(self) -> dict[str, str]:
        """Plain values, for JSON output."""
        return {k: v for k, v in asdict(self).items() if v}


def check_name(name: str) -> str:
    """A target name usable as a TOML key and on the command line, or BadInput."""
    if not _NAME.match(name or ""):
        raise BadInput(
            f"'{name}' cannot name a target; use letters, digits, '-' or '_' (at most 40)."
        )
    return name


def site_url(url: str) -> str:
    """A WordPress address as given (https:// assumed when missing), without a trailing '/'."""
    url = (url or "").strip()
    if url and "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    try:
        host = parts.hostname  # a malformed port or bracket raises
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        host, port_ok = None, False
    spaced = any(c.isspace() for c in url)  # 'not a url' became https://not a url
    if parts.scheme not in ("http", "https") or not host or not port_ok or spaced:
        raise BadInput(
            f"'{url}' is not a web address; give the site's address, e.g. https://news.example.com."
        )
    return url.rstrip("/")


def make_target(
    name: str, kind: str, url: str = "", user: str = "", path: str = "", fmt: str = ""
) -> Target:
    """A validated target from what the user typed."""
    check_name(name)
    if kind not in KINDS:
        raise BadInput(f"'{kind}' is not a kind of target; use {' or '.join(KINDS)}.")
    if kind == "wordpress":
        if not user.strip():
            raise BadInput("A WordPress target needs the user name to sign in with (--user).")
        return Target(name, kind, url=site_url(url), user=user.strip())
    if not path.strip():
        raise BadInput("A folder target needs the folder to write into (--path DIR).")
    fmt = (fmt or "ninjs").strip().lower()
    if fmt not in FORMATS:
        raise BadInput(f"'{fmt}' is not a format Desk writes; use {' or '.join(FORMATS)}.")
    folder = str(Path(path).expanduser().absolute())
    return Target(name, kind, path=folder, format=fmt)


def targets() -> list[Target]:
    """Every target in the settings, by name; a broken table is one clear BadInput."""
    tables = read_config().get("targets", {})
    out = []
    for name, table in sorted(tables.items()):
        if not isinstance(table, dict):
            raise BadInput(f"config.toml: [targets.{name}] must be a table; fix or remove it.")
        try:
            out.append(
                make_target(
                    name,
                    str(table.get("kind", "")),
                    str(table.get("url", "")),
                    str(table.get("user", "")),
                    str(table.get("path", "")),
                    str(table.get("format", "")),
                )
            )
        except BadInput as exc:
            raise BadInput(f"config.toml: [targets.{name}]: {exc}") from None
    return out


def get_target(name: str) -> Target:
    """The target of that name, or NotFound listing the ones there are."""
    known = targets()
    for target in known:
        if target.name == name:
            return target
    names = ", ".join(t.name for t in known)
    hint = f"the targets are {names}" if names else "add one with `desk target add`"
    raise NotFound(f"There is no publishing target '{name}'; {hint}.")


def save_target(target: Target) -> None:
    """Write (or replace) the target's table in config.toml."""
    write_config_table(f"targets.{check_name(target.name)}", target.table())


def add_target(target: Target, password: str | None = None) -> bool:
    """Save a target (replacing one of that name, whose password goes); its password goes to
    the keychain (True), or is kept for this session where there is none (False)."""
    from desk.publish import secrets

    try:
        previous = get_target(target.name)
    except NotFound:
        previous = None
    if previous is not None and previous != target:
        secrets.forget(previous)
    kept = secrets.remember(target, password) if password else False
    save_target(target)
    return kept


def delete_target(name: str) -> Target:
    """Remove a target's table (its keychain password goes too); returns what was removed."""
    target = get_target(name)
    write_config_table(f"targets.{name}", None)
    from desk.publish import secrets

    secrets.forget(target)
    return target
