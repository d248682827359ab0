"""History: `desk history SLUG` lists a story's versions (or compares one with today's text),
`desk restore` brings one back."""

from __future__ import annotations

import sys

import click

from desk import compare
from desk.cli import StoreRef, emit_json, main
from desk.text import local_time


@main.command()
@click.argument("slug")
@click.option(
    "--diff",
    "version",
    type=int,
    default=None,
    help="Compare this version with today's text: [-removed-] {+added+}, field by field.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (with each version's fields).")
@click.pass_obj
def history(ref: StoreRef, slug: str, version: int | None, as_json: bool) -> None:
    """List a story's earlier versions, newest first, with their words and the change in words;
    with --diff, compare one with today's text."""
    with ref.open(readonly=True) as store:
        article = store.articles.get(slug)
        if version is not None:
            old = store.history.get(article, version).snapshot
            if as_json:
                emit_json(diff_document(old, article.to_dict()))
                return
            click.echo(compare.as_text(old, article.to_dict(), color=sys.stdout.isatty()))
            return
        revisions = store.history.versions(int(article.id or 0))
    if as_json:
        emit_json(
            [
                {"id": r.id, "saved": r.created, "reason": r.reason, "story": r.snapshot}
                for r in revisions
            ]
        )
        return
    if not revisions:
        click.echo(f"No earlier versions of '{slug}' yet (one is kept once editing pauses).")
    for n, r in enumerate(revisions):
        story = r.snapshot
        as_of = local_time(r.as_of)
        older = revisions[n + 1] if n + 1 < len(revisions) else None
        change = f"{r.words - older.words:+7,}" if older else " " * 7
        click.echo(
            f"{r.id:6}  {as_of}  {r.words:6} w {change}  {r.reason:28.28}  "
            f"{story.get('headline', '')}"
        )


def diff_document(old: dict, new: dict) -> dict:
    """The comparison as JSON: for each changed field, its pieces (equal, insert, delete)."""
    return {
        field: [
            {"kind": p.kind, "text": p.text}
            for p in compare.word_diff(
                compare.field_text(old.get(field)), compare.field_text(new.get(field))
            )
        ]
        for field in compare.changed_fields(old, new)
    }


@main.command()
@click.argument("slug")
@click.argument("version", type=int)
@click.pass_obj
def restore(ref: StoreRef, slug: str, version: int) -> None:
    """Bring a story's text and fields back to VERSION (from `desk history`); today's is kept."""
    with ref.open() as store:
        article = store.articles.restore(slug, version)
    click.echo(f"{article.slug}: restored version {version} ({article.word_count} words).")
