"""House style: the newsroom's rules of usage, as patterns with a message and an optional
replacement, in the spirit of Vale's styles (substitution, existence and pattern rules).

The rules live in a YAML file in the store folder (house-style.yaml, made from the shipped
default in resources/ when missing; its format is documented in that file and in the README).
`load(store_root)` reads it (again only when it changed); `HouseStyle.findings(line)` gives
where one line of prose breaks a rule. What counts as prose (not code, URLs, notes or figure
lines) is desk.spelling's `checkable`, so spelling and house style look at the same words.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk.errors import BadInput
from desk.paths import resource_text
from desk.spelling import checkable

FILE_NAME = "house-style.yaml"
KINDS = ("swap", "tokens", "pattern")
# Where a literal word of a swap or tokens list may start and end: not inside a word, and for
# numbers not touching a decimal point, a time, a fraction, a percentage or a currency.
_BEFORE = r"(?<![\w.,:/£$€%-])"
_AFTER = r"(?![\w%]|[.,:/-]\d)"


@dataclass(frozen=True)
class Finding:
    """Where a line breaks a rule: offsets in the line, the text, the message, a replacement."""

    start: int
    end: int
    text: str
    message: str
    replacement: str | None
    rule: str


@dataclass(frozen=True)
class StyleRule:
    """One rule: a compiled pattern and how to say and fix what it finds."""

    name: str
    message: str
    pattern: re.Pattern[str]
    kind: str = "pattern"  # pattern, swap or tokens
    replace: str | None = None  # for pattern rules: a re.sub template
    swaps: dict[str, str] = field(default_factory=dict)  # folded found text -> replacement
    swap_patterns: tuple[tuple[re.Pattern[str], str], ...] = ()  # regex swaps
    finds: str = ""  # what it looks for, in short: "percent → per cent", "slammed, blasted"

    def findings(self, prose: str, line: str) -> list[Finding]:
        """Where this rule fires in a line (prose: the line with non-prose masked)."""
        found = []
        for match in self.pattern.finditer(prose):
            text = line[match.start() : match.end()]
            replacement = self._replacement(match, text)
            message = self.message.replace("{match}", text).replace(
                "{replacement}", replacement or ""
            )
            found.append(Finding(match.start(), match.end(), text, message, replacement, self.name))
        return found

    def _replacement(self, match: re.Match[str], text: str) -> str | None:
        """What replaces a match (None: nothing offered), with the match's capital kept."""
        if self.kind == "tokens":
            return None
        if self.kind == "swap":
            wanted = self.swaps.get(" ".join(text.split()).casefold())
            if wanted is None:
                wanted = next((r for p, r in self.swap_patterns if p.fullmatch(text)), None)
            return None if wanted is None else keep_capital(text, wanted)
        if self.replace is None:
            return None
        try:
            return keep_capital(text, match.expand(self.replace))
        except (re.error, IndexError):  # a template naming a group the pattern lacks
            return None


def keep_capital(found: str, replacement: str) -> str:
    """'Over' -> 'More than': a replacement starts with a capital when the text found did."""
    if found[:1].isupper() and replacement[:1].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement


@dataclass(frozen=True)
class HouseStyle:
    """A set of rules, as read from one file."""

    rules: tuple[StyleRule, ...] = ()
    source: str = ""

    def findings(
        self, line: str, note_open: bool = False, prose: str | None = None
    ) -> list[Finding]:
        """Every rule's findings in one line of prose, in order (`prose`: the line as
        checkable() masked it, when the caller has it already)."""
        if not self.rules:
            return []
        if prose is None:
            prose = checkable(line, note_open)
        if not prose.strip("\x00 \t"):
            return []
        out = [f for rule in self.rules for f in rule.findings(prose, line)]
        return sorted(out, key=lambda f: (f.start, f.end))

    def text_findings(self, text: str) -> list[Finding]:
        """Findings in a one-paragraph field (headline, standfirst, alert)."""
        return self.findings(" ".join(text.split()))


# -- reading the rules ------------------------------------------------------------------------


def parse(text: str, source: str = FILE_NAME) -> HouseStyle:
    """Rules from YAML text, or BadInput naming the rule and what is wrong with it."""
    import yaml

    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where is not None else ""
        raise BadInput(
            f"{source} is not valid YAML{line}; fix it, or restore the default in "
            "Preferences > House Style."
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict) or not isinstance(data.get("rules", []), list):
        raise BadInput(f"{source} must hold `rules:` followed by a list of rules.")
    rules = tuple(
        _rule(item, number, source) for number, item in enumerate(data.get("rules") or [], 1)
    )
    names = [r.name for r in rules]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise BadInput(f"{source}: two rules are named '{twice[0]}'; give each its own name.")
    return HouseStyle(rules, source)


def _rule(item: Any, number: int, source: str) -> StyleRule:
    """One rule from its YAML mapping, checked."""
    if not isinstance(item, dict):
        raise BadInput(f"{source}: rule {number} must be a mapping with a name and a message.")
    name = str(item.get("name") or f"rule-{number}")
    where = f"{source}, rule {number} ('{name}')"
    message = item.get("message")
    if not isinstance(message, str) or not message.strip():
        raise BadInput(f"{where} has no message; say what the rule asks for.")
    kinds = [k for k in KINDS if k in item]
    if len(kinds) != 1:
        raise BadInput(f"{where} needs exactly one of swap, tokens or pattern.")
    known = {"name", "message", "ignorecase", "regex", "replace", "finds", *KINDS}
    unknown = sorted(set(item) - known)
    if unknown:
        raise BadInput(f"{where} has an unknown key '{unknown[0]}'.")
    flags = re.IGNORECASE if item.get("ignorecase", True) else 0
    as_regex = bool(item.get("regex", False))
    kind = kinds[0]
    try:
        if kind == "pattern":
            return _pattern_rule(item, name, message, flags, where)
        return _word_rule(item, kind, name, message, flags, as_regex, where)
    except re.error as exc:
        raise BadInput(f"{where}: the pattern is not a valid regular expression ({exc}).") from None


def _pattern_rule(item: dict, name: str, message: str, flags: int, where: str) -> StyleRule:
    """A rule with its own regular expression."""
    pattern = item["pattern"]
    if not isinstance(pattern, str) or not pattern:
        raise BadInput(f"{where}: pattern must be a regular expression in quotes.")
    compiled = re.compile(pattern, flags)
    if compiled.match(""):
        raise BadInput(f"{where}: the pattern matches empty text; it must match some words.")
    replace = item.get("replace")
    replace = None if replace is None else str(replace)
    said = item.get("finds")  # what the pattern looks for, in words (else the pattern itself)
    finds = (str(said) if said else pattern) + (f" → {replace}" if replace is not None else "")
    return StyleRule(name, message, compiled, "pattern", replace, finds=finds)


def _word_rule(
    item: dict, kind: str, name: str, message: str, flags: int, as_regex: bool, where: str
) -> StyleRule:
    """A swap (found -> replacement) or tokens (found, no replacement) rule."""
    value = item[kind]
    if kind == "swap":
        if not isinstance(value, dict) or not value:
            raise BadInput(f"{where}: swap must map each word to its replacement.")
        pairs = [(str(k), str(v)) for k, v in value.items()]
    else:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value:
            raise BadInput(f"{where}: tokens must be a list of words.")
        pairs = [(str(k), "") for k in value]
    if "replace" in item:
        raise BadInput(f"{where}: replace goes with pattern rules; swap says its replacements.")
    parts = []
    swaps: dict[str, str] = {}
    regex_swaps: list[tuple[re.Pattern[str], str]] = []
    for found, replacement in sorted(pairs, key=lambda p: -len(p[0])):
        if not found.strip():
            raise BadInput(f"{where}: an empty word cannot be matched.")
        if as_regex:
            re.compile(found, flags)
            parts.append(f"(?:{found})")
            if kind == "swap":
                regex_swaps.append((re.compile(found, flags), replacement))
        else:
            words = [re.escape(w) for w in found.split()]
            parts.append(r"\s+".join(words))
            if kind == "swap":
                swaps[" ".join(found.split()).casefold()] = replacement
    pattern = re.compile(f"{_BEFORE}(?:{'|'.join(parts)}){_AFTER}", flags)
    shown = [f"{k} → {v}" if kind == "swap" else k for k, v in pairs]
    finds = ", ".join(shown[:6]) + (", …" if len(shown) > 6 else "")
    return StyleRule(name, message, pattern, kind, None, swaps, tuple(regex_swaps), finds)


def default_text() -> str:
    """The shipped default rules (resources/house-style.yaml)."""
    return resource_text(FILE_NAME)


def rules_path(store_root: Path | str) -> Path:
    """Where a store keeps its house style."""
    return Path(store_root) / FILE_NAME


def ensure_file(store_root: Path | str) -> Path:
    """The store's rules file, written from the default when missing (never overwritten)."""
    path = rules_path(store_root)
    if not path.exists():
        try:
            tmp = path.with_name(f".{FILE_NAME}.part")
            tmp.write_text(default_text(), encoding="utf-8")
            tmp.replace(path)
        except OSError:
            pass  # a read-only store: the default rules apply (load() reads them)
    return path


def save_text(store_root: Path | str, text: str) -> HouseStyle:
    """Check rules text and write it as the store's file (refused whole when a rule is bad)."""
    style = parse(text, FILE_NAME)
    path = rules_path(store_root)
    try:
        tmp = path.with_name(f".{FILE_NAME}.part")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise BadInput(
            f"The house style could not be saved in {path} ({exc.strerror}); "
            "check the store folder's permissions."
        ) from None
    return style


_cache: dict[Path, tuple[tuple[float, int], HouseStyle]] = {}
_cache_lock = threading.Lock()


def load(store_root: Path | str | None) -> HouseStyle:
    """The store's rules (the default rules without a store), read again only when the file
    changed; BadInput when the file is wrong."""
    if store_root is None:
        return parse(default_text(), f"the default {FILE_NAME}")
    path = ensure_file(store_root)
    try:
        stat = path.stat()
    except OSError:
        return parse(default_text(), f"the default {FILE_NAME}")
    stamp = (stat.st_mtime, stat.st_size)
    with _cache_lock:
        cached = _cache.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path} cannot be read ({exc}); fix or remove it.") from None
    style = parse(text, str(path))
    with _cache_lock:
        _cache[path] = (stamp, style)
    return style
