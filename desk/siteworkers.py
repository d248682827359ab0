"""The stories of a site export, loaded, checked, rendered and written on every core.

Loading and checking the stories and rendering their pages (Markdown, sanitising, templates)
is most of a site export's time and each story is independent, so a big site uses worker
processes, a chunk of stories at a time: first each story is loaded and checked (which ones are
left out decides the section and tag pages every page links to; each worker reads the store
through a read-only connection of its own), then the pages are written. One pool serves both.
Each worker keeps one Jinja environment and one Markdown renderer for all its pages. Small
sites, and machines with one core, are done in this process. Photos are prepared in between (by
desk.renditions, on every core too); workers only copy their files.

A process running a single thread (the command line) forks its workers, which start with
everything already imported and the templates compiled; one with threads (the window) uses a
forkserver, which is safe beside them.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from desk import embargo, export, storyload
from desk import templates as page_templates
from desk.config import ExportSettings
from desk.errors import ExportFailed
from desk.export import Built, FigureView, Links, Story

# Below this many stories, starting worker processes costs more than it saves.
PARALLEL_FROM = 60
CHUNK = 25

Item = TypeVar("Item")
Result = TypeVar("Result")
Progress = Callable[[int, int, str], None]


@dataclass
class PageJob:
    """One story page to write: the story, its figures' views and where its links go."""

    story: Story
    views: dict[int, FigureView]
    links: Links


@dataclass
class Written:
    """What the front, section and tag pages and the feed need from a written story page."""

    context: dict[str, Any]


def write_page(
    job: PageJob,
    root: Path,
    settings: ExportSettings,
    templates: tuple,
    cache_dir: Path | None = None,
) -> Written:
    """Render one story page into root/<slug>/ (index.html, article.json, images/); the body's
    HTML comes from desk.bodycache when it was rendered before (cache_dir None: no cache)."""
    from markupsafe import Markup

    from desk import bodycache
    from desk.render import renderer

    env = page_templates.template_environment(templates)

    def render() -> list[str]:
        return [str(b) for b in export.body_blocks(env, job.story, job.views, renderer("strip"))]

    if cache_dir is None:
        raw = render()
    else:
        figures = {fid: export.render_figure(env, view) for fid, view in job.views.items()}
        key = bodycache.body_key(job.story.article.body_md, figures)
        raw, _ = bodycache.cached_blocks(cache_dir, key, render)
    blocks = [Markup(b) for b in raw]
    context = export.page_context(env, job.story, job.views, settings, job.links, blocks=blocks)
    folder = root / job.story.article.slug
    folder.mkdir()
    export.write_folder(Built(job.story, {}, job.views, context), folder, env, with_css=False)
    keep = ("published_iso", "modified_iso", "canonical", "body_blocks", "headline", "standfirst")
    return Written({key: context[key] for key in keep})


def write_chunk(
    jobs: list[PageJob],
    root: Path,
    settings: ExportSettings,
    templates: tuple,
    cache_dir: Path | None = None,
) -> list[Written]:
    """Several pages in one worker call (fewer round trips)."""
    return [write_page(job, root, settings, templates, cache_dir) for job in jobs]


def load_site_story(store: Any, slug: str, rules: dict[str, Any]) -> Story:
    """A story for the site, checked, or ExportFailed saying why it is left out: an embargo
    still to come keeps it off every page, the feed and the sitemap (whatever the export is
    asked), and so does a problem that blocks its export."""
    article = store.articles.get(slug)
    if embargo.embargoed(article):
        raise ExportFailed(
            f"'{slug}' is embargoed until {embargo.human(article.embargo)}; it was left off "
            "the site, its feed and sitemap until then."
        )
    story = storyload.gather_story(store, article)
    return storyload.admit(story, storyload.story_problems(story, store.root, rules))


def load_chunk(slugs: list[str], store: Any, rules: dict[str, Any]) -> list[Story | str]:
    """Several stories for the site, each loaded and checked or the sentence saying why it is
    left out; store: the open store, or (in a worker) its folder, opened once per worker."""
    if isinstance(store, Path):
        store = _worker_store(store)
    out: list[Story | str] = []
    for slug in slugs:
        try:
            out.append(load_site_story(store, slug, rules))
        except ExportFailed as exc:
            out.append(str(exc))
    return out


_stores: dict[Path, Any] = {}


def _worker_store(root: Path) -> Any:
    """This worker's own read-only connection to the store (SQLite readers share the file)."""
    if root not in _stores:
        from desk.store import Store

        _stores[root] = Store.open(root, readonly=True)
    return _stores[root]


class SitePool:
    """The worker processes of one site export (none for a small site or a single core);
    use it as a context manager, which stops the workers at the end."""

    def __init__(self, stories: int) -> None:
        """Workers for a site of that many stories, when it is big enough to gain from them."""
        cores = os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None
        if stories >= PARALLEL_FROM and cores > 1:
            # compiled once, before the workers fork (a forkserver's workers compile their own)
            page_templates.template_environment(page_templates.templates_key())
            self._pool = ProcessPoolExecutor(max_workers=cores, mp_context=_process_context())

    def __enter__(self) -> SitePool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def load(
        self,
        store: Any,
        slugs: list[str],
        rules: dict[str, Any],
        cancelled: Callable[[], bool] | None = None,
    ) -> list[Story | str]:
        """Each story loaded and checked (or why it is left out), in the slugs' order."""
        args = (Path(store.root), rules)
        return self._run(load_chunk, slugs, args, None, cancelled, here=(store, rules))

    def write(
        self,
        jobs: list[PageJob],
        root: Path,
        settings: ExportSettings,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        cache_dir: Path | None = None,
    ) -> list[Written]:
        """Every story page; results in the jobs' order."""
        templates = page_templates.templates_key()
        args = (root, settings, templates, cache_dir)
        return self._run(write_chunk, jobs, args, progress, cancelled)

    def _run(
        self,
        work: Callable[..., list[Result]],
        items: list[Item],
        args: tuple,
        progress: Progress | None,
        cancelled: Callable[[], bool] | None,
        here: tuple | None = None,
    ) -> list[Result]:
        """work(chunk, *args) over the items in chunks, on the workers when there are any, else
        work([item], *here) for each item in this process (here: args by default)."""
        if self._pool is not None:
            try:
                return _in_workers(self._pool, work, items, args, progress, cancelled)
            except BrokenProcessPool:
                self._pool = None  # no worker could start (a script without a __main__ guard)
        out: list[Result] = []
        for n, item in enumerate(items, start=1):
            _stop_if(cancelled)
            out += work([item], *(here or args))
            if progress:
                progress(n, len(items), _slug(item))
        return out


def _in_workers(
    pool: ProcessPoolExecutor,
    work: Callable[..., list[Result]],
    items: Sequence[Item],
    args: tuple,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> list[Result]:
    """Chunks of items on the pool; Cancel is honoured between chunks."""
    chunks = [list(items[i : i + CHUNK]) for i in range(0, len(items), CHUNK)]
    results: dict[int, list[Result]] = {}
    futures: dict[Future, int] = {pool.submit(work, c, *args): i for i, c in enumerate(chunks)}
    pending = set(futures)
    done = 0
    while pending:
        finished, pending = wait(pending, return_when="FIRST_COMPLETED")
        for future in finished:
            index = futures[future]
            results[index] = future.result()
            done += len(chunks[index])
            if progress:
                progress(done, len(items), _slug(chunks[index][-1]))
        if cancelled and cancelled():
            for future in pending:
                future.cancel()
            _stop_if(cancelled)
    return [r for i in range(len(chunks)) for r in results[i]]


def _slug(item: object) -> str:
    """The slug of the story a page job or story is about (for progress)."""
    story = item.story if isinstance(item, PageJob) else item
    return story.article.slug if isinstance(story, Story) else ""


def _process_context() -> multiprocessing.context.BaseContext:
    """Fork when this process runs no other thread (its workers start with the page code
    loaded); else forkserver, whose workers start with it preloaded when this is the first pool
    of the process (safe beside the window's threads); else spawn."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and _only_thread():
        return multiprocessing.get_context("fork")
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["desk.renditions", "desk.siteworkers", "desk.render"])
    return context


def _only_thread() -> bool:
    """True when this process runs a single thread of any kind, Python's or a library's (Linux
    lists them in /proc/self/task); False when it cannot tell."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def _stop_if(cancelled: Callable[[], bool] | None) -> None:
    """Raise the export's Cancelled error when the user asked to stop."""
    if cancelled and cancelled():
        from desk.renditions import ExportCancelled

        raise ExportCancelled("The export was cancelled; nothing was written.")
