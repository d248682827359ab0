"""Photo commands: `desk image add` (place a photo in a story) and `desk images` (the library)."""

from __future__ import annotations

from pathlib import Path

import click

from desk import body
from desk.cli import StoreRef, emit_json, main
from desk.errors import BadInput
from desk.store.figures import END, LEAD, checked_alt


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
@click.option("--lead", is_flag=True, help="Make it the story's lead photo (opening the body).")
@click.option(
    "--figure",
    "figure_id",
    type=int,
    default=None,
    help="Put the photo in this figure of the story (one awaiting a photo), keeping its caption.",
)
@click.pass_obj
def image_add(
    ref: StoreRef,
    slug: str,
    file: Path,
    caption: str | None,
    credit: str | None,
    alt: str | None,
    lead: bool,
    figure_id: int | None,
) -> None:
    """Place a photo in a story (at the end of the body, or as the lead) and print its figure id.

    Caption, credit and alt text not given are taken from the photo's embedded IPTC/XMP.
    """
    with ref.open() as store:
        article = store.articles.get(slug)  # fail before copying anything
        if alt is not None:
            checked_alt(alt)
        if figure_id is not None:
            fill_figure(store, article, figure_id, file, caption, credit, alt, lead)
            click.echo(figure_id)
            return
        photo = store.photos.add(file)
        figure = store.figures.add(
            article.id,
            photo.id,
            caption=caption,
            credit=credit,
            alt=alt,
            place=LEAD if lead else END,
        )
    click.echo(figure.id)


def fill_figure(store, article, figure_id, file, caption, credit, alt, lead) -> None:
    """Put a photo into an existing figure of the story; given fields replace the figure's."""
    if lead:
        raise BadInput("--lead and --figure do not go together; use one of them.")
    figure = store.figures.get(figure_id)
    if figure.article_id != article.id:
        raise BadInput(
            f"Figure {figure_id} is not in '{article.slug}'; `desk show {article.slug} --json` "
            "lists its figures."
        )
    with store.transaction():
        photo = store.photos.add(file)
        store.figures.replace_photo(figure_id, photo.id)
        if caption is not None or credit is not None or alt is not None:
            store.figures.update(figure_id, caption=caption, credit=credit, alt=alt)
        if alt is not None:
            text = body.set_alt(article.body_md, figure_id, checked_alt(alt))
            if text != article.body_md:
                store.articles.update(article.id, body_md=text)


@main.command("images")
@click.argument("query", required=False, default="")
@click.option("--limit", default=200, show_default=True, help="At most this many photos.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def images(ref: StoreRef, query: str, limit: int, as_json: bool) -> None:
    """List the photo library, or search it by caption, credit, keyword or file name."""
    with ref.open(readonly=True) as store:
        photos = store.photos.library(query, limit=limit)
        usage = {p.id: [a.slug for a in store.photos.usage(p.id)] for p in photos}
    if as_json:
        emit_json([{**p.to_dict(), "stories": usage[p.id]} for p in photos])
        return
    for p in photos:
        caption = p.metadata.get("caption") or p.metadata.get("headline") or ""
        used = ", ".join(usage[p.id]) or "unused"
        click.echo(
            f"{p.id:6}  {p.width}x{p.height:<5} {p.original_name:30.30}  [{used}]  {caption}"
        )
