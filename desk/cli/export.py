"""Export and check commands: web pages, zips, CMS fragments, a static site; preflight."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from desk.cli import StoreRef, emit_json, main
from desk.errors import BadInput, CheckFailed


@main.command()
@click.argument("slugs", nargs=-1)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
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
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
@click.pass_obj
def export(
    ref: StoreRef,
    slugs: tuple[str, ...],
    out: Path | None,
    as_zip: bool,
    fragment: bool,
    site: bool,
    as_json: bool,
) -> None:
    """Export stories as web pages (index.html, style.css, images, article.json)."""
    from desk import export as exporter
    from desk.config import load_settings

    if as_zip and fragment:
        raise BadInput("Choose --zip or --fragment, not both.")
    settings = load_settings()
    with ref.open(readonly=True) as store:
        if site:
            _export_site(store, out, settings, as_json)
            return
        if not slugs:
            raise BadInput("Name the stories to export (desk export SLUG... --out DIR).")
        if fragment and out is None:
            for slug in slugs:
                click.echo(exporter.fragment_text(store, slug, settings))
            return
        if out is None:
            raise BadInput("Say where to write with --out DIR.")
        mode = "zip" if as_zip else "fragment" if fragment else "folder"
        results = exporter.export_stories(store, list(slugs), out, mode, settings)
    _report(results, as_json)


def _export_site(store, out: Path | None, settings, as_json: bool) -> None:
    """Write the static site and report it."""
    from desk import site as site_export

    if out is None:
        raise BadInput("Say where to write the site with --out DIR.")
    result = site_export.export_site(store, out, settings)
    _report(result.stories, as_json, extra={"site": str(result.path), "pages": result.pages})


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
    if extra:
        click.echo(f"site: {extra['site']} ({extra['pages']} pages)")


@main.command()
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON.")
@click.pass_obj
def check(ref: StoreRef, slug: str, as_json: bool) -> None:
    """Preflight a story; exit status 1 when something blocks publication."""
    from desk import checks
    from desk.export import story_figures

    with ref.open(readonly=True) as store:
        article = store.articles.get(slug)
        problems = checks.check_story(article, story_figures(store, article.id), store.root)
    if as_json:
        emit_json([p.to_dict() for p in problems])
    else:
        for p in problems:
            click.echo(f"{p.level}: {p.message}")
        if not problems:
            click.echo(f"{article.slug}: ready to publish")
    blocking = [p for p in problems if p.blocking]
    if blocking:
        if as_json:
            sys.exit(1)
        raise CheckFailed(f"'{article.slug}' cannot be published yet ({len(blocking)} to fix).")
