"""A static site of every ready or published story: front, section and tag pages, feed, sitemap.

Every link is relative with an explicit index.html, so the site works from file:// as well as
from a web server; the feed and sitemap use absolute addresses when a base URL is configured.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment

from desk import checks, corrections, export, pagewords, renditions, structured
from desk.clock import utc_now
from desk.config import ExportSettings, load_settings
from desk.errors import ExportFailed
from desk.export import Built, ExportResult, Links, Staging, place, render_template
from desk.languages import text_direction
from desk.model import Status
from desk.siteworkers import PageJob, SitePool
from desk.text import slugify

SITE_STATUSES = (Status.PUBLISHED.value, Status.READY.value)
CARD_WIDTH = 960


@dataclass
class SiteResult:
    """What a site export wrote."""

    path: Path
    stories: list[ExportResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one sentence per story left out
    withdrawn: list[str] = field(default_factory=list)  # slugs whose address shows a notice
    pages: int = 0


def site_slugs(store: Any) -> list[str]:
    """Slugs of the stories a site shows: published and ready ones."""
    slugs: list[str] = []
    for status in SITE_STATUSES:
        slugs += [s.slug for s in store.articles.all(status=status)]
    return slugs


def site_stories(
    store: Any,
    slugs: list[str],
    pool: SitePool,
    result: SiteResult,
    cancelled: Callable[[], bool] | None = None,
) -> list[export.Story]:
    """The stories the site shows, loaded and checked on the pool's workers; each one left
    out is a sentence in result.skipped, in the slugs' order."""
    _stop_if(cancelled)
    stories = []
    for item in pool.load(store, slugs, checks.rule_settings(), cancelled):
        if isinstance(item, str):
            result.skipped.append(item)
        else:
            stories.append(item)
    return stories


def withdrawn_stories(store: Any) -> dict[str, tuple[Any, corrections.Amendment]]:
    """Stories withdrawn after publishing, by slug: (article, withdrawal); their addresses
    show a notice, and they are on no listing, feed or sitemap."""
    out = {}
    for article_id, amendment in corrections.withdrawn(store).items():
        article = store.articles.get(article_id)
        out[article.slug] = (article, amendment)
    return out


def write_notices(
    root: Path,
    gone: dict[str, tuple[Any, corrections.Amendment]],
    env: Environment,
    settings: ExportSettings,
) -> int:
    """A withdrawal notice at each withdrawn story's address; returns how many were written."""
    for slug, (article, amendment) in gone.items():
        folder = root / slug
        folder.mkdir(parents=True, exist_ok=True)
        lang = article.language or "en"
        html = render_template(
            env,
            "withdrawn.html.j2",
            settings=settings,
            lang=lang,
            dir=text_direction(lang),
            links=Links(css="../style.css", home="../index.html"),
            withdrawn=amendment,
        )
        (folder / "index.html").write_text(html, encoding="utf-8")
    return len(gone)


def unique_slugs(names: list[str]) -> dict[str, str]:
    """A file-safe, unique slug for each name (sections, tags)."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        base = slugify(name, fallback="topic")
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        out[name] = slug
    return out


def export_site(
    store: Any,
    out: Path,
    settings: ExportSettings | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> SiteResult:
    """Write the whole site into out (each part renamed into place when finished).

    The stories are loaded and checked, their photos prepared, then their pages written (each
    step on every core for a big site, see desk.siteworkers and desk.renditions), then the
    front, section and tag pages, feed and sitemap."""
    settings = settings or load_settings()
    result = SiteResult(path=Path(out))
    gone = withdrawn_stories(store)
    slugs = [slug for slug in site_slugs(store) if slug not in gone]
    with SitePool(len(slugs)) as pool:
        stories = site_stories(store, slugs, pool, result, cancelled)
        return _export_stories(store, stories, gone, pool, result, settings, progress, cancelled)


def _export_stories(
    store: Any,
    stories: list[export.Story],
    gone: dict[str, tuple[Any, corrections.Amendment]],
    pool: SitePool,
    result: SiteResult,
    settings: ExportSettings,
    progress: Callable[[int, int, str], None] | None,
    cancelled: Callable[[], bool] | None,
) -> SiteResult:
    """export_site() once the stories are known: photos, story pages, the site's own pages."""
    env = export.environment()
    out = result.path
    sections = unique_slugs(
        sorted({s.article.section for s in stories if s.article.section}, key=str.casefold)
    )
    tags = unique_slugs(sorted({t.name for s in stories for t in s.tags}, key=str.casefold))
    tag_links = {name: f"../tags/{slug}/index.html" for name, slug in tags.items()}
    photos = prepare_all_photos(store, stories, settings, cancelled)
    jobs = []
    for story in stories:
        section = story.article.section
        links = Links(
            css="../style.css",
            home="../index.html",
            section=f"../sections/{sections[section]}/index.html" if section else "",
            tags=tag_links,
        )
        views = export.figure_views(story, photos[int(story.article.id or 0)])
        jobs.append(PageJob(story, views, links))
    try:
        with Staging(out) as staging:
            root = staging.path
            written = pool.write(jobs, root, settings, progress, cancelled, Path(store.cache_dir))
            built = [
                Built(job.story, photos[int(job.story.article.id or 0)], job.views, w.context)
                for job, w in zip(jobs, written, strict=True)
            ]
            result.pages = _write_site(root, built, sections, tags, env, settings)
            result.pages += write_notices(root, gone, env, settings)
            result.withdrawn = sorted(gone)
            for item in sorted(root.iterdir()):
                place(item, out / item.name)
    except OSError as exc:
        raise ExportFailed(
            f"The site could not be written to {out} ({exc.strerror or exc}); "
            "choose a folder you can write to, with free space."
        ) from None
    result.stories = [b.result(out / b.story.article.slug) for b in built]
    return result


def prepare_all_photos(
    store: Any,
    stories: list[export.Story],
    settings: ExportSettings,
    cancelled: Callable[[], bool] | None = None,
) -> dict[int, dict[int, renditions.PhotoResult]]:
    """Renditions for every story's placed figures in one run on every core (cached), by story
    id then figure id; a photo used by several stories is prepared once."""
    per_story = {int(s.article.id or 0): export.photo_jobs(store, s) for s in stories}
    unique: dict[tuple[str, renditions.Credits], renditions.PhotoJob] = {}
    for jobs in per_story.values():
        for job in jobs.values():
            unique.setdefault((job.sha256, job.credits), job)
    made = renditions.make_all(
        list(unique.values()), settings, Path(store.cache_dir) / "renditions", None, cancelled
    )
    by_key = {(r.job.sha256, r.job.credits): r for r in made}
    return {
        story_id: {fid: by_key[(job.sha256, job.credits)] for fid, job in jobs.items()}
        for story_id, jobs in per_story.items()
    }


def _stop_if(cancelled: Callable[[], bool] | None) -> None:
    """Stop before anything is written when the user cancelled."""
    if cancelled and cancelled():
        raise ExportFailed("The export was cancelled; nothing was written.")


def _write_site(
    root: Path,
    built: list[Built],
    sections: dict[str, str],
    tags: dict[str, str],
    env: Environment,
    settings: ExportSettings,
) -> int:
    """Every page of the site into root; returns how many HTML pages were written."""
    (root / "style.css").write_text(export.stylesheet(), encoding="utf-8")
    built = sorted(built, key=lambda b: b.context["published_iso"], reverse=True)
    site = SitePages(root, env, settings, site_language(built), sections)
    pages = len(built)
    site.listing("index.html", settings.site_name, built, front=True)
    pages += 1
    for name, slug in sections.items():
        chosen = [b for b in built if b.story.article.section == name]
        site.listing(f"sections/{slug}/index.html", name, chosen)
        pages += 1
    tagged: dict[str, list[Built]] = {name: [] for name in tags}
    for b in built:
        for name in dict.fromkeys(t.name for t in b.story.tags):
            tagged[name].append(b)
    for name, slug in tags.items():
        site.listing(f"tags/{slug}/index.html", name, tagged[name])
        pages += 1
    _feeds(root, built, env, settings)
    _robots(root, settings)
    return pages


def site_language(built: list[Built]) -> str:
    """The language of the site's own pages: the one most of its stories are written in."""
    counts: dict[str, int] = {}
    for b in built:
        language = b.story.article.language or "en"
        counts[language] = counts.get(language, 0) + 1
    if not counts:
        return "en"
    return min(counts, key=lambda lang: (-counts[lang], lang != "en", lang))


def card(b: Built, root: str) -> dict[str, Any]:
    """What a listing shows for one story."""
    article = b.story.article
    view = b.views.get(b.story.lead_id) if b.story.lead_id else None
    view = view or next(iter(b.views.values()), None)
    image = None
    if view:
        jpegs = view.renditions
        small = [r for r in jpegs if r["width"] <= CARD_WIDTH] or jpegs[:1]
        image = {
            "src": f"{root}{article.slug}/{small[-1]['path']}",
            "srcset": ", ".join(f"{root}{article.slug}/{r['path']} {r['width']}w" for r in jpegs),
            "width": small[-1]["width"],
            "height": small[-1]["height"],
            "alt": view.alt,
        }
    return {
        "headline": b.context["headline"],
        "href": f"{root}{article.slug}/index.html",
        "standfirst": b.context["standfirst"],
        "section": article.section,
        "lang": article.language or "en",
        "published_iso": b.context["published_iso"],
        "image": image,
    }


@dataclass
class SitePages:
    """Writes the front, section and tag pages of one site export (shared settings and nav)."""

    root: Path
    env: Environment
    settings: ExportSettings
    language: str
    sections: dict[str, str]

    @property
    def base(self) -> str:
        """The site's public address with a trailing slash, or ''."""
        url = self.settings.base_url
        return url.rstrip("/") + "/" if url else ""

    def listing(self, rel: str, title: str, built: list[Built], front: bool = False) -> None:
        """A front, section or tag page at rel (under root) listing stories newest first."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        up = "../" * rel.count("/")
        lang = self.language
        home = pagewords.label("home", lang)
        here = self.base + rel.removesuffix("index.html") if self.base else ""
        trail = [(home, self.base or f"{up}index.html")]
        if not front:
            trail.append((title, here or "index.html"))
        cards = [card(b, up) for b in built]
        name = pagewords.label("latest", lang) if front else title
        description = self._description(name, built)
        data = structured.collection_page(
            name=name,
            url=here,
            language=lang,
            stories=[(b.story.article.headline, self._story_url(b, up)) for b in built],
            trail=trail,
            site_name=self.settings.site_name,
            site_url=self.base,
            description=description,
        )
        html = render_template(
            self.env,
            "site/listing.html.j2",
            settings=self.settings,
            lang=lang,
            dir=text_direction(lang),
            title=title,
            front=front,
            description=description,
            canonical=here,
            links=Links(css=f"{up}style.css", home=f"{up}index.html"),
            nav=[(n, f"{up}sections/{slug}/index.html") for n, slug in self.sections.items()],
            breadcrumbs=[] if front else [(home, f"{up}index.html"), (title, "")],
            feed_href=f"{up}feed.xml",
            cards=cards,
            json_ld=structured.json_script(data),
        )
        path.write_text(html, encoding="utf-8")

    def _story_url(self, b: Built, up: str) -> str:
        """A story's address for the structured data: public when known, else relative."""
        return b.context["canonical"] or f"{up}{_local(b)}"

    def _description(self, name: str, built: list[Built]) -> str:
        """The listing's meta description: the site and its latest headlines."""
        headlines = "; ".join(b.story.article.headline for b in built[:3])
        text = f"{name} · {self.settings.site_name}"
        return f"{text}: {headlines}" if headlines else text


def _local(b: Built) -> str:
    """A story page's address relative to the site root."""
    return f"{b.story.article.slug}/index.html"


def _feeds(root: Path, built: list[Built], env: Environment, settings: ExportSettings) -> None:
    """feed.xml (Atom) and sitemap.xml."""
    base = settings.base_url.rstrip("/") + "/" if settings.base_url else ""
    entries = [
        {
            "id": b.context["canonical"] or f"urn:desk:story:{b.story.article.slug}",
            "href": f"{base}{b.story.article.slug}/"
            if base
            else f"{b.story.article.slug}/index.html",
            "article": b.story.article,
            "headline": b.context["headline"],
            "standfirst": b.context["standfirst"],
            "published": b.context["published_iso"],
            "updated": b.context["modified_iso"] or b.context["published_iso"],
            "content": "\n".join(str(x) for x in b.context["body_blocks"]),
        }
        for b in built
    ]
    updated = max((e["updated"] for e in entries), default=utc_now())
    common = {"settings": settings, "base": base, "entries": entries, "updated": updated}
    (root / "feed.xml").write_text(
        render_template(env, "site/feed.xml.j2", **common), encoding="utf-8"
    )
    (root / "sitemap.xml").write_text(
        render_template(env, "site/sitemap.xml.j2", **common), encoding="utf-8"
    )


def _robots(root: Path, settings: ExportSettings) -> None:
    """robots.txt: everything may be crawled; the sitemap named when the address is known."""
    lines = ["User-agent: *", "Allow: /"]
    if settings.base_url:
        lines.append(f"Sitemap: {settings.base_url.rstrip('/')}/sitemap.xml")
    (root / "robots.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
