"""The `desk import` command: files and folders in, one story per transaction, slugs out."""

from __future__ import annotations

from pathlib import Path

import click

from desk.cli import GivenPath, StoreRef, emit_json, main


def _format_choices() -> list[str]:
    """'auto' and every registered import format."""
    from desk.importers import format_names

    return ["auto", *format_names()]


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=GivenPath(path_type=Path))
@click.option(
    "--format",
    "fmt",
    default="auto",
    show_default=True,
    help="The files' format (default: detected from each file's content).",
)
@click.option("--again", is_flag=True, help="Import a file even if it was imported before.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: one entry per file.")
@click.pass_obj
def import_(ref: StoreRef, paths: tuple[Path, ...], fmt: str, again: bool, as_json: bool) -> None:
    """Import stories (wire copy, IPTC 7901, ANPA, Markdown, ninjs, NewsML-G2, HTML, .docx).

    Prints the slug of each story made; a file that fails is reported on stderr, the others
    are still imported, and the exit status is then 2. Files imported before (a re-run after an
    interrupted import) are counted on stderr and skipped; that is not an error.
    """
    from desk.importers import import_files

    choices = _format_choices()
    if fmt not in choices:
        raise click.BadParameter(f"use one of {', '.join(choices)}", param_hint="--format")
    with ref.open() as store:
        results = import_files(store, paths, fmt=fmt, again=again)
    if as_json:
        emit_json(
            [
                {
                    "file": str(r.path),
                    "slugs": r.slugs,
                    "ids": r.ids,
                    "error": r.error or None,
                    "already_imported_as": r.duplicate_of,
                }
                for r in results
            ]
        )
    for result in results:
        if not as_json:
            for slug in result.slugs:
                click.echo(slug)
        if result.error:
            click.echo(f"desk: {result.error}", err=True)
    already = [r for r in results if r.duplicate_of and not r.slugs]
    if len(already) == 1:
        (one,) = already
        click.echo(
            f"desk: {one.path.name} was already imported as {', '.join(one.duplicate_of)}; "
            "use --again to import a second copy.",
            err=True,
        )
    elif already:
        click.echo(
            f"desk: {len(already)} of {len(results)} files were already in the store and were "
            "skipped; use --again to import second copies.",
            err=True,
        )
    if not results:
        click.echo("desk: no files to import there.", err=True)
    if not results or any(r.error for r in results):
        raise SystemExit(2)
