"""Complete copies of stories kept outside the store, so no slip loses a word.

A copy is written when a story is deleted (deleted/) and when the store refuses a story's
text as the window closes (rescued/). Each copy is one JSON file holding every field, the
figures with their captions, credits, alt text and photo hashes, and the tags
(desk.store.stories.Stories.snapshot), under a unique name. It goes to the configuration
folder, or, when that disk is full or read-only, to the first other place with room (the
temporary folder, the home folder); it is written under a temporary name and renamed when
whole, so a full disk never leaves an empty "copy". `desk restore-copy FILE` (and the window,
on its next start) bring one back.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from desk.clock import utc_now
from desk.errors import BadInput, DeskError
from desk.paths import config_dir

DELETED, RESCUED = "deleted", "rescued"
COPY_SUFFIX = ".story.json"


class CopyFailed(DeskError):
    """No place would take the copy (every disk full or read-only)."""


def copy_of_values(values: dict[str, Any], article_id: int | None) -> dict[str, Any]:
    """A copy from the editor's fields alone, for when the store cannot even be read."""
    from desk.store.stories import COPY_FORMAT, COPY_VERSION

    story = dict(values)
    story["id"] = article_id
    return {
        "format": COPY_FORMAT,
        "version": COPY_VERSION,
        "saved": utc_now(),
        "story": story,
        "figures": [],
        "tags": [],
    }


def story_copy(store: Any, article_id: int | None, values: dict[str, Any]) -> dict[str, Any]:
    """The fullest copy there is: the store's story with the editor's values laid over it,
    or the editor's values alone when the store cannot be read."""
    if article_id is not None:
        try:
            return store.stories.snapshot(article_id, values)
        except DeskError:
            pass
    return copy_of_values(values, article_id)


def places(kind: str) -> list[Path]:
    """Where a copy may go, best first: the config folder, the temp folder, the home folder."""
    candidates = [config_dir() / kind, Path(tempfile.gettempdir()) / "desk" / kind]
    with contextlib.suppress(RuntimeError):
        candidates.append(Path.home() / f"Desk {kind} stories")
    return candidates


def write_copy(copy: dict[str, Any], kind: str, folders: Iterable[Path] | None = None) -> Path:
    """Write a story copy under a unique name in the first folder that takes it whole."""
    data = (json.dumps(copy, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    name = _file_name(copy)
    reasons = []
    for folder in folders or places(kind):
        try:
            return _write_whole(folder, name, data)
        except OSError as exc:
            reasons.append(f"{folder}: {exc.strerror or exc}")
    raise CopyFailed(
        "The story could not be copied anywhere (" + "; ".join(reasons) + "); "
        "save the text elsewhere before closing."
    )


def read_copy(path: Path | str) -> dict[str, Any]:
    """A copy written by write_copy(), or BadInput saying why it cannot be used."""
    path = Path(path)
    try:
        copy = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BadInput(f"{path.name} cannot be read as a story copy ({exc}).") from None
    if not isinstance(copy, dict) or not isinstance(copy.get("story"), dict):
        raise BadInput(f"{path.name} is not a copy of a Desk story; choose a file Desk wrote.")
    return copy


def copies(kind: str) -> list[Path]:
    """Copies of this kind in every place they may be, newest first."""
    found: list[Path] = []
    for folder in places(kind):
        with contextlib.suppress(OSError):
            found.extend(folder.glob(f"*{COPY_SUFFIX}"))
    return sorted(found, key=lambda p: p.name, reverse=True)


def _file_name(copy: dict[str, Any]) -> str:
    """'20261201-213005-anti-assad-fighters.story.json' (made unique on writing)."""
    story = copy.get("story") or {}
    headline = str(story.get("headline") or story.get("slug") or "untitled")
    stem = re.sub(r"[^\w-]+", "-", headline.lower()).strip("-")[:60] or "untitled"
    return f"{datetime.now():%Y%m%d-%H%M%S}-{stem}"


def _write_whole(folder: Path, stem: str, data: bytes) -> Path:
    """Write data to folder/stem(-N).story.json: temp file, fsync, then a rename that never
    replaces another copy."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".copy-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        for n in range(1, 1000):
            target = folder / (stem + (f"-{n}" if n > 1 else "") + COPY_SUFFIX)
            try:
                os.link(tmp, target)  # fails if the name is taken: never overwrite a copy
            except FileExistsError:
                continue
            except OSError:
                if target.exists():
                    continue
                os.replace(tmp, target)  # a file system without hard links
                return target
            os.unlink(tmp)
            return target
        raise OSError("no free file name")
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
