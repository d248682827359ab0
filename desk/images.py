"""Photos with Pillow: open a file safely, read what it is, turn it upright, make thumbnails.

Pure Python (no Qt): the store, the CLI, the export and the UI's worker threads all call it.
Metadata reading lives in desk.photometa; `inspect_bytes()` combines both for an import.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from desk.errors import BadImage
from desk.photometa import empty_metadata, read_metadata

try:  # HEIC/HEIF only where the optional pillow-heif extra is installed
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIF_AVAILABLE = True
except ImportError:  # pragma: no cover - depends on the machine
    HEIF_AVAILABLE = False

# Pillow format name -> the extension the original is stored under.
SUPPORTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "TIFF": "tif"}
if HEIF_AVAILABLE:
    SUPPORTED_FORMATS["HEIF"] = "heic"
# File name patterns for open dialogs.
FILE_PATTERNS = ["*.jpg", "*.jpeg", "*.png", "*.webp", "*.tif", "*.tiff"] + (
    ["*.heic", "*.heif"] if HEIF_AVAILABLE else []
)
THUMB_DIR = "thumbs"


@dataclass
class ImageInfo:
    """What an import learns about a photo file before storing it."""

    sha256: str
    format: str  # Pillow's name: JPEG, PNG, WEBP, TIFF, HEIF
    ext: str  # stored extension: jpg, png, webp, tif, heic
    width: int  # as displayed (EXIF orientation applied)
    height: int
    size_bytes: int
    metadata: dict[str, Any] = field(default_factory=empty_metadata)


def read_file(path: Path) -> bytes:
    """A photo file's bytes, or BadImage saying why it cannot be read."""
    name = path.name or str(path)
    try:
        if path.is_dir():
            raise BadImage(f"{name} is a folder, not a photo; choose the photo files inside it.")
        data = path.read_bytes()
    except FileNotFoundError:
        raise BadImage(
            f"There is no file {path}; check its name and folder (it may have been moved or "
            "deleted)."
        ) from None
    except PermissionError:
        raise BadImage(f"{name} cannot be read (permission denied); check the file.") from None
    except OSError as exc:
        raise BadImage(f"{name} could not be read ({exc.strerror}); check the file.") from None
    if not data:
        raise BadImage(f"{name} is empty (0 bytes); it was not copied completely, fetch it again.")
    return data


def inspect_bytes(data: bytes, name: str) -> ImageInfo:
    """Verify data is a whole, supported, sane photo and read its size and metadata."""
    image = open_verified(data, name)
    try:
        metadata = read_metadata(image)
        width, height = image.size
        if metadata["orientation"] in (5, 6, 7, 8):
            width, height = height, width
        fmt = str(image.format)
        return ImageInfo(
            sha256=hashlib.sha256(data).hexdigest(),
            format=fmt,
            ext=SUPPORTED_FORMATS[fmt],
            width=width,
            height=height,
            size_bytes=len(data),
            metadata=metadata,
        )
    finally:
        image.close()


def inspect_file(path: Path | str) -> ImageInfo:
    """inspect_bytes() for a file on disk."""
    path = Path(path)
    return inspect_bytes(read_file(path), path.name)


@dataclass
class PreparedPhoto:
    """A photo file read and verified, ready for Photos.add_prepared() (which only copies)."""

    data: bytes
    info: ImageInfo
    name: str
    staged: bool = False  # its original was already copied into media/ (stage_original)


def prepare_photo(path: Path | str, name: str | None = None) -> PreparedPhoto:
    """Read, hash, verify and read the metadata of a photo file: the slow part of adding it.

    Pure and thread-safe, so the UI runs it in a worker and adds the result on its own thread.
    """
    path = Path(path)
    label = name or path.name
    data = read_file(path)
    return PreparedPhoto(data, inspect_bytes(data, label), label)


def open_verified(data: bytes, name: str) -> Image.Image:
    """Open and fully decode a photo once, so bombs, truncation and odd formats fail here."""
    image = _open(data, name)
    if image.format not in SUPPORTED_FORMATS:
        kind = image.format or "unknown"
        image.close()
        heic = "" if HEIF_AVAILABLE else " (HEIC needs the optional pillow-heif)"
        raise BadImage(
            f"{name} is a {kind} image, which Desk does not take{heic}; "
            "save it as JPEG, PNG, WebP or TIFF and add it again."
        )
    try:
        with _bombs_are_errors():
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        image.close()
        raise _bomb(name, image.size) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        image.close()
        raise _damaged(name, exc) from None
    return image


def _damaged(name: str, exc: BaseException) -> BadImage:
    """The error for a file Pillow recognised but could not decode."""
    if "truncated" in str(exc).lower():
        return BadImage(
            f"{name} is cut short (truncated): the file was not copied or downloaded "
            "completely; fetch it again."
        )
    return BadImage(f"{name} is damaged and cannot be decoded ({exc}); ask for the file again.")


def _open(data: bytes, name: str) -> Image.Image:
    """Image.open with decompression bombs and unknown formats as BadImage."""
    try:
        with _bombs_are_errors():
            return Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _bomb(name, None) from None
    except UnidentifiedImageError:
        raise BadImage(
            f"{name} is not an image Desk can read; check it is a JPEG, PNG, WebP or TIFF photo."
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _damaged(name, exc) from None


@contextlib.contextmanager
def _bombs_are_errors():  # -> Iterator[None]
    """Treat Pillow's decompression-bomb warning (over MAX_IMAGE_PIXELS) as an error."""
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _bomb(name: str, size: tuple[int, int] | None) -> BadImage:
    """The error for a file claiming more pixels than is safe to decode."""
    limit = (Image.MAX_IMAGE_PIXELS or 0) // 1_000_000
    dims = f" ({size[0]}x{size[1]})" if size else ""
    return BadImage(
        f"{name} claims too many pixels{dims}, over the {limit}-megapixel safety limit "
        "(possibly a decompression bomb); it was not added, ask for a normal-sized photo."
    )


# -- orientation and thumbnails -----------------------------------------------------------------


def upright(image: Image.Image) -> Image.Image:
    """The image turned as its EXIF orientation says (a new image; orientation tag reset)."""
    try:
        return ImageOps.exif_transpose(image)
    except Exception:
        return image.copy()


def open_upright(path: Path | str, size: int | None = None) -> Image.Image:
    """Open a stored photo upright, decoded at reduced size (JPEG draft) when size is given."""
    with Image.open(path) as image:  # stored photos passed open_verified() on import
        if size and image.format == "JPEG":
            image.draft("RGB", (size, size))
        image.load()
        return upright(image)


def thumbnail_path(store_root: Path | str, sha256: str, size: int) -> Path:
    """Where a photo's thumbnail of this size is cached."""
    return Path(store_root) / "cache" / THUMB_DIR / str(size) / sha256[:2] / f"{sha256}.png"


def make_thumbnail(store_root: Path | str, photo: Any, size: int = 256) -> Path:
    """A cached thumbnail (longest side `size`, upright, sRGB PNG); made once, then reused.

    `photo` is a desk.model.Photo (anything with .sha256 and .path relative to the store).
    Safe to call from a worker thread: the file appears atomically.
    """
    target = thumbnail_path(store_root, photo.sha256, size)
    if target.exists():
        return target
    source = Path(store_root) / photo.path
    try:
        image = open_upright(source, size)
    except FileNotFoundError:
        raise BadImage(
            f"The original of {photo.path} is missing from the store; add the photo again."
        ) from None
    except (OSError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise BadImage(f"{photo.path} could not be read for a thumbnail ({exc}).") from None
    image.thumbnail((size, size), Image.Resampling.LANCZOS)
    image = to_display_mode(image)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            image.save(fh, "PNG", optimize=False, compress_level=1)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return target


def to_display_mode(image: Image.Image) -> Image.Image:
    """RGB, or RGBA when the photo has transparency (CMYK, palette and 16-bit converted)."""
    if image.mode in ("RGB", "RGBA"):
        return image
    has_alpha = image.mode in ("LA", "PA") or "transparency" in image.info
    if image.mode == "P" and has_alpha:
        return image.convert("RGBA")
    return image.convert("RGBA" if has_alpha else "RGB")
