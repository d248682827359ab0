"""Publishing a story to a target: checks first, then the target's work, then the outcome.

`publish()` does it all on a writable store (the command line). The window splits it: the
GUI thread makes the publication row (`prepare`), a worker does the remote work on a read-only
store (`perform`, which writes nothing and reports each remote step through `note`), and the
GUI thread records the steps (`records.apply_event`) and the outcome (`finish`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from desk.config import load_settings
from desk.errors import DeskError, NotFound, PublishFailed, TargetUnreachable
from desk.publish import records, secrets
from desk.publish.records import FAILED, PUBLISHED, QUEUED, Publication
from desk.publish.targets import Target, get_target

if TYPE_CHECKING:
    from desk.export import Built

Ask = Callable[[Target], str | None]
Note = Callable[[str, dict[str, Any]], None]


@dataclass
class Outcome:
    """How one attempt ended: published (url: the post or the file), queued or failed."""

    slug: str
    target: str
    state: str
    message: str
    url: str = ""
    remote_status: str = ""
    cause: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain values, for JSON output."""
        return asdict(self)


def blocking_problem(store: Any, article: Any) -> str:
    """The first problem that blocks publication (with how many more), or ''."""
    from desk import checks  # the rules load when a story is published, not with the library

    problems = checks.check_stored(store, article, purpose=checks.TARGET)
    blocking = [p for p in problems if p.blocking]
    if not blocking:
        return ""
    more = (
        f" (`desk check {article.slug}` lists {len(blocking) - 1} more)"
        if len(blocking) > 1
        else ""
    )
    return blocking[0].message.rstrip(".") + more


def check_target(target: Target, password: str | None) -> str:
    """Sign in to a WordPress target once: a refusal raises PublishFailed (one sentence); an
    unreachable site only gives a note, since a target may be added while offline."""
    if not target.needs_password:
        return ""
    from desk.publish.wordpress import Site

    try:
        with Site(target, password or "") as site:
            site.check_user(photos=False, status="draft")
    except TargetUnreachable as exc:
        return f"not checked: {exc}"
    return "signed in"


def prepare(store: Any, article_id: int, target: Target) -> Publication:
    """The publication row (with Desk's key for the target) made before anything is sent."""
    return records.ensure_publication(store, article_id, target.name)


def perform(
    store: Any,
    article_id: int,
    target: Target,
    password: str | None,
    publication: Publication,
    note: Note,
    moment: datetime | None = None,
) -> Outcome:
    """Check and build the story, then publish it to the target; writes nothing to the store."""
    moment = moment or records.now_utc()
    article = store.articles.get(article_id)
    problem = blocking_problem(store, article)
    if problem:
        return Outcome(
            article.slug, target.name, FAILED, f"Not published: {problem}.", cause=problem
        )
    from desk import export  # Jinja2 and the renditions: loaded when a story is published

    env = export.environment()
    try:
        prefix = f"{article.slug}/" if target.kind == "folder" else ""
        # An embargo still to come goes with the story: the target schedules it (WordPress)
        # or carries it (NewsML's embargoed), so the export does not refuse it here.
        built = export.build(
            store, article_id, load_settings(), env, prefix=prefix, ignore_embargo=True
        )
        delivered = _deliver(built, target, password, publication, env, note, moment)
    except TargetUnreachable as exc:
        return Outcome(article.slug, target.name, QUEUED, str(exc), cause=str(exc))
    except DeskError as exc:
        cause = str(exc).rstrip(".")
        return Outcome(article.slug, target.name, FAILED, f"Not published: {cause}.", cause=cause)
    return Outcome(
        article.slug,
        target.name,
        PUBLISHED,
        _published_message(article.slug, target, delivered.url, delivered.status),
        url=delivered.url,
        remote_status=delivered.status,
    )


def _deliver(
    built: Built,
    target: Target,
    password: str | None,
    publication: Publication,
    env: Any,
    note: Note,
    moment: datetime,
) -> Any:
    """The target's own work."""
    if target.kind == "folder":
        from desk.publish import folder

        delivered = folder.publish(built, target, publication)
        note("post", {"id": delivered.remote_id, "url": delivered.url, "status": "written"})
        return delivered
    from desk.publish import wppost
    from desk.publish.wordpress import Site

    if not password:
        raise PublishFailed(f"Desk has no password for '{target.name}'")
    with Site(target, password) as site:
        return wppost.publish(site, built, publication, env, note, moment)


STATUS_WORDS = {
    "publish": "published",
    "pending": "sent for review (pending)",
    "future": "scheduled",
    "draft": "saved as a draft",
    "private": "published privately",
}


def _published_message(slug: str, target: Target, url: str, status: str) -> str:
    """'… published on site: URL' or '… written to FILE'."""
    if target.kind == "folder":
        return f"'{slug}' was written to {url}."
    return f"'{slug}' was {STATUS_WORDS.get(status, status)} on {target.name}: {url}"


def finish(
    store: Any, article_id: int, outcome: Outcome, moment: datetime | None = None
) -> Outcome:
    """Record the outcome (outbox, last result) and word a queued one with the next try."""
    moment = moment or records.now_utc()
    if outcome.state == QUEUED:
        waiting = records.outbox(store)
        attempts = next(
            (
                j.attempts
                for j in waiting
                if j.article_id == article_id and j.target == outcome.target
            ),
            0,
        )
        wait = records.backoff(attempts + 1).total_seconds()
        outcome.message = (
            f"Queued for {outcome.target}: {outcome.cause}; Desk tries again "
            f"{_in(wait)} and when the network is back."
        )
        cause = outcome.cause[:1].upper() + outcome.cause[1:] + "."
        records.settle(
            store, article_id, outcome.target, QUEUED, cause, moment, result=outcome.message
        )
    else:
        records.settle(store, article_id, outcome.target, outcome.state, outcome.message, moment)
    return outcome


def _in(seconds: float) -> str:
    """'in 30 seconds', 'in 4 minutes'."""
    if seconds < 90:
        return f"in {max(1, round(seconds))} seconds"
    return f"in {round(seconds / 60)} minutes"


def publish(
    store: Any,
    key: int | str,
    target_name: str,
    ask: Ask | None = None,
    moment: datetime | None = None,
) -> Outcome:
    """Publish one story to one target now, recording every step in the store."""
    target = get_target(target_name)
    article = store.articles.get(key)
    password = secrets.password(target, ask) if target.needs_password else None
    publication = prepare(store, article.id, target)

    def note(event: str, data: dict[str, Any]) -> None:
        records.apply_event(store, publication.id, event, data)

    outcome = perform(store, article.id, target, password, publication, note, moment)
    return finish(store, article.id, outcome, moment)


def run_outbox(
    store: Any,
    ask: Ask | None = None,
    everything: bool = False,
    moment: datetime | None = None,
) -> list[Outcome]:
    """Try the jobs whose time has come (everything: every queued and failed job now)."""
    moment = moment or records.now_utc()
    jobs = records.outbox(store) if everything else records.due_jobs(store, moment)
    outcomes = []
    for job in jobs:
        try:
            outcomes.append(publish(store, job.article_id, job.target, ask, moment))
        except NotFound as exc:  # the target was removed from the settings
            message = f"Not published: {str(exc).rstrip('.')}; remove the job or add the target."
            records.settle(store, job.article_id, job.target, FAILED, message, moment)
            outcomes.append(Outcome(job.slug, job.target, FAILED, message, cause=str(exc)))
        except PublishFailed as exc:  # no password here: the job keeps waiting as it was
            outcomes.append(Outcome(job.slug, job.target, job.state, str(exc), cause=str(exc)))
    return outcomes
