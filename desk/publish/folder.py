"""An ingest folder (Superdesk's file feed, or any poller): the story as one ninjs or
NewsML-G2 file with its renditions beside it.

<folder>/<slug>.json (or .xml) and <folder>/<slug>/images/<name>-<width>w.{jpg,webp}. The
renditions go in first; the document is written under a hidden temporary name and renamed
when whole, so a poller never reads half a file nor a story whose photos are not there yet.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from desk import ninjs
from desk.errors import PublishFailed, TargetUnreachable
from desk.export import Built, Staging, copy_images, place
from desk.publish import newsml
from desk.publish.records import Publication
from desk.publish.targets import Target
from desk.publish.wordpress import Delivered

SUFFIXES = {"ninjs": ".json", "newsml": ".xml"}


def document(built: Built, fmt: str) -> bytes:
    """The story in the folder's format, renditions addressed beside it (<slug>/images/...)."""
    prefix = f"{built.story.article.slug}/"
    if fmt == "newsml":
        return newsml.news_message(built, prefix)
    doc = ninjs.story_document(built.story, built.views, built.context, href_prefix=prefix)
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def publish(built: Built, target: Target, publication: Publication | None = None) -> Delivered:
    """Write the story into the target's folder; a folder that is not there waits (queued).
    A copy written earlier under another slug (and not taken by the poller yet) goes."""
    out = Path(target.path)
    if not out.is_dir():
        raise TargetUnreachable(
            f"the folder {out} is not there (is its drive or network share connected?)"
        )
    slug = built.story.article.slug
    target_file = out / f"{slug}{SUFFIXES[target.format]}"
    data = document(built, target.format)
    try:
        with Staging(out) as staging:
            assets = staging.path / slug
            assets.mkdir()
            copy_images(built, assets)
            place(assets, out / slug)
            part = staging.path / f".{target_file.name}.part"
            with open(part, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            place(part, target_file)
    except OSError as exc:
        raise PublishFailed(
            f"'{slug}' could not be written to {out} ({exc.strerror or exc}); "
            "check that the folder is writable and has free space"
        ) from None
    if publication is not None and publication.remote_id:
        _remove_old(Path(publication.remote_id), target_file)
    return Delivered(str(target_file), str(target_file), "written", photos=len(built.views))


def _remove_old(old: Path, new: Path) -> None:
    """Remove an earlier copy (document and renditions) left under another name."""
    if old == new or old.parent != new.parent or not old.is_file():
        return
    try:
        old.unlink()
        shutil.rmtree(old.with_suffix(""), ignore_errors=True)
    except OSError:
        pass  # the poller took it meanwhile, or it is not ours to remove
