"""What Desk is made of, for Help > About: its version and the libraries it runs on, each with
its version and licence (read from the installed packages' own metadata)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from desk import __version__

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True)
class Library:
    """An installed library Desk uses."""

    name: str
    version: str
    licence: str


def canonical(name: str) -> str:
    """A distribution name as PyPI compares them ('PySide6_Essentials' -> 'pyside6-essentials')."""
    return re.sub(r"[-_.]+", "-", name).lower()


def bundled_libraries(root: str = "desk") -> list[Library]:
    """Every installed library Desk depends on, directly or not (extras left out), by name."""
    found: dict[str, Library] = {}
    pending = [root]
    while pending:
        try:
            dist = metadata.distribution(pending.pop())
        except metadata.PackageNotFoundError:
            continue
        for requirement in dist.requires or []:
            if "extra ==" in requirement.replace('"', "'").replace("extra=='", "extra == '"):
                continue
            match = _NAME.match(requirement)
            name = canonical(match.group(1)) if match else ""
            if not name or name in found or name == canonical(root):
                continue
            try:
                dep = metadata.distribution(name)
            except metadata.PackageNotFoundError:
                continue  # not for this platform or Python
            found[name] = Library(dep.metadata["Name"], dep.version, licence_of(dep))
            pending.append(name)
    return sorted(found.values(), key=lambda lib: lib.name.casefold())


def licence_of(dist: metadata.Distribution) -> str:
    """The licence a package declares: its SPDX expression, else its classifiers, else its text."""
    meta: Any = dist.metadata  # an email.message.Message underneath
    if meta.get("License-Expression"):
        return str(meta["License-Expression"])
    classifiers = [
        c.split("::")[-1].strip()
        for c in (meta.get_all("Classifier") or [])
        if c.startswith("License ::") and c.split("::")[-1].strip() != "OSI Approved"
    ]
    if classifiers:
        return ", ".join(dict.fromkeys(classifiers))
    text = (meta.get("License") or "").strip().splitlines()
    return text[0][:60] if text else "not stated"


def version() -> str:
    """Desk's version."""
    return __version__
