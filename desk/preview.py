"""The editor's live preview: the page the export writes, with the body as replaceable blocks.

The preview widget loads preview_document() once per story, then replaces only the children of
`#desk-body` whose HTML changed (block i of the body is child i). The page comes from the same
article template and CSS as the export (with `preview` set in the context); figures point at
the originals or cached thumbnails through file:// URLs, so nothing is generated here: this runs
on the GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup

from desk import render
from desk.errors import DeskError
from desk.model import Article, Figure

THUMB_SIZES = (1024, 512, 256)
# [preview] mode in config.toml: "page" (the real page in a web view) or "plain" (a light
# QTextBrowser for old machines: no web engine processes; the page preview one click away).
PREVIEW_MODES = ("page", "plain")


def preview_mode(config: dict) -> str:
    """The preview mode the settings ask for ("page" when unset); BadInput for another value."""
    from desk.errors import BadInput

    table = config.get("preview", {})
    mode = table.get("mode", "page") if isinstance(table, dict) else table
    if mode not in PREVIEW_MODES:
        raise BadInput(
            f'config.toml: [preview] mode must be "page" or "plain", not {mode!r}; '
            "the page preview is shown meanwhile."
        )
    return str(mode)


def _photo_url(store: Any, figure: Figure) -> str:
    """A file:// URL for a figure's picture: a cached thumbnail if one exists, else the original."""
    from desk.images import thumbnail_path

    photo = figure.photo
    assert photo is not None
    for size in THUMB_SIZES:
        thumb = thumbnail_path(store.root, photo.sha256, size)
        if thumb.exists():
            return thumb.as_uri()
    return (Path(store.root) / photo.path).resolve().as_uri()


def preview_view(store: Any, figure: Figure, alt: str = "", lead: bool = False) -> Any:
    """The figure template's view of a figure for the preview (a placeholder without a photo)."""
    from desk.export import FigureView, credits_for
    from desk.provenance import reader_label

    credits = credits_for(figure)
    view = FigureView(
        id=figure.id,
        alt=credits.alt or alt,
        caption=credits.caption,
        credit=credits.credit,
        lead=lead,
        provenance=reader_label(credits.source_type),
    )
    if figure.photo is None:
        view.missing = True
        return view
    view.src = _photo_url(store, figure)
    view.width, view.height = figure.photo.width, figure.photo.height
    return view


def figure_renderer(store: Any, article_id: int) -> render.FigureRenderer:
    """How the preview draws a story's figures: the export's figure HTML with local pictures."""
    from desk.export import environment, render_figure

    try:
        figures = {f.id: f for f in store.figures.rows(article_id)} if article_id else {}
    except DeskError:
        figures = {}
    env = environment()

    def draw(figure_id: int, alt: str, lead: bool) -> str:
        figure = figures.get(figure_id)
        if figure is None:
            return render.placeholder_figure(figure_id, alt)
        return render_figure(env, preview_view(store, figure, alt, lead))

    return draw


def preview_document(store: Any, article: Article, blocks_html: list[str]) -> str:
    """A whole HTML page for the preview, the body's blocks as the children of #desk-body."""
    from desk import export
    from desk.config import ExportSettings, load_settings
    from desk.errors import DeskError

    try:
        settings = load_settings()
    except DeskError:
        settings = ExportSettings()
    env = export.environment()
    story = export.Story(
        article=article,
        figures={},
        placed=[],
        tags=_tags(store, article),
        problems=[],
        amendments=_amendments(store, article),
    )
    blocks = [Markup(b) for b in blocks_html]
    context = export.page_context(env, story, {}, settings, preview=True, blocks=blocks)
    context["inline_css"] = Markup(export.stylesheet())
    return export.render_template(env, "article.html.j2", **context)


def _tags(store: Any, article: Article) -> list:
    """The story's tags, or none for a story not saved yet."""
    if not article.id:
        return []
    try:
        return list(store.tags.for_story(article.id))
    except DeskError:
        return []


def _amendments(store: Any, article: Article) -> list:
    """The story's updates and corrections (the page shows them), none for a new story."""
    from desk import corrections

    if not article.id:
        return []
    try:
        return corrections.for_story(store, article.id)
    except DeskError:
        return []
