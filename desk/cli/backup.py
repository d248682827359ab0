"""Backups and health: `desk backup DEST`, `desk restore-backup SRC [--into DIR]`,
`desk doctor [--repair]`."""

from __future__ import annotations

from pathlib import Path

import click

from desk.cli import GivenPath, StoreRef, emit_json, main


@main.command()
@click.argument("dest", type=GivenPath(path_type=Path))
@click.pass_obj
def backup(ref: StoreRef, dest: Path) -> None:
    """Copy the store (stories, history, tags, photo originals) into the new folder DEST."""
    from desk.backup import backup_store
    from desk.text import counted

    with ref.open(readonly=True) as store:
        result = backup_store(store, dest)
    stories, photos = counted(result.stories, "story"), counted(result.photos, "photo")
    click.echo(f"{result.path}: {stories} and {photos} backed up.")


@main.command("restore-backup")
@click.argument("src", type=GivenPath(path_type=Path))
@click.option(
    "--into",
    type=GivenPath(path_type=Path),
    default=None,
    help="Make a new store there from the backup (default: put it in the store's place, "
    "keeping today's store in its replaced- folder).",
)
@click.pass_obj
def restore_backup(ref: StoreRef, src: Path, into: Path | None) -> None:
    """Bring back a backup made by `desk backup` or Desk's automatic backups."""
    from desk.backup import check_backup
    from desk.backup import restore_backup as restore
    from desk.text import counted, local_time

    manifest = check_backup(src)
    restored = restore(src, into or ref.path)
    made = f" made {local_time(manifest['made'])}" if manifest.get("made") else ""
    stories = counted(int(manifest.get("stories", 0)), "story")
    click.echo(f"{restored.path}: the backup{made} is back ({stories}).")
    if restored.replaced is not None:
        click.echo(f"The store it replaced is kept in {restored.replaced}.")


@main.command()
@click.option("--repair", is_flag=True, help="Repair what is safe to repair (never deletes text).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def doctor(ref: StoreRef, repair: bool, as_json: bool) -> None:
    """Check the store's health; exit status 1 when something is wrong (and not repaired)."""
    from desk.doctor import examine, unreadable
    from desk.errors import StoreDamaged

    try:
        with ref.open(readonly=not repair) as store:
            report = examine(store, repair=repair)
    except StoreDamaged:
        report = unreadable()
    if as_json:
        emit_json({"healthy": report.healthy, "findings": [f.to_dict() for f in report.findings]})
    else:
        for finding in report.findings:
            mark = "repaired" if finding.repaired else finding.level
            click.echo(f"{mark:>9}: {finding.message}")
        if report.healthy:
            click.echo("The store is healthy." if not report.findings else "Nothing left to fix.")
    if not report.healthy:
        raise SystemExit(1)
