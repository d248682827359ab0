"""Story commands: new, list, show, search."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from desk.cli import StoreRef, emit_json, limit_option, main, record_mark, slug_column
from desk.errors import BadInput
from desk.model import Article, Status, target_words_value
from desk.text import binary_problem, bytes_to_text, local_time

STATUSES = [s.value for s in Status]
# Statuses are checked by the core, so a wrong one is one clear line on stderr (exit 2).
STATUS_HELP = "One of " + ", ".join(STATUSES) + "."


def read_text(data: bytes, source: str) -> str:
    """A body given as bytes, as text, by the rule `desk import` uses (desk.text): a clear
    BadInput for binary data (a NUL byte) or text that is not UTF-8, never a traceback."""
    problem = binary_problem(data)
    if problem:
        raise BadInput(f"{source} is not a text file: {problem}; give a UTF-8 text file.")
    try:
        return bytes_to_text(data, strict=True)
    except UnicodeDecodeError:
        raise BadInput(
            f"{source} is not UTF-8 text; save it as UTF-8, or use `desk import` for other files."
        ) from None


def article_document(store, article: Article) -> dict:
    """A story as the JSON `desk show --json` prints: its fields plus figures, tags, its
    updates and corrections, and its last check."""
    from desk import checkstate, corrections

    doc = article.to_dict()
    doc["figures"] = [f.to_dict() for f in store.figures.for_story(article.id)]
    doc["tags"] = [t.name for t in store.tags.for_story(article.id)]
    article_id = int(article.id or 0)
    doc["amendments"] = [a.to_dict() for a in corrections.for_story(store, article_id)]
    mark = checkstate.marks(store).get(article_id)
    doc["check"] = mark.state if mark else None
    return doc


@main.command()
@click.option("--headline", default="", help="The headline (may be left empty for now).")
@click.option("--standfirst", default="", help="The summary under the headline.")
@click.option("--alert", default="", help="The alert line (SMS or push text).")
@click.option(
    "--byline",
    default="",
    help="The byline as printed, e.g. 'By Jane Doe in Paris' (default: from the authors).",
)
@click.option(
    "--author",
    "authors",
    multiple=True,
    help="An author's name (repeat for several; default: reporter.name).",
)
@click.option("--dateline", default="", help="Where the story was filed from.")
@click.option("--section", default="", help="The section, e.g. World (default: stories.section).")
@click.option("--agency", default="", help="The agency credited (default: reporter.agency).")
@click.option("--status", default="draft", show_default=True, help=STATUS_HELP)
@click.option(
    "--language",
    default="",
    help="The story's language as a BCP 47 code (default: stories.language).",
)
@click.option(
    "--target-words",
    default=None,
    help="The length the story is written to, in words (default: stories.target_words).",
)
@click.option("--slug", default=None, help="The slug (default: made from the headline).")
@click.option(
    "--embargo",
    default=None,
    help="Not to be published before this date and time, e.g. '2026-12-03 10:00' (local "
    "time) or 2026-12-03T09:00Z.",
)
@click.option("--body", default=None, help="The body in Markdown ('-' reads standard input).")
@click.option(
    "--body-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the Markdown body from a file.",
)
@click.pass_obj
def new(
    ref: StoreRef,
    body: str | None,
    body_file: Path | None,
    authors: tuple[str, ...],
    slug: str | None,
    embargo: str | None,
    **fields: str,
) -> None:
    """Create a story and print its slug (fields not given take the settings' defaults); a
    story started ready or published must pass the checks first."""
    from desk import workflow
    from desk.embargo import parse_embargo
    from desk.languages import normalise_language
    from desk.newstory import new_story_values

    fields["status"] = Status.parse(fields["status"]).value  # refuse before creating a store
    if fields.get("target_words") is not None:
        fields["target_words"] = str(target_words_value(fields["target_words"]))
    if fields["language"]:
        fields["language"] = normalise_language(fields["language"])
    embargo_iso = parse_embargo(embargo) if embargo is not None else None
    if body == "-":
        body = read_text(sys.stdin.buffer.read(), "standard input")
    elif body_file:
        body = read_text(body_file.read_bytes(), str(body_file))
    values = new_story_values(None, authors=list(authors), **fields)
    if body:
        values["body_md"] = body
    if slug:
        values["slug"] = slug
    if embargo_iso:
        values["embargo"] = embargo_iso
    workflow.decide_new(values).raise_if_refused()
    with ref.open() as store:
        article = store.articles.create(chosen_slug=bool(slug), **values)
        record_mark(store, int(article.id or 0))
    click.echo(article.slug)


@main.command("list")
@click.option("--status", help="Only this status: " + ", ".join(STATUSES) + ".")
@click.option("--section", help="Only this section.")
@click.option(
    "--tag", "tags", multiple=True, help="Only stories with this tag (repeat: all of them)."
)
@click.option(
    "--check",
    type=click.Choice(["blocked", "warnings", "clean", "unchecked", "embargoed"]),
    help="Only stories whose last check is this (or still under embargo).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def list_(
    ref: StoreRef,
    status: str | None,
    section: str | None,
    tags: tuple[str, ...],
    check: str | None,
    as_json: bool,
) -> None:
    """List stories, most recently changed first, with their last check."""
    from desk import checkstate, corrections, embargo

    with ref.open(readonly=True) as store:
        rows = store.articles.all(status=status, section=section, tags=list(tags))
        marks = checkstate.marks(store)
        held = embargo.held_stories(store)
        gone = corrections.withdrawn(store)
    if check:
        rows = [r for r in rows if checkstate.matches(r.id, check, marks, held)]
    if as_json:
        emit_json(
            [
                {
                    **r.to_dict(),
                    "check": marks[r.id].state if r.id in marks else None,
                    "embargo": held.get(r.id),
                    "withdrawn": gone[r.id].time if r.id in gone else None,
                }
                for r in rows
            ]
        )
        return
    width = slug_column([r.slug for r in rows])
    for r in rows:
        shown = corrections.shown_status(r.status, r.id in gone)
        click.echo(
            f"{r.slug:{width}}  {shown:9}  {r.section:12.12}  {local_time(r.modified)}  "
            f"{r.word_count:6} w  {r.headline}"
        )


@main.command()
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def show(ref: StoreRef, slug: str, as_json: bool) -> None:
    """Show one story: its fields and body."""
    with ref.open(readonly=True) as store:
        article = store.articles.get(slug)
        doc = article_document(store, article)
    if as_json:
        emit_json(doc)
        return
    click.echo(article.headline or "(no headline yet)")
    if article.standfirst:
        click.echo(article.standfirst)
    meta = [
        ("slug", article.slug),
        ("status", article.status),
        ("section", article.section),
        ("byline", article.byline),
        ("authors", ", ".join(article.authors)),
        ("dateline", article.dateline),
        ("agency", article.agency),
        ("language", article.language),
        ("alert", article.alert),
        ("target", f"{article.target_words:,} words" if article.target_words else ""),
        ("created", local_time(article.created)),
        ("modified", local_time(article.modified)),
        ("published", local_time(article.published)),
        ("embargo", local_time(article.embargo)),
        ("words", str(article.word_count)),
        ("tags", ", ".join(doc.get("tags", []))),
        ("check", doc.get("check") or ""),
    ]
    meta += [(a["kind"], f"{local_time(a['time'])}: {a['note']}") for a in doc["amendments"]]
    click.echo()
    for key, value in meta:
        if value:
            click.echo(f"{key:>10}: {value}")
    for figure in doc.get("figures", []):
        click.echo(figure_line(figure))
    if article.notes:  # the desk's notes on the story (a wire's "Eds:" lines): never published
        click.echo()
        click.echo("notes:")
        click.echo("\n".join(f"  {line}" for line in article.notes.splitlines()))
    click.echo()
    click.echo(article.body_md)


def figure_line(figure: dict) -> str:
    """One figure as `desk show` lists it: its number in the story (what `desk image add
    --figure N` takes), role, photo file (or none yet), caption, credit, and its row id
    (`--figure id:ID`, the only way to name a figure not in the text)."""
    photo = figure["photo"]["original_name"] if figure.get("photo") else "no photo yet"
    if not figure.get("photo") and figure.get("remote_url"):
        photo = f"on the web, {figure['remote_url']} (desk image fetch)"
    credit = f" ({figure['credit']})" if figure.get("credit") else ""
    label = f"figure {figure['number']}" if figure.get("number") else "not placed"
    return (
        f"{label:>10}: [{figure['role']}] {photo}: {figure['caption']}{credit} (id:{figure['id']})"
    )


@main.command()
@click.argument("query")
@click.option("--status", help="Only this status: " + ", ".join(STATUSES) + ".")
@click.option("--section", help="Only this section.")
@limit_option(50, "results")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def search(
    ref: StoreRef, query: str, status: str | None, section: str | None, limit: int, as_json: bool
) -> None:
    """Full-text search over headlines, standfirsts, bodies and captions (accents ignored)."""
    with ref.open(readonly=True) as store:
        hits = store.search.stories(query, status=status, section=section, limit=limit)
    if as_json:
        emit_json([h.to_dict() for h in hits])
        return
    for h in hits:
        click.echo(f"{h.slug}  [{h.status}]  {h.headline}")
        click.echo(f"    {' '.join(h.snippet.split())}")
