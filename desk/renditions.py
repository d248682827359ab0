"""Web renditions of photos: sRGB, orientation applied, private metadata gone, credits embedded.

Each photo is decoded once (with JPEG draft scaling to the largest size needed), then scaled
down step by step from the largest rendition to the smallest, and each size is encoded as JPEG
and WebP. Files are cached under <store>/cache/renditions/ by (photo sha256, width, format,
settings, embedded metadata), so a re-export copies files instead of decoding anything.
Fresh files are written without the original's EXIF or XMP: only the pixels and the credits
(creator, credit, copyright, caption, alt text, extended description and IPTC's Digital Source
Type as XMP, and IPTC IIM in JPEG) travel.
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import (
    Executor,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    as_completed,
)
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from PIL import Image, ImageCms, ImageOps

from desk.config import ExportSettings
from desk.errors import ExportFailed

FORMATS = ("webp", "jpeg")
EXTENSIONS = {"jpeg": "jpg", "webp": "webp"}
CONTENT_TYPES = {"jpeg": "image/jpeg", "webp": "image/webp"}
CACHE_VERSION = "1"
# Above this many source pixels still to render, worker processes pay for their start-up.
PROCESS_PIXELS = 16_000_000

# EXIF tags that tell more about the photographer than the picture.
_PRIVATE_EXIF = {
    0xA431: "camera serial number",
    0xA435: "lens serial number",
    0x927C: "maker notes",
    0xA430: "owner name",
    0xC62F: "camera serial number",
}
_PRIVATE_IFD0 = {0xC62F: "camera serial number"}
_PRIVATE_XMP = {
    b"SerialNumber": "camera serial number",
    b"LensSerialNumber": "lens serial number",
    b"OwnerName": "owner name",
    b"xmpMM:History": "editing history",
    b"photoshop:History": "editing history",
    b"GPSLatitude": "GPS position",
}


class ExportCancelled(ExportFailed):
    """The user cancelled an export."""


NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "Iptc4xmpExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)


@dataclass(frozen=True)
class Credits:
    """What a rendition carries about its photo: who made it and what it shows."""

    creators: tuple[str, ...] = ()
    credit: str = ""
    copyright: str = ""
    caption: str = ""
    alt: str = ""
    extended: str = ""  # IPTC Extended Description (Accessibility)
    source_type: str = ""  # IPTC Digital Source Type, its full URI

    def digest(self) -> str:
        """A short hash, so a changed caption or credit makes new cached files."""
        fields: list[object] = [
            list(self.creators),
            self.credit,
            self.copyright,
            self.caption,
            self.alt,
        ]
        if self.extended or self.source_type:  # older cached files keep their names
            fields += [self.extended, self.source_type]
        data = json.dumps(fields)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True)
class Rendition:
    """One encoded size of one photo, in the cache."""

    width: int
    height: int
    format: str
    path: Path

    @property
    def extension(self) -> str:
        """File extension without the dot."""
        return EXTENSIONS[self.format]

    @property
    def content_type(self) -> str:
        """Its media type."""
        return CONTENT_TYPES[self.format]


@dataclass
class PhotoJob:
    """A photo to prepare for the web."""

    source: Path
    sha256: str
    width: int  # as displayed, orientation applied
    height: int
    credits: Credits = field(default_factory=Credits)
    label: str = ""  # how the report names it, e.g. the original file name


@dataclass
class PhotoResult:
    """The renditions made (or found) for one photo, and what private data was left behind."""

    job: PhotoJob
    renditions: list[Rendition]
    removed: list[str]
    cached: bool

    def report(self) -> str:
        """One line for the privacy report, or '' when there was nothing private."""
        if not self.removed:
            return ""
        return f"{self.job.label or self.job.source.name}: removed " + ", ".join(self.removed)


def target_widths(width: int, widths: Iterable[int]) -> list[int]:
    """Configured widths up to the original's; the original width caps a smaller set."""
    chosen = sorted({w for w in widths if w < width})
    if width <= max(widths, default=width):
        chosen.append(width)
    else:
        chosen.append(max(widths))
    return sorted(set(chosen))


def scaled_height(width: int, height: int, target: int) -> int:
    """The height that keeps the aspect ratio at a target width."""
    return max(1, round(height * target / width))


def plan(job: PhotoJob, settings: ExportSettings, cache_root: Path) -> list[Rendition]:
    """The renditions a photo gets and where each lives in the cache."""
    key = f"{settings.rendition_key()}-{job.credits.digest()}-v{CACHE_VERSION}"
    folder = cache_root / job.sha256[:2]
    out = []
    for w in target_widths(job.width, settings.widths):
        h = scaled_height(job.width, job.height, w)
        for fmt in FORMATS:
            name = f"{job.sha256[:20]}-{w}-{key}.{EXTENSIONS[fmt]}"
            out.append(Rendition(w, h, fmt, folder / name))
    return out


def privacy_findings(source: Path) -> list[str]:
    """What the original carries that no exported file may: GPS, serials, maker notes ..."""
    found: list[str] = []
    try:
        with Image.open(source) as im:
            exif = im.getexif()
            xmp = im.info.get("xmp") or b""
            if isinstance(xmp, str):
                xmp = xmp.encode("utf-8", "ignore")
            if exif.get_ifd(0x8825) or 0x8825 in exif:
                found.append("GPS position")
            for tag, what in _PRIVATE_IFD0.items():
                if _has_value(exif.get(tag)):
                    found.append(what)
            sub = exif.get_ifd(0x8769)
            for tag, what in _PRIVATE_EXIF.items():
                if _has_value(sub.get(tag)):
                    found.append(what)
            for needle, what in _PRIVATE_XMP.items():
                if needle in xmp:
                    found.append(what)
    except (OSError, SyntaxError, ValueError):
        return []
    return list(dict.fromkeys(found))


def _has_value(value: object) -> bool:
    """True for a tag holding something other than blanks or zero bytes."""
    if value is None:
        return False
    if isinstance(value, bytes):
        return bool(value.strip(b"\x00 "))
    return bool(str(value).strip())


def make_renditions(job: PhotoJob, settings: ExportSettings, cache_root: Path) -> PhotoResult:
    """Make the photo's missing renditions (all from one decode) and return every one."""
    wanted = plan(job, settings, cache_root)
    removed = privacy_findings(job.source)
    missing = [r for r in wanted if not r.path.exists()]
    if not missing:
        return PhotoResult(job, wanted, removed, cached=True)
    try:
        image = decode(job.source, max(r.width for r in missing), job.width, job.height)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ExportFailed(
            f"The photo {job.label or job.source.name} cannot be read ({exc}); "
            "replace it with another copy."
        ) from None
    background = _hex_colour(settings.background)
    xmp = xmp_packet(job.credits)
    iim = iim_block(job.credits)
    current = image
    for w in sorted({r.width for r in missing}, reverse=True):
        h = scaled_height(job.width, job.height, w)
        if current.size != (w, h):
            current = current.resize((w, h), Image.Resampling.LANCZOS)
        for rendition in (r for r in missing if r.width == w):
            data = encode(current, rendition.format, settings, background, xmp, iim)
            _write_atomic(rendition.path, data)
    return PhotoResult(job, wanted, removed, cached=False)


def decode(source: Path, largest: int, width: int, height: int) -> Image.Image:
    """Open once, let the JPEG decoder scale down for free, apply orientation, go to sRGB."""
    with Image.open(source) as im:
        orientation = im.getexif().get(0x0112, 1)
        icc = im.info.get("icc_profile")
        if im.format == "JPEG" and largest < width:
            need = (largest, scaled_height(width, height, largest))
            if orientation in (5, 6, 7, 8):
                need = (need[1], need[0])
            im.draft(im.mode if im.mode in ("RGB", "L", "CMYK") else None, need)
        im.load()
        image = ImageOps.exif_transpose(im)
    image = to_srgb(image, icc)
    image.info = {}
    return image


_SRGB = ImageCms.createProfile("sRGB")


def to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Pixels in sRGB, as RGB or (when there is transparency) RGBA."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    target = "RGBA" if has_alpha else "RGB"
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            out_mode = target if image.mode != "CMYK" else "RGB"
            converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=out_mode)
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: fall back to a plain conversion
    if image.mode != target:
        image = image.convert(target)
    return image


def encode(
    image: Image.Image,
    fmt: str,
    settings: ExportSettings,
    background: tuple[int, int, int],
    xmp: bytes,
    iim: bytes,
) -> bytes:
    """One rendition's bytes: no EXIF, credits as XMP (and IIM for JPEG)."""
    buffer = io.BytesIO()
    if fmt == "webp":
        image.save(buffer, "WEBP", quality=settings.webp_quality, method=4, xmp=xmp)
        return buffer.getvalue()
    if image.mode == "RGBA":
        flat = Image.new("RGB", image.size, background)
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    image.save(
        buffer, "JPEG", quality=settings.jpeg_quality, progressive=True, optimize=True, xmp=xmp
    )
    return insert_app13(buffer.getvalue(), iim)


def xmp_packet(credits: Credits) -> bytes:
    """An XMP packet with creator, credit, copyright, caption, the IPTC alt text and extended
    description, and the Digital Source Type (how the picture was made: an AI-generated one
    stays marked as such wherever the file goes)."""
    rdf, dc, ps, iptc = NS["rdf"], NS["dc"], NS["photoshop"], NS["Iptc4xmpCore"]
    root = ET.Element(f"{{{NS['x']}}}xmpmeta")
    rdf_el = ET.SubElement(root, f"{{{rdf}}}RDF")
    desc = ET.SubElement(rdf_el, f"{{{rdf}}}Description", {f"{{{rdf}}}about": ""})
    if credits.creators:
        seq = ET.SubElement(ET.SubElement(desc, f"{{{dc}}}creator"), f"{{{rdf}}}Seq")
        for name in credits.creators:
            ET.SubElement(seq, f"{{{rdf}}}li").text = name
    for tag, value in (
        (f"{{{dc}}}rights", credits.copyright),
        (f"{{{dc}}}description", credits.caption),
        (f"{{{iptc}}}AltTextAccessibility", credits.alt),
        (f"{{{iptc}}}ExtDescrAccessibility", credits.extended),
    ):
        if value:
            alt = ET.SubElement(ET.SubElement(desc, tag), f"{{{rdf}}}Alt")
            li = ET.SubElement(alt, f"{{{rdf}}}li", {"xml:lang": "x-default"})
            li.text = value
    if credits.credit:
        ET.SubElement(desc, f"{{{ps}}}Credit").text = credits.credit
    if credits.source_type:
        ET.SubElement(desc, f"{{{NS['Iptc4xmpExt']}}}DigitalSourceType").text = credits.source_type
    body = ET.tostring(root, encoding="unicode")
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>' + body + '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")


# IPTC IIM record 2 datasets.
IIM_BYLINE, IIM_CREDIT, IIM_COPYRIGHT, IIM_CAPTION = 80, 110, 116, 120
_IIM_LIMITS = {IIM_BYLINE: 32, IIM_CREDIT: 32, IIM_COPYRIGHT: 128, IIM_CAPTION: 2000}


def iim_block(credits: Credits) -> bytes:
    """IPTC IIM datasets (UTF-8 declared) for creator, credit, copyright and caption."""
    out = bytearray(b"\x1c\x01\x5a\x00\x03\x1b\x25\x47")  # 1:90 coded character set = UTF-8
    out += b"\x1c\x02\x00\x00\x02\x00\x04"  # 2:00 record version 4
    values = [(IIM_BYLINE, n) for n in credits.creators]
    values += [
        (IIM_CREDIT, credits.credit),
        (IIM_COPYRIGHT, credits.copyright),
        (IIM_CAPTION, credits.caption),
    ]
    for dataset, text in values:
        if not text:
            continue
        data = _utf8_cut(text, _IIM_LIMITS[dataset])
        out += b"\x1c\x02" + bytes([dataset]) + len(data).to_bytes(2, "big") + data
    return bytes(out)


def _utf8_cut(text: str, limit: int) -> bytes:
    """UTF-8 bytes of text, cut to limit bytes without splitting a character."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return data
    return data[:limit].decode("utf-8", "ignore").encode("utf-8")


def insert_app13(jpeg: bytes, iim: bytes) -> bytes:
    """Insert a Photoshop APP13 segment holding the IIM block after the JPEG's APP segments."""
    resource = b"8BIM\x04\x04\x00\x00" + len(iim).to_bytes(4, "big") + iim
    if len(iim) % 2:
        resource += b"\x00"
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + (len(payload) + 2).to_bytes(2, "big") + payload
    pos = 2
    while pos + 4 <= len(jpeg) and jpeg[pos] == 0xFF and 0xE0 <= jpeg[pos + 1] <= 0xEF:
        pos += 2 + int.from_bytes(jpeg[pos + 2 : pos + 4], "big")
    return jpeg[:pos] + segment + jpeg[pos:]


def _hex_colour(value: str) -> tuple[int, int, int]:
    """'#rrggbb' as an RGB tuple."""
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _write_atomic(path: Path, data: bytes) -> None:
    """Write a cache file so that readers never see half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def make_all(
    jobs: list[PhotoJob],
    settings: ExportSettings,
    cache_root: Path,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[PhotoResult]:
    """Renditions for every photo, one photo per core at a time, in the jobs' order."""
    results: list[PhotoResult | None] = [None] * len(jobs)
    if not jobs:
        return []
    workers = max(1, min(len(jobs), os.cpu_count() or 1))
    try:
        return _run_all(jobs, settings, cache_root, workers, progress, cancelled, results)
    except BrokenProcessPool:
        # A worker process could not start (e.g. a script without a __main__ guard): use threads.
        return _run_all(jobs, settings, cache_root, workers, progress, cancelled, results, False)


def _run_all(
    jobs: list[PhotoJob],
    settings: ExportSettings,
    cache_root: Path,
    workers: int,
    progress: Callable[[int, int, str], None] | None,
    cancelled: Callable[[], bool] | None,
    results: list[PhotoResult | None],
    processes: bool = True,
) -> list[PhotoResult]:
    """Run every job on a pool, reporting progress and honouring Cancel between photos."""
    with _executor(jobs, settings, cache_root, workers if processes else 1) as pool:
        futures = {
            pool.submit(make_renditions, j, settings, cache_root): i for i, j in enumerate(jobs)
        }
        for done, future in enumerate(as_completed(futures), start=1):
            index = futures[future]
            results[index] = future.result()
            if progress:
                progress(done, len(jobs), jobs[index].label)
            if cancelled and cancelled():
                for other in futures:
                    other.cancel()
                raise ExportCancelled("The export was cancelled; nothing was written.")
    return [r for r in results if r is not None]


def _executor(
    jobs: list[PhotoJob], settings: ExportSettings, cache_root: Path, workers: int
) -> Executor:
    """Processes for big work (Pillow's JPEG codecs hold the GIL), threads for small work."""
    pending = [j for j in jobs if any(not r.path.exists() for r in plan(j, settings, cache_root))]
    pixels = sum(j.width * j.height for j in pending)
    if workers > 1 and len(pending) > 1 and pixels >= PROCESS_PIXELS:
        return ProcessPoolExecutor(max_workers=workers, mp_context=_process_context())
    return ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="rendition")


def _process_context() -> multiprocessing.context.BaseContext:
    """A start method safe in a program with threads (the UI): forkserver, else spawn."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["desk.renditions"])  # workers start with Pillow loaded
    return context
