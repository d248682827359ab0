"""Importers: one module per format, each registered here; detection, parsing and a batch import.

detect(path, head) -> format name        (from content first, then the file's name)
parse(path, fmt="auto") -> [ImportedStory] (pure: no store)
import_files(store, paths, fmt="auto") -> [ImportResult] (one transaction per story)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desk.errors import DeskError
from desk.importers.base import (
    FORMATS,
    HEAD_BYTES,
    MB,
    Format,
    ImportedFigure,
    ImportedStory,
    fail,
    register,
)
from desk.importers.clean import tidy_story
from desk.text import binary_problem

if TYPE_CHECKING:
    from desk.store import Store

__all__ = [
    "FORMATS",
    "Format",
    "ImportResult",
    "ImportedFigure",
    "ImportedStory",
    "detect",
    "expand",
    "import_files",
    "parse",
    "register",
]

# Files skipped when a whole folder is imported: photos and a saved page's scripts and styles.
ASSET_SUFFIXES = {
    *(".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff", ".heic", ".avif", ".svg"),
    *(".css", ".js", ".mjs", ".map", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".ico"),
}
# A browser's "save complete page" folder beside the page ("Page_files", "Seite-Dateien").
_SAVED_PAGE_FOLDER = re.compile(r"(_files|-Dateien|_fichiers|_archivos)$", re.IGNORECASE)


@dataclass
class ImportResult:
    """What importing one file gave: the stories made (slug, id), or why it failed."""

    path: Path
    slugs: list[str] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)
    error: str = ""
    duplicate_of: list[str] = field(default_factory=list)  # stories it made before (not errors)

    @property
    def ok(self) -> bool:
        """True when the file imported without error."""
        return not self.error


def format_names() -> list[str]:
    """Registered format names, for `--format` and the import dialog."""
    return sorted(FORMATS)


# Files that are clearly something else, named so the message can say what they are.
SIGNATURES = (
    (b"%PDF-", "a PDF document (export it as text, HTML or .docx first)"),
    (b"\x89PNG", "a photo (add it to a story: Add Photos…, or desk image add SLUG FILE)"),
    (b"\xff\xd8\xff", "a photo (add it to a story: Add Photos…, or desk image add SLUG FILE)"),
    (b"GIF8", "an image (add it to a story: Add Photos…, or desk image add SLUG FILE)"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Office file (save it as .docx first)"),
    (b"PK\x03\x04", "a zip archive that is not a Word document"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3", "a database"),
)


def known_other(head: bytes) -> str:
    """What a file is when its first bytes say it is not a story; '' when they don't."""
    for magic, what in SIGNATURES:
        if head.startswith(magic):
            return what
    return ""


def detect(path: Path, head: bytes) -> str:
    """The format of a file, judged from its first bytes and its name; raise if none fits."""
    scores = [(fmt.sniff(path, head), name) for name, fmt in FORMATS.items()]
    score, name = max(scores, default=(0, ""))
    other = known_other(head)
    if other and not (name == "docx" and score > 0):  # a PDF's text head is no wire story
        raise fail(path, f"this is {other}, not a story", "choose a story file")
    if score > 0:
        return name
    problem = binary_problem(head)
    if problem:  # the one rule for text (desk.text), as `desk new --body-file` applies it
        raise fail(
            path,
            f"this is not a story file Desk can read: {problem}",
            "import text, Markdown, HTML, ninjs JSON, NewsML-G2, IPTC 7901, ANPA or .docx",
        )
    raise fail(path, "Desk does not recognise this file's format", "try --format")


def size_of(path: Path) -> int:
    """The file's size in bytes, or a clear error when it cannot be read."""
    try:
        return path.stat().st_size
    except OSError as exc:
        raise fail(path, f"the file cannot be read ({exc.strerror})", "check the path") from None


def check_size(path: Path, size: int, limit: int) -> None:
    """Refuse a file over the limit (by its size, before reading it) or an empty one."""
    if size > limit:
        raise fail(
            path,
            f"the file is {size // MB} MB, more than the {limit // MB} MB Desk imports",
            "check that it is a story, or split it",
        )
    if size == 0:
        raise fail(path, "the file is empty", "check that it is the story you meant")


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a clear error."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise fail(path, f"the file cannot be read ({exc.strerror})", "check it") from None


def parse(path: Path | str, fmt: str = "auto") -> list[ImportedStory]:
    """Parse one file into stories (no store involved); raise ImportFailed with one sentence."""
    path = Path(path)
    if path.is_dir():
        raise fail(path, "this is a folder", "import the files in it (desk import FOLDER)")
    chosen = FORMATS.get(fmt) if fmt != "auto" else None
    if fmt != "auto" and chosen is None:
        raise fail(path, f"there is no import format '{fmt}'", "use " + ", ".join(FORMATS))
    size = size_of(path)
    check_size(path, size, chosen.max_bytes if chosen else max_bytes())
    if chosen is None:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
        chosen = FORMATS[detect(path, head)]
        check_size(path, size, chosen.max_bytes)
    data = read_bytes(path)
    problem = binary_problem(data) if chosen.text else ""
    if problem:  # the one rule for text (desk.text), as `desk new --body-file` applies it
        raise fail(path, f"this is not a story file Desk can read: {problem}", "check the file")
    try:
        stories = chosen.parse(path, data)
    except DeskError:
        raise
    except Exception as exc:  # a parser's bug or a library's surprise: one error for this file
        raise fail(
            path, f"it could not be read as {chosen.label} ({type(exc).__name__})", "check it"
        ) from None
    if not stories:
        raise fail(path, f"no story was found in it as {chosen.label}", "check it")
    return _stamp([tidy_story(s) for s in stories], path, data, chosen.name)


def max_bytes() -> int:
    """The largest file any format accepts."""
    return max(f.max_bytes for f in FORMATS.values())


def _stamp(stories: list[ImportedStory], path: Path, data: bytes, name: str) -> list[ImportedStory]:
    """Give each story its source key (content hash, plus its place in a multi-story file)."""
    import hashlib

    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    for index, story in enumerate(stories):
        story.source = digest if len(stories) == 1 else f"{digest}#{index + 1}"
        story.origin = str(path)
        story.format = story.format or name
    return stories


def is_story_file(relative: Path) -> bool:
    """False for hidden files, photos, and a saved page's assets, when a folder is imported."""
    if any(p.startswith(".") for p in relative.parts):
        return False
    if any(_SAVED_PAGE_FOLDER.search(p) for p in relative.parts[:-1]):
        return False
    return relative.suffix.lower() not in ASSET_SUFFIXES


def _page_beside_ninjs(path: Path) -> bool:
    """True for an exported page (index.html) whose article.json beside it is the same story."""
    return path.name.lower() == "index.html" and (path.parent / "article.json").is_file()


def expand(paths: Iterable[Path | str]) -> list[Path]:
    """Files to import: files as given, folders as their story files (sorted, hidden skipped)."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if child.is_file() and is_story_file(relative) and not _page_beside_ninjs(child):
                    out.append(child)
        else:
            out.append(path)
    return out


Progress = Callable[[int, int, Path], None]


def named(path: Path, message: str) -> str:
    """An error sentence that starts with the file's name."""
    return message if message.startswith(path.name) else f"{path.name}: {message}"


def import_files(
    store: Store,
    paths: Iterable[Path | str],
    fmt: str = "auto",
    again: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[ImportResult]:
    """Import files (folders expanded) one story per transaction; errors are per file."""
    from desk.importers.commit import AlreadyImported, commit_story

    files = expand(paths)
    results: list[ImportResult] = []
    for index, path in enumerate(files):
        if cancelled and cancelled():
            break
        if progress:
            progress(index, len(files), path)
        result = ImportResult(path)
        results.append(result)
        try:
            stories = parse(path, fmt)
        except DeskError as exc:
            result.error = named(path, str(exc))
            continue
        errors: list[str] = []
        for story in stories:  # one transaction each: a failed story leaves the others made
            try:
                article = commit_story(store, story, again=again)
            except AlreadyImported as exc:  # in already (an earlier run was interrupted)
                result.duplicate_of.extend(exc.slugs)
            except DeskError as exc:
                errors.append(named(path, str(exc)))
            else:
                result.slugs.append(article.slug)
                result.ids.append(int(article.id or 0))
        result.error = " ".join(dict.fromkeys(errors))
    if progress:
        progress(len(files), len(files), Path())
    return results


# Formats register themselves when imported; order does not matter (detection scores decide).
from desk.importers import (  # noqa: E402, F401
    anpa1312,
    docx,
    iptc7901,
    markdown,
    newsmlg2,
    ninjs,
    nitf,
    webpage,
    wire,
)
