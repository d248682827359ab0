"""The words Desk prints on a page or in a byline, by the story's language (resources/labels.json).

Light on purpose (no Jinja, no Pillow): the form writes bylines with it while the user types.
"""

from __future__ import annotations

import functools
import json

from desk.paths import resource_text


@functools.cache
def _labels() -> dict[str, dict[str, str]]:
    """The words by language, read once."""
    table = json.loads(resource_text("labels.json"))
    table.pop("_comment", None)
    return table


def label(key: str, language: object = "en", **values: object) -> str:
    """A word in the story's language (primary subtag; English when not translated)."""
    table = _labels()
    primary = str(language or "en").split("-")[0].lower() if isinstance(language, str) else "en"
    word = table.get(primary, {}).get(key) or table["en"][key]
    return word.format(**values) if values else word


def languages() -> list[str]:
    """The languages the labels are translated into."""
    return sorted(_labels())
