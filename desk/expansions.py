"""Text expansion: short codes typed between equals signs become recurring phrases, as photo
desks use in captions (`=afp=` -> "AFP", `=idl=` -> "Idlib, Syria").

The table is the `writing.expansions` setting (config.toml `[writing.expansions]`, edited in
Preferences > Writing); `expansion_before(text)` says whether the text before the cursor ends
with a known `=code=` and what replaces it. The window expands when the closing "=" is typed,
in every text field, as an edit of its own (Ctrl+Z brings the code back).
"""

from __future__ import annotations

import re

from desk import settings
from desk.errors import DeskError

KEY = "writing.expansions"
_CODE_AT_END = re.compile(r"(?<![\w=])=([A-Za-z0-9][A-Za-z0-9_-]{0,23})=$")


def table() -> dict[str, str]:
    """The expansions from the settings ({} when the settings file cannot be read)."""
    try:
        return dict(settings.current(KEY))
    except DeskError:
        return {}


def expansion_before(text: str, codes: dict[str, str]) -> tuple[int, str] | None:
    """(where the `=code=` starts, its expansion) when text ends with a known code, else None."""
    if not codes or not text.endswith("="):
        return None
    found = _CODE_AT_END.search(text[-27:])
    if found is None:
        return None
    expansion = codes.get(found.group(1).lower())
    if expansion is None:
        return None
    return len(text) - len(found.group(0)), expansion
