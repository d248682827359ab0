"""Benchmark: Desk's web-page import against trafilatura alone and readability-lxml alone.

Every page of a saved-page dataset with human-checked reference texts goes through the three
extractors in the same run; each body is scored against the reference with 4-word shingles
(the measure of Zyte's article-extraction-benchmark: per page, shingles found in both count as
true positives, extra ones as false positives, missing ones as false negatives, normalised so a
long page weighs no more than a short one; precision and recall are averaged over pages and F1
is taken from the averages). A page Desk refuses ("no article found") scores zero recall and is
counted under "refused".

Desk's body is what `desk import PAGE.html` would store, as plain text: the Markdown body
rendered, figure captions and editor's notes left out (they are fields of their own).

The dataset is scrapinghub/article-extraction-benchmark (MIT; 181 pages of 126 publishers,
ground-truth.json with each page's articleBody). It is not committed; get it once with

    git clone --depth 1 https://github.com/scrapinghub/article-extraction-benchmark \\
        benchmarks/out/article-extraction-benchmark

(or pass --data DIR to a copy). readability-lxml is a benchmark-only dependency:

    .venv/bin/pip install -e '.[bench]'

Run:

    .venv/bin/python benchmarks/import_pages.py [--data DIR] [--limit N] [--worst 10] [--json F]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from desk.errors import DeskError  # noqa: E402
from desk.importers import parse  # noqa: E402
from desk.importers.base import ImportedFigure  # noqa: E402

DATA = REPO / "benchmarks" / "out" / "article-extraction-benchmark"
PAGES = REPO / "benchmarks" / "out" / "pages"
_TOKEN = re.compile(r"\w+", re.UNICODE)

Extractor = Callable[[Path], str | None]


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The text's word n-grams (a text shorter than n is one shingle), counted."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def score(reference: str, found: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of found against reference, normalised to sum to 1 (0s for two empties)."""
    ref, got = shingles(reference), shingles(found)
    tp = sum((ref & got).values())
    fp = sum((got - ref).values())
    fn = sum((ref - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision(tp: float, fp: float, fn: float) -> float:
    """Precision of one page (1 when nothing was wrong, 0 when nothing was right)."""
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def recall(tp: float, fp: float, fn: float) -> float:
    """Recall of one page."""
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def summary(scores: list[tuple[float, float, float]]) -> dict[str, float]:
    """Mean precision and recall over pages, and F1 of the means."""
    p = statistics.mean(precision(*s) for s in scores if s[0] + s[1] > 0 or s[2] == 0)
    r = statistics.mean(recall(*s) for s in scores if s[0] + s[2] > 0 or s[1] == 0)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def markdown_text(markdown: str) -> str:
    """A Markdown body as the words a reader sees (links' addresses and markup gone)."""
    import lxml.html
    from markdown import markdown as to_html

    html = to_html(markdown)
    return lxml.html.fromstring(f"<div>{html}</div>").text_content() if html.strip() else ""


def desk_body(path: Path) -> str | None:
    """What Desk's import keeps as the story's body text; None when it refuses the page."""
    try:
        stories = parse(path)
    except DeskError:
        return None
    blocks = [b for b in stories[0].body if not isinstance(b, ImportedFigure)]
    return markdown_text("\n\n".join(blocks))


def trafilatura_body(path: Path) -> str | None:
    """trafilatura.extract with its defaults (the library alone)."""
    import trafilatura

    return trafilatura.extract(path.read_text(encoding="utf-8")) or ""


def readability_body(path: Path) -> str | None:
    """readability-lxml's Document.summary(), as text."""
    import lxml.html
    from readability import Document

    html = Document(path.read_text(encoding="utf-8")).summary(html_partial=True)
    return lxml.html.fromstring(html).text_content() if html.strip() else ""


def unpack(data: Path, limit: int | None, pages_dir: Path = PAGES) -> list[tuple[Path, str, str]]:
    """The dataset's pages as .html files in pages_dir: (path, reference text, url)."""
    truth_file = data / "ground-truth.json"
    if not truth_file.is_file():
        sys.exit(
            f"No dataset at {data}. Get it with:\n  git clone --depth 1 "
            "https://github.com/scrapinghub/article-extraction-benchmark "
            f"{DATA.relative_to(REPO)}\n(or pass --data DIR)."
        )
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    pages_dir.mkdir(parents=True, exist_ok=True)
    pages = []
    for key in sorted(truth)[:limit]:
        page = pages_dir / f"{key[:16]}.html"
        if not page.is_file():
            raw = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes())
            page.write_bytes(raw)
        pages.append((page, truth[key].get("articleBody", ""), truth[key].get("url", "")))
    return pages


def main() -> None:
    """Run the three extractors over the dataset and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the dataset's folder")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--worst", type=int, default=0, help="list Desk's N worst pages")
    parser.add_argument("--json", type=Path, help="write the figures and per-page scores here")
    parser.add_argument("--pages", type=Path, default=PAGES, help="where pages are unpacked")
    args = parser.parse_args()
    extractors: dict[str, Extractor] = {"desk": desk_body, "trafilatura": trafilatura_body}
    try:
        import readability  # noqa: F401
    except ImportError:
        print(
            "readability-lxml is not installed, so its column is left out; install it with\n"
            "  .venv/bin/pip install -e '.[bench]'\n",
            file=sys.stderr,
        )
    else:
        extractors["readability"] = readability_body
    logging.disable(logging.CRITICAL)  # the libraries' warnings about odd pages
    pages = unpack(args.data, args.limit, args.pages)
    results: dict[str, dict] = {}
    per_page: dict[str, list[dict]] = {}
    for name, extract in extractors.items():
        scores, refused, rows = [], 0, []
        started = time.perf_counter()
        for page, reference, url in pages:
            try:
                found = extract(page)
            except Exception as exc:  # a library's crash on one page counts as a refusal
                found = None
                print(f"{name}: {page.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            refused += found is None
            s = score(reference, found or "")
            scores.append(s)
            rows.append({"page": page.name, "url": url, "f1": _f1(s), "refused": found is None})
        elapsed = time.perf_counter() - started
        results[name] = {**summary(scores), "refused": refused, "seconds": elapsed}
        per_page[name] = rows
    print(f"{len(pages)} pages, {len({_host(u) for _, _, u in pages})} publishers\n")
    print(f"{'extractor':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'refused':>8} {'time':>7}")
    for name, r in results.items():
        print(
            f"{name:<12} {r['precision']:>9.3f} {r['recall']:>7.3f} {r['f1']:>6.3f} "
            f"{r['refused']:>8} {r['seconds']:>6.1f}s"
        )
    if args.worst:
        print(f"\nDesk's {args.worst} worst pages (F1 {' / '.join(extractors)}):")
        worst = sorted(range(len(pages)), key=lambda i: per_page["desk"][i]["f1"])[: args.worst]
        for i in worst:
            f1s = " / ".join(f"{per_page[n][i]['f1']:.2f}" for n in extractors)
            print(f"  {per_page['desk'][i]['page']}  {f1s}  {per_page['desk'][i]['url']}")
    if args.json:
        args.json.write_text(json.dumps({"summary": results, "pages": per_page}, indent=1))


def _f1(s: tuple[float, float, float]) -> float:
    """One page's F1."""
    p, r = precision(*s), recall(*s)
    return 2 * p * r / (p + r) if p + r else 0.0


def _host(url: str) -> str:
    """The publisher's host name."""
    from urllib.parse import urlparse

    return urlparse(url).netloc.removeprefix("www.")


if __name__ == "__main__":
    main()
