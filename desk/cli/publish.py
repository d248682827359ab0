"""Publishing commands: targets (WordPress sites, ingest folders), publish, and the outbox."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from desk.cli import GivenPath, StoreRef, emit_json, main, slug_column
from desk.errors import BadInput
from desk.text import counted, local_time

# desk publish's exit status: published (or written), queued (Desk retries), failed.
EXIT = {"published": 0, "queued": 1, "failed": 2}


def ask_password(target) -> str | None:
    """Prompt for a target's password on a terminal (None when there is none to ask at)."""
    if not sys.stdin.isatty():
        return None
    return click.prompt(f"Application password for {target.describe()}", hide_input=True)


@main.group()
def target() -> None:
    """Publishing targets: WordPress sites and ingest folders (Superdesk and others)."""


@target.command("add")
@click.argument("name")
@click.option(
    "--kind", type=click.Choice(["wordpress", "folder"]), required=True, help="What it is."
)
@click.option("--url", default="", help="WordPress: the site's address.")
@click.option("--user", default="", help="WordPress: the user name to sign in with.")
@click.option(
    "--path",
    type=GivenPath(file_okay=False, path_type=Path),
    help="Folder: where the files go (an ingest folder).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ninjs", "newsml"]),
    default="ninjs",
    show_default=True,
    help="Folder: IPTC ninjs JSON or NewsML-G2 XML.",
)
@click.option("--no-check", is_flag=True, help="WordPress: do not sign in to check now.")
def target_add(
    name: str, kind: str, url: str, user: str, path: Path | None, fmt: str, no_check: bool
) -> None:
    """Add (or replace) a target; a WordPress application password is read from a prompt or
    $DESK_TARGET_PASSWORD and kept in the system keychain, never in a file."""
    from desk.publish import secrets, targets

    made = targets.make_target(name, kind, url, user, str(path or ""), fmt)
    note = ""
    if made.needs_password:
        password = os.environ.get(secrets.ENV_PASSWORD) or ask_password(made)
        if not password:
            raise BadInput(
                f"Give the application password for {made.describe()} at the prompt "
                f"or in ${secrets.ENV_PASSWORD}."
            )
        if not no_check:
            from desk.publish.service import check_target

            note = check_target(made, password)
        kept = targets.add_target(made, password)
        where = (
            "the password is kept in the system keychain"
            if kept
            else "no system keychain here, so Desk asks for the password once per session "
            f"or reads ${secrets.ENV_PASSWORD}"
        )
        note = f"{note}; {where}" if note else where
    else:
        targets.add_target(made)
        if not Path(made.path).is_dir():
            note = "the folder is not there yet: stories wait in the outbox until it is"
    click.echo(f"{made.name}: {made.describe()}" + (f"; {note}." if note else "."))


@target.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def target_list(as_json: bool) -> None:
    """List the publishing targets."""
    from desk.publish import targets

    found = targets.targets()
    if as_json:
        emit_json([t.to_dict() for t in found])
        return
    for t in found:
        click.echo(f"{t.name:16}  {t.describe()}")
    if not found:
        click.echo("No targets yet: add one with `desk target add NAME --kind ...`.")


@target.command("remove")
@click.argument("name")
@click.pass_obj
def target_remove(ref: StoreRef, name: str) -> None:
    """Remove a target (and its password from the keychain)."""
    from desk.errors import DeskError
    from desk.publish import records, targets
    from desk.store import DB_NAME

    gone = targets.delete_target(name)
    click.echo(f"Removed {gone.name} ({gone.describe()}).")
    if not (ref.path / DB_NAME).exists():
        return  # no store here to have waiting jobs (the targets are the user's, not a store's)
    try:
        with ref.open(readonly=True) as store:
            waiting = [j.slug for j in records.outbox(store) if j.target == gone.name]
    except DeskError:
        return
    if waiting:
        click.echo(
            f"desk: note: {counted(len(waiting), 'story')} still "
            f"{'waits' if len(waiting) == 1 else 'wait'} in the outbox for "
            f"{gone.name} (first {waiting[0]}); add the target again to send them, or give up "
            f"on them with desk outbox --drop SLUG --to {gone.name}.",
            err=True,
        )


@main.command()
@click.argument("slug")
@click.option("--to", "target_name", required=True, help="The target's name (desk target list).")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@click.pass_obj
def publish(ref: StoreRef, slug: str, target_name: str, as_json: bool) -> None:
    """Publish a story to a target after its checks pass; prints the post's address or the file
    written, or why it was queued (exit 1) or failed (exit 2)."""
    from desk.publish import publish as publish_story
    from desk.publish.targets import get_target

    get_target(target_name)  # an unknown target is a usage error before the store opens
    with ref.open() as store:
        outcome = publish_story(store, slug, target_name, ask=ask_password)
    if as_json:
        emit_json(outcome.to_dict())
    elif outcome.state == "published":
        click.echo(outcome.url)
    else:
        click.echo(outcome.message, err=True)
    sys.exit(EXIT[outcome.state])


@main.command()
@click.option("--retry", is_flag=True, help="Try every waiting story now (failed ones too).")
@click.option("--drop", "drop_slug", metavar="SLUG", help="Give up on this story's jobs.")
@click.option("--to", "target_name", help="With --drop: only the job for this target.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def outbox(
    ref: StoreRef, retry: bool, drop_slug: str | None, target_name: str | None, as_json: bool
) -> None:
    """Stories waiting to be published (queued while offline, or failed); --retry sends them."""
    from desk.publish import records, run_outbox

    if target_name and not drop_slug:
        raise BadInput("--to goes with --drop (desk outbox --drop SLUG --to TARGET).")
    if retry and drop_slug:
        raise BadInput("Choose --retry or --drop, one at a time.")
    with ref.open(readonly=not (retry or drop_slug)) as store:
        if drop_slug:
            _drop(store, drop_slug, target_name)
            return
        outcomes = run_outbox(store, ask=ask_password, everything=True) if retry else []
        jobs = records.outbox(store)
    if as_json:
        emit_json(
            {"tried": [o.to_dict() for o in outcomes], "waiting": [j.to_dict() for j in jobs]}
        )
    else:
        for o in outcomes:
            click.echo(f"{o.slug} -> {o.target}: {o.url if o.state == 'published' else o.message}")
        width = slug_column([j.slug for j in jobs])
        for j in jobs:
            when = f"next try {local_time(j.next_try)}" if j.state == "queued" else "needs a fix"
            click.echo(f"{j.slug:{width}}  {j.target:12.12}  {j.state:6}  {when}  {j.message}")
        if not jobs and not outcomes:
            click.echo("The outbox is empty: no story is waiting to be published.")
    sys.exit(1 if jobs else 0)


def _drop(store, slug: str, target_name: str | None) -> None:
    """Remove a story's waiting jobs (all of them, or the one for a target)."""
    from desk.publish import records

    article = store.articles.get(slug)
    names = (
        [target_name]
        if target_name
        else [j.target for j in records.outbox(store) if j.article_id == article.id]
    )
    dropped = [n for n in names if records.drop_job(store, article.id, n)]
    if not dropped:
        which = f" for {target_name}" if target_name else ""
        raise BadInput(f"'{article.slug}' is not waiting in the outbox{which}.")
    click.echo(f"{article.slug}: no longer waiting for {', '.join(dropped)}.")
