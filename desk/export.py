"""Export: a story as a web page folder, a zip of it, or an HTML fragment for a CMS.

<out>/<slug>/index.html, style.css, images/<name>-<width>w.{jpg,webp}, article.json (ninjs).
Everything is written into a temporary folder beside the target and renamed into place, so a
failed or cancelled export leaves nothing half-written. Pages come from Jinja templates in
resources/templates/ (a user's template folder overrides them; the built-ins stay reachable as
`default:article.html.j2`).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from desk import (
    corrections,
    ninjs,
    provenance,
    renditions,
    storydates,
    structured,
)
from desk.config import ExportSettings, load_settings
from desk.errors import ExportFailed
from desk.languages import text_direction
from desk.model import Figure
from desk.render import Renderer, smart_text
from desk.storyload import Story, load_story
from desk.templates import environment, render_template, stylesheet
from desk.text import reading_minutes, slugify

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]
FIGURE_SIZES = "(min-width: 60rem) 52rem, 100vw"
LEAD_SIZES = "(min-width: 56rem) 52rem, 100vw"
FALLBACK_WIDTH = 960
# Photos narrower than this get their pixel width as a CSS variable (--px), so that dense screens
# draw them smaller instead of enlarging them: 1.6 x the widest column (52rem = 832 px).
SMALL_PHOTO_PX = 1332
# The social image (og:image, twitter:image, JSON-LD image) is a rendition at least this wide:
# what Open Graph, X's large card and Google Discover ask for; smaller photos are not offered.
SOCIAL_MIN_WIDTH = 1200


# -- photos -------------------------------------------------------------------------------------


def credits_for(figure: Figure) -> renditions.Credits:
    """What a figure's renditions carry: the story's caption and credit over the photo's own."""
    meta = (figure.photo.metadata if figure.photo else None) or {}
    creators = meta.get("creators") or []
    if isinstance(creators, str):
        creators = [creators]
    return renditions.Credits(
        creators=tuple(str(c) for c in creators if str(c).strip()),
        credit=figure.credit or str(meta.get("credit") or ""),
        copyright=str(meta.get("copyright") or ""),
        caption=figure.caption or str(meta.get("caption") or ""),
        alt=figure.alt or str(meta.get("alt_text") or ""),
        extended=str(meta.get("extended_description") or ""),
        source_type=provenance.uri(meta.get("digital_source_type")),
    )


def photo_jobs(store: Any, story: Story) -> dict[int, renditions.PhotoJob]:
    """One rendition job per placed figure (figure id -> job)."""
    jobs = {}
    for fid in story.placed:
        figure = story.figures[fid]
        photo = figure.photo
        assert photo is not None  # load_story refused figures without photos
        jobs[fid] = renditions.PhotoJob(
            source=Path(store.root) / photo.path,
            sha256=photo.sha256,
            width=photo.width,
            height=photo.height,
            credits=credits_for(figure),
            label=f"{figure.label()}, {photo.original_name or Path(photo.path).name}",
        )
    return jobs


def prepare_photos(
    store: Any,
    story: Story,
    settings: ExportSettings,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> dict[int, renditions.PhotoResult]:
    """Renditions for every placed figure (cached; both cores), by figure id."""
    jobs = photo_jobs(store, story)
    unique: dict[tuple[str, renditions.Credits], renditions.PhotoJob] = {}
    for job in jobs.values():
        unique.setdefault((job.sha256, job.credits), job)
    order = list(unique.values())
    results = renditions.make_all(
        order, settings, Path(store.cache_dir) / "renditions", progress, cancelled
    )
    by_key = {(r.job.sha256, r.job.credits): r for r in results}
    return {fid: by_key[(job.sha256, job.credits)] for fid, job in jobs.items()}


@dataclass
class FigureView:
    """What the figure template shows for one figure."""

    id: int
    alt: str
    caption: str
    credit: str
    width: int = 0
    height: int = 0
    src: str = ""
    srcset_jpeg: str = ""
    srcset_webp: str = ""
    lead: bool = False
    missing: bool = False
    creators: tuple[str, ...] = ()
    copyright: str = ""
    provenance: str = ""  # what readers are told of a synthetic picture ("AI-generated image")
    files: list[tuple[str, Path]] = field(default_factory=list)  # (images/<name>, cache file)
    renditions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def pixel_cap(self) -> int:
        """The photo's pixel width when the page CSS must keep it from being enlarged on dense
        screens (a photo narrower than SMALL_PHOTO_PX), else 0."""
        return self.width if 0 < self.width < SMALL_PHOTO_PX else 0


def figure_views(
    story: Story, results: dict[int, renditions.PhotoResult], prefix: str = ""
) -> dict[int, FigureView]:
    """Each placed figure's view, with unique rendition file names under images/."""
    views: dict[int, FigureView] = {}
    taken: set[str] = set()
    for fid in story.placed:
        figure = story.figures[fid]
        result = results[fid]
        base = _image_name(figure, taken)
        credits = result.job.credits
        view = FigureView(
            id=fid,
            alt=credits.alt,
            caption=credits.caption,
            credit=credits.credit,
            lead=fid == story.lead_id,
            creators=credits.creators,
            copyright=credits.copyright,
            provenance=provenance.reader_label(credits.source_type),
        )
        _attach_renditions(view, base, result.renditions, prefix)
        views[fid] = view
    return views


def _image_name(figure: Figure, taken: set[str]) -> str:
    """A readable, unique file name stem for a figure's renditions."""
    stem = Path(figure.photo.original_name or "").stem if figure.photo else ""
    base = slugify(stem, fallback="") or slugify(figure.caption, fallback="photo")[:40]
    base = base.strip("-") or "photo"
    if base in taken:
        base = f"{base}-{figure.id}"
    taken.add(base)
    return base


def _attach_renditions(
    view: FigureView, base: str, made: list[renditions.Rendition], prefix: str
) -> None:
    """Fill a view's sources, size and files from its renditions."""
    sets: dict[str, list[str]] = {"jpeg": [], "webp": []}
    for r in made:
        rel = f"images/{base}-{r.width}w.{r.extension}"
        view.files.append((rel, r.path))
        sets[r.format].append(f"{prefix}{rel} {r.width}w")
        if r.format == "jpeg":
            view.renditions.append(
                {"url": prefix + rel, "width": r.width, "height": r.height, "path": rel}
            )
    largest = max(made, key=lambda r: r.width)
    view.width, view.height = largest.width, largest.height
    jpegs = [r for r in view.renditions]
    fallback = [r for r in jpegs if r["width"] <= FALLBACK_WIDTH] or jpegs[:1]
    view.src = fallback[-1]["url"]
    view.srcset_jpeg = ", ".join(sets["jpeg"])
    view.srcset_webp = ", ".join(sets["webp"])


# -- the page -----------------------------------------------------------------------------------


@dataclass
class Links:
    """Where a page's links go: nothing for a lone story, the site's pages in a site export."""

    css: str = "style.css"
    home: str = ""
    section: str = ""
    tags: dict[str, str] = field(default_factory=dict)


def render_figure(env: Environment, view: FigureView) -> str:
    """One figure's HTML through the figure template."""
    sizes = LEAD_SIZES if view.lead else FIGURE_SIZES
    return render_template(env, "_partials/figure.html.j2", fig=view, sizes=sizes).strip()


def body_blocks(
    env: Environment, story: Story, views: dict[int, FigureView], renderer: Renderer | None = None
) -> list[Markup]:
    """The body as sanitised HTML blocks, notes stripped, figures from the figure template."""
    renderer = renderer or Renderer(notes="strip")

    def figure(fid: int, alt: str, lead: bool) -> str:
        view = views.get(fid)
        return render_figure(env, view) if view else ""

    blocks = renderer.render_blocks(story.article.body_md, figure)
    return [Markup(html) for _, html in blocks if html]


def page_context(
    env: Environment,
    story: Story,
    views: dict[int, FigureView],
    settings: ExportSettings,
    links: Links | None = None,
    preview: bool = False,
    blocks: list[Markup] | None = None,
) -> dict[str, Any]:
    """Everything the article templates use."""
    article = story.article
    links = links or Links()
    canonical = settings.page_url(article.slug)
    published = storydates.shown_date(article)
    modified = storydates.modified_date(article, story.amendments)
    share_view, warning = social_view(story, views)
    images = _images(share_view, canonical)
    page: dict[str, Any] = {
        "article": article,
        "settings": settings,
        "lang": article.language or "en",
        "dir": text_direction(article.language or "en"),
        "description": " ".join(article.standfirst.split()),
        "headline": smart_text(article.headline),  # as the page shows it (curly quotes...)
        "standfirst": smart_text(article.standfirst),
        "canonical": canonical,
        "published_iso": published,
        "modified_iso": modified,
        "show_updated": bool(modified),
        "amendments": corrections.page_notes(story.amendments),
        "embargo_iso": article.embargo if story.ignored_embargo else "",
        "tags": story.tags,
        "links": links,
        "preview": preview,
        "body_blocks": blocks if blocks is not None else body_blocks(env, story, views),
        "images": images,
        "share_image": images[-1] if images else None,
        "reading_minutes": reading_minutes(article.word_count),
        "warnings": [warning] if warning else [],
    }
    if share_view and images:
        page["share_image"] = dict(_largest_under(images, 1600), alt=share_view.alt)
    page["json_ld"] = structured.json_script(structured.news_article(page))
    page["meta_tags"] = structured.meta_tags(page)
    return page


def social_view(story: Story, views: dict[int, FigureView]) -> tuple[FigureView | None, str]:
    """The figure whose photo social cards and search engines show: the lead photo, else the
    first in reading order, with a rendition at least SOCIAL_MIN_WIDTH wide; with none, no
    figure and a warning naming the photo that was too small ('' for a story without photos)."""
    order = list(dict.fromkeys([*([story.lead_id] if story.lead_id else []), *story.placed]))
    shown = [views[fid] for fid in order if fid in views]
    for view in shown:
        if any(r["width"] >= SOCIAL_MIN_WIDTH for r in view.renditions):
            return view, ""
    if not shown:
        return None, ""
    first = shown[0]
    figure = story.figures.get(first.id)
    name = figure.label() if figure else "the first photo"
    others = ", nor is any other photo" if len(shown) > 1 else ""
    return None, (
        f"The page has no social image (og:image): {name} is {first.width:,} px wide{others}, "
        f"and social cards need {SOCIAL_MIN_WIDTH:,} px; use a larger photo as the lead."
    )


def _images(view: FigureView | None, canonical: str) -> list[dict[str, Any]]:
    """The share image's JPEG renditions at least SOCIAL_MIN_WIDTH wide, absolute when the
    page has a public address."""
    if view is None:
        return []
    out = []
    for r in view.renditions:
        if r["width"] < SOCIAL_MIN_WIDTH:
            continue
        url = canonical + r["path"] if canonical else r["url"]
        out.append(
            {
                "url": url,
                "width": r["width"],
                "height": r["height"],
                "caption": view.caption,
                "credit": view.credit,
                "creators": list(view.creators),
                "copyright": view.copyright,
                "alt": view.alt,
            }
        )
    return out


def _largest_under(images: list[dict[str, Any]], limit: int) -> dict[str, Any]:
    """The largest image no wider than limit (else the smallest)."""
    fitting = [i for i in images if i["width"] <= limit]
    return fitting[-1] if fitting else images[0]


# -- writing ------------------------------------------------------------------------------------


@dataclass
class ExportResult:
    """What one export wrote and what it found."""

    slug: str
    path: Path
    privacy: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    photos_cached: int = 0
    photos_made: int = 0


@dataclass
class Built:
    """A story with its photos prepared and its page context, ready to be written anywhere."""

    story: Story
    results: dict[int, renditions.PhotoResult]
    views: dict[int, FigureView]
    context: dict[str, Any]

    def result(self, path: Path) -> ExportResult:
        """The report for this story written at path."""
        unique = {id(r): r for r in self.results.values()}.values()
        return ExportResult(
            slug=self.story.article.slug,
            path=path,
            privacy=[r.report() for r in unique if r.report()],
            warnings=[p.message for p in self.story.problems if not p.blocking]
            + list(self.context.get("warnings") or []),
            photos_cached=sum(1 for r in unique if r.cached),
            photos_made=sum(1 for r in unique if not r.cached),
        )


def build(
    store: Any,
    key: int | str,
    settings: ExportSettings,
    env: Environment,
    links: Links | None = None,
    prefix: str = "",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    ignore_embargo: bool = False,
) -> Built:
    """Load a story, make its renditions and build its page context."""
    story = load_story(store, key, ignore_embargo)
    results = prepare_photos(store, story, settings, progress, cancelled)
    views = figure_views(story, results, prefix)
    return Built(story, results, views, page_context(env, story, views, settings, links))


def write_folder(
    built: Built,
    folder: Path,
    env: Environment,
    css: str | None = None,
    with_css: bool = True,
) -> None:
    """index.html, style.css, images/ and article.json into folder (which must exist);
    with_css=False leaves style.css out (a site's pages share the one at its root)."""
    page = render_template(env, "article.html.j2", **built.context)
    (folder / "index.html").write_text(page, encoding="utf-8")
    if with_css:
        (folder / "style.css").write_text(
            css if css is not None else stylesheet(), encoding="utf-8"
        )
    copy_images(built, folder)
    doc = ninjs.story_document(built.story, built.views, built.context)
    (folder / "article.json").write_text(
        json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def copy_images(built: Built, folder: Path) -> None:
    """Copy every rendition the page uses from the cache into folder/images/ (made only when
    the page has photos)."""
    if any(view.files for view in built.views.values()):
        (folder / "images").mkdir(exist_ok=True)
    for view in built.views.values():
        for rel, cached in view.files:
            shutil.copyfile(cached, folder / rel)


def fragment(built: Built, env: Environment) -> str:
    """Only the <article> element, to paste into a CMS."""
    return render_template(env, "fragment.html.j2", **built.context)


@dataclass
class Staging:
    """A temporary folder beside the target; removed unless its content was moved into place."""

    out: Path
    path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=".desk-export-", dir=self.out))

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


# The file names an export writes (a story's folder, a site's pages, feed and sitemap) and its
# images/ folders: what a new export replaces. Any other file in a folder it replaces is the
# user's (notes, a page of their own) and is kept where it was.
DESK_MADE = frozenset(
    {"index.html", "style.css", "article.json", "feed.xml", "sitemap.xml", "robots.txt"}
)


def desk_made(relative: Path) -> bool:
    """True for a path (inside a folder an export replaces) that an export writes."""
    return relative.name in DESK_MADE or "images" in relative.parts[:-1]


def place(source: Path, target: Path) -> None:
    """Move a finished file or folder into place, replacing what was there only at the end;
    files of the user's in a folder it replaces are kept (desk_made)."""
    if not target.exists():
        os.replace(source, target)
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.replace(target, old)
    try:
        os.replace(source, target)
    except OSError:
        os.replace(old, target)
        raise
    if old.is_dir() and not old.is_symlink():
        _keep_users_files(old, target)  # on failure, raises with old left as it was
        shutil.rmtree(old, ignore_errors=True)
    else:
        old.unlink(missing_ok=True)


def _keep_users_files(old: Path, new: Path) -> None:
    """Move the files an export did not write from the replaced folder into the new one (a
    file the new folder has of the same name stays the export's)."""
    for folder, dirs, files in os.walk(old):
        dirs[:] = [d for d in dirs if d != "images"]  # all the export's (desk_made): not read
        for name in files:
            path = Path(folder, name)
            relative = path.relative_to(old)
            if desk_made(relative) or os.path.lexists(new / relative):
                continue
            (new / relative).parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, new / relative)


def export_story(
    store: Any,
    key: int | str,
    out: Path,
    mode: str = "folder",
    settings: ExportSettings | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    ignore_embargo: bool = False,
) -> ExportResult:
    """Export one story as mode 'folder', 'zip' or 'fragment' into out (an embargoed one only
    with ignore_embargo, which the page records)."""
    settings = settings or load_settings()
    env = environment()
    out = Path(out)
    slug = store.articles.get(key).slug
    prefix = f"{slug}/" if mode == "fragment" else ""
    try:
        built = build(
            store,
            key,
            settings,
            env,
            prefix=prefix,
            progress=progress,
            cancelled=cancelled,
            ignore_embargo=ignore_embargo,
        )
        if cancelled and cancelled():
            raise renditions.ExportCancelled("The export was cancelled; nothing was written.")
        with Staging(out) as staging:
            if mode == "fragment":
                target = _write_fragment(built, env, staging.path, out)
            elif mode == "zip":
                target = _write_zip(built, env, staging.path, out)
            else:
                folder = staging.path / slug
                folder.mkdir()
                write_folder(built, folder, env)
                target = out / slug
                place(folder, target)
    except OSError as exc:
        raise ExportFailed(
            f"'{slug}' could not be written to {out} ({exc.strerror or exc}); "
            "choose a folder you can write to, with free space."
        ) from None
    return built.result(target)


def _write_fragment(built: Built, env: Environment, staging: Path, out: Path) -> Path:
    """<out>/<slug>.html plus the images it points to in <out>/<slug>/images/."""
    slug = built.story.article.slug
    html_file = staging / f"{slug}.html"
    html_file.write_text(fragment(built, env), encoding="utf-8")
    images = staging / "images-root"
    images.mkdir()
    copy_images(built, images)
    if (images / "images").exists():
        (out / slug).mkdir(exist_ok=True)
        place(images / "images", out / slug / "images")
    target = out / f"{slug}.html"
    place(html_file, target)
    return target


def _write_zip(built: Built, env: Environment, staging: Path, out: Path) -> Path:
    """<out>/<slug>.zip holding the <slug>/ folder."""
    slug = built.story.article.slug
    folder = staging / slug
    folder.mkdir()
    write_folder(built, folder, env)
    archive = staging / f"{slug}.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                packed = path.suffix not in (".jpg", ".webp")
                method = zipfile.ZIP_DEFLATED if packed else zipfile.ZIP_STORED
                zf.write(path, f"{slug}/{path.relative_to(folder)}", compress_type=method)
    target = out / f"{slug}.zip"
    place(archive, target)
    return target


def fragment_text(
    store: Any,
    key: int | str,
    settings: ExportSettings | None = None,
    ignore_embargo: bool = False,
) -> str:
    """The article fragment alone (images addressed under base_url, else <slug>/images/)."""
    settings = settings or load_settings()
    env = environment()
    slug = store.articles.get(key).slug
    prefix = settings.page_url(slug) or f"{slug}/"
    built = build(store, key, settings, env, prefix=prefix, ignore_embargo=ignore_embargo)
    return fragment(built, env)


def export_stories(
    store: Any,
    keys: list[str],
    out: Path,
    mode: str = "folder",
    settings: ExportSettings | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    ignore_embargo: bool = False,
) -> list[ExportResult]:
    """Export several stories; the first that cannot be exported stops the run."""
    settings = settings or load_settings()
    return [
        export_story(store, k, out, mode, settings, progress, cancelled, ignore_embargo)
        for k in keys
    ]
