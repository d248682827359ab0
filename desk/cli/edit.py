"""`desk edit`: change a story's fields from the command line, under the window's rules.

Moving a story to ready or published runs the checks first (desk.workflow) and is refused in
one sentence while anything blocks (exit status 1); a move the workflow does not allow, or a
bad value, is refused with exit status 2. Nothing is written when anything is refused.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from desk.cli import StoreRef, emit_json, main, record_mark
from desk.cli.articles import STATUS_HELP, article_document, read_text
from desk.errors import BadInput
from desk.text import counted

FIELDS = ("headline", "standfirst", "byline", "dateline", "section", "agency", "notes")


@main.command()
@click.argument("slug")
@click.option("--headline", default=None, help="The headline.")
@click.option("--standfirst", default=None, help="The summary under the headline.")
@click.option("--byline", default=None, help="The byline as printed, e.g. 'By Jane Doe in Paris'.")
@click.option(
    "--author", "authors", multiple=True, help="An author's name (repeat; replaces the authors)."
)
@click.option("--dateline", default=None, help="Where the story was filed from.")
@click.option("--section", default=None, help="The section, e.g. World.")
@click.option("--agency", default=None, help="The agency credited.")
@click.option("--status", default=None, help=STATUS_HELP + " Ready and published run the checks.")
@click.option("--language", default=None, help="The story's language as a BCP 47 code.")
@click.option("--slug", "new_slug", default=None, help="A new slug (not once published).")
@click.option(
    "--embargo",
    default=None,
    help="Not to be published before this date and time, e.g. '2026-12-03 10:00' (local "
    "time) or 2026-12-03T09:00Z; 'none' lifts it.",
)
@click.option("--body", default=None, help="The body in Markdown ('-' reads standard input).")
@click.option(
    "--body-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the Markdown body from a file.",
)
@click.option("--notes", default=None, help="The story's internal notes (never exported).")
@click.option(
    "--update",
    "update_note",
    default=None,
    help="Mark this edit of a published story as an update, with a note readers see.",
)
@click.option(
    "--correction",
    "correction_note",
    default=None,
    help="Mark this edit of a published story as a correction, with a note readers see.",
)
@click.option(
    "--withdraw",
    "withdraw_note",
    default=None,
    help="Withdraw a published story, saying why (the next site export leaves a notice).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the story as saved, as JSON.")
@click.pass_obj
def edit(
    ref: StoreRef,
    slug: str,
    authors: tuple[str, ...],
    new_slug: str | None,
    body: str | None,
    body_file: Path | None,
    update_note: str | None,
    correction_note: str | None,
    withdraw_note: str | None,
    as_json: bool,
    **fields: str | None,
) -> None:
    """Change a story's fields; moving it to ready or published runs the checks first."""
    from desk import corrections, workflow

    changes = _changes(fields, authors, new_slug, body, body_file)
    notes = [
        (kind, note)
        for kind, note in (
            (corrections.UPDATE, update_note),
            (corrections.CORRECTION, correction_note),
            (corrections.WITHDRAWAL, withdraw_note),
        )
        if note is not None
    ]
    if len(notes) > 1:
        raise BadInput("Give one of --update, --correction and --withdraw at a time.")
    if not changes and not notes:
        raise BadInput("Say what to change (see `desk edit --help`).")
    with ref.open() as store:
        before = store.articles.get(slug)
        if "status" in changes:
            workflow.decide_stored(store, before.id, changes).raise_if_refused()
        with store.transaction():
            article = store.articles.update(before.id, **changes) if changes else before
            for kind, note in notes:
                corrections.add(store, article.id, kind, note)
        mark = record_mark(store, int(article.id or 0))
        doc = article_document(store, store.articles.get(article.id))
    if as_json:
        emit_json(doc)
        return
    click.echo(article.slug)
    withdrawing = any(kind == corrections.WITHDRAWAL for kind, _note in notes)
    if withdrawing:
        click.echo(
            f"desk: note: '{article.slug}' is withdrawn; the next site export shows a notice "
            "at its address instead of the story.",
            err=True,
        )
    elif mark is not None and mark.blocking and article.status in workflow.GATES:
        click.echo(
            f"desk: note: '{article.slug}' is {article.status}, but "
            f"{counted(mark.blocking, 'thing')} now block{'s' if mark.blocking == 1 else ''} it; "
            f"`desk check {article.slug}` lists {'it' if mark.blocking == 1 else 'them'}.",
            err=True,
        )


def _changes(
    fields: dict[str, str | None],
    authors: tuple[str, ...],
    new_slug: str | None,
    body: str | None,
    body_file: Path | None,
) -> dict[str, object]:
    """The fields to change, each checked (a bad value is one BadInput, before the store opens)."""
    from desk.embargo import parse_embargo
    from desk.languages import normalise_language
    from desk.model import Status

    if body is not None and body_file is not None:
        raise BadInput("Give the body with --body or --body-file, not both.")
    changes: dict[str, object] = {k: v for k, v in fields.items() if k in FIELDS and v is not None}
    if fields.get("status") is not None:
        changes["status"] = Status.parse(str(fields["status"])).value
    if fields.get("language") is not None:
        changes["language"] = normalise_language(str(fields["language"]))
    if fields.get("embargo") is not None:
        changes["embargo"] = parse_embargo(fields["embargo"])
    if authors:
        changes["authors"] = [a for a in authors if a.strip()]
    if new_slug is not None:
        changes["slug"] = new_slug
    if body == "-":
        changes["body_md"] = read_text(sys.stdin.buffer.read(), "standard input")
    elif body is not None:
        changes["body_md"] = body
    elif body_file is not None:
        changes["body_md"] = read_text(body_file.read_bytes(), str(body_file))
    return changes
