"""A story loaded for export: its figures, tags and updates, then judged by the checks.

Loading (the store's rows) and judging (the checks) are separate steps so that a site export can
load every story here and judge them on every core (desk.siteworkers); load_story does both.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk import body, checks, corrections, embargo
from desk.errors import ExportFailed
from desk.model import Article, Figure, Status, Tag


@dataclass
class Story:
    """A story with what its page needs: figures by id, the ones placed, tags and problems."""

    article: Article
    figures: dict[int, Figure]
    placed: list[int]
    tags: list[Tag]
    problems: list[checks.Problem]
    amendments: list[corrections.Amendment] = field(default_factory=list)
    ignored_embargo: bool = False  # exported before its embargo, for a partner who keeps it

    @functools.cached_property
    def lead_id(self) -> int | None:
        """The lead figure's id, when the body opens with one (parsed once: a site's listings
        ask for every story's lead, and the body model remembers only the last few bodies)."""
        return body.parse(self.article.body_md).lead_id

    @functools.cached_property
    def char_count(self) -> int:
        """Characters readers get (desk.body.char_count), counted once, while the body's
        parse is at hand (a site's page workers would parse every body again for ninjs)."""
        return body.char_count(self.article.body_md)


def story_figures(store: Any, article_id: int) -> list[Figure]:
    """The story's figures with their photos, as its body places them."""
    return list(store.figures.for_story(article_id))


def story_tags(store: Any, article_id: int) -> list[Tag]:
    """The story's tags, by name."""
    return list(store.tags.for_story(article_id))


def gather_story(store: Any, key: int | str | Article, ignore_embargo: bool = False) -> Story:
    """A story's rows, not yet checked (no problems), or ExportFailed when it is spiked or
    its embargo is still to come (unless ignore_embargo)."""
    article = key if isinstance(key, Article) else store.articles.get(key)
    if article.status == Status.SPIKED:
        raise ExportFailed(
            f"'{article.slug}' is spiked and is never exported; restore it first if it should run."
        )
    held = embargo.embargoed(article)
    if held and not ignore_embargo:
        raise ExportFailed(embargo.refusal(article))
    figures = story_figures(store, int(article.id or 0))
    story = Story(
        article=article,
        figures={f.id: f for f in figures},
        placed=checks.placed_figure_ids(article),
        tags=story_tags(store, int(article.id or 0)),
        problems=[],
        amendments=corrections.for_story(store, int(article.id or 0)),
        ignored_embargo=held,
    )
    # while the body model still remembers the body (the page worker would parse it again)
    _ = story.lead_id, story.char_count
    return story


def story_problems(
    story: Story,
    store_root: Path | str,
    rules: dict[str, Any] | None = None,
    ignore_embargo: bool = False,
) -> list[checks.Problem]:
    """What the checks find in a gathered story, for an export (or for a target that keeps
    the embargo: ignore_embargo); rules: the checks' settings when the caller read them."""
    return checks.check_story(
        story.article,
        list(story.figures.values()),
        Path(store_root),
        story.tags,
        checks.rule_settings() if rules is None else rules,
        purpose=checks.TARGET if ignore_embargo else checks.EXPORT,
        amendments=story.amendments,
    )


def admit(story: Story, problems: list[checks.Problem]) -> Story:
    """The story with its problems, or ExportFailed naming the first that blocks its export."""
    blocking = [p for p in problems if p.blocking]
    if blocking:
        slug = story.article.slug
        more = ""
        if len(blocking) > 1:
            more = (  # said by the window and the command line alike: both ways named
                f" (and {len(blocking) - 1} more: Story > Check Story, or desk check {slug}, "
                "lists them)"
            )
        raise ExportFailed(f"'{slug}' was not exported: {blocking[0].message}{more}")
    story.problems = problems
    return story


def load_story(
    store: Any,
    key: int | str,
    ignore_embargo: bool = False,
    rules: dict[str, Any] | None = None,
) -> Story:
    """A story ready to export, or ExportFailed saying what blocks it (an embargo still to come
    too, unless ignore_embargo: a partner who keeps it, or a target that schedules it)."""
    story = gather_story(store, key, ignore_embargo)
    return admit(story, story_problems(story, store.root, rules, ignore_embargo))
