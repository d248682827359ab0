"""Tag commands: tag, untag, and the `tags` group (list, rename, merge, kind, prune)."""

from __future__ import annotations

import click

from desk.cli import StoreRef, emit_json, main
from desk.errors import BadInput, TagExists
from desk.model import Tag, TagKind
from desk.tagnames import split_tags
from desk.text import counted

KINDS = [k.value for k in TagKind if k.value] + ["none"]


def tag_line(tag: Tag) -> str:
    """One line of `desk tags`: count, name, and kind when set."""
    kind = f"  ({tag.kind})" if tag.kind else ""
    return f"{tag.count:6}  {tag.name}{kind}"


def article_tag_line(store, slug: str) -> str:
    """'slug: Idlib, Syria' — a story's tags after a change."""
    article = store.articles.get(slug)
    names = ", ".join(t.name for t in store.tags.for_story(article.id)) or "(no tags)"
    return f"{article.slug}: {names}"


@main.command("tag")
@click.argument("slug")
@click.argument("tags", nargs=-1, required=True)
@click.pass_obj
def tag_(ref: StoreRef, slug: str, tags: tuple[str, ...]) -> None:
    """Add tags to a story (TAG may also be comma-separated: "Syria, Idlib")."""
    with ref.open() as store:
        store.tags.tag(slug, split_tags(tags))
        click.echo(article_tag_line(store, slug))


@main.command("untag")
@click.argument("slug")
@click.argument("tags", nargs=-1, required=True)
@click.pass_obj
def untag(ref: StoreRef, slug: str, tags: tuple[str, ...]) -> None:
    """Take tags off a story (the tags themselves stay; `desk tags prune` removes unused ones)."""
    with ref.open() as store:
        store.tags.untag(slug, split_tags(tags))
        click.echo(article_tag_line(store, slug))


@main.group("tags", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def tags_(ctx: click.Context, as_json: bool) -> None:
    """List every tag with its story count and kind; subcommands rename, merge and tidy tags."""
    if ctx.invoked_subcommand is not None:
        return
    ref: StoreRef = ctx.obj
    with ref.open(readonly=True) as store:
        tags = store.tags.all()
    if as_json:
        emit_json([t.to_dict() for t in tags])
        return
    for tag in tags:
        click.echo(tag_line(tag))


def confirm_merge(exc: TagExists) -> bool:
    """Ask whether to merge instead; with no answer to read, refuse and point to --yes."""
    question = (
        f"Merge '{exc.source}' into '{exc.target}'? {counted(exc.count, 'story')} will be affected."
    )
    try:
        return click.confirm(question, default=False, err=True)
    except click.Abort:
        raise BadInput(
            f"'{exc.target}' already exists and renaming onto it merges "
            f"{counted(exc.count, 'story')}; add --yes to merge without being asked."
        ) from None


@tags_.command("rename")
@click.argument("old")
@click.argument("new")
@click.option("--yes", "-y", is_flag=True, help="Merge without asking when NEW already exists.")
@click.pass_obj
def rename(ref: StoreRef, old: str, new: str, yes: bool) -> None:
    """Respell a tag; onto another existing tag, merge into it (after confirmation)."""
    with ref.open() as store:
        try:
            tag = store.tags.rename(old, new)
        except TagExists as exc:
            if not (yes or confirm_merge(exc)):
                click.echo("Nothing was changed.", err=True)
                raise SystemExit(1) from None
            moved = store.tags.merge(exc.source, exc.target)
            click.echo(
                f"Merged '{exc.source}' into '{exc.target}': {counted(moved, 'story')} affected."
            )
            return
    click.echo(f"Renamed to '{tag.name}' ({counted(tag.count, 'story')}).")


@tags_.command("merge")
@click.argument("source", metavar="FROM")
@click.argument("into", metavar="INTO")
@click.pass_obj
def merge(ref: StoreRef, source: str, into: str) -> None:
    """Move every story from one tag to another and delete the first."""
    with ref.open() as store:
        src, dst = store.tags.get(source), store.tags.get(into)
        moved = store.tags.merge(source, into)
    click.echo(f"Merged '{src.name}' into '{dst.name}': {counted(moved, 'story')} affected.")


@tags_.command("kind")
@click.argument("tag")
@click.argument("kind", type=click.Choice(KINDS, case_sensitive=False))
@click.pass_obj
def kind(ref: StoreRef, tag: str, kind: str) -> None:
    """Say what a tag names (used in the page's structured data); 'none' clears it."""
    with ref.open() as store:
        changed = store.tags.set_kind(tag, kind)
    click.echo(f"'{changed.name}' is now {changed.kind or 'of no particular kind'}.")


@tags_.command("prune")
@click.pass_obj
def prune(ref: StoreRef) -> None:
    """Delete every tag no story carries."""
    with ref.open() as store:
        gone = store.tags.delete_unused()
    click.echo(f"Deleted {counted(gone, 'unused tag')}.")


@tags_.command("delete")
@click.argument("tag")
@click.pass_obj
def delete(ref: StoreRef, tag: str) -> None:
    """Delete one tag that no story carries."""
    with ref.open() as store:
        name = store.tags.get(tag).name
        store.tags.delete(tag)
    click.echo(f"Deleted '{name}'.")
