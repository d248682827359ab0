"""Helpers for the export tests: generated photos, the seed story, and an HTML inspector."""

from __future__ import annotations

import json
import random
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from PIL import Image, ImageDraw

from desk.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = FIXTURES / "seed" / "expected.json"
GPS_PHOTO = FIXTURES / "export" / "04_gps-nikon-coolpix-p6000.jpg"


def make_photo(
    path: Path,
    size: tuple[int, int] = (1200, 800),
    seed: int = 1,
    exif: Image.Exif | None = None,
    mode: str = "RGB",
) -> Path:
    """A photo-like JPEG (gradient, shapes and noise) at path."""
    rng = random.Random(seed)
    w, h = size
    base = Image.linear_gradient("L").resize((w, h))
    r = base
    g = base.rotate(90).resize((w, h))
    b = Image.effect_noise((w, h), 40)
    image = Image.merge("RGB", (r, g, b))
    draw = ImageDraw.Draw(image)
    for _ in range(8):
        x, y = rng.randrange(w), rng.randrange(h)
        rad = rng.randrange(20, max(21, w // 6))
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.ellipse((x - rad, y - rad, x + rad, y + rad), fill=colour)
    if mode != "RGB":
        image = image.convert(mode)
    kwargs = {"quality": 88}
    if exif is not None:
        kwargs["exif"] = exif
    fmt = "PNG" if path.suffix == ".png" else "JPEG"
    if fmt == "PNG":
        kwargs = {}
    image.save(path, fmt, **kwargs)
    return path


def serial_exif() -> Image.Exif:
    """EXIF with a camera and lens serial number, an owner name and a GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "Canon EOS R5"
    sub = exif.get_ifd(0x8769)
    sub[0xA431] = "SN-0123456789"
    sub[0xA435] = "LENS-987654"
    sub[0xA430] = "Jane Owner"
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (33.0, 51.0, 54.0)
    gps[3] = "W"
    gps[4] = (70.0, 39.0, 3.0)
    return exif


def seed_expected() -> dict:
    """The seed story as a correct import yields it."""
    return json.loads(SEED.read_text(encoding="utf-8"))


def seed_body(expected: dict, figure_ids: list[int]) -> str:
    """The seed story's Markdown body, figures placed by id in their places."""
    parts = []
    ids = iter(figure_ids)
    for block in expected["blocks"]:
        if block["type"] == "paragraph":
            parts.append(block["text"])
        elif block["type"] == "subhead":
            parts.append("## " + block["text"])
        else:
            parts.append(f"![](figure:{next(ids)})")
    return "\n\n".join(parts)


def build_seed_story(store: Store, photo_dir: Path, status: str = "ready") -> str:
    """Create the seed story with generated photos for its figures; return its slug."""
    expected = seed_expected()
    article = store.articles.create(
        headline=expected["headline"],
        byline=expected["byline_as_published"],
        authors=expected["authors"],
        dateline=expected["dateline"],
        section=expected["section"],
        agency=expected["agency"],
        standfirst=(
            "Jihadists and allied rebels pulled back from Khan Sheikhun as Syrian government "
            "forces pressed an offensive on the Idlib region."
        ),
        status=status,
    )
    figure_blocks = [b for b in expected["blocks"] if b["type"] == "figure"]
    ids = []
    for n, block in enumerate(figure_blocks):
        path = make_photo(photo_dir / f"seed-photo-{n + 1}.jpg", seed=n + 1)
        photo = store.photos.add(path)
        figure = store.figures.add(
            article.id,
            photo.id,
            caption=block["caption"],
            credit=block.get("credit", "AFP"),
            alt=f"Photo {n + 1}: {block['caption'][:60]}",
            place=None,
        )
        ids.append(figure.id)
    store.articles.update(article.id, body_md=seed_body(expected, ids))
    store.db.conn.execute(
        "UPDATE articles SET published = ? WHERE id = ?", ["2019-08-20T09:30:00Z", article.id]
    )
    store.db.conn.commit()
    store.tags.tag(article.id, expected["tags"])
    return store.articles.get(article.id).slug


_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "--", "—": "---"})


def norm(text: str) -> str:
    """Text compared across the renderer's smart punctuation and whitespace."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES).replace("…", "...")
    return " ".join(text.split())


class Page(HTMLParser):
    """A parsed page: elements with attributes, and the text of chosen elements."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, list[str]] = {}
        self._stack: list[tuple[str, str]] = []  # (tag, key collecting text)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict | None = None
        self._script_text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag == "script":
            self._script = attributes
            self._script_text = []
        classes = (attributes.get("class") or "").split()
        key = None
        if tag in ("h1", "h2", "p", "figcaption", "li", "time"):
            key = tag
        for cls in ("caption", "credit", "author", "tag", "standfirst", "dateline"):
            if cls in classes:
                key = cls
        if tag not in ("img", "source", "meta", "link", "br", "hr", "input"):
            self._stack.append((tag, key or ""))
            if key:
                self.texts.setdefault(key, []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None
        while self._stack:
            open_tag, _ = self._stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
        seen = set()
        for _, key in reversed(self._stack):
            if key and key not in seen:
                seen.add(key)
                self.texts[key][-1] += data

    def all(self, key: str) -> list[str]:
        """Normalised texts of every element collected under key."""
        return [norm(t) for t in self.texts.get(key, [])]

    def find(self, tag: str) -> list[dict[str, str | None]]:
        """Attributes of every element with this tag."""
        return [a for t, a in self.elements if t == tag]


def body_section(html: str) -> str:
    """The HTML of the article body only."""
    m = re.search(r'<div class="article-body"[^>]*>(.*?)\n  </div>', html, re.S)
    assert m, "no article body in the page"
    return m.group(1)
