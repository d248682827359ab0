"""Site export of 1,000 published stories (`desk export --site`) next to Hugo building the same.

    .venv/bin/python benchmarks/site_export.py [--stories 1000] [--rounds 3] [--profile]

Both build the same pages from the same stories: one page per story, a front page, a page per
section (Hugo: category) and per tag, an Atom/RSS feed and a sitemap. Desk's run is the real
command (`desk export --site --out DIR`) in a fresh process; Hugo is Debian's `hugo` (installed
with apt-get when missing) on content written from the same store: Markdown with front matter,
minimal layouts that print the headline, byline, date, body and tag links. Hugo renders
Markdown to HTML and writes files in parallel, as Desk does; it has no photos to copy, and
neither do these stories. Both times are whole-process wall clock, best of the rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from run import STORES, generated_articles, insert_batch  # noqa: E402

from desk.model import Status  # noqa: E402
from desk.store import Store  # noqa: E402

SITE_VERSION = 1
TAGS = [f"Topic {n}" for n in range(60)] + ["Syria", "Elections", "Football", "Climate"]

HUGO_CONFIG = """baseURL = "https://news.example/"
title = "Desk"
languageCode = "en"
disableKinds = []
[taxonomies]
  category = "categories"
  tag = "tags"
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML"]
"""
HUGO_BASEOF = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title><link rel="stylesheet" href="/style.css">
</head><body><header><a href="/">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main><footer>{{ .Site.Title }}</footer></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<article><p>{{ range .Params.categories }}{{ . }}{{ end }}</p>
<h1>{{ .Title }}</h1><p>{{ .Params.standfirst }}</p><p>{{ .Params.byline }}</p>
<time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">
{{ .Date.Format "2 January 2006, 15:04" }}</time>
<div>{{ .Content }}</div>
<ul>{{ range .Params.tags }}
<li><a href="{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul>
</article>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}
<li><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Params.standfirst }}</p>
<time>{{ .Date.Format "2 January 2006" }}</time></li>{{ end }}</ul>{{ end }}
"""


def log(message: str) -> None:
    """Progress on stderr."""
    print(message, file=sys.stderr, flush=True)


def site_store(stories: int) -> Path:
    """A cached store of that many published stories, each with a section and two or three tags."""
    path = STORES / f"site-{stories}-v{SITE_VERSION}"
    if (path / "complete").exists():
        return path
    STORES.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f"building-site-{stories}-", dir=STORES))
    log(f"building a store of {stories:,} published stories...")
    rng = random.Random(17)
    with Store.open(building) as store:
        batch = []
        for article in generated_articles(stories, seed=23):
            article.status = Status.PUBLISHED.value
            article.published = article.published or article.modified
            batch.append(article)
        with store.transaction() as db:
            insert_batch(db, batch, None)
        for article in batch:
            store.tags.tag(article.id, rng.sample(TAGS, rng.randint(2, 3)))
    (building / "complete").write_text("built")
    shutil.rmtree(path, ignore_errors=True)
    building.rename(path)
    return path


def desk_export(store: Path, out: Path, home: Path, profile: Path | None = None) -> float:
    """Seconds for `desk export --site` in a fresh process (optionally under cProfile)."""
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "DESK_CONFIG": str(home / "config"), "XDG_CACHE_HOME": str(home / "c")}
    cmd = [sys.executable]
    if profile:
        cmd += ["-m", "cProfile", "-o", str(profile)]
    cmd += ["-m", "desk", "--store", str(store), "export", "--site", "--out", str(out)]
    started = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def ensure_hugo() -> str | None:
    """Debian's hugo, installed with apt-get when missing (None when it cannot be had)."""
    found = shutil.which("hugo")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None
    log("installing hugo with apt-get...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], env=env, capture_output=True)
    return shutil.which("hugo")


def hugo_site(store_path: Path, root: Path) -> Path:
    """A Hugo site holding the same stories as Markdown with front matter."""
    shutil.rmtree(root, ignore_errors=True)
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (root / "config.toml").write_text(HUGO_CONFIG)
    (layouts / "baseof.html").write_text(HUGO_BASEOF)
    (layouts / "single.html").write_text(HUGO_SINGLE)
    (layouts / "list.html").write_text(HUGO_LIST)
    (layouts / "terms.html").write_text(HUGO_LIST)
    (root / "static").mkdir()
    shutil.copy(REPO / "resources" / "css" / "article.css", root / "static" / "style.css")
    content = root / "content" / "stories"
    content.mkdir(parents=True)
    with Store.open(store_path, readonly=True) as store:
        for summary in store.articles.all(status="published"):
            article = store.articles.get(summary.id)
            front = {
                "title": article.headline,
                "date": article.published,
                "lastmod": article.modified,
                "slug": article.slug,
                "standfirst": article.standfirst,
                "byline": article.byline,
                "categories": [article.section],
                "tags": [t.name for t in store.tags.for_story(article.id)],
            }
            (content / f"{article.slug}.md").write_text(
                json.dumps(front, ensure_ascii=False) + "\n\n" + article.body_md, encoding="utf-8"
            )
    return root


def hugo_build(hugo: str, root: Path) -> float:
    """Seconds for `hugo` to build the site from scratch."""
    shutil.rmtree(root / "public", ignore_errors=True)
    shutil.rmtree(root / "resources", ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [hugo, "--quiet", "--source", str(root), "--destination", str(root / "public")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def _render_desk(bodies: list[str]) -> int:
    """Desk's body renderer (Python-Markdown with its extensions, then nh3) on these bodies."""
    from desk.render import Renderer

    renderer = Renderer("strip")
    return sum(len(renderer.render_body(text)) for text in bodies)


def _render_markdown_it(bodies: list[str]) -> int:
    """markdown-it-py (CommonMark with smart quotes, tables, strikethrough) on these bodies."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"typographer": True})
    md.enable(["replacements", "smartquotes", "table", "strikethrough"])
    return sum(len(md.render(text)) for text in bodies)


def renderer_floors(store_path: Path, rounds: int) -> dict:
    """Seconds to render the site's bodies alone, on every core (best of the rounds): Desk's
    renderer (what an export needs at least, before any page is written) and markdown-it-py
    (what a faster renderer would take; its HTML is not the same)."""
    from concurrent.futures import ProcessPoolExecutor

    with Store.open(store_path, readonly=True) as store:
        bodies = [r[0] for r in store.db.query("SELECT body_md FROM articles")]
    cores = os.cpu_count() or 1
    parts = [bodies[i::cores] for i in range(cores)]
    out = {}
    with ProcessPoolExecutor(cores) as pool:
        for name, work in (("desk", _render_desk), ("markdown_it", _render_markdown_it)):
            list(pool.map(work, [part[:20] for part in parts]))  # imports done in each worker
            times = []
            for _ in range(rounds):
                started = time.perf_counter()
                list(pool.map(work, parts))
                times.append(time.perf_counter() - started)
            out[f"render_{name}_s"] = min(times)
    out["render_cores"] = cores
    return out


def measure(stories: int, rounds: int, profile: bool = False) -> dict:
    """Desk's (cold: no cached bodies; warm: exported before) and Hugo's best times over the
    rounds (interleaved), and the pages each wrote."""
    store = site_store(stories)
    work = Path(tempfile.mkdtemp(prefix="desk-bench-site-"))
    try:
        hugo = ensure_hugo()
        root = hugo_site(store, work / "hugo") if hugo else None
        desk_times, warm_times, hugo_times = [], [], []
        for _ in range(rounds):
            shutil.rmtree(store / "cache" / "bodies", ignore_errors=True)  # cold: render all
            desk_times.append(desk_export(store, work / "desk", work))
            warm_times.append(desk_export(store, work / "desk", work))  # bodies cached
            if hugo and root:
                hugo_times.append(hugo_build(hugo, root))
        desk_pages = len(list((work / "desk").rglob("*.html")))
        hugo_pages = len(list((root / "public").rglob("*.html"))) if root else 0
        if profile:
            shutil.rmtree(store / "cache" / "bodies", ignore_errors=True)
            stats = work / "site.prof"
            desk_export(store, work / "desk", work, profile=stats)
            import pstats

            pstats.Stats(str(stats)).sort_stats("cumulative").print_stats(40)
        return {
            **renderer_floors(store, rounds),
            "stories": stories,
            "desk_s": min(desk_times),
            "desk_all_s": [round(t, 2) for t in desk_times],
            "warm_s": min(warm_times),
            "warm_all_s": [round(t, 2) for t in warm_times],
            "hugo_s": min(hugo_times) if hugo_times else None,
            "hugo_all_s": [round(t, 2) for t in hugo_times],
            "desk_pages": desk_pages,
            "hugo_pages": hugo_pages,
            "hugo": hugo or "",
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one run")
    args = parser.parse_args()
    result = measure(args.stories, args.rounds, args.profile)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
