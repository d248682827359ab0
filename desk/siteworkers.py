"""The story pages of a site export, rendered and written on every core.

Rendering the bodies (Markdown, sanitising, templates) is most of a site export's time and each
page is independent, so big sites are written by worker processes (forkserver, as the photo
renditions are: safe in a program with threads), a chunk of stories at a time. Each worker
keeps one Jinja environment and one Markdown renderer for all its pages. Small sites, and
machines with one core, are written in this process. Photos are prepared before (by
desk.renditions, on every core too); workers only copy their files.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desk import export
from desk import templates as page_templates
from desk.config import ExportSettings
from desk.export import Built, FigureView, Links, Story

# Below this many stories, starting worker processes costs more than it saves.
PARALLEL_FROM = 60
CHUNK = 25


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
    keep = ("published_iso", "modified_iso", "canonical", "body_blocks")
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


def write_pages(
    jobs: list[PageJob],
    root: Path,
    settings: ExportSettings,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    cache_dir: Path | None = None,
) -> list[Written]:
    """Every story page, on every core for a big site; results in the jobs' order."""
    templates = page_templates.templates_key()
    cores = os.cpu_count() or 1
    if len(jobs) >= PARALLEL_FROM and cores > 1:
        try:
            return _in_workers(
                jobs, root, settings, templates, cores, progress, cancelled, cache_dir
            )
        except BrokenProcessPool:
            pass  # no worker could start (e.g. a script without a __main__ guard): do it here
    written: list[Written] = []
    for n, job in enumerate(jobs, start=1):
        _stop_if(cancelled)
        written.append(write_page(job, root, settings, templates, cache_dir))
        if progress:
            progress(n, len(jobs), job.story.article.slug)
    return written


def _in_workers(
    jobs: list[PageJob],
    root: Path,
    settings: ExportSettings,
    templates: tuple,
    cores: int,
    progress: Callable[[int, int, str], None] | None,
    cancelled: Callable[[], bool] | None,
    cache_dir: Path | None = None,
) -> list[Written]:
    """Chunks of pages on a process pool; Cancel is honoured between chunks."""
    chunks = [jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK)]
    results: dict[int, list[Written]] = {}
    with ProcessPoolExecutor(max_workers=cores, mp_context=_process_context()) as pool:
        futures: dict[Future, int] = {
            pool.submit(write_chunk, chunk, root, settings, templates, cache_dir): i
            for i, chunk in enumerate(chunks)
        }
        pending = set(futures)
        done_pages = 0
        while pending:
            finished, pending = wait(pending, return_when="FIRST_COMPLETED")
            for future in finished:
                index = futures[future]
                results[index] = future.result()
                done_pages += len(chunks[index])
                if progress:
                    progress(done_pages, len(jobs), chunks[index][-1].story.article.slug)
            if cancelled and cancelled():
                for future in pending:
                    future.cancel()
                _stop_if(cancelled)
    return [w for i in range(len(chunks)) for w in results[i]]


def _process_context() -> multiprocessing.context.BaseContext:
    """Forkserver (safe beside the UI's threads) whose workers start with the page code loaded,
    when this is the first pool of the process; else spawn, or the running forkserver."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["desk.renditions", "desk.siteworkers", "desk.render"])
    return context


def _stop_if(cancelled: Callable[[], bool] | None) -> None:
    """Raise the export's Cancelled error when the user asked to stop."""
    if cancelled and cancelled():
        from desk.renditions import ExportCancelled

        raise ExportCancelled("The export was cancelled; nothing was written.")
