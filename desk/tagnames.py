"""Tag names: how input is split into tags, cleaned, compared and given a kind.

A tag is unique by its norm (tag_norm): case-folded, spaces collapsed, NFC. Accents are NOT folded
for uniqueness ("Côte" and "Cote", "año" and "ano" are different words), but finding tags ignores
accents (desk.text.fold). Commas separate tags in input, so a tag never contains one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from desk.errors import BadInput
from desk.model import TagKind

MAX_TAG_LENGTH = 100
# Format characters kept inside a tag: zero-width (non-)joiners build emoji and some scripts.
_KEEP_FORMAT = {"\u200c", "\u200d"}
_KIND_ALIASES = {"none": "", "organization": "organisation", "org": "organisation"}


def tag_norm(name: str) -> str:
    """The key that makes tags unique: case-folded, spaces collapsed ("Idlib" == " idlib ")."""
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


def split_tags(values: str | Iterable[str]) -> list[str]:
    """Tag names from input where commas separate tags ("Syria, Idlib" -> two), empties dropped."""
    if isinstance(values, str):
        values = [values]
    return [part for value in values for part in value.split(",") if part.strip()]


def normalise_tag(name: str) -> str:
    """A tag name as stored: control characters removed, spaces collapsed; refuse bad ones."""
    name = unicodedata.normalize("NFC", str(name))
    kept = [
        " " if c.isspace() else c
        for c in name
        if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf", "Cs") or c in _KEEP_FORMAT
    ]
    clean = " ".join("".join(kept).split())
    if not clean:
        raise BadInput("A tag cannot be empty; type a word or a name.")
    if "," in clean:
        raise BadInput(f"'{clean}' contains a comma, which separates tags; leave it out.")
    if len(clean) > MAX_TAG_LENGTH:
        raise BadInput(
            f"'{clean[:30]}…' is {len(clean)} characters long; "
            f"a tag can be at most {MAX_TAG_LENGTH}, so shorten it."
        )
    return clean


def parse_kind(kind: str | None) -> str:
    """A tag kind from user input (any case; 'none' or '' for no kind), or BadInput."""
    value = (kind or "").strip().lower()
    value = _KIND_ALIASES.get(value, value)
    try:
        return TagKind(value).value
    except ValueError:
        names = ", ".join(k.value for k in TagKind if k.value)
        raise BadInput(f"'{kind}' is not a tag kind; use one of {names}, or none.") from None
