"""Photo commands: `desk image add` (place a photo in a story), `desk image fetch` (the web
photos a story's figures await) and `desk images` (the library)."""

from __future__ import annotations

from pathlib import Path

import click

from desk import body
from desk.cli import GivenPath, StoreRef, column, emit_json, limit_option, main
from desk.errors import BadInput
from desk.store.figures import END, LEAD, checked_alt


@main.group("image")
def image() -> None:
    """Add photos to stories."""


@image.command("add")
@click.argument("slug")
@click.argument("file", type=GivenPath(path_type=Path))
@click.option("--caption", default=None, help="What readers read under the photo.")
@click.option("--credit", default=None, help="Who to credit, e.g. 'Jane Doe/AFP'.")
@click.option(
    "--alt", default=None, help="Describes the picture for someone who cannot see it (≤250)."
)
@click.option("--lead", is_flag=True, help="Make it the story's lead photo (opening the body).")
@click.option(
    "--figure",
    "figure_ref",
    default=None,
    metavar="N|id:ID",
    help="Put the photo in figure N of the story as `desk show` numbers it (or in the figure "
    "with row id ID, e.g. id:14), keeping its caption and credit.",
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
    figure_ref: str | None,
) -> None:
    """Place a photo in a story (at the end of the body, or as the lead) and print its figure id.

    Caption, credit and alt text not given are taken from the photo's embedded IPTC/XMP. With
    --figure the photo fills a figure the story already has (an imported wire story's figures
    await photos): its caption and credit are kept, and the photo's own metadata fills only
    fields still empty.
    """
    with ref.open() as store:
        article = store.articles.get(slug)  # fail before copying anything
        if alt is not None:
            checked_alt(alt)
        if figure_ref is not None:
            if lead:
                raise BadInput("--lead and --figure do not go together; use one of them.")
            figure_id = find_figure(store, article, figure_ref)
            fill_figure(store, article, figure_id, file, caption, credit, alt)
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


def find_figure(store, article, ref: str) -> int:
    """The row id of the story's figure that `--figure` names: its number as `desk show` lists
    it ('2'), or its row id ('id:14'); BadInput saying what the story has otherwise."""
    figures = store.figures.for_story(article.id)
    numbers = [f.number for f in figures if f.number]
    have = f"figures 1–{max(numbers)}" if len(numbers) > 1 else "figure 1" if numbers else ""
    listing = f"`desk show {article.slug}` lists {have or 'its figures'}"
    text = ref.strip().lower()
    if text.startswith("id:") and text[3:].strip().isdigit():
        row = int(text[3:])
        if any(f.id == row for f in figures):
            return row
        raise BadInput(f"Figure id:{row} is not in '{article.slug}'; {listing}.")
    if text.isdigit():
        found = [f.id for f in figures if f.number == int(text)]
        if found:
            return found[0]
        raise BadInput(f"'{article.slug}' has no figure {int(text)}; {listing}.")
    raise BadInput(
        f"--figure takes a figure's number as `desk show` lists it (e.g. 2) or its row id "
        f"(e.g. id:14), not '{ref}'."
    )


def fill_figure(store, article, figure_id, file, caption, credit, alt) -> None:
    """Put a photo into an existing figure of the story; given fields replace the figure's."""
    with store.transaction():
        photo = store.photos.add(file)
        store.figures.replace_photo(figure_id, photo.id)
        if caption is not None or credit is not None or alt is not None:
            store.figures.update(figure_id, caption=caption, credit=credit, alt=alt)
        if alt is not None:
            text = body.set_alt(article.body_md, figure_id, checked_alt(alt))
            if text != article.body_md:
                store.articles.update(article.id, body_md=text)


@image.command("fetch")
@click.argument("slug")
@click.option(
    "--figure",
    "figure_ref",
    default=None,
    metavar="N|id:ID",
    help="Only this figure (its number as `desk show` lists it, or id:ID).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON: one entry per figure.")
@click.pass_obj
def image_fetch(ref: StoreRef, slug: str, figure_ref: str | None, as_json: bool) -> None:
    """Fetch the photos a story's figures await from the web (an imported page's or feed's
    photos that were not in the file), keeping the captions and credits they came with.

    Prints each filled figure's id; a photo that cannot be fetched (offline, moved, not a
    photo) is reported on stderr and its figure keeps waiting, and the exit status is then 2.
    """
    from desk.webphotos import awaiting, fetch_story

    with ref.open() as store:
        article = store.articles.get(slug)
        only = [find_figure(store, article, figure_ref)] if figure_ref else None
        if not awaiting(store, article.id):
            click.echo(
                f"desk: no figure of '{article.slug}' awaits a photo from the web.", err=True
            )
            return
        results = fetch_story(store, article.id, only=only)
    if as_json:
        emit_json(
            [
                {
                    "figure": r.figure.id,  # its row id (--figure id:ID)
                    "number": r.figure.number or None,  # as messages and desk show number it
                    "url": r.figure.remote_url,
                    "error": r.error or None,
                }
                for r in results
            ]
        )
    for result in results:
        if result.error:
            click.echo(f"desk: {result.figure.label()}: {result.error}", err=True)
        elif not as_json:
            click.echo(result.figure.id)
    if any(r.error for r in results):
        raise SystemExit(2)


@main.command("images")
@click.argument("query", required=False, default="")
@limit_option(200, "photos")
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
    sizes = {p.id: f"{p.width}x{p.height}" for p in photos}
    size_width, name_width = column(list(sizes.values())), column([p.original_name for p in photos])
    for p in photos:  # the columns as wide as their longest value: names whole, sizes aligned
        caption = p.metadata.get("caption") or p.metadata.get("headline") or ""
        used = ", ".join(usage[p.id]) or "unused"
        click.echo(
            f"{p.id:6}  {sizes[p.id]:<{size_width}}  {p.original_name:<{name_width}}  [{used}]"
            f"  {caption}".rstrip()
        )
