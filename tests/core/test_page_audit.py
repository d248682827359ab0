"""The exported seed page and a site score Lighthouse 100/100/100/100 with no axe or pa11y errors.

Runs the project's own tools/page-audit (real headless Chromium; axe, pa11y and Lighthouse from
npm, Chromium from Debian, installed when missing), in the light and the dark colour scheme.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from exporthelp import build_seed_story, make_photo

from desk import corrections, export, site

AUDIT = REPO / "tools" / "page-audit"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def audit(folder: Path, pages: list[str], tmp_path: Path, *options: str) -> list[dict]:
    """Run tools/page-audit on pages of folder (with its options); skip (saying why) where it
    cannot run here."""
    report = tmp_path / f"audit-{folder.name}.json"
    # The Node tools are cached in the real user's cache, not the test's throw-away one.
    tools = os.environ.get("DESK_TOOLS_DIR") or str(Path.home() / ".cache" / "desk-tools")
    done = subprocess.run(
        [sys.executable, str(AUDIT), str(folder), *pages, "--json", str(report), *options],
        capture_output=True,
        text=True,
        timeout=1800,
        env={**os.environ, "DESK_TOOLS_DIR": tools},
    )
    if done.returncode == 3:
        pytest.skip(f"the page audit cannot run on this machine: {done.stderr.strip()[-300:]}")
    assert report.exists(), done.stdout + done.stderr
    results = json.loads(report.read_text())
    assert [r["page"] for r in results] == pages
    return results


def assert_clean(results: list[dict]) -> None:
    """Every page: no axe or pa11y finding in either scheme, Lighthouse 100 four times, as wide
    as a phone, no 404."""
    for r in results:
        where = f"{r['page']}: {json.dumps(r, indent=1)[:3000]}"
        assert r["width"] == [], where
        assert r["axe"] == {"light": [], "dark": []}, where
        assert r["pa11y"] == {"light": [], "dark": []}, where
        assert {k: r["lighthouse"].get(k) for k in CATEGORIES} == dict.fromkeys(CATEGORIES, 100), (
            where
        )
        assert r["not_found"] == [], where
        assert r["ok"], where


@pytest.mark.slow
def test_the_seed_page_with_photos_scores_100_everywhere(store, tmp_path):
    slug = build_seed_story(store, tmp_path)
    result = export.export_story(store, slug, tmp_path / "out")
    assert len(list((result.path / "images").glob("*.jpg"))) >= 4
    assert_clean(audit(result.path, ["index.html"], tmp_path))


@pytest.mark.slow
def test_a_site_export_scores_100_on_every_kind_of_page(store, tmp_path):
    build_seed_story(store, tmp_path, status="published")
    other = store.articles.create(
        headline="Cup final: a late goal settles it",
        section="Sport",
        status="published",
        authors=["Ann Lee"],
        standfirst="The winner came in the last minute of extra time.",
        body_md="The final was *settled* late.\n\n## The goal\n\nA header from a corner.",
    )
    photo = store.photos.add(make_photo(tmp_path / "small.jpg", (400, 300), seed=5))
    store.figures.add(other.id, photo.id, caption="The goal", credit="Desk", alt="A header")
    store.tags.tag(other.id, ["Football", "Cup"])
    # A correction notice on a page is audited too (its colours in both schemes).
    corrections.add(
        store, other.id, corrections.CORRECTION, "An earlier version gave the wrong minute."
    )
    out = tmp_path / "site"
    site.export_site(store, out)
    pages = [
        "index.html",
        "sections/sport/index.html",
        "tags/football/index.html",
        f"{other.slug}/index.html",
    ]
    assert_clean(audit(out, pages, tmp_path))


def test_long_words_break_rather_than_widen_the_page_on_a_phone(store, tmp_path):
    # German compounds and a long address: wider than a 320 px phone's line in the headline's
    # type; the page must not scroll sideways (the words break, with a hyphen where the browser
    # knows the language's hyphenation).
    story = store.articles.create(
        headline="Bundesverfassungsgerichtsentscheidung zur Grundsteuerreformumsetzung",
        standfirst="Die Datenschutzgrundverordnungsanpassung bleibt umstritten.",
        language="de",
        authors=["Anna Schmidt"],
        body_md="Die Rechtsschutzversicherungsgesellschaften widersprechen: "
        "https://www.bundesverfassungsgericht.de/SharedDocs/Pressemitteilungen/DE/2026/bvg26-001.html",
    )
    result = export.export_story(store, story.slug, tmp_path / "out")
    (found,) = audit(result.path, ["index.html"], tmp_path, "--width-only")
    assert found["width"] == [], found
    assert found["ok"], found
