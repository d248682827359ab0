"""Preflight: what blocks a story's publication, and what only deserves a second look.

Checks are rules registered with @rule: each gets the story as a Context (the article, its
figures as the body places them, the parsed body, its tags, its updates and corrections, the
store folder, the settings, and what the check is for) and yields Problems, each naming its
place (a field, a body line, a figure) so the window can jump there. `desk check`, the Checks
panel, the workflow (moving to ready or published), the export and publishing all run the same
rules (check_story, or check_stored for a story as the store holds it). The rules themselves
live in desk.checkrules (and in any module that registers more).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desk import body
from desk.model import Article, Figure, Tag

ERROR, WARNING = "error", "warning"
# What a check is for: the panel and `desk check`; moving to ready; publishing (moving to
# published: an embargo still to come blocks it); exporting (the export refuses an embargo
# itself, unless asked to ignore it); sending to a target (which schedules an embargo).
CHECK, READY, PUBLISH, EXPORT, TARGET = "check", "ready", "publish", "export", "target"
# What the place of a field is called in messages and in the Checks panel.
FIELD_LABELS = {
    "headline": "headline",
    "standfirst": "standfirst",
    "byline": "byline",
    "authors": "authors",
    "dateline": "dateline",
    "section": "section",
    "status": "status",
    "language": "language",
    "embargo": "embargo",
    "slug": "slug",
    "tags": "tags",
    "agency": "agency",
}
# How a block of the body is named: "paragraph 7", "subhead 2", "quote 1".
BLOCK_NAMES = {
    "paragraph": "paragraph",
    "subhead": "subhead",
    "quote": "quote",
    "list": "list",
    "table": "table",
    "code": "code block",
    "html": "HTML block",
    "rule": "rule",
    "note": "note",
}


@dataclass(frozen=True)
class Place:
    """Where a problem is: a field of the form, a line of the body, or a figure."""

    field: str = ""  # "headline", "standfirst", "slug", "body", "figure", "status" ...
    line: int | None = None  # 0-based line of the body
    figure_id: int | None = None
    label: str = ""  # how the panel names it: "Figure 2", "paragraph 7", "headline"


@dataclass(frozen=True)
class Problem:
    """One finding: errors block publication and export, warnings do not."""

    level: str
    message: str
    figure_id: int | None = None
    place: Place | None = None
    rule: str = ""

    @property
    def blocking(self) -> bool:
        """True when the story cannot be published until this is fixed."""
        return self.level == ERROR

    @property
    def where(self) -> str:
        """The place's label ('Figure 2', 'paragraph 7', 'headline'), or 'story'."""
        return (self.place.label if self.place else "") or "story"

    def to_dict(self) -> dict[str, Any]:
        """Plain data for `desk check --json`."""
        place = self.place or Place(figure_id=self.figure_id)
        return {
            "level": self.level,
            "blocking": self.blocking,
            "message": self.message,
            "rule": self.rule,
            "place": {
                "field": place.field,
                "line": place.line,
                "figure_id": place.figure_id,
                "label": place.label,
            },
        }


@dataclass
class Context:
    """What the rules look at."""

    article: Article
    figures: list[Figure]  # as the body places them (desk.body.arrange)
    parsed: body.Body
    tags: list[Tag] = field(default_factory=list)
    store_root: Path | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    purpose: str = CHECK
    amendments: list[Any] = field(default_factory=list)  # desk.corrections.Amendment
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def name(self) -> str:
        """How messages name the story."""
        return self.article.slug or "this story"

    def figure(self, figure_id: int) -> Figure | None:
        """The story's figure with this id, if it has it."""
        return next((f for f in self.figures if f.id == figure_id), None)

    def setting(self, key: str) -> Any:
        """A threshold from the settings (its registered default when not given)."""
        if key in self.settings:
            return self.settings[key]
        from desk.settings import REGISTRY

        return REGISTRY[key].default


Rule = Callable[[Context], Iterable[Problem]]
RULES: dict[str, Rule] = {}


# Rules that advise the writer (spelling, house style): `desk check` and the window run them,
# the export and publishing do not (they only warn, and a site of stories would pay for them).
WRITING_RULES: set[str] = set()


def rule(name: str, writing: bool = False) -> Callable[[Rule], Rule]:
    """Register a check under a name (it appears in `desk check --json` as the problem's rule);
    `writing`: a rule for the writer only, left out of check_story(writing=False)."""

    def register(fn: Rule) -> Rule:
        RULES[name] = fn
        if writing:
            WRITING_RULES.add(name)
        return fn

    return register


def placed_figure_ids(article: Article) -> list[int]:
    """Figures the page shows, in order: the body model's placements (the lead first)."""
    return body.parse(article.body_md).figure_ids


def check_story(
    article: Article,
    figures: list[Figure],
    store_root: Path | None = None,
    tags: list[Tag] | None = None,
    settings: dict[str, Any] | None = None,
    *,
    purpose: str = CHECK,
    amendments: list[Any] | None = None,
    now: datetime | None = None,
    writing: bool | None = None,
) -> list[Problem]:
    """Every problem of a story from every rule, blocking ones first (each rule's in order).

    settings: the thresholds by key (desk.settings); keys left out have their defaults.
    writing: whether the writer's rules (spelling, house style) run; by default only when the
    check is for the writer (CHECK: the panel and `desk check`), never for a gate, an export or
    a target, which they could only warn."""
    context = Context(
        article=article,
        figures=body.arrange(figures, article.body_md),
        parsed=body.parse(article.body_md),
        tags=list(tags or []),
        store_root=Path(store_root) if store_root is not None else None,
        settings=dict(settings or {}),
        purpose=purpose,
        amendments=list(amendments or []),
        now=now or datetime.now(UTC),
    )
    if writing is None:
        writing = purpose == CHECK
    problems = [
        Problem(p.level, p.message, p.figure_id, p.place, p.rule or name)
        for name, fn in RULES.items()
        if writing or name not in WRITING_RULES
        for p in fn(context)
    ]
    return sorted(problems, key=lambda p: p.level != ERROR)


def rule_settings() -> dict[str, Any]:
    """The settings' current values for the rules (their defaults when the file is unreadable:
    the checks still run, and Preferences says what is wrong with the file)."""
    from desk import settings as registry
    from desk.errors import DeskError

    try:
        return registry.current_values()
    except DeskError:
        return {key: item.default for key, item in registry.REGISTRY.items()}


def check_stored(
    store: Any,
    key: int | str | Article,
    purpose: str = CHECK,
    settings: dict[str, Any] | None = None,
    now: datetime | None = None,
    writing: bool | None = None,
) -> list[Problem]:
    """Check a story as the store holds it: its figures, tags, updates and the settings."""
    from desk import corrections

    article = key if isinstance(key, Article) else store.articles.get(key)
    article_id = int(article.id or 0)
    return check_story(
        article,
        list(store.figures.rows(article_id)) if article_id else [],
        store.root,
        list(store.tags.for_story(article_id)) if article_id else [],
        rule_settings() if settings is None else settings,
        purpose=purpose,
        amendments=corrections.for_story(store, article_id) if article_id else [],
        now=now,
        writing=writing,
    )


def blocking(problems: list[Problem]) -> list[Problem]:
    """The problems that block publication."""
    return [p for p in problems if p.blocking]


def reasons(problems: list[Problem], limit: int = 3) -> str:
    """The first few problems as one clause ('a; b; c'), for a refusal in one sentence."""
    shown = [p.message.rstrip(".") for p in problems[:limit]]
    more = len(problems) - len(shown)
    text = "; ".join(shown)
    return text + (f" (and {more} more)" if more > 0 else "")


# -- places -----------------------------------------------------------------------------------


def field_place(name: str) -> Place:
    """The place of a field of the form."""
    return Place(name, label=FIELD_LABELS.get(name, name))


def figure_place(figure: Figure | None, placement: body.Placement) -> Place:
    """The place of a placed figure."""
    label = f"Figure {placement.number}"
    return Place("figure", placement.line, placement.figure_id, label)


def block_label(parsed: body.Body, index: int) -> str:
    """How a block is named for readers of the checks: 'paragraph 7', 'subhead 2', 'Figure 3'."""
    block = parsed.blocks[index]
    if block.figure is not None:
        placement = parsed.placement(block.figure.figure_id)
        return f"Figure {placement.number}" if placement else "a figure"
    number = sum(1 for b in parsed.blocks[: index + 1] if b.kind == block.kind)
    return f"{BLOCK_NAMES.get(block.kind, block.kind)} {number}"


def body_place(parsed: body.Body, line: int) -> Place:
    """The place of a line of the body, named by the block that holds it."""
    index = parsed.block_at(line)
    if index is None:
        return Place("body", line, label="text")
    figure_id = parsed.blocks[index].figure_id
    return Place("body", line, figure_id, block_label(parsed, index))


# The rules register themselves on import: Desk's own, then the writer's (spelling and house
# style, desk.proofing).
from desk import checkrules, proofing  # noqa: E402, F401
