"""Small text helpers shared by the store, checks and the UI: slugs, counts, folding."""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import datetime

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)
_FIGURE_LINE = re.compile(r"^\s*!\[[^\]]*\]\(figure:\d+\)\s*$", re.MULTILINE)
_CRITIC_COMMENT = re.compile(r"\{>>.*?<<\}", re.DOTALL)
_MARKUP = re.compile(r"[#*_`>\[\]()!~|]")
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


def plain_text(markdown: str) -> str:
    """Body text without figures, editor's notes and Markdown punctuation, for counting."""
    text = _FIGURE_LINE.sub("", markdown)
    text = _CRITIC_COMMENT.sub("", text)
    return _MARKUP.sub(" ", text)


def word_count(markdown: str) -> int:
    """Words a reader will read: editor's notes and figure markers do not count."""
    return len(_WORD.findall(plain_text(markdown)))


def char_count(markdown: str) -> int:
    """Characters a reader will read (without notes and figure markers), spaces included."""
    return len(" ".join(plain_text(markdown).split()))


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
