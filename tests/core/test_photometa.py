"""Embedded metadata read from real sample photos and from generated odd ones."""

from __future__ import annotations

import io

import pytest
from defusedxml import EntitiesForbidden
from photofactory import (
    fixture,
    jpeg_bytes,
    with_iim,
    xmp_alt,
    xmp_list,
    xmp_packet,
)
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

from desk.images import inspect_bytes, inspect_file
from desk.photometa import empty_metadata, iim_datetime, read_metadata, read_xmp


def meta_of(data: bytes) -> dict:
    """The normalised metadata of in-memory image bytes."""
    with Image.open(io.BytesIO(data)) as image:
        return read_metadata(image)


# -- the real sample photos -------------------------------------------------------------------


def test_iptc_reference_image_prefers_xmp():
    meta = inspect_file(fixture("01_iptc-ref-2017.1.jpg")).metadata
    assert meta["caption"] == "The description aka caption (ref2017.1)"
    assert meta["headline"] == "The Headline (ref2017.1)"
    assert meta["credit"] == "Credit Line (ref2017.1)"
    assert meta["source"] == "Source (ref2017.1)"
    assert meta["copyright"].startswith("Copyright (Notice) 2017.1 IPTC")
    # XMP has two creators where IIM has one, and the full Province-State IIM cut at 32 bytes.
    assert meta["creators"] == ["Creator1 (ref2017.1)", "Creator2 (ref2017.1)"]
    assert meta["state"] == "Province/State (Core) (ref2017.1)"
    assert meta["keywords"] == ["Keyword1ref2017.1", "Keyword2ref2017.1", "Keyword3ref2017.1"]
    assert meta["city"] == "City (Core) (ref2017.1)"
    assert meta["country"] == "Country (Core) (ref2017.1)"
    assert meta["date_created"].startswith("2017-07-13")
    assert meta["alt_text"] == ""  # the 2017 reference predates IPTC Alt Text


def test_iim_only_keywords_city_country():
    meta = inspect_file(fixture("03_pillow-iptc-budapest.jpg")).metadata
    assert meta["keywords"] == ["HvK", "2006", "summer", "July", "holiday", "Hungary", "Budapest"]
    assert (meta["city"], meta["country"]) == ("Budapest", "Hungary")
    assert meta["caption"] == ""
    assert meta["credit"] == ""
    assert meta["camera"] == "Nokia N70-1"


def test_gps_and_spaces_only_description():
    info = inspect_file(fixture("04_gps-nikon-coolpix-p6000.jpg"))
    gps = info.metadata["gps"]
    assert gps["lat"] == pytest.approx(43 + 28 / 60 + 2.81 / 3600, abs=1e-4)
    assert gps["lon"] == pytest.approx(11 + 53 / 60 + 6.46 / 3600, abs=1e-4)
    assert info.metadata["caption"] == ""
    assert info.metadata["camera"] == "NIKON COOLPIX P6000"
    assert info.metadata["captured_at"] == "2008-10-22T16:28:39"


def test_orientation_six_swaps_the_displayed_size():
    info = inspect_file(fixture("06_orientation-6-rotate90cw.jpg"))
    assert info.metadata["orientation"] == 6
    assert (info.width, info.height) == (600, 450)


@pytest.mark.parametrize(
    ("name", "fmt", "size"),
    [("07_cmyk.jpg", "JPEG", (100, 100)), ("09_transparent-rgba.png", "PNG", (200, 150))],
)
def test_cmyk_and_rgba_read(name, fmt, size):
    info = inspect_file(fixture(name))
    assert (info.format, (info.width, info.height)) == (fmt, size)
    assert set(info.metadata) == set(empty_metadata())


# -- generated cases ------------------------------------------------------------------------


def test_xmp_alt_text_and_extended_description():
    xmp = xmp_packet(
        [
            xmp_alt("dc:description", "Rescuers lift a child from the rubble."),
            xmp_alt("Iptc4xmpCore:AltTextAccessibility", "Two men in helmets carry a girl."),
            xmp_alt("Iptc4xmpCore:ExtDescrAccessibility", "Longer description."),
            xmp_list("dc:creator", ["Ana Díaz"], "Seq"),
        ],
        attributes="photoshop:Credit='Ana Díaz/Agency' photoshop:City='Antakya'",
    )
    meta = meta_of(jpeg_bytes(xmp=xmp))
    assert meta["alt_text"] == "Two men in helmets carry a girl."
    assert meta["extended_description"] == "Longer description."
    assert meta["credit"] == "Ana Díaz/Agency"  # an attribute-form property
    assert meta["city"] == "Antakya"
    assert meta["creators"] == ["Ana Díaz"]


def test_southern_western_gps_is_negative():
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps.update({1: "S", 2: (33.0, 51.0, 54.0), 3: "W", 4: (70.0, 30.0, 0.0)})
    meta = meta_of(jpeg_bytes(exif=exif))
    assert meta["gps"] == {"lat": pytest.approx(-33.865), "lon": pytest.approx(-70.5)}


def test_absurd_exif_is_ignored_not_fatal():
    exif = Image.Exif()
    exif[0x0112] = 99  # no such orientation
    exif[0x0132] = "0000:00:00 00:00:00"
    exif[0x010E] = "   \x00\x00"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (IFDRational(1, 0), 0.0, 0.0), 3: "E", 4: (500.0, 0.0, 0.0)})
    info = inspect_bytes(jpeg_bytes(exif=exif), "odd.jpg")
    meta = info.metadata
    assert (meta["orientation"], meta["captured_at"], meta["caption"]) == (1, "", "")
    assert meta["gps"] is None
    assert (info.width, info.height) == (60, 40)


def test_iim_declared_utf8():
    data = with_iim(
        jpeg_bytes(),
        [(1, 90, b"\x1b%G"), (2, 120, "Çavuşoğlu in Ankara".encode()), (2, 80, b"Jo\xc3\xa3o")],
    )
    meta = meta_of(data)
    assert meta["caption"] == "Çavuşoğlu in Ankara"
    assert meta["creators"] == ["João"]


def test_iim_latin1_without_declaration():
    data = with_iim(
        jpeg_bytes(), [(2, 120, "Café in Zürich".encode("latin-1")), (2, 25, b"caf\xe9")]
    )
    meta = meta_of(data)
    assert meta["caption"] == "Café in Zürich"
    assert meta["keywords"] == ["café"]


def test_iim_utf8_without_declaration_still_reads():
    meta = meta_of(with_iim(jpeg_bytes(), [(2, 110, "Łukasz Głąb/PAP".encode())]))
    assert meta["credit"] == "Łukasz Głąb/PAP"


def test_xmp_wins_over_iim_and_iim_over_exif():
    exif = Image.Exif()
    exif[0x010E] = "EXIF description"
    exif[0x013B] = "EXIF Artist"
    xmp = xmp_packet([xmp_alt("dc:description", "XMP caption")])
    data = with_iim(
        jpeg_bytes(xmp=xmp, exif=exif), [(2, 120, b"IIM caption"), (2, 80, b"IIM By-line")]
    )
    meta = meta_of(data)
    assert meta["caption"] == "XMP caption"
    assert meta["creators"] == ["IIM By-line"]


def test_malformed_xmp_keeps_iim():
    broken = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF><unclosed></x:xmpmeta>"
    data = with_iim(jpeg_bytes(xmp=broken), [(2, 120, b"Still here")])
    meta = meta_of(data)
    assert meta["caption"] == "Still here"


def test_xmp_entity_expansion_is_refused():
    evil = (
        b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'>"
        b"<!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>]>"
        b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>&b;</x:xmpmeta>"
    )
    with pytest.raises(EntitiesForbidden):
        read_xmp(evil)
    assert meta_of(jpeg_bytes(xmp=evil))["caption"] == ""


@pytest.mark.parametrize(
    "iim",
    [b"not IIM at all", b"\x1c\x02\x78\xff\xffshort", b"\x1c\x02\x78\x80\x04\x00\x00\x00\x08x"],
)
def test_garbage_iim_never_crashes(iim):
    info = inspect_bytes(with_iim(jpeg_bytes(), iim), "garbage.jpg")
    assert info.metadata["caption"] == ""
    assert (info.width, info.height) == (60, 40)


@pytest.mark.parametrize(
    ("date", "time", "expected"),
    [
        ("20170713", "170100+0000", "2017-07-13T17:01:00+00:00"),
        ("20170713", "", "2017-07-13"),
        ("20171340", "120000", ""),
        ("2017", "", ""),
    ],
)
def test_iim_dates(date, time, expected):
    assert iim_datetime(date, time) == expected


def test_xmp_in_png_and_webp(tmp_path):
    from PIL.PngImagePlugin import PngInfo

    packet = xmp_packet([xmp_alt("dc:description", "Caption in a PNG")])
    info = PngInfo()
    info.add_itxt("XML:com.adobe.xmp", packet.decode())
    png = tmp_path / "x.png"
    Image.new("RGB", (8, 8)).save(png, "PNG", pnginfo=info)
    assert inspect_file(png).metadata["caption"] == "Caption in a PNG"
    webp = tmp_path / "x.webp"
    Image.new("RGB", (8, 8)).save(webp, "WEBP", xmp=packet)
    assert inspect_file(webp).metadata["caption"] == "Caption in a PNG"
