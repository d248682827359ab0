"""Preflight: what blocks a story's publication, and what only deserves a second look.

Checks are rules registered with @rule: each gets the story as a Context (the article, its
figures as the body places them, the parsed body, its tags, the store folder) and yields
Problems, each naming its place (a field, a body line, a figure) so the window can jump there.
`desk check`, the export, publishing and the window all run the same rules (check_story).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk import body
from desk.model import Article, Figure, Status, Tag

ERROR, WARNING = "error", "warning"


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

    @property
    def name(self) -> str:
        """How messages name the story."""
        return self.article.slug or "this story"

    def figure(self, figure_id: int) -> Figure | None:
        """The story's figure with this id, if it has it."""
        return next((f for f in self.figures if f.id == figure_id), None)


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
    writing: bool = True,
) -> list[Problem]:
    """Every problem of a story from every rule, blocking ones first (each rule's in order);
    writing=False leaves out the writer's rules (spelling, house style: export, publishing)."""
    context = Context(
        article=article,
        figures=body.arrange(figures, article.body_md),
        parsed=body.parse(article.body_md),
        tags=list(tags or []),
        store_root=Path(store_root) if store_root is not None else None,
        settings=dict(settings or {}),
    )
    problems = [
        Problem(p.level, p.message, p.figure_id, p.place, p.rule or name)
        for name, fn in RULES.items()
        if writing or name not in WRITING_RULES
        for p in fn(context)
    ]
    return sorted(problems, key=lambda p: p.level != ERROR)


def figure_place(figure: Figure | None, placement: body.Placement) -> Place:
    """The place of a placed figure."""
    label = f"Figure {placement.number}"
    return Place("figure", placement.line, placement.figure_id, label)


# -- the rules --------------------------------------------------------------------------------


@rule("spiked")
def _spiked(ctx: Context) -> Iterable[Problem]:
    """A spiked story is never published."""
    if ctx.article.status == Status.SPIKED:
        yield Problem(
            ERROR,
            f"'{ctx.name}' is spiked; restore it before publishing.",
            place=Place("status", label="status"),
        )


@rule("headline")
def _headline(ctx: Context) -> Iterable[Problem]:
    """A page needs a headline."""
    if not ctx.article.headline.strip():
        yield Problem(
            ERROR,
            f"'{ctx.name}' has no headline; write one before publishing.",
            place=Place("headline", label="headline"),
        )


@rule("figures")
def _figures(ctx: Context) -> Iterable[Problem]:
    """Every placed figure has a row, a photo in the store, alt text and a credit; strays and
    repeats are pointed at."""
    for placement in ctx.parsed.placements:
        figure = ctx.figure(placement.figure_id)
        place = figure_place(figure, placement)
        for p in _figure_problems(placement, figure, ctx.store_root):
            yield Problem(p.level, p.message, p.figure_id, place)
        if figure is not None and placement.stray:
            yield Problem(
                WARNING,
                f"{figure.label()} is inside block {placement.block + 1} of the text, not on a "
                "line of its own; it shows after that block (Desk moves it there on saving).",
                figure.id,
                place,
            )
    for ref in ctx.parsed.duplicates:
        figure = ctx.figure(ref.figure_id)
        label = figure.label() if figure else f"Figure (row {ref.figure_id})"
        yield Problem(
            WARNING,
            f"{label} is placed twice; only its first place shows, so remove the other.",
            ref.figure_id,
            Place("body", ref.line, ref.figure_id, label.split(" (")[0]),
        )


@rule("standfirst")
def _standfirst(ctx: Context) -> Iterable[Problem]:
    """The standfirst is the page's description."""
    if not ctx.article.standfirst.strip():
        yield Problem(
            WARNING,
            f"'{ctx.name}' has no standfirst (the page's description).",
            place=Place("standfirst", label="standfirst"),
        )


@rule("author")
def _author(ctx: Context) -> Iterable[Problem]:
    """Someone signs the story."""
    if not (ctx.article.authors or ctx.article.byline or ctx.article.agency):
        yield Problem(
            WARNING,
            f"'{ctx.name}' has no author, byline or agency.",
            place=Place("byline", label="byline"),
        )


def _figure_problems(
    placement: body.Placement, figure: Figure | None, store_root: Path | None
) -> list[Problem]:
    """What is wrong with one placed figure."""
    fid = placement.figure_id
    if figure is None:
        return [
            Problem(
                ERROR,
                f"The text places Figure {placement.number} (`figure:{fid}`), which the story "
                "does not have; remove that line or add the photo again.",
                fid,
            )
        ]
    if figure.photo is None:
        return [
            Problem(
                ERROR,
                f"{figure.label()} needs a photo; attach one or remove the figure.",
                fid,
            )
        ]
    out: list[Problem] = []
    if store_root is not None and not (Path(store_root) / figure.photo.path).exists():
        out.append(
            Problem(
                ERROR,
                f"The photo of {figure.label()} is missing from the store; attach it again.",
                fid,
            )
        )
    meta = figure.photo.metadata or {}
    if not (figure.alt.strip() or str(meta.get("alt_text") or "").strip()):
        out.append(
            Problem(
                WARNING,
                f"{figure.label()} has no alt text; describe the picture for readers who "
                "cannot see it.",
                fid,
            )
        )
    if not (figure.credit.strip() or str(meta.get("credit") or "").strip()):
        out.append(Problem(WARNING, f"{figure.label()} has no credit.", fid))
    return out


# Rules that live in their own modules register themselves when imported (spelling and house
# style: desk.proofing).
from desk import proofing  # noqa: E402, F401
