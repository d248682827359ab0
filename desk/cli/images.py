"""Photo commands: `desk image add` (place a photo in a story) and `desk images` (the library)."""

from __future__ import annotations

from pathlib import Path

import click

from desk.cli import StoreRef, emit_json, main
from desk.store_images import checked_alt


@main.group("image")
def image() -> None:
    """Add photos to stories."""


@image.command("add")
@click.argument("slug")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--caption", default=None, help="What readers read under the photo.")
@click.option("--credit", default=None, help="Who to credit, e.g. 'Jane Doe/AFP'.")
@click.option(
    "--alt", default=None, help="Describes the picture for someone who cannot see it (≤250)."
)
@click.option("--lead", is_flag=True, help="Make it the story's lead photo (not in the body).")
@click.pass_obj
def image_add(
    ref: StoreRef,
    slug: str,
    file: Path,
    caption: str | None,
    credit: str | None,
    alt: str | None,
    lead: bool,
) -> None:
    """Place a photo in a story (at the end of the body, or as the lead) and print its figure id.

    Caption, credit and alt text not given are taken from the photo's embedded IPTC/XMP.
    """
    with ref.open() as store:
        article = store.get_article(slug)  # fail before copying anything
        if alt is not None:
            checked_alt(alt)
        photo = store.add_photo(file)
        figure = store.add_figure(
            article.id, photo.id, caption=caption, credit=credit, alt=alt, lead=lead
        )
    click.echo(figure.id)


@main.command("images")
@click.argument("query", required=False, default="")
@click.option("--limit", default=200, show_default=True, help="At most this many photos.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def images(ref: StoreRef, query: str, limit: int, as_json: bool) -> None:
    """List the photo library, or search it by caption, credit, keyword or file name."""
    with ref.open(readonly=True) as store:
        photos = store.photo_library(query, limit=limit)
        usage = {p.id: [a.slug for a in store.photo_usage(p.id)] for p in photos}
    if as_json:
        emit_json([{**p.to_dict(), "stories": usage[p.id]} for p in photos])
        return
    for p in photos:
        caption = p.metadata.get("caption") or p.metadata.get("headline") or ""
        used = ", ".join(usage[p.id]) or "unused"
        click.echo(
            f"{p.id:6}  {p.width}x{p.height:<5} {p.original_name:30.30}  [{used}]  {caption}"
        )
