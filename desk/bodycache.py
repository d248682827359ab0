"""Rendered story bodies kept on disk, so re-exporting a site renders only what changed.

Rendering Markdown is most of a site export's time (benchmarks/site_export.py); a newsroom
exports the site again after every story, when all but one body are as they were. A body's
HTML blocks are stored under <store>/cache/bodies/ by a key over everything that makes them:
the Markdown, the HTML of the figures it places, and the renderer itself (the source of
desk/render.py and the versions of Python-Markdown, pymdown-extensions and nh3). The cache is
safe to delete; a file that cannot be read or written is rendered again, never an error.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

FOLDER = "bodies"
FORMAT = 1


@functools.cache
def renderer_key() -> str:
    """What changes the HTML a body renders to, besides the body: the renderer's code and deps."""
    import desk.render

    parts = [str(FORMAT), Path(desk.render.__file__).read_text(encoding="utf-8")]
    for dist in ("Markdown", "pymdown-extensions", "nh3"):
        try:
            parts.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}=?")
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def body_key(body_md: str, figures: dict[int, str], notes: str = "strip") -> str:
    """The cache key of a body rendered with these figures' HTML (figure id -> HTML)."""
    digest = hashlib.sha256()
    for part in (renderer_key(), notes, body_md, json.dumps(sorted(figures.items()))):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def cached_blocks(
    cache_dir: Path | str, key: str, render: Callable[[], list[str]]
) -> tuple[list[str], bool]:
    """The body's HTML blocks from the cache, else render() them and keep them; (blocks, hit)."""
    path = Path(cache_dir) / FOLDER / key[:2] / f"{key}.json"
    try:
        blocks = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(blocks, list) and all(isinstance(b, str) for b in blocks):
            return blocks, True
    except (OSError, ValueError):
        pass
    blocks = render()
    _keep(path, json.dumps(blocks, ensure_ascii=False))
    return blocks, False


def _keep(path: Path, text: str) -> None:
    """Write a cache file whole (temporary name, then renamed); give up quietly if we cannot."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError:
        return  # a read-only or full cache folder: the body is simply rendered next time
