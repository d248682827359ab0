"""Small text helpers shared by the store, checks and the UI: slugs, folding, times.

Counting a body's words is the body model's (desk.body.word_count).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import datetime

_SLUG_STRIP = re.compile(r"[^a-z0-9]+")
_SLUG_APOSTROPHE = re.compile(r"(?<=[a-z0-9])'(?=[a-z0-9])")  # Budapest's -> budapests

WORDS_PER_MINUTE = 230
# A slug (the page's address) Desk makes is at most this long, cut at a word: what the checks'
# default limits.slug warns beyond (short addresses read better in links and search results).
SLUG_MAX = 60


@functools.cache
def _strip_marks() -> dict[int, None]:
    """A str.translate table deleting every combining mark of the Basic Multilingual Plane."""
    return {cp: None for cp in range(0x10000) if unicodedata.combining(chr(cp))}


def fold(text: str) -> str:
    """Lower-case text with accents removed, so "Çavuşoğlu" compares equal to "cavusoglu"."""
    if text.isascii():  # nothing to decompose (and no table to build for it)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return decomposed.translate(_strip_marks()).replace("ı", "i")


def slugify(text: str, fallback: str = "story", cut: bool = True) -> str:
    """A URL-safe slug from a headline in any script ("Москва" -> "moskva"); never empty. An
    apostrophe inside a word goes, as WordPress and Django drop it ("Budapest's" -> "budapests",
    not "budapest-s"); quotes around words part them like other punctuation. Cut to
    SLUG_MAX at a word unless told not to (cut=False: to tell whether it would be)."""
    from anyascii import anyascii  # loaded on first use: it is not needed to open the window

    ascii_text = _SLUG_APOSTROPHE.sub("", anyascii(fold(text)).lower())
    slug = _SLUG_STRIP.sub("-", ascii_text).strip("-")
    if cut and len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0] or slug[:SLUG_MAX]
    return slug or fallback


# Scripts written without spaces between words: Han (CJK ideographs and their extensions),
# kana and Bopomofo. Each of their characters counts as a word, as word processors count them,
# and is searched as one (desk.fts, which adds Korean syllables).
UNSPACED_CHARS = (
    "\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
)

PLURALS = {"story": "stories", "match": "matches"}


def counted(n: int, word: str) -> str:
    """'1 story', '1,000 stories', '2 replacements': a count with its noun, for messages in
    English (the app's own language; pages use Babel for the story's)."""
    last = word.rsplit(" ", 1)[-1]
    many = word[: len(word) - len(last)] + PLURALS.get(last, last + "s")
    return f"{n:,} {word if n == 1 else many}"


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


# -- bytes that should be text: one rule for `desk import` and `desk new/edit --body-file` ------

# Control characters a text file may hold: tab, newlines, form feed, and the agency formats'
# framing (SOH, STX, ETX, EOT, SYN, US).
_TEXT_CONTROLS = frozenset((9, 10, 12, 13, 1, 2, 3, 4, 22, 31))
_BOMS = (("utf-8-sig", b"\xef\xbb\xbf"), ("utf-16", b"\xff\xfe"), ("utf-16", b"\xfe\xff"))


def binary_problem(data: bytes) -> str:
    """Why these bytes are not text ('' when they are): a NUL byte anywhere, or many controls.

    UTF-16 text (with its byte-order mark) is text, NULs and all. The sentence fragment names
    where the problem is, for an error message ("... it holds a NUL byte at byte 1,024 ...").
    """
    if not data or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return ""
    nul = data.find(b"\x00")
    if nul >= 0:
        return f"it holds a NUL byte at byte {nul + 1:,} (binary data, not text)"
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in _TEXT_CONTROLS)
    if controls / len(sample) > 0.05:
        return "it holds control characters throughout (binary data, not text)"
    return ""


def bytes_to_text(data: bytes, strict: bool = False) -> str:
    """Bytes as text, newlines as \\n: a BOM's encoding, else UTF-8, else Windows-1252.

    strict: refuse (UnicodeDecodeError) what is not UTF-8 instead of reading it as
    Windows-1252, for text typed for Desk (a body file) rather than received from outside.
    """
    for encoding, bom in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="strict" if strict else "replace")
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            if strict:
                raise
            text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")
