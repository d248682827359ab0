"""Build test photos with Pillow: JPEGs carrying chosen IIM, XMP and EXIF, and bad files."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from PIL import Image

PHOTOS = Path(__file__).resolve().parent.parent / "fixtures" / "photos"

XMP_TEMPLATE = """<?xpacket begin='\ufeff' id='W5M0MpCehiHzreSzNTczkc9d'?>
<x:xmpmeta xmlns:x='adobe:ns:meta/'>
<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>
 <rdf:Description rdf:about=''
  xmlns:dc='http://purl.org/dc/elements/1.1/'
  xmlns:photoshop='http://ns.adobe.com/photoshop/1.0/'
  xmlns:Iptc4xmpCore='http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/'
  {attributes}>
{elements}
 </rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end='w'?>"""


def fixture(name: str) -> Path:
    """A sample photo copied into tests/fixtures/photos/."""
    return PHOTOS / name


def xmp_alt(prop: str, value: str) -> str:
    """An XMP language-alternative property (dc:description, alt text ...)."""
    return f"<{prop}><rdf:Alt><rdf:li xml:lang='x-default'>{value}</rdf:li></rdf:Alt></{prop}>"


def xmp_list(prop: str, values: list[str], kind: str = "Bag") -> str:
    """An XMP ordered or unordered array property (dc:creator, dc:subject)."""
    items = "".join(f"<rdf:li>{v}</rdf:li>" for v in values)
    return f"<{prop}><rdf:{kind}>{items}</rdf:{kind}></{prop}>"


def xmp_packet(elements: list[str], attributes: str = "") -> bytes:
    """A whole XMP packet around these property elements."""
    return XMP_TEMPLATE.format(elements="\n".join(elements), attributes=attributes).encode()


def iim_block(fields: list[tuple[int, int, bytes]]) -> bytes:
    """IPTC IIM datasets: 0x1C, record, dataset, 2-byte length, value."""
    return b"".join(
        b"\x1c" + bytes([rec, ds]) + struct.pack(">H", len(v)) + v for rec, ds, v in fields
    )


def with_iim(jpeg: bytes, fields: list[tuple[int, int, bytes]] | bytes) -> bytes:
    """The JPEG with a Photoshop APP13 segment holding these IIM datasets (or raw bytes)."""
    iim = fields if isinstance(fields, bytes) else iim_block(fields)
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim))
    resource += iim + (b"\x00" if len(iim) % 2 else b"")
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def jpeg_bytes(
    size: tuple[int, int] = (60, 40),
    color: str = "steelblue",
    xmp: bytes | None = None,
    exif: Image.Exif | None = None,
) -> bytes:
    """A small real JPEG, with optional XMP and EXIF."""
    buf = io.BytesIO()
    options: dict = {"quality": 80}
    if xmp is not None:
        options["xmp"] = xmp
    if exif is not None:
        options["exif"] = exif
    Image.new("RGB", size, color).save(buf, "JPEG", **options)
    return buf.getvalue()


def write(path: Path, data: bytes) -> Path:
    """Write bytes to a file and return its path."""
    path.write_bytes(data)
    return path


def png_chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk with its CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(side: int = 10_000) -> bytes:
    """A real, valid 1-bit PNG of side x side white pixels: a few KB claiming 100 megapixels."""
    row = b"\x00" + b"\xff" * ((side + 7) // 8)
    comp = zlib.compressobj(9)
    data = b"".join(comp.compress(row * 500) for _ in range(side // 500)) + comp.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", data)
        + png_chunk(b"IEND", b"")
    )
