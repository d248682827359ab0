"""The newsroom's workflow: draft -> editing -> ready -> published, and spiked.

One owner for which status moves are allowed and what they need, used by the window (the
status field and Story > Set Status), `desk new` and `desk edit`:

- Moving to ready or to published runs the checks (desk.checks; for publishing, an embargo
  still to come blocks too) and is refused while anything blocks, with the reasons.
- Publishing is the one move the window asks to confirm; the store then records the time and
  the slug (the page's address) no longer changes.
- A published story stays published: it changes in place (an edit may be marked as an update
  or a correction) or is withdrawn (desk.corrections). A spiked story is restored to draft or
  editing before it moves on. A withdrawn story no longer moves.

The store itself keeps any status it is given (imports, restores and tests set them freely).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from desk import checks, corrections
from desk.errors import BadInput, CheckFailed
from desk.model import Article, Figure, Status, Tag

DRAFT, EDITING, READY, PUBLISHED, SPIKED = (s.value for s in Status)
# Where a story may go from each status.
MOVES: dict[str, frozenset[str]] = {
    DRAFT: frozenset({EDITING, READY, PUBLISHED, SPIKED}),
    EDITING: frozenset({DRAFT, READY, PUBLISHED, SPIKED}),
    READY: frozenset({DRAFT, EDITING, PUBLISHED, SPIKED}),
    PUBLISHED: frozenset(),
    SPIKED: frozenset({DRAFT, EDITING}),
}
# The moves that run the checks first, and what the checks are for.
GATES = {READY: checks.READY, PUBLISHED: checks.PUBLISH}
VERBS = {READY: "marked ready", PUBLISHED: "published"}


@dataclass
class Decision:
    """Whether a story may move to a status, and if not, why (one sentence)."""

    slug: str
    before: str
    after: str
    refusal: str = ""
    problems: list[checks.Problem] = field(default_factory=list)  # the blocking ones

    @property
    def allowed(self) -> bool:
        """True when the move may be made."""
        return not self.refusal

    @property
    def publishes(self) -> bool:
        """True when this move publishes the story (the window asks first)."""
        return self.allowed and self.after == PUBLISHED and self.before != PUBLISHED

    @property
    def blocked_by_checks(self) -> bool:
        """True when the checks refused the move (exit status 1), not the workflow (2)."""
        return bool(self.problems)

    def raise_if_refused(self) -> None:
        """CheckFailed (the checks refused) or BadInput (no such move), in one sentence."""
        if self.allowed:
            return
        if self.blocked_by_checks:
            raise CheckFailed(self.refusal)
        raise BadInput(self.refusal)


def move_refusal(slug: str, before: str, after: str, withdrawn: bool = False) -> str:
    """Why the workflow does not allow this move ('' when it does), whatever the checks say."""
    if before == after:
        return ""
    if withdrawn:
        return f"'{slug}' was withdrawn; it stays withdrawn."
    if before == PUBLISHED:
        return (
            f"'{slug}' is published, so it stays published: change it in place (and mark the "
            "change as an update or a correction), or withdraw it."
        )
    if after not in MOVES.get(before, frozenset()):
        return f"'{slug}' is spiked; restore it to draft or editing before it can be {after}."
    return ""


def decide(
    before: str,
    article: Article,
    figures: list[Figure],
    tags: list[Tag] | None = None,
    store_root: Path | None = None,
    settings: dict[str, Any] | None = None,
    amendments: list[corrections.Amendment] | None = None,
    now: datetime | None = None,
) -> Decision:
    """May the story move from `before` to the status `article` has (the story as it would
    be: its current text and fields, the new status)? The checks run for ready and published."""
    after = Status.parse(article.status).value
    slug = article.slug or "this story"
    gone = corrections.withdrawal(amendments or []) is not None
    decision = Decision(slug, before, after, move_refusal(slug, before, after, gone))
    if not decision.allowed or before == after or after not in GATES:
        return decision
    problems = checks.check_story(
        article,
        figures,
        store_root,
        tags,
        settings,
        purpose=GATES[after],
        amendments=amendments,
        now=now,
    )
    blocking = checks.blocking(problems)
    if blocking:
        decision.problems = blocking
        decision.refusal = f"'{slug}' cannot be {VERBS[after]}: {checks.reasons(blocking)}."
    return decision


def decide_stored(store: Any, key: int | str, changes: dict[str, Any]) -> Decision:
    """decide() for a story in the store with some of its fields changed (`desk edit`)."""
    from desk.store.articles import apply_changes

    stored = store.articles.get(key)
    article = dataclasses.replace(stored, authors=list(stored.authors))
    apply_changes(article, changes)
    article_id = int(stored.id or 0)
    return decide(
        stored.status,
        article,
        list(store.figures.rows(article_id)),
        list(store.tags.for_story(article_id)),
        store.root,
        checks.rule_settings(),
        corrections.for_story(store, article_id),
    )


def decide_new(values: dict[str, Any]) -> Decision:
    """decide() for a story about to be created with these fields (`desk new --status`)."""
    from desk.store.articles import apply_changes

    article = Article()
    apply_changes(article, {k: v for k, v in values.items() if k != "slug"})
    article.slug = str(values.get("slug") or "") or "the new story"
    return decide(DRAFT, article, [], [], None, checks.rule_settings())
