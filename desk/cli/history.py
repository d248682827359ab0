"""History: `desk history SLUG` lists a story's versions, `desk restore` brings one back."""

from __future__ import annotations

import click

from desk.cli import StoreRef, emit_json, main
from desk.text import local_time


@main.command()
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (with each version's fields).")
@click.pass_obj
def history(ref: StoreRef, slug: str, as_json: bool) -> None:
    """List a story's earlier versions, newest first (kept while it is edited)."""
    with ref.open(readonly=True) as store:
        revisions = store.history.versions(store.articles.id_of(slug))
    if as_json:
        emit_json(
            [
                {"id": r.id, "saved": r.created, "reason": r.reason, "story": r.snapshot}
                for r in revisions
            ]
        )
        return
    if not revisions:
        click.echo(
            f"No earlier versions of '{slug}' yet (one is kept every 10 minutes of editing)."
        )
    for r in revisions:
        story = r.snapshot
        as_of = local_time(r.as_of)
        click.echo(
            f"{r.id:6}  {as_of}  {r.words:6} w  {r.reason:28.28}  {story.get('headline', '')}"
        )


@main.command()
@click.argument("slug")
@click.argument("version", type=int)
@click.pass_obj
def restore(ref: StoreRef, slug: str, version: int) -> None:
    """Bring a story's text and fields back to VERSION (from `desk history`); today's is kept."""
    with ref.open() as store:
        article = store.articles.restore(slug, version)
    click.echo(f"{article.slug}: restored version {version} ({article.word_count} words).")
