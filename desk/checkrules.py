"""The preflight's rules: what blocks a story's publication, and what deserves a second look.

Blocking: no headline or text; a placed figure without a photo, caption, alt text or credit;
alt text that repeats the caption or runs over 250 characters; leftover markers (TK, TODO,
XXX, `[[`); editor's notes left in the text when the house says so; a link that is not http(s)
or mailto; a spiked or withdrawn story; an embargo still to come, for publishing.

Warnings (thresholds in desk.settings): a headline, slug or standfirst over its limit; no
standfirst, tags, dateline or author; no lead photo, or a small one; repeated words, double
spaces, straight quotes left in captions; an image typed in the text, which pages do not show
(they show figures); a length far from the target; what search engines and social cards
expect of the page and it would lack.

Each problem names its place (desk.checks.Place) so the Checks panel can take the user there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from desk import body, checktext, corrections, embargo, storydates
from desk.checks import (
    EXPORT,
    PUBLISH,
    TARGET,
    Context,
    Place,
    Problem,
    body_place,
    field_place,
    figure_place,
    rule,
)
from desk.checktext import is_slip, prose_matches, repeats
from desk.model import Figure, Status

ERROR, WARNING = "error", "warning"
ALT_MAX = 250  # IPTC Alt Text (Accessibility): at most 250 characters
MARKER = re.compile(r"\b(?:TKTK|TK|TODO|XXX)\b|\[\[")
MARKER_TEXTS = ("TK", "TODO", "XXX", "[[")  # one of these is in every MARKER match
REPEAT = re.compile(r"(?<![\w'’-])([^\W\d_]+)\s+(\1)(?![\w'’-])", re.IGNORECASE)
DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
STRAIGHT_QUOTE = re.compile(r"[\"']")
SHOWN_PER_KIND = 5  # a kind of slip named in at most this many blocks (then one line for the rest)
SEARCH_DATE_SLACK_S = 300


# -- blocking ---------------------------------------------------------------------------------


@rule("spiked")
def _spiked(ctx: Context) -> Iterable[Problem]:
    """A spiked story is never published."""
    if ctx.article.status == Status.SPIKED:
        yield Problem(
            ERROR,
            f"'{ctx.name}' is spiked; restore it (to draft or editing) before publishing.",
            place=field_place("status"),
        )


@rule("withdrawn")
def _withdrawn(ctx: Context) -> Iterable[Problem]:
    """A withdrawn story stays withdrawn: its address shows the notice."""
    gone = corrections.withdrawal(ctx.amendments)
    if gone is not None:
        yield Problem(
            ERROR,
            f"'{ctx.name}' was withdrawn on {storydates.day(gone.time)}; it is not published "
            "again (its address shows the withdrawal notice).",
            place=field_place("status"),
        )


@rule("headline")
def _headline(ctx: Context) -> Iterable[Problem]:
    """A page needs a headline, best within the limit."""
    headline = ctx.article.headline.strip()
    if not headline:
        yield Problem(
            ERROR,
            "The story has no headline; write one before publishing.",
            place=field_place("headline"),
        )
        return
    limit = int(ctx.setting("limits.headline"))
    if len(headline) > limit:
        yield Problem(
            WARNING,
            f"The headline is {len(headline)} characters, over the limit of {limit}; "
            "search results and cards cut it.",
            place=field_place("headline"),
        )


@rule("text")
def _text(ctx: Context) -> Iterable[Problem]:
    """A page needs words to read."""
    if body.word_count(ctx.article.body_md) == 0:
        yield Problem(
            ERROR,
            "The story has no text yet; write it before publishing.",
            place=Place("body", 0, label="text"),
        )


@rule("figures")
def _figures(ctx: Context) -> Iterable[Problem]:
    """Every placed figure has a row, a photo in the store, a caption, alt text and a credit;
    strays and repeats are pointed at."""
    for placement in ctx.parsed.placements:
        figure = ctx.figure(placement.figure_id)
        place = figure_place(figure, placement)
        for p in figure_problems(placement, figure, ctx):
            yield Problem(p.level, p.message, placement.figure_id, place)
        if figure is not None and placement.stray:
            yield Problem(
                WARNING,
                f"{figure.label()} is inside block {placement.block + 1} of the text, not on a "
                "line of its own; it shows after that block (Desk moves it there on saving).",
                figure.id,
                place,
            )
    for ref in ctx.parsed.duplicates:
        figure = ctx.figure(ref.figure_id)
        label = figure.label() if figure else f"Figure (row {ref.figure_id})"
        yield Problem(
            WARNING,
            f"{label} is placed twice; only its first place shows, so remove the other.",
            ref.figure_id,
            Place("body", ref.line, ref.figure_id, label.split(" (")[0]),
        )


@rule("markers")
def _markers(ctx: Context) -> Iterable[Problem]:
    """TK, TODO, XXX and `[[` are notes to self that must not reach readers."""
    article = ctx.article
    for name in ("headline", "standfirst", "byline", "dateline"):
        found = MARKER.search(getattr(article, name) or "")
        if found:
            yield Problem(ERROR, _marker_message(f"The {name}", found[0]), place=field_place(name))
    for line, marker in prose_matches(ctx, MARKER, skip=("note",), needs=MARKER_TEXTS):
        place = body_place(ctx.parsed, line)
        yield Problem(ERROR, _marker_message(place.label.capitalize(), marker), place=place)


def _marker_message(where: str, marker: str) -> str:
    """'Paragraph 3 still holds the marker “TK”; fill it in or take it out.'"""
    return f"{where} still holds the marker “{marker}”; fill it in or take it out."


@rule("notes")
def _notes(ctx: Context) -> Iterable[Problem]:
    """Editor's notes left in the text: blocking or a warning, as the house says."""
    mode = str(ctx.setting("checks.notes"))
    if mode == "allow" or "{>>" not in ctx.article.body_md:
        return
    level = ERROR if mode == "block" else WARNING
    for line, text in body.note_lines(ctx.article.body_md):
        shown = _clipped(text, 50)
        place = body_place(ctx.parsed, line)
        yield Problem(
            level,
            f"{place.label.capitalize()} holds an editor's note (“{shown}”); resolve it and "
            "take it out.",
            place=place,
        )


@rule("links")
def _links(ctx: Context) -> Iterable[Problem]:
    """Links go to web pages (http, https) or addresses (mailto), nothing else."""
    for line, href in checktext.links(ctx.article.body_md):
        if not checktext.allowed_link(href):
            place = body_place(ctx.parsed, line)
            shown = _clipped(href, 60)
            yield Problem(
                ERROR,
                f"{place.label.capitalize()} links to “{shown}”, which is not a web address "
                "(http or https) or mailto; give the full address or remove the link.",
                place=place,
            )


@rule("images")
def _images(ctx: Context) -> Iterable[Problem]:
    """An image typed in the text (`![…](photo.jpg)`) shows nowhere: pages show photos as
    figures, which carry the caption, credit and alt text the checks ask of them."""
    for line, src in checktext.images(ctx.article.body_md):
        place = body_place(ctx.parsed, line)
        shown = _clipped(src, 40)
        yield Problem(
            WARNING,
            f"{place.label.capitalize()} holds an image (“{shown}”) that the page does not "
            "show; Desk shows photos as figures, so add it with Add Photos (desk image add) "
            "and take out its ![…](…) text.",
            place=place,
        )


def _clipped(text: str, most: int) -> str:
    """What a message quotes of a note, a link or an image: at most `most` characters, cut
    with an ellipsis (an address has no spaces to trim)."""
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


@rule("embargo")
def _embargo(ctx: Context) -> Iterable[Problem]:
    """An embargo still to come keeps the story from being published (and off the site)."""
    article = ctx.article
    if not article.embargo:
        return
    until = embargo.embargo_time(article.embargo)
    if until is None:
        yield Problem(
            ERROR,
            f"The embargo “{article.embargo}” is not a date and time; set it again "
            "(e.g. 2026-12-03 10:00).",
            place=field_place("embargo"),
        )
        return
    if until <= ctx.now:
        return
    when = embargo.human(article.embargo)
    published = article.status == Status.PUBLISHED and ctx.purpose != TARGET
    if ctx.purpose == PUBLISH or published:
        yield Problem(
            ERROR,
            f"The story is embargoed until {when}; it cannot be published before then.",
            place=field_place("embargo"),
        )
    elif ctx.purpose not in (EXPORT, TARGET):
        yield Problem(
            WARNING,
            f"Embargoed until {when}: kept off the site, its feed and sitemap until then.",
            place=field_place("embargo"),
        )


# -- warnings ---------------------------------------------------------------------------------


@rule("standfirst")
def _standfirst(ctx: Context) -> Iterable[Problem]:
    """The standfirst is the page's description: present, and within its limit."""
    standfirst = " ".join(ctx.article.standfirst.split())
    if not standfirst:
        yield Problem(
            WARNING,
            "The story has no standfirst (the page's description).",
            place=field_place("standfirst"),
        )
        return
    limit = int(ctx.setting("limits.standfirst"))
    if len(standfirst) > limit:
        yield Problem(
            WARNING,
            f"The standfirst is {len(standfirst)} characters, over the limit of {limit}; "
            "search results cut it.",
            place=field_place("standfirst"),
        )


@rule("slug")
def _slug(ctx: Context) -> Iterable[Problem]:
    """A short address reads better in links and search results."""
    limit = int(ctx.setting("limits.slug"))
    if len(ctx.article.slug) > limit:
        yield Problem(
            WARNING,
            f"The slug is {len(ctx.article.slug)} characters, over the limit of {limit}; "
            "shorten the headline or set a shorter slug before publishing.",
            place=field_place("slug"),
        )


@rule("tags")
def _tags(ctx: Context) -> Iterable[Problem]:
    """Tags make the story's topic pages and structured data."""
    if not ctx.tags:
        yield Problem(
            WARNING,
            "The story has no tags; add a few so its topics list it.",
            place=field_place("tags"),
        )


@rule("lead photo")
def _lead_photo(ctx: Context) -> Iterable[Problem]:
    """A story with photos opens with one, large enough for cards and search results."""
    photos = [f for f in ctx.figures if f.placed and f.photo is not None]
    if not photos:
        return
    lead_id = ctx.parsed.lead_id
    if lead_id is None:
        yield Problem(
            WARNING,
            "The story has photos but no lead photo (the text does not open with one); "
            "make one of them the lead.",
            place=Place("body", 0, label="lead photo"),
        )
        return
    lead = ctx.figure(lead_id)
    width = int(ctx.setting("checks.lead_width"))
    placement = ctx.parsed.placement(lead_id)
    if lead is None or lead.photo is None or placement is None or lead.photo.width >= width:
        return
    yield Problem(
        WARNING,
        f"The lead photo is {lead.photo.width:,} pixels wide, under {width:,}; "
        "social cards and search results show it small or not at all.",
        lead_id,
        figure_place(lead, placement),
    )


@rule("author")
def _author(ctx: Context) -> Iterable[Problem]:
    """Someone signs the story (search engines ask for an author)."""
    if not (ctx.article.authors or ctx.article.byline or ctx.article.agency):
        yield Problem(
            WARNING,
            "The story has no author, byline or agency.",
            place=field_place("byline"),
        )


@rule("dateline")
def _dateline(ctx: Context) -> Iterable[Problem]:
    """Where the story was filed from."""
    if not ctx.article.dateline.strip():
        yield Problem(
            WARNING,
            "The story has no dateline (where it was filed from).",
            place=field_place("dateline"),
        )


@rule("typing")
def _typing(ctx: Context) -> Iterable[Problem]:
    """Repeated words ('the the') and double spaces, in the fields and the text."""
    article = ctx.article
    for name in ("headline", "standfirst"):
        value = getattr(article, name)
        for problem in slips(value, f"The {name}"):
            yield Problem(WARNING, problem, place=field_place(name))
    for kind in ("repeat", "spaces"):
        if kind == "repeat":
            found = list(repeats(ctx))
        else:
            skip = tuple(checktext.NOT_PROSE)
            found = list(prose_matches(ctx, DOUBLE_SPACE, skip=skip, needs=("  ",)))
        by_block: dict[object, tuple[int, str]] = {}
        for line, match in found:
            by_block.setdefault(ctx.parsed.block_at(line), (line, match))
        listed = list(by_block.values())
        for line, match in listed[:SHOWN_PER_KIND]:
            place = body_place(ctx.parsed, line)
            yield Problem(
                WARNING, _slip_message(kind, place.label.capitalize(), match), place=place
            )
        rest = listed[SHOWN_PER_KIND:]
        if rest:
            place = body_place(ctx.parsed, rest[0][0])
            what = "repeated words" if kind == "repeat" else "double spaces"
            yield Problem(
                WARNING,
                f"{len(rest)} more blocks have {what}, the first in {place.label}.",
                place=place,
            )


def slips(text: str, where: str) -> list[str]:
    """Repeated words and double spaces in one field or caption, as messages."""
    out = []
    for found in REPEAT.finditer(text or ""):
        if is_slip(found[0]):
            out.append(_slip_message("repeat", where, found[0]))
            break
    if DOUBLE_SPACE.search(text or ""):
        out.append(_slip_message("spaces", where, ""))
    return out


def _slip_message(kind: str, where: str, match: str) -> str:
    """What a repeated word or a double space is called in the list."""
    if kind == "repeat":
        return f"{where} repeats a word (“{' '.join(match.split())}”)."
    return f"{where} has a double space."


@rule("length")
def _length(ctx: Context) -> Iterable[Problem]:
    """The story is near the length it is written to (its own target, when it has one)."""
    target = int(ctx.article.target_words or 0)
    if target <= 0:
        return
    words = body.word_count(ctx.article.body_md)
    tolerance = int(ctx.setting("checks.word_tolerance"))
    if abs(words - target) * 100 > target * tolerance:
        side = "short of" if words < target else "over"
        yield Problem(
            WARNING,
            f"The story has {words:,} words, well {side} the target of {target:,} "
            f"(within {tolerance}% is fine).",
            place=Place("body", None, label="length"),
        )


@rule("search")
def _search(ctx: Context) -> Iterable[Problem]:
    """What Google's Article guidance and Open Graph expect of the page: an image, an author
    (rule 'author') and true dates."""
    has_figure = bool(ctx.parsed.placements)
    if not has_figure and not str(ctx.setting("export.publisher_logo") or "").strip():
        yield Problem(
            WARNING,
            "The page has no image for search results and social cards; add a lead photo "
            "(or a publisher logo in Preferences, Export).",
            place=Place("body", 0, label="lead photo"),
        )
    shown = storydates.shown_date(ctx.article)
    moment = storydates.parse(shown)
    if shown and moment is None:
        yield Problem(
            WARNING,
            f"The story's date “{shown}” cannot be read, so the page would carry no date.",
            place=field_place("status"),
        )
    elif moment is not None and (moment - ctx.now).total_seconds() > SEARCH_DATE_SLACK_S:
        yield Problem(
            WARNING,
            f"The page would be dated {storydates.day(shown)}, which has not come yet; the "
            "source's date is wrong.",
            place=field_place("status"),
        )


# -- figures ----------------------------------------------------------------------------------


def figure_problems(
    placement: body.Placement, figure: Figure | None, ctx: Context
) -> list[Problem]:
    """What is wrong with one placed figure (a figure awaiting its photo: only that)."""
    fid = placement.figure_id
    if figure is None:
        return [
            Problem(
                ERROR,
                f"The text places Figure {placement.number} (`figure:{fid}`), which the story "
                "does not have; remove that line or add the photo again.",
                fid,
            )
        ]
    if figure.photo is None:
        return [
            Problem(ERROR, f"{figure.label()} needs a photo; attach one or remove the figure.", fid)
        ]
    out: list[Problem] = []
    name = figure.label()
    if ctx.store_root is not None and not (ctx.store_root / figure.photo.path).exists():
        out.append(
            Problem(ERROR, f"The photo of {name} is missing from the store; attach it again.", fid)
        )
    caption, credit, alt = effective_fields(figure)
    if not caption:
        out.append(Problem(ERROR, f"{name} has no caption; say what the photo shows.", fid))
    if not alt:
        out.append(
            Problem(
                ERROR,
                f"{name} has no alt text; describe the picture for readers who cannot see it.",
                fid,
            )
        )
    elif caption and _same(alt, caption):
        out.append(
            Problem(
                ERROR,
                f"The alt text of {name} repeats its caption; describe what the picture shows "
                "instead (screen readers read both).",
                fid,
            )
        )
    if len(alt) > ALT_MAX:
        out.append(
            Problem(
                ERROR,
                f"The alt text of {name} is {len(alt)} characters, over {ALT_MAX}; keep it to "
                "what the picture shows.",
                fid,
            )
        )
    if not credit:
        out.append(Problem(ERROR, f"{name} has no credit; name the photographer or agency.", fid))
    for what, value in (("caption", caption), ("alt text", alt), ("credit", credit)):
        found = MARKER.search(value)
        if found:
            out.append(Problem(ERROR, _marker_message(f"The {what} of {name}", found[0]), fid))
    if STRAIGHT_QUOTE.search(caption):
        out.append(
            Problem(
                WARNING,
                f"The caption of {name} has straight quotes; use typographic ones (‘ ’ “ ”).",
                fid,
            )
        )
    out += [Problem(WARNING, m, fid) for m in slips(caption, f"The caption of {name}")]
    return out


def effective_fields(figure: Figure) -> tuple[str, str, str]:
    """Caption, credit and alt text as the page shows them: the story's, else the photo's own."""
    meta = (figure.photo.metadata if figure.photo else None) or {}
    caption = figure.caption.strip() or str(meta.get("caption") or "").strip()
    credit = figure.credit.strip() or str(meta.get("credit") or "").strip()
    alt = figure.alt.strip() or str(meta.get("alt_text") or "").strip()
    return " ".join(caption.split()), " ".join(credit.split()), " ".join(alt.split())


def _same(first: str, second: str) -> bool:
    """True when two texts say the same, ignoring case, spaces and end punctuation."""

    def key(text: str) -> str:
        return " ".join(text.casefold().split()).rstrip(".!?…")

    return key(first) == key(second)
