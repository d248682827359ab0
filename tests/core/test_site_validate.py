"""Every page of a site export passes the current W3C checker; story pages carry a NewsArticle."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from desk import site


def big_photo(path):
    """A photo wide enough to be the page's social image (1,200 px and more)."""
    from PIL import Image

    Image.linear_gradient("L").resize((1600, 1067)).convert("RGB").save(path, quality=85)
    return path


def test_every_site_page_validates(store, tmp_path, shared_tool):
    if not shutil.which("java"):
        pytest.skip("Java is not installed; the W3C HTML checker needs it")
    tool = shared_tool("validate-page")
    odd = 'Q&A <b> "Quotes" 🌍'
    for headline, section, tags in (
        ("Floods recede in Idlib", "World", ["Syria", odd]),
        ("Cup final: late goal", "Sport", ["Football"]),
    ):
        story = store.articles.create(
            headline=headline,
            section=section,
            status="ready",
            authors=["Ann Lee"],
            standfirst="A summary.",
            body_md=(
                "First paragraph.[^1]\n\n## Then\n\nMore text.\n\n[^1]: A note, with *emphasis*."
            ),
        )
        photo = store.photos.add(big_photo(tmp_path / f"{section}.jpg"))
        store.figures.add(
            story.id, photo.id, caption="A street", credit="Desk", alt="A street from above"
        )
        store.tags.tag(story.id, tags)
    out = tmp_path / "site"
    site.export_site(store, out)
    run = subprocess.run([str(tool), str(out)], capture_output=True, text=True, timeout=600)
    lines = [ln for ln in run.stdout.splitlines() if ": html errors: " in ln]
    pages = {ln.split(": html errors: ")[0] for ln in lines}
    assert len(pages) == len(list(out.rglob("*.html"))) >= 6  # front, stories, sections, tags
    for line in lines:
        page, rest = line.split(": html errors: ")
        assert rest.startswith("0;"), run.stdout + run.stderr
        data = json.loads(rest.split("structured data: ", 1)[1])
        assert not data["broken_jsonld"], page
        if re.search(r"/(floods|cup)[^/]*/index\.html$", page):
            assert data["ok"], line  # a complete NewsArticle on each story page
