"""Small text helpers shared by the store, checks and the UI: slugs, folding, times.

Counting a body's words is the body model's (desk.body.word_count).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import datetime

_SLUG_STRIP = re.compile(r"[^a-z0-9]+")

WORDS_PER_MINUTE = 230
SLUG_MAX = 80


@functools.cache
def _strip_marks() -> dict[int, None]:
    """A str.translate table deleting every combining mark of the Basic Multilingual Plane."""
    return {cp: None for cp in range(0x10000) if unicodedata.combining(chr(cp))}


def fold(text: str) -> str:
    """Lower-case text with accents removed, so "Çavuşoğlu" compares equal to "cavusoglu"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return decomposed.translate(_strip_marks()).replace("ı", "i")


def slugify(text: str, fallback: str = "story") -> str:
    """A URL-safe slug from a headline in any script ("Москва" -> "moskva"); never empty."""
    from anyascii import anyascii  # loaded on first use: it is not needed to open the window

    ascii_text = anyascii(fold(text)).lower()
    slug = _SLUG_STRIP.sub("-", ascii_text).strip("-")
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0] or slug[:SLUG_MAX]
    return slug or fallback


def reading_minutes(words: int) -> int:
    """Reading time in whole minutes, at least one for any text."""
    if words <= 0:
        return 0
    return max(1, round(words / WORDS_PER_MINUTE))


def local_time(utc_iso: str | None) -> str:
    """A stored UTC time in the user's local time, e.g. '2026-11-25 12:52' ('' for none)."""
    if not utc_iso:
        return ""
    try:
        moment = datetime.fromisoformat(utc_iso.replace("Z", "+00:00"))
    except ValueError:
        return utc_iso
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def slug_stem(base: str) -> str:
    """The part of a slug that numbered variants keep, leaving room for "-9999" within SLUG_MAX."""
    return base[: SLUG_MAX - 5].rstrip("-") or base


def free_slug(base: str, taken: set[str]) -> str:
    """base, or its first numbered variant (stem-2, stem-3 ...) not in taken."""
    if base not in taken:
        return base
    stem, n = slug_stem(base), 2
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"
