"""Export and check commands: web pages, zips, CMS fragments, a static site; preflight."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from desk.cli import GivenPath, StoreRef, emit_json, main
from desk.errors import BadInput, CheckFailed
from desk.text import counted


@main.command()
@click.argument("slugs", nargs=-1)
@click.option(
    "--out",
    type=GivenPath(file_okay=False, path_type=Path),
    help="The folder to write into (each story gets <out>/<slug>/).",
)
@click.option("--zip", "as_zip", is_flag=True, help="Write each story as <out>/<slug>.zip.")
@click.option(
    "--fragment",
    is_flag=True,
    help="Only the article HTML, for a CMS: <out>/<slug>.html, or stdout without --out.",
)
@click.option(
    "--site", is_flag=True, help="Every ready or published story as a static site in --out."
)
@click.option(
    "--ignore-embargo",
    is_flag=True,
    help="Export an embargoed story anyway, for a partner who keeps the embargo (the page "
    "records it); never for --site.",
)
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@click.pass_obj
def export(
    ref: StoreRef,
    slugs: tuple[str, ...],
    out: Path | None,
    as_zip: bool,
    fragment: bool,
    site: bool,
    ignore_embargo: bool,
    as_json: bool,
) -> None:
    """Export stories as web pages (index.html, style.css, images, article.json)."""
    from desk import export as exporter
    from desk.config import load_settings

    if as_zip and fragment:
        raise BadInput("Choose --zip or --fragment, not both.")
    if site and (slugs or as_zip or fragment):
        raise BadInput(
            "--site exports every ready or published story as a site; to export some "
            "stories, name them without --site."
        )
    if site and ignore_embargo:
        raise BadInput(
            "A site never shows a story before its embargo; --ignore-embargo is for exporting "
            "stories by name."
        )
    settings = load_settings()
    with ref.open(readonly=True) as store:
        if site:
            _export_site(store, out, settings, as_json)
            return
        if not slugs:
            raise BadInput("Name the stories to export (desk export SLUG... --out DIR).")
        if fragment and out is None:
            for slug in slugs:
                click.echo(exporter.fragment_text(store, slug, settings, ignore_embargo))
            return
        if out is None:
            raise BadInput("Say where to write with --out DIR.")
        mode = "zip" if as_zip else "fragment" if fragment else "folder"
        results = exporter.export_stories(
            store, list(slugs), out, mode, settings, ignore_embargo=ignore_embargo
        )
    _report(results, as_json)


def _export_site(store, out: Path | None, settings, as_json: bool) -> None:
    """Write the static site and report it."""
    from desk import site as site_export

    if out is None:
        raise BadInput("Say where to write the site with --out DIR.")
    result = site_export.export_site(store, out, settings)
    if not as_json:
        _report_site(result)
        return
    extra = {
        "site": str(result.path),
        "pages": result.pages,
        "skipped": result.skipped,
        "withdrawn": result.withdrawn,
    }
    _report(result.stories, as_json, extra=extra)


def _report_site(result) -> None:
    """A site in a few lines, whatever its size: where it went, what was left out or withdrawn,
    what private data was removed, and how many stories have warnings (`desk check SLUG` lists
    a story's and `--json` all of them: a line for each would be thousands on a big site)."""
    for r in result.stories:
        for line in r.privacy:
            click.echo(f"{r.slug}: {line}")
    for line in result.skipped:
        click.echo(f"  left out: {line}", err=True)
    for slug in result.withdrawn:
        click.echo(f"{slug}: withdrawn (its address shows the notice)")
    warned = [r for r in result.stories if r.warnings]
    if warned:
        count = sum(len(r.warnings) for r in warned)
        first = warned[0].slug
        total = len(result.stories)
        if total == 1:
            which = "the story has"
        elif len(warned) == total:
            which = f"all {total:,} stories have"
        else:
            which = (
                f"{len(warned):,} of the {total:,} stories {'has' if len(warned) == 1 else 'have'}"
            )
        click.echo(
            f"  warnings: {which} something that deserves a look ({count:,} in all); "
            f"`desk check {first}` lists a story's, `--json` all of them",
            err=True,
        )
    pages, stories = counted(result.pages, "page"), counted(len(result.stories), "story")
    click.echo(f"site: {result.path} ({pages}, {stories})")


def _report(results: list, as_json: bool, extra: dict | None = None) -> None:
    """Say what was written, what private data was removed, and what deserves a look."""
    if as_json:
        doc = [
            {
                "slug": r.slug,
                "path": str(r.path),
                "privacy": r.privacy,
                "warnings": r.warnings,
                "photos_made": r.photos_made,
                "photos_cached": r.photos_cached,
            }
            for r in results
        ]
        emit_json({"stories": doc, **(extra or {})} if extra else doc)
        return
    for r in results:
        click.echo(f"{r.slug}: {r.path}")
        for line in r.privacy:
            click.echo(f"  {line}")
        for line in r.warnings:
            click.echo(f"  warning: {line}", err=True)


@main.command()
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@click.pass_obj
def check(ref: StoreRef, slug: str, as_json: bool) -> None:
    """Preflight a story: what blocks publication, then what deserves a look, each with its
    place; exit status 1 when something blocks."""
    from desk import checks

    with ref.open(readonly=True) as store:
        article = store.articles.get(slug)
        problems = checks.check_stored(store, article)
    ref.record_mark(int(article.id or 0))  # the library's mark and `desk list --check` follow
    if as_json:
        emit_json([p.to_dict() for p in problems])
    else:
        for p in problems:
            click.echo(f"{'blocks' if p.blocking else 'warning':8} {p.where}: {p.message}")
        if not problems:
            click.echo(f"{article.slug}: ready to publish")
    blocking = [p for p in problems if p.blocking]
    if blocking:
        if as_json:
            sys.exit(1)
        raise CheckFailed(f"'{article.slug}' cannot be published yet ({len(blocking)} to fix).")
