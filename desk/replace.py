"""Find and replace: one story's text, or every story's, with whole-word, match-case and
regular-expression options.

`Search` is what to find and what to put instead; `matches_in(text)` finds, `replace_body`
and `replace_field` replace. In a body, figures (their lines and references) and editor's notes
are never changed: desk.body says where they are. Across stories, `plan()` lists every
replacement (story, field, context before and after) before anything changes, and `apply()`
keeps a version of each story it changes first ("before replacing X with Y"), so History can
take a replace back story by story. The editor's find bar and `desk replace` use the same
Search, so a pattern finds the same text everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from desk import body
from desk.errors import BadInput

# The fields a replace across stories changes (captions are the figures' own and are not in a
# story's history, so they are left for the Photos dock).
FIELDS = ("headline", "standfirst", "alert", "body_md")
FIELD_LABELS = {
    "headline": "headline",
    "standfirst": "standfirst",
    "alert": "alert",
    "body_md": "body",
}
CONTEXT = 32  # characters of context shown on each side of a replacement


@dataclass(frozen=True)
class Search:
    """What to find, and what replaces it."""

    pattern: str
    replacement: str = ""
    regex: bool = False
    whole_word: bool = False
    match_case: bool = False

    def compiled(self) -> re.Pattern[str]:
        """The pattern as a regular expression, or BadInput in one sentence."""
        return _compile(self.pattern, self.regex, self.whole_word, self.match_case)

    def check(self) -> re.Pattern[str]:
        """The compiled pattern, with the replacement checked against it (regex groups)."""
        compiled = self.compiled()
        if self.regex:
            _check_template(compiled, self.replacement)
        return compiled

    def expand(self, match: re.Match[str]) -> str:
        """The text replacing one match (a regex replacement may name groups: \\1, \\g<name>)."""
        if not self.regex:
            return self.replacement
        return match.expand(self.replacement)

    @property
    def what(self) -> str:
        """ "'Kiev' with 'Kyiv'": what is replaced with what, shortened."""
        return f"'{_short(self.pattern)}' with '{_short(self.replacement)}'"

    @property
    def label(self) -> str:
        """How a version's reason names the replace: "replacing 'Kiev' with 'Kyiv'"."""
        return f"replacing {self.what}"


def _short(text: str, limit: int = 40) -> str:
    """A pattern or replacement shortened for a label."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_compiled: dict[tuple[str, bool, bool, bool], re.Pattern[str]] = {}


def _compile(pattern: str, regex: bool, whole_word: bool, match_case: bool) -> re.Pattern[str]:
    """Compile (and remember) a search pattern; BadInput when it is empty or invalid."""
    key = (pattern, regex, whole_word, match_case)
    if key in _compiled:
        return _compiled[key]
    if not pattern:
        raise BadInput("Type something to find.")
    source = pattern if regex else re.escape(pattern)
    if whole_word:
        source = rf"(?<!\w)(?:{source})(?!\w)"
    try:
        compiled = re.compile(source, 0 if match_case else re.IGNORECASE)
    except re.error as exc:
        raise BadInput(f"That is not a valid regular expression: {_regex_error(exc)}.") from None
    if len(_compiled) > 64:
        _compiled.clear()
    _compiled[key] = compiled
    return compiled


def _regex_error(exc: re.error) -> str:
    """re's complaint in words ('missing ), unterminated subpattern at character 3')."""
    message = str(exc.msg)
    if exc.pos is not None:
        message += f" at character {exc.pos + 1}"
    return message


def _check_template(compiled: re.Pattern[str], template: str) -> None:
    """Refuse a replacement naming a group the pattern does not have (before anything changes)."""
    for found in re.finditer(r"\\(\d+)|\\g<([^>]*)>", template):
        number, name = found.group(1), found.group(2)
        if number is not None and int(number) > compiled.groups:
            raise BadInput(
                f"The replacement uses group {number}, but the pattern has "
                f"{compiled.groups or 'no'} group{'s' if compiled.groups != 1 else ''}."
            )
        if name is not None and not name.isdigit() and name not in compiled.groupindex:
            raise BadInput(f"The replacement uses the group '{name}', which the pattern lacks.")
        if name is not None and name.isdigit() and int(name) > compiled.groups:
            raise BadInput(f"The replacement uses group {name}, which the pattern lacks.")


def matches_in(text: str, search: Search) -> list[re.Match[str]]:
    """Every non-empty match of the search in a text, in order."""
    return [m for m in search.compiled().finditer(text) if m.end() > m.start()]


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Where a body must not change: its figures and its editor's notes (from desk.body)."""
    spans = body.reference_spans(text) + (body.note_spans(text) if "{>>" in text else [])
    return sorted(spans)


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """True when [start, end) touches any protected span."""
    return any(start < b and end > a for a, b in spans)


def replaceable(text: str, search: Search) -> tuple[list[re.Match[str]], int]:
    """The matches a replace may change in a body, and how many it must leave (in figures and
    notes)."""
    found = matches_in(text, search)
    spans = protected_spans(text) if found else []
    ok = [m for m in found if not _inside(m.start(), m.end(), spans)]
    return ok, len(found) - len(ok)


def replace_body(text: str, search: Search) -> tuple[str, int, int]:
    """The body with every replaceable match replaced: (new text, replaced, left as they were)."""
    search.check()
    ok, left = replaceable(text, search)
    return _substitute(text, ok, search), len(ok), left


def replace_field(text: str, search: Search) -> tuple[str, int]:
    """A plain field (headline, standfirst, alert) with every match replaced."""
    search.check()
    found = matches_in(text, search)
    return _substitute(text, found, search), len(found)


def _substitute(text: str, found: list[re.Match[str]], search: Search) -> str:
    """The text with these matches replaced (found is in order and does not overlap)."""
    if not found:
        return text
    out, at = [], 0
    for match in found:
        out.append(text[at : match.start()])
        out.append(search.expand(match))
        at = match.end()
    out.append(text[at:])
    return "".join(out)


def replace_values(values: dict[str, Any], search: Search) -> dict[str, Any]:
    """The fields of a story (as the store or the form holds them) that a replace changes."""
    changes: dict[str, Any] = {}
    for name in FIELDS:
        text = values.get(name)
        if not isinstance(text, str) or not text:
            continue
        if name == "body_md":
            new, count, _left = replace_body(text, search)
        else:
            new, count = replace_field(text, search)
        if count:
            changes[name] = new
    return changes


# -- across stories -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Replacement:
    """One replacement as the preview shows it."""

    article_id: int
    slug: str
    headline: str
    field: str  # headline, standfirst, alert, body_md
    line: int | None  # 0-based line of the body
    before: str  # context before the match (same line)
    found: str
    replaced: str
    after: str  # context after the match

    def to_dict(self) -> dict[str, Any]:
        """Plain data for `desk replace --json`."""
        return {
            "story": self.slug,
            "headline": self.headline,
            "field": FIELD_LABELS[self.field],
            "line": self.line,
            "before": self.before,
            "found": self.found,
            "replaced": self.replaced,
            "after": self.after,
        }


@dataclass
class Plan:
    """Every replacement a search would make, story by story, and what it leaves alone."""

    search: Search
    replacements: list[Replacement] = field(default_factory=list)
    left: int = 0  # matches inside figures or notes, which are never changed

    @property
    def stories(self) -> list[int]:
        """The ids of the stories that would change, in order."""
        return list(dict.fromkeys(r.article_id for r in self.replacements))


def previews(article: Any, search: Search) -> tuple[list[Replacement], int]:
    """The replacements a search makes in one story, and the matches it leaves alone."""
    out: list[Replacement] = []
    left = 0
    for name in FIELDS:
        text = getattr(article, name, "") or ""
        if not text:
            continue
        if name == "body_md":
            found, left = replaceable(text, search)
        else:
            found = matches_in(text, search)
        for match in found:
            out.append(_preview(article, name, text, match, search))
    return out, left


def _preview(
    article: Any, name: str, text: str, match: re.Match[str], search: Search
) -> Replacement:
    """One replacement with its context on the same line."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    line_end = len(text) if line_end < 0 else line_end
    before = text[max(line_start, match.start() - CONTEXT) : match.start()]
    after = text[match.end() : min(line_end, match.end() + CONTEXT)]
    line = text.count("\n", 0, match.start()) if name == "body_md" else None
    return Replacement(
        int(article.id),
        article.slug,
        article.headline,
        name,
        line,
        before,
        match.group(0),
        search.expand(match),
        after,
    )


def plan(store: Any, search: Search, stories: Iterable[int | str] | None = None) -> Plan:
    """Every replacement the search would make in the store (or in some stories), unchanged."""
    search.check()
    result = Plan(search)
    keys = list(stories) if stories is not None else [s.id for s in store.articles.all()]
    for key in keys:
        article = store.articles.get(key)
        found, left = previews(article, search)
        result.replacements.extend(found)
        result.left += left
    return result


@dataclass(frozen=True)
class Changed:
    """A story a replace changed: its slug now (a headline's slug may follow it), how many
    replacements, and the version kept before."""

    article_id: int
    slug: str
    count: int
    version: int


def apply(
    store: Any, search: Search, stories: Iterable[int] | None = None, skip: Iterable[int] = ()
) -> list[Changed]:
    """Replace in every story (or these), each in one transaction after keeping its version
    "before replacing …"; `skip` leaves stories out (the window changes its open story itself)."""
    search.check()
    left_out = set(skip)
    done: list[Changed] = []
    keys = list(stories) if stories is not None else [s.id for s in store.articles.all()]
    for article_id in keys:
        if article_id in left_out:
            continue
        changed = apply_to_story(store, article_id, search)
        if changed is not None:
            done.append(changed)
    return done


def apply_to_story(store: Any, article_id: int, search: Search) -> Changed | None:
    """Replace in one story: a version first, then the changed fields, in one transaction."""
    with store.transaction():
        article = store.articles.get(article_id)
        changes = replace_values(article.to_dict(), search)
        if not changes:
            return None
        count = len(previews(article, search)[0])
        version = store.history.add(article, f"before {search.label}")
        after = store.articles.update(article_id, keep_history=False, **changes)
    return Changed(article_id, after.slug, count, version)
