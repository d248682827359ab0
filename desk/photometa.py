"""Embedded photo metadata (IPTC IIM, XMP, EXIF) read into one normalised dict.

`read_metadata(image)` never raises on odd metadata: each source is read as well as it can be
and whatever cannot be read is left empty. XMP wins over IIM where both carry a field (IIM values
are often cut at their byte limits), and IIM wins over EXIF's free-text tags.

The dict has stable keys (see `empty_metadata()`): caption, headline, title, creators (list),
credit, copyright, source, date_created, city, state, country, keywords (list), alt_text,
extended_description, digital_source_type (IPTC's URI, e.g. …/digitalsourcetype/
trainedAlgorithmicMedia; desk.provenance names it), orientation (1-8), captured_at, camera, gps
({"lat", "lon"} in signed decimal degrees, or None).
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from PIL import Image, IptcImagePlugin

from desk import provenance

# -- the normalised shape ---------------------------------------------------------------------

TEXT_KEYS = (
    "caption",
    "headline",
    "title",
    "credit",
    "copyright",
    "source",
    "date_created",
    "city",
    "state",
    "country",
    "alt_text",
    "extended_description",
    "digital_source_type",
    "captured_at",
    "camera",
)
LIST_KEYS = ("creators", "keywords")


def empty_metadata() -> dict[str, Any]:
    """The normalised metadata dict with every key present and empty."""
    meta: dict[str, Any] = dict.fromkeys(TEXT_KEYS, "")
    meta.update({k: [] for k in LIST_KEYS})
    meta["orientation"] = 1
    meta["gps"] = None
    return meta


def read_metadata(image: Image.Image) -> dict[str, Any]:
    """Everything Desk keeps from a photo's embedded IIM, XMP and EXIF, normalised."""
    iim = _guard(read_iim, image)
    xmp = _guard(read_xmp, xmp_packet(image))
    exif = _guard(read_exif, image)
    meta = merge(xmp, iim, exif)
    meta["gps"] = exif.get("gps") or xmp.get("gps")  # the camera's own record first
    return meta


def merge(*sources: dict[str, Any]) -> dict[str, Any]:
    """Combine partial dicts; for each key the first source with a value wins."""
    meta = empty_metadata()
    for key in meta:
        for source in sources:
            value = source.get(key)
            if value not in (None, "", [], {}):
                meta[key] = value
                break
    return meta


def _guard(reader: Any, arg: Any) -> dict[str, Any]:
    """Run one reader; broken metadata yields nothing rather than a failed import."""
    try:
        return reader(arg) or {}
    except Exception:
        return {}


def clean_text(value: object) -> str:
    """A metadata string with control characters dropped and whitespace collapsed."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = decode_text(value)
    text = "".join(c if c.isprintable() or c in "\n\t" else " " for c in str(value))
    return " ".join(text.split())


def _unique(values: list[str]) -> list[str]:
    """Non-empty values in order, each once."""
    seen: set[str] = set()
    out = []
    for v in values:
        if v and v not in seen:
            seen.add(v)
            out.append(v)
    return out


# -- IPTC IIM ---------------------------------------------------------------------------------

# (record, dataset) -> our key. Repeatable datasets are lists in Pillow's result.
IIM_FIELDS = {
    (2, 5): "title",
    (2, 55): "_date",
    (2, 60): "_time",
    (2, 90): "city",
    (2, 95): "state",
    (2, 101): "country",
    (2, 105): "headline",
    (2, 110): "credit",
    (2, 115): "source",
    (2, 116): "copyright",
    (2, 120): "caption",
}
IIM_CHARSET = (1, 90)
UTF8_ESCAPE = b"\x1b%G"


def decode_text(raw: bytes, utf8: bool | None = None) -> str:
    """Bytes as text: UTF-8 when declared (or when it decodes cleanly), else Latin-1."""
    raw = raw.rstrip(b"\x00")
    if utf8:
        return raw.decode("utf-8", "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def read_iim(image: Image.Image) -> dict[str, Any]:
    """IPTC IIM datasets (JPEG APP13 or TIFF) as partial normalised metadata."""
    info = IptcImagePlugin.getiptcinfo(image)  # type: ignore[arg-type]
    if not info:
        return {}
    charset = info.get(IIM_CHARSET)
    utf8 = isinstance(charset, bytes) and UTF8_ESCAPE in charset

    def texts(key: tuple[int, int]) -> list[str]:
        value = info.get(key)
        items = value if isinstance(value, list) else [value] if value is not None else []
        return [clean_text(decode_text(v, utf8)) for v in items if isinstance(v, bytes)]

    meta: dict[str, Any] = {}
    for key, name in IIM_FIELDS.items():
        found = texts(key)
        if found:
            meta[name] = found[0]
    meta["creators"] = _unique(texts((2, 80)))
    meta["keywords"] = _unique(texts((2, 25)))
    meta["date_created"] = iim_datetime(meta.pop("_date", ""), meta.pop("_time", ""))
    return meta


def iim_datetime(date: str, time: str) -> str:
    """IIM's CCYYMMDD and HHMMSS±HHMM as ISO 8601, or '' when the date is not a real date."""
    if not re.fullmatch(r"\d{8}", date):
        return ""
    try:
        day = datetime.strptime(date, "%Y%m%d").date().isoformat()
    except ValueError:
        return ""
    m = re.fullmatch(r"(\d\d)(\d\d)(\d\d)(?:([+-])(\d\d)(\d\d))?", time)
    if not m or int(m[1]) > 23 or int(m[2]) > 59 or int(m[3]) > 59:
        return day
    stamp = f"{day}T{m[1]}:{m[2]}:{m[3]}"
    return stamp + (f"{m[4]}{m[5]}:{m[6]}" if m[4] else "")


# -- XMP --------------------------------------------------------------------------------------

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "core": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "ext": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
    "exif": "http://ns.adobe.com/exif/1.0/",
}
# our key -> XMP properties to try, in order of preference.
XMP_FIELDS: dict[str, tuple[str, ...]] = {
    "caption": ("dc:description",),
    "title": ("dc:title",),
    "headline": ("photoshop:Headline",),
    "creators": ("dc:creator",),
    "credit": ("photoshop:Credit",),
    "copyright": ("dc:rights",),
    "source": ("photoshop:Source",),
    "date_created": ("photoshop:DateCreated",),
    "city": ("photoshop:City",),
    "state": ("photoshop:State",),
    "country": ("photoshop:Country", "core:CountryName"),
    "keywords": ("dc:subject",),
    "alt_text": ("core:AltTextAccessibility", "ext:AltTextAccessibility"),
    "extended_description": ("core:ExtDescrAccessibility", "ext:ExtDescrAccessibility"),
    "digital_source_type": ("ext:DigitalSourceType",),
}


def xmp_packet(image: Image.Image) -> bytes | str | None:
    """The raw XMP packet Pillow found in a JPEG, PNG, WebP or TIFF, if any."""
    for key in ("xmp", "XML:com.adobe.xmp"):
        value = image.info.get(key)
        if value:
            return value
    tags = getattr(image, "tag_v2", None)
    if tags is not None and 700 in tags:
        return tags[700]
    return None


def read_xmp(packet: bytes | str | None) -> dict[str, Any]:
    """The XMP fields Desk uses, parsed safely (defusedxml), as partial normalised metadata."""
    if not packet:
        return {}
    if isinstance(packet, str):
        packet = packet.encode("utf-8", "replace")
    # From the first tag (a DOCTYPE stays in, for defusedxml to refuse) to the last closing
    # tag, leaving out padding and trailing junk some writers add.
    start = packet.find(b"<")
    end_tag = b"</x:xmpmeta>" if b"</x:xmpmeta>" in packet else b"</rdf:RDF>"
    end = packet.rfind(end_tag)
    if start < 0 or end < 0:
        return {}
    root = SafeET.fromstring(packet[start : end + len(end_tag)])
    props = xmp_properties(root)
    meta: dict[str, Any] = {}
    for key, names in XMP_FIELDS.items():
        for name in names:
            value = props.get(_qname(name))
            if value:
                meta[key] = value if key in LIST_KEYS else _first(value)
                break
    for key in LIST_KEYS:
        if key in meta:
            meta[key] = _unique([clean_text(v) for v in _as_list(meta[key])])
    for key in XMP_FIELDS:
        if key not in LIST_KEYS and key in meta:
            meta[key] = clean_text(meta[key])
    if "digital_source_type" in meta:
        meta["digital_source_type"] = provenance.uri(meta["digital_source_type"].replace(" ", ""))
    gps = xmp_gps(props)
    if gps:
        meta["gps"] = gps
    return meta


def _qname(name: str) -> str:
    """'dc:title' as ElementTree's '{namespace}title'."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _first(value: str | list[str]) -> str:
    """A single text from a simple value or the first of an array."""
    return (
        value[0] if isinstance(value, list) and value else value if isinstance(value, str) else ""
    )


def _as_list(value: str | list[str]) -> list[str]:
    """An array value as a list (a simple value becomes one item)."""
    return value if isinstance(value, list) else [value]


def xmp_properties(root: Element) -> dict[str, str | list[str]]:
    """Top-level properties of every rdf:Description, as attributes or as child elements."""
    props: dict[str, str | list[str]] = {}
    for desc in root.iter(f"{{{RDF}}}Description"):
        for attr, value in desc.attrib.items():
            if not attr.startswith(f"{{{RDF}}}"):
                props.setdefault(attr, value)
        for child in desc:
            found = xmp_value(child)
            if found:
                props.setdefault(child.tag, found)
    return props


def xmp_value(element: Element) -> str | list[str]:
    """A property's value: text, an rdf:Alt's default language, or an rdf:Seq/Bag's items."""
    container = next(iter(element), None)
    if container is None:
        return (element.text or "").strip()
    if container.tag == f"{{{RDF}}}Alt":
        items = list(container)
        default = [li for li in items if li.get(XML_LANG) == "x-default"]
        chosen = (default or items)[:1]
        return (chosen[0].text or "").strip() if chosen else ""
    if container.tag in (f"{{{RDF}}}Seq", f"{{{RDF}}}Bag"):
        return [(li.text or "").strip() for li in container if (li.text or "").strip()]
    return ""


def xmp_gps(props: dict[str, str | list[str]]) -> dict[str, float] | None:
    """exif:GPSLatitude/GPSLongitude ('43,28.0469N' or '43,28,2.81N') as signed degrees."""
    lat = _xmp_coordinate(props.get(_qname("exif:GPSLatitude")))
    lon = _xmp_coordinate(props.get(_qname("exif:GPSLongitude")))
    return valid_gps(lat, lon)


def _xmp_coordinate(value: object) -> float | None:
    """One XMP GPS coordinate as signed decimal degrees."""
    if not isinstance(value, str):
        return None
    m = re.fullmatch(
        r"\s*(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?(?:,(\d+(?:\.\d+)?))?([NSEW])\s*", value
    )
    if not m:
        return None
    degrees = float(m[1]) + float(m[2] or 0) / 60 + float(m[3] or 0) / 3600
    return -degrees if m[4] in "SW" else degrees


# -- EXIF -------------------------------------------------------------------------------------

EXIF_IFD, GPS_IFD = 0x8769, 0x8825
TAG_DESCRIPTION, TAG_MAKE, TAG_MODEL, TAG_ORIENTATION = 0x010E, 0x010F, 0x0110, 0x0112
TAG_DATETIME, TAG_ARTIST, TAG_COPYRIGHT = 0x0132, 0x013B, 0x8298
TAG_DATETIME_ORIGINAL, TAG_OFFSET_ORIGINAL = 0x9003, 0x9011


def read_exif(image: Image.Image) -> dict[str, Any]:
    """EXIF orientation, capture time, camera, GPS and free-text tags as partial metadata."""
    exif = image.getexif()
    if not exif:
        return {}
    meta: dict[str, Any] = {"orientation": exif_orientation(exif)}
    sub = _guard_ifd(exif, EXIF_IFD)
    meta["captured_at"] = exif_datetime(
        sub.get(TAG_DATETIME_ORIGINAL) or exif.get(TAG_DATETIME), sub.get(TAG_OFFSET_ORIGINAL)
    )
    meta["camera"] = camera_name(exif.get(TAG_MAKE), exif.get(TAG_MODEL))
    meta["caption"] = clean_text(exif.get(TAG_DESCRIPTION))
    artist = clean_text(exif.get(TAG_ARTIST))
    meta["creators"] = [artist] if artist else []
    meta["copyright"] = clean_text(exif.get(TAG_COPYRIGHT))
    meta["gps"] = _guard(exif_gps, _guard_ifd(exif, GPS_IFD)) or None
    return meta


def _guard_ifd(exif: Image.Exif, tag: int) -> dict[int, Any]:
    """A sub-IFD, or {} when it is missing or broken."""
    try:
        return dict(exif.get_ifd(tag))
    except Exception:
        return {}


def exif_orientation(exif: Image.Exif) -> int:
    """EXIF orientation 1-8; anything else (absent, 0, 99, text) counts as 1 (upright)."""
    value = exif.get(TAG_ORIENTATION)
    try:
        number = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= 8 else 1


def exif_datetime(value: object, offset: object = None) -> str:
    """EXIF 'YYYY:MM:DD HH:MM:SS' (with an optional '+HH:MM' offset) as ISO 8601, or ''."""
    text = clean_text(value)
    try:
        moment = datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return ""
    stamp = moment.isoformat()
    zone = clean_text(offset)
    if re.fullmatch(r"[+-]\d\d:\d\d", zone):
        stamp += zone
    return stamp


def camera_name(make: object, model: object) -> str:
    """'NIKON COOLPIX P6000' from make and model, without repeating the make."""
    make_text, model_text = clean_text(make), clean_text(model)
    if make_text and model_text.lower().startswith(make_text.lower()):
        return model_text
    return " ".join(p for p in (make_text, model_text) if p)


def exif_gps(gps: dict[int, Any]) -> dict[str, float] | None:
    """The GPS IFD's latitude and longitude as signed decimal degrees, or None."""
    lat = _dms(gps.get(2), gps.get(1), "S")
    lon = _dms(gps.get(4), gps.get(3), "W")
    return valid_gps(lat, lon)


def _dms(value: object, ref: object, negative: str) -> float | None:
    """Degrees, minutes, seconds (rationals) and a hemisphere letter as signed degrees."""
    if not isinstance(value, tuple | list) or not value:
        return None
    parts = [float(v) for v in value[:3]]
    while len(parts) < 3:
        parts.append(0.0)
    if not all(math.isfinite(p) and p >= 0 for p in parts):
        return None
    degrees = parts[0] + parts[1] / 60 + parts[2] / 3600
    letter = clean_text(ref).upper()[:1]
    return -degrees if letter == negative else degrees


def valid_gps(lat: float | None, lon: float | None) -> dict[str, float] | None:
    """{"lat", "lon"} rounded to 6 places when both are real coordinates, else None."""
    if lat is None or lon is None:
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
        return None
    return {"lat": round(lat, 6), "lon": round(lon, 6)}
