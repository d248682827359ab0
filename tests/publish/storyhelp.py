"""The seed story with four real photos (tests/fixtures/photos, licences in its README)."""

from __future__ import annotations

import json
from pathlib import Path

from desk.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = FIXTURES / "seed" / "expected.json"
PHOTOS = [
    FIXTURES / "photos" / name
    for name in (
        "01_iptc-ref-2017.1.jpg",
        "03_pillow-iptc-budapest.jpg",
        "04_gps-nikon-coolpix-p6000.jpg",
        "06_orientation-6-rotate90cw.jpg",
    )
]
STANDFIRST = (
    "Jihadists and allied rebels pulled back from Khan Sheikhun as Syrian government forces "
    "pressed an offensive on the Idlib region."
)


def seed_expected() -> dict:
    """The seed story as a correct import yields it."""
    return json.loads(SEED.read_text(encoding="utf-8"))


def seed_story(store: Store, status: str = "ready", slug: str | None = None) -> str:
    """Create the seed story (29 paragraphs, 2 subheads, tags) with four real photos placed
    where the seed's figures are, each with caption, credit and alt text; return its slug."""
    expected = seed_expected()
    values: dict = {
        "headline": expected["headline"],
        "byline": expected["byline_as_published"],
        "authors": expected["authors"],
        "dateline": expected["dateline"],
        "section": expected["section"],
        "agency": expected["agency"],
        "standfirst": STANDFIRST,
        "status": status,
    }
    if slug:
        values["slug"] = slug
    article = store.articles.create(**values)
    blocks = [b for b in expected["blocks"] if b["type"] == "figure"]
    ids = []
    for n, (block, path) in enumerate(zip(blocks, PHOTOS, strict=True)):
        photo = store.photos.add(path)
        figure = store.figures.add(
            article.id,
            photo.id,
            caption=block["caption"],
            credit=block.get("credit") or "AFP",
            alt=f"Photo {n + 1}: {block['caption'][:60]}",
            place=None,
        )
        ids.append(figure.id)
    parts, figures = [], iter(ids)
    for block in expected["blocks"]:
        if block["type"] == "paragraph":
            parts.append(block["text"])
        elif block["type"] == "subhead":
            parts.append("## " + block["text"])
        else:
            parts.append(f"![](figure:{next(figures)})")
    store.articles.update(article.id, body_md="\n\n".join(parts))
    store.tags.tag(article.id, expected["tags"])
    return store.articles.get(article.id).slug
