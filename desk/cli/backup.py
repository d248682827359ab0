"""`desk backup DEST`: a whole copy of the store, safe to take while Desk is open."""

from __future__ import annotations

from pathlib import Path

import click

from desk.cli import StoreRef, main


@main.command()
@click.argument("dest", type=click.Path(path_type=Path))
@click.pass_obj
def backup(ref: StoreRef, dest: Path) -> None:
    """Copy the store (stories, history, tags, photo originals) into the new folder DEST."""
    from desk.backup import backup_store

    with ref.open(readonly=True) as store:
        result = backup_store(store, dest)
    click.echo(f"{result.path}: {result.stories} stories and {result.photos} photos backed up.")
