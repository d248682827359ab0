"""Export settings from config.toml in the user's configuration folder, with sane defaults.

```toml
[export]
base_url = "https://news.example.com/stories/"   # page URL = base_url + slug + "/"
site_name = "The Example Times"                   # shown in the page header and og:site_name
publisher_name = "Example Media Ltd"              # JSON-LD publisher (omitted when empty)
publisher_logo = "https://news.example.com/logo.png"
publisher_url = "https://news.example.com/"
widths = [480, 960, 1600, 2400]                   # rendition widths in pixels (never upscaled)
jpeg_quality = 82
webp_quality = 80
background = "#ffffff"                            # behind transparent photos in JPEG renditions
twitter_site = "@example"
```
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from desk.errors import BadInput
from desk.paths import config_dir

CONFIG_NAME = "config.toml"
DEFAULT_WIDTHS = (480, 960, 1600, 2400)
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class ExportSettings:
    """What the export needs to know about the publication and its photos."""

    base_url: str = ""
    site_name: str = "Desk"
    publisher_name: str = ""
    publisher_logo: str = ""
    publisher_url: str = ""
    widths: tuple[int, ...] = field(default=DEFAULT_WIDTHS)
    jpeg_quality: int = 82
    webp_quality: int = 80
    background: str = "#ffffff"
    twitter_site: str = ""

    def page_url(self, slug: str) -> str:
        """The story's public address, or '' when no base URL is configured."""
        if not self.base_url:
            return ""
        return self.base_url.rstrip("/") + "/" + slug + "/"

    def rendition_key(self) -> str:
        """A short hash of everything that changes a rendition's bytes."""
        data = {"jpeg": self.jpeg_quality, "webp": self.webp_quality, "bg": self.background}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:10]

    def to_dict(self) -> dict:
        """Plain values, for display."""
        return asdict(self)


def config_path() -> Path:
    """Where the settings file lives."""
    return config_dir() / CONFIG_NAME


def read_config(path: Path | None = None) -> dict:
    """The whole settings file as plain data ({} when there is none); BadInput if unreadable."""
    path = path or config_path()
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise BadInput(
            f"The settings file {path} cannot be read ({exc}); fix or remove it."
        ) from None


def write_config_table(section: str, values: dict | None, path: Path | None = None) -> None:
    """Replace one table of the settings file (None removes it), keeping the user's comments
    and every other table; written under a temporary name and renamed when whole."""
    path = path or config_path()
    doc = _parsed(path)
    parent, name = _parent_table(doc, section)
    if values is None:
        parent.pop(name, None)
    else:
        parent[name] = values
    _write(doc, path)


def update_config_table(section: str, changes: dict, path: Path | None = None) -> None:
    """Set some keys of one table in place (a None value removes the key), keeping the
    comments inside that table too; the table is made when missing."""
    update_config({section: changes}, path)


def update_config(tables: dict[str, dict], path: Path | None = None) -> None:
    """Set keys of several tables in one write ({"limits": {"headline": 80}}; None removes a
    key), keeping every comment and every other key."""
    import tomlkit

    path = path or config_path()
    doc = _parsed(path)
    for section, changes in tables.items():
        parent, name = _parent_table(doc, section)
        if name not in parent:
            parent[name] = tomlkit.table()
        table = parent[name]
        for key, value in changes.items():
            if value is None:
                table.pop(key, None)
            else:
                table[key] = value
    _write(doc, path)


def _parsed(path: Path):  # -> tomlkit.TOMLDocument
    """The settings file as an editable document (refusing one that is not valid TOML)."""
    import tomlkit

    read_config(path)
    return tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()


def _parent_table(doc, section: str):  # -> (container, last name)
    """The table holding a dotted section's last part, made on the way when missing."""
    import tomlkit

    parts = section.split(".")
    table = doc
    for part in parts[:-1]:
        if part not in table:
            table[part] = tomlkit.table(is_super_table=True)
        table = table[part]
    return table, parts[-1]


def _write(doc, path: Path) -> None:
    """Write the document under a temporary name and rename it when whole."""
    import os
    import tempfile

    import tomlkit

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".part")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(tomlkit.dumps(doc))
        os.replace(tmp, path)
    except OSError as exc:
        raise BadInput(
            f"The settings file {path} could not be written ({exc.strerror}); "
            "check the folder's permissions and free space."
        ) from None


def load_settings(path: Path | None = None) -> ExportSettings:
    """Read the [export] table of config.toml; a missing file gives the defaults."""
    path = path or config_path()
    return settings_from(read_config(path).get("export", {}), path)


def settings_from(table: dict, path: Path | str | None = None) -> ExportSettings:
    """Validate an [export] table into ExportSettings, naming the first bad value by its key
    (export.background), after the file's path when it was read from one."""
    where = f"{path}: " if path else ""
    known = {f.name for f in fields(ExportSettings)}
    unknown = sorted(set(table) - known)
    if unknown:
        raise BadInput(
            f"{where}[export] has no setting '{unknown[0]}'; `desk config list` shows the keys."
        )
    values = dict(table)

    def refuse(key: str, wants: str) -> BadInput:
        return BadInput(f"{where}export.{key} must be {wants}, not {values[key]!r}.")

    if "widths" in values:
        widths = values["widths"]
        if not widths or not all(isinstance(w, int) and 16 <= w <= 8000 for w in widths):
            raise refuse("widths", "a list of pixel widths between 16 and 8000")
        values["widths"] = tuple(sorted(set(widths)))
    for key in ("jpeg_quality", "webp_quality"):
        if key in values and not (isinstance(values[key], int) and 1 <= values[key] <= 100):
            raise refuse(key, "a whole number from 1 to 100")
    if "background" in values and not _COLOUR.match(str(values["background"])):
        raise refuse("background", "a colour like #ffffff")
    for key in ("base_url", "site_name", "publisher_name", "publisher_logo", "publisher_url"):
        if key in values:
            values[key] = str(values[key]).strip()
    if values.get("base_url") and not values["base_url"].startswith(("http://", "https://")):
        raise refuse("base_url", "an address starting with https:// (or http://)")
    if "site_name" in values and not values["site_name"]:
        raise refuse("site_name", "the site's name (it heads every page and its title)")
    return ExportSettings(**values)
