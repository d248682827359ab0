"""Every setting of config.toml, in one registry: its key, type, default, limits and help.

`desk config get/set`, the Preferences dialog and the features themselves read and write
settings through here, so a key is checked the same way wherever it is set. A feature adds its
own keys with `register()` (and a whole-table check with `register_table_check()`); the
Preferences dialog builds its pages from these entries.

Keys are dotted, `table.name`: `reporter.name` is `name = "..."` in the file's `[reporter]`
table. A key missing from the file has its default.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from desk import config
from desk.errors import BadInput

KINDS = ("text", "int", "choice", "list", "ints", "language", "pairs")
_PAIR_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,23}")  # a "pairs" key: a short code like afp
_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")  # a BCP 47 code's shape: en, pt-BR, zh-Hant


@dataclass(frozen=True)
class Setting:
    """One key of the settings file."""

    key: str  # "reporter.name"
    label: str  # "Name", as the Preferences dialog shows it
    kind: str  # one of KINDS
    default: Any
    help: str  # one sentence: what it does
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) for "choice"
    minimum: int | None = None
    maximum: int | None = None
    placeholder: str = ""

    @property
    def table(self) -> str:
        """The TOML table the key lives in ('reporter')."""
        return self.key.rsplit(".", 1)[0]

    @property
    def name(self) -> str:
        """The key's name inside its table ('name')."""
        return self.key.rsplit(".", 1)[1]


REGISTRY: dict[str, Setting] = {}
_TABLE_CHECKS: dict[str, Callable[[dict], object]] = {}


def register(*settings: Setting) -> None:
    """Add keys to the registry (a feature calls this for its own settings)."""
    for item in settings:
        if item.kind not in KINDS:
            raise ValueError(f"{item.key}: unknown kind {item.kind!r}")
        REGISTRY[item.key] = item


def register_table_check(table: str, check: Callable[[dict], object]) -> None:
    """Check a whole table after any of its keys changed (raise BadInput to refuse)."""
    _TABLE_CHECKS[table] = check


def setting(key: str) -> Setting:
    """The registered setting for a key, or BadInput naming where to find the keys."""
    key = key.strip()
    if key not in REGISTRY:
        raise BadInput(f"There is no setting '{key}'; `desk config list` shows every key.")
    return REGISTRY[key]


def describe(item: Setting) -> str:
    """What values a setting takes, in words ('a whole number from 10 to 500')."""
    if item.kind == "int":
        return f"a whole number from {item.minimum} to {item.maximum}"
    if item.kind == "choice":
        return "one of " + ", ".join(v for v, _ in item.choices)
    if item.kind == "list":
        return "a list of names separated by commas"
    if item.kind == "ints":
        return f"whole numbers from {item.minimum} to {item.maximum} separated by commas"
    if item.kind == "language":
        return "a language code like en, fr or pt-BR"
    if item.kind == "pairs":
        return "code=text pairs separated by semicolons (codes: letters and digits)"
    return "text"


# -- checking values ----------------------------------------------------------------------------


def parse_text(item: Setting, text: str) -> Any:
    """A value typed as text (command line, a text field) as the setting's type, checked."""
    text = str(text).strip()
    if item.kind == "int":
        return check(item, int(text) if re.fullmatch(r"[+-]?\d+", text) else text)
    if item.kind == "list":
        return check(item, split_list(text))
    if item.kind == "ints":
        parts = split_list(text)
        return check(item, [int(p) if p.isdigit() else p for p in parts])
    if item.kind == "pairs":
        return check(item, split_pairs(text))
    return check(item, text)


def split_pairs(text: str) -> dict[str, str] | str:
    """'afp=AFP; idl=Idlib, Syria' -> {'afp': 'AFP', 'idl': 'Idlib, Syria'} (semicolons or
    lines separate pairs); the text itself when a part has no '=' (check() refuses it)."""
    pairs: dict[str, str] = {}
    for part in re.split(r"[;\n]", text):
        if not part.strip():
            continue
        if "=" not in part:
            return text
        key, value = part.split("=", 1)
        pairs[key.strip()] = value.strip()
    return pairs


def split_list(text: str) -> list[str]:
    """'World, Politics\\nSport' -> ['World', 'Politics', 'Sport'] (commas or lines separate)."""
    return [" ".join(p.split()) for p in re.split(r"[,\n]", text) if p.strip()]


def check(item: Setting, value: Any, stored: bool = False) -> Any:
    """A typed value checked and normalised for the setting, or one clear BadInput (`stored`:
    read back from the file, where a language is already a code)."""
    shown = format_value(item, value) if isinstance(value, list) else value
    bad = BadInput(f"{item.key} must be {describe(item)}, not '{shown}'.")
    if item.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad
        if not (item.minimum <= value <= item.maximum):  # type: ignore[operator]
            raise bad
        return value
    if item.kind == "choice":
        if value not in {v for v, _ in item.choices}:
            raise bad
        return value
    if item.kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad
        unique: dict[str, str] = {}
        for name in (" ".join(v.split()) for v in value):
            if name:
                unique.setdefault(name.casefold(), name)
        return list(unique.values())
    if item.kind == "ints":
        if not isinstance(value, list) or not value:
            raise bad
        if not all(isinstance(v, int) and item.minimum <= v <= item.maximum for v in value):  # type: ignore[operator]
            raise bad
        return sorted(set(value))
    if item.kind == "pairs":
        return _check_pairs(value, bad)
    if item.kind == "language":
        if stored:  # as written by Desk: a code; checked by its shape (Babel loads slowly)
            if not (isinstance(value, str) and _CODE.fullmatch(value)):
                raise bad
            return value
        from desk.languages import normalise_language

        return normalise_language(str(value))
    if not isinstance(value, str):
        raise bad
    return " ".join(value.split())


def _check_pairs(value: Any, bad: BadInput) -> dict[str, str]:
    """A table of short codes and their texts, keys folded to lower case."""
    if not isinstance(value, dict):
        raise bad
    out: dict[str, str] = {}
    for key, text in value.items():
        code = str(key).strip().lower()
        if not _PAIR_KEY.fullmatch(code) or not isinstance(text, str) or not text.strip():
            raise bad
        out[code] = text.strip()
    return dict(sorted(out.items()))


def format_value(item: Setting, value: Any) -> str:
    """A value as `desk config get` prints it and a text field shows it."""
    if item.kind == "pairs":
        return "; ".join(f"{k}={v}" for k, v in value.items())
    if item.kind in ("list", "ints"):
        return ", ".join(str(v) for v in value)
    return str(value)


# -- reading and writing ------------------------------------------------------------------------


def current(key: str, data: dict | None = None) -> Any:
    """A setting's value: the file's (checked) or its default."""
    item = setting(key)
    data = config.read_config() if data is None else data
    table = _table(data, item.table)
    if item.name not in table:
        return item.default
    try:
        return check(item, table[item.name], stored=True)
    except BadInput as exc:
        raise BadInput(
            f"{config.config_path()}: {str(exc).rstrip('.')}; fix it in Preferences or with "
            f"`desk config set {item.key} VALUE`."
        ) from None


def current_values(data: dict | None = None) -> dict[str, Any]:
    """Every registered setting's value, by key."""
    data = config.read_config() if data is None else data
    return {key: current(key, data) for key in REGISTRY}


def stored(key: str, data: dict | None = None) -> bool:
    """True when the settings file sets this key (False: it has its default)."""
    item = setting(key)
    data = config.read_config() if data is None else data
    return item.name in _table(data, item.table)


def save(changes: dict[str, Any], path: Path | None = None) -> None:
    """Check every change first, then write them all at once (None resets a key to its default).

    Nothing is written when one value is refused."""
    data = config.read_config(path)
    checked: dict[str, dict[str, Any]] = {}
    for key, value in changes.items():
        item = setting(key)
        try:
            checked.setdefault(item.table, {})[item.name] = (
                None if value is None else check(item, value)
            )
        except BadInput as exc:
            raise SettingRefused(str(exc), key) from None
    for table, values in checked.items():
        if table in _TABLE_CHECKS:
            _check_table(table, _table(data, table), values)
    config.update_config(checked, path)


class SettingRefused(BadInput):
    """A value the settings do not take; `key` says which, so a dialog can show its field."""

    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key


def _check_table(table: str, stored: dict, values: dict) -> None:
    """Run a table's own check on the file's table with the changes; name the key it refuses."""

    def run(changes: dict) -> None:
        merged = {**stored, **changes}
        _TABLE_CHECKS[table]({k: v for k, v in merged.items() if v is not None})

    try:
        run(values)
    except BadInput as exc:
        culprit = next((name for name in values if _refuses(run, {name: values[name]})), "")
        raise SettingRefused(str(exc), f"{table}.{culprit}" if culprit else "") from None


def _refuses(run: Callable[[dict], None], changes: dict) -> bool:
    """True when the table check refuses this one change."""
    try:
        run(changes)
    except BadInput:
        return True
    return False


def set_text(key: str, text: str) -> Any:
    """`desk config set KEY VALUE`: parse, check and save one value; returns it as saved."""
    item = setting(key)
    value = parse_text(item, text)
    save({item.key: value})
    return value


def _table(data: dict, dotted: str) -> dict:
    """A (possibly nested) table of the parsed file, {} when absent."""
    table: Any = data
    for part in dotted.split("."):
        table = table.get(part, {}) if isinstance(table, dict) else {}
    return table if isinstance(table, dict) else {}


# -- Desk's own settings ------------------------------------------------------------------------

register(
    Setting(
        "reporter.name",
        "Name",
        "text",
        "",
        "Your name: the author of the stories you start.",
        placeholder="e.g. Jane Doe",
    ),
    Setting(
        "reporter.byline",
        "Default byline",
        "text",
        "",
        "The byline of the stories you start; empty: written from the authors.",
        placeholder="e.g. By Jane Doe in Paris",
    ),
    Setting(
        "reporter.agency",
        "Agency",
        "text",
        "",
        "The agency or publication credited on the stories you start.",
        placeholder="e.g. AFP",
    ),
    Setting(
        "stories.sections",
        "Sections",
        "list",
        [],
        "The sections offered in the form and the library, besides those in use.",
    ),
    Setting(
        "stories.section",
        "Default section",
        "text",
        "",
        "The section of the stories you start (empty: none).",
    ),
    Setting(
        "stories.language",
        "Default language",
        "language",
        "en",
        "The language of the stories you start.",
    ),
    Setting(
        "limits.headline",
        "Headline limit",
        "int",
        70,
        "The form and the checks warn when a headline is longer than this many characters.",
        minimum=10,
        maximum=500,
    ),
    Setting(
        "limits.standfirst",
        "Standfirst limit",
        "int",
        160,
        "The form and the checks warn when a standfirst is longer than this many characters.",
        minimum=20,
        maximum=2000,
    ),
    Setting(
        "limits.alert",
        "Alert line limit",
        "int",
        120,
        "The form warns when a story's alert (SMS) line is longer than this many characters.",
        minimum=20,
        maximum=500,
    ),
    Setting(
        "stories.target_words",
        "Target length",
        "int",
        0,
        "The word count the stories you start are written to (0: none); each story can "
        "have its own in the form.",
        minimum=0,
        maximum=100_000,
        placeholder="No target",  # what 0 reads as, in Preferences as in the story's form
    ),
    Setting(
        "spelling.check",
        "Check spelling",
        "choice",
        "on",
        "Underline misspelt words as you type, and list them in the story's checks.",
        choices=(("on", "As you type, and in the checks"), ("off", "Off")),
    ),
    Setting(
        "spelling.prefer",
        "Preferred dictionaries",
        "list",
        [],
        "For a language with several dictionaries (en_GB, en_US), the one a story without a "
        "region uses, e.g. en_GB.",
    ),
    Setting(
        "style.check",
        "Check house style",
        "choice",
        "on",
        "Underline what breaks the house style (house-style.yaml in the store folder), and "
        "list it in the story's checks.",
        choices=(("on", "As you type, and in the checks"), ("off", "Off")),
    ),
    Setting(
        "writing.expansions",
        "Text expansions",
        "pairs",
        {},
        "Codes typed between equals signs (=afp=) and the text that replaces them, in every "
        "field: the body, the story's fields, captions, credits and alt text.",
        placeholder="afp=AFP; idl=Idlib, Syria",
    ),
    Setting(
        "preview.mode",
        "Preview",
        "choice",
        "page",
        "How the preview shows the story: the exported page, or plain text to read.",
        choices=(("page", "The page as exported"), ("plain", "Plain text")),
    ),
    Setting(
        "backup.folder",
        "Backup folder",
        "text",
        "",
        "Where automatic backups go (a USB stick or another disk is best); empty: the "
        "desk-backups folder beside Desk's own data.",
        placeholder="e.g. /media/usb/desk-backups",
    ),
    Setting(
        "backup.every",
        "Back up",
        "choice",
        "daily",
        "How often Desk backs up the store while it is open (and before every upgrade).",
        choices=(
            ("hourly", "Every hour"),
            ("daily", "Every day"),
            ("weekly", "Every week"),
            ("off", "Never automatically"),
        ),
    ),
    Setting(
        "backup.keep",
        "Backups kept",
        "int",
        7,
        "How many automatic backups to keep in the backup folder (the oldest go first).",
        minimum=1,
        maximum=365,
    ),
    Setting(
        "appearance.theme",
        "Colours",
        "choice",
        "system",
        "Light or dark colours, or the system's (the preview's page follows from the next start).",
        choices=(("system", "As the system"), ("light", "Light"), ("dark", "Dark")),
    ),
)


def _export_settings() -> None:
    """The [export] keys (desk.config.ExportSettings), checked as a whole table by the export."""
    labels = {
        "base_url": (
            "Base URL",
            "text",
            "The stories' public address: page URL = base URL + slug.",
        ),
        "site_name": ("Site name", "text", "Shown in the page header and og:site_name."),
        "publisher_name": ("Publisher", "text", "The JSON-LD publisher (omitted when empty)."),
        "publisher_logo": ("Publisher logo URL", "text", "The publisher's logo, for JSON-LD."),
        "publisher_url": ("Publisher URL", "text", "The publisher's home page, for JSON-LD."),
        "widths": ("Photo widths", "ints", "The widths of the photo renditions, in pixels."),
        "jpeg_quality": ("JPEG quality", "int", "The JPEG renditions' quality, 1 to 100."),
        "webp_quality": ("WebP quality", "int", "The WebP renditions' quality, 1 to 100."),
        "background": ("Background", "text", "Behind transparent photos in JPEG renditions."),
        "twitter_site": ("X/Twitter account", "text", "The twitter:site card tag, e.g. @example."),
    }
    defaults = config.ExportSettings()
    for f in fields(config.ExportSettings):
        label, kind, help_text = labels[f.name]
        default = getattr(defaults, f.name)
        bounds = {"int": (1, 100), "ints": (16, 8000)}.get(kind, (None, None))
        register(
            Setting(
                f"export.{f.name}",
                label,
                kind,
                list(default) if isinstance(default, tuple) else default,
                help_text,
                minimum=bounds[0],
                maximum=bounds[1],
            )
        )
    register_table_check("export", config.settings_from)


_export_settings()


def _check_settings() -> None:
    """The checks' thresholds (desk.checkrules reads them; Preferences shows them)."""
    register(
        Setting(
            "limits.slug",
            "Slug limit",
            "int",
            60,
            "The checks warn when a slug (the page's address) is longer than this.",
            minimum=10,
            maximum=200,
        ),
        Setting(
            "checks.lead_width",
            "Lead photo width",
            "int",
            1200,
            "The checks warn when the lead photo is narrower than this many pixels "
            "(social cards and search results want 1,200).",
            minimum=100,
            maximum=10000,
        ),
        Setting(
            "checks.word_tolerance",
            "Length tolerance",
            "int",
            25,
            "How far from its target length (set in the form) a story may be, in per cent of "
            "it, before the checks warn.",
            minimum=1,
            maximum=100,
        ),
        Setting(
            "checks.notes",
            "Editor's notes",
            "choice",
            "warn",
            "What the checks say about editor's notes left in the text at publication.",
            choices=(
                ("allow", "Nothing"),
                ("warn", "Warn"),
                ("block", "Block publication"),
            ),
        ),
    )


_check_settings()
