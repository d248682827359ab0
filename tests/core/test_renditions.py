"""Renditions: sizes, orientation, colour, privacy stripping, embedded credits, the cache."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from exporthelp import GPS_PHOTO, make_photo, serial_exif
from PIL import Image, ImageCms, IptcImagePlugin

from desk import renditions
from desk.config import ExportSettings
from desk.renditions import Credits, PhotoJob

CREDITS = Credits(
    creators=("Omar Haj Kadour",),
    credit="AFP",
    copyright="© AFP 2019",
    caption="Idlib, Syria's last rebel stronghold",
    alt="A map of Idlib province",
)


def job_for(path: Path, credits: Credits = CREDITS) -> PhotoJob:
    """A rendition job for a file, its size read as displayed."""
    with Image.open(path) as im:
        exif = im.getexif()
        w, h = im.size
        if exif.get(0x0112, 1) in (5, 6, 7, 8):
            w, h = h, w
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return PhotoJob(path, sha, w, h, credits, label=path.name)


@pytest.fixture
def cache(tmp_path) -> Path:
    """An empty rendition cache folder."""
    return tmp_path / "cache"


def test_target_widths_never_upscale():
    assert renditions.target_widths(6000, (480, 960, 1600, 2400)) == [480, 960, 1600, 2400]
    assert renditions.target_widths(1200, (480, 960, 1600, 2400)) == [480, 960, 1200]
    assert renditions.target_widths(300, (480, 960)) == [300]
    assert renditions.target_widths(960, (480, 960)) == [480, 960]


def test_gps_photo_renditions_hold_no_gps_but_keep_the_credit(cache):
    result = renditions.make_renditions(job_for(GPS_PHOTO), ExportSettings(), cache)
    assert result.report() == ("04_gps-nikon-coolpix-p6000.jpg: removed GPS position, maker notes")
    assert {(r.width, r.format) for r in result.renditions} == {
        (480, "jpeg"),
        (480, "webp"),
        (640, "jpeg"),
        (640, "webp"),
    }
    for r in result.renditions:
        data = r.path.read_bytes()
        assert b"Nikon" not in data
        assert b"NIKON" not in data
        with Image.open(r.path) as im:
            exif = im.getexif()
            assert 0x8825 not in exif
            assert exif.get_ifd(0x8825) == {}
            assert "exif" not in im.info
            xmp = im.info["xmp"]
            xmp = xmp if isinstance(xmp, bytes) else xmp.encode()
            assert b"<photoshop:Credit>AFP</photoshop:Credit>" in xmp
            assert b"A map of Idlib province" in xmp
            assert b"Omar Haj Kadour" in xmp
            if r.format == "jpeg":
                iptc = IptcImagePlugin.getiptcinfo(im)
                assert iptc[(2, 110)] == b"AFP"
                assert iptc[(2, 80)] == b"Omar Haj Kadour"
                assert iptc[(2, 116)] == "© AFP 2019".encode()
                assert iptc[(1, 90)] == b"\x1b%G"


def test_serial_numbers_and_owner_are_removed_and_reported(tmp_path, cache):
    source = make_photo(tmp_path / "canon.jpg", (1000, 700), exif=serial_exif())
    assert b"SN-0123456789" in source.read_bytes()
    result = renditions.make_renditions(job_for(source), ExportSettings(), cache)
    assert result.removed == [
        "GPS position",
        "camera serial number",
        "lens serial number",
        "owner name",
    ]
    for r in result.renditions:
        data = r.path.read_bytes()
        for secret in (b"SN-0123456789", b"LENS-987654", b"Jane Owner", b"Canon"):
            assert secret not in data, (r.path.name, secret)
        with Image.open(r.path) as im:
            assert dict(im.getexif()) == {}


def test_xmp_serials_history_and_gps_are_removed_and_the_caption_kept(tmp_path, cache):
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" '
        b'xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:exif="http://ns.adobe.com/exif/1.0/" '
        b'aux:SerialNumber="XMP-SN-4242" aux:LensSerialNumber="XMP-LENS-77" '
        b'exif:GPSLatitude="33,30.5S"><xmpMM:History><rdf:Seq><rdf:li>'
        b"edited in SecretEditor 9</rdf:li></rdf:Seq></xmpMM:History>"
        b"</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    source = make_photo(tmp_path / "xmp.jpg", (900, 600))
    with Image.open(source) as im:
        im.load()
        im.save(tmp_path / "with-xmp.jpg", quality=88, xmp=xmp)
    source = tmp_path / "with-xmp.jpg"
    assert b"XMP-SN-4242" in source.read_bytes()
    result = renditions.make_renditions(job_for(source), ExportSettings(), cache)
    assert {"camera serial number", "lens serial number", "editing history", "GPS position"} <= set(
        result.removed
    )
    for r in result.renditions:
        data = r.path.read_bytes()
        for secret in (b"XMP-SN-4242", b"XMP-LENS-77", b"SecretEditor", b"33,30.5S"):
            assert secret not in data, (r.path.name, secret)
        assert b"Idlib, Syria's last rebel stronghold" in data  # the caption travels


def test_orientation_is_applied(tmp_path, cache):
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, shown portrait
    source = make_photo(tmp_path / "turned.jpg", (600, 400), exif=exif)
    result = renditions.make_renditions(job_for(source), ExportSettings(), cache)
    largest = max(result.renditions, key=lambda r: r.width)
    with Image.open(largest.path) as im:
        assert im.size == (400, 600)
        assert im.getexif().get(0x0112) is None


def test_cmyk_with_profile_becomes_srgb(tmp_path, cache):
    source = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (300, 200), (0, 255, 255, 0)).save(source, "JPEG")
    result = renditions.make_renditions(job_for(source), ExportSettings(), cache)
    for r in result.renditions:
        with Image.open(r.path) as im:
            assert im.mode == "RGB"
            red, green, blue = im.convert("RGB").getpixel((150, 100))
            assert red > 200
            assert green < 60
            assert blue < 60


def test_icc_tagged_photo_is_converted_and_comes_out_untagged(tmp_path, cache):
    source = tmp_path / "tagged.jpg"
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGB", (200, 100), (10, 120, 200)).save(source, "JPEG", icc_profile=srgb)
    result = renditions.make_renditions(job_for(source), ExportSettings(), cache)
    with Image.open(result.renditions[0].path) as im:
        assert im.mode == "RGB"
        assert "icc_profile" not in im.info  # untagged: browsers read it as sRGB


def test_transparency_goes_on_the_background_in_jpeg_and_stays_in_webp(tmp_path, cache):
    source = tmp_path / "logo.png"
    image = Image.new("RGBA", (200, 100), (255, 0, 0, 0))
    image.paste((0, 0, 255, 255), (50, 25, 150, 75))
    image.save(source)
    settings = ExportSettings(background="#00ff00")
    result = renditions.make_renditions(job_for(source), settings, cache)
    jpeg = next(r for r in result.renditions if r.format == "jpeg")
    webp = next(r for r in result.renditions if r.format == "webp")
    with Image.open(jpeg.path) as im:
        assert im.mode == "RGB"
        r, g, _b = im.getpixel((5, 5))
        assert g > 200 and r < 60  # noqa: PT018 - one colour
    with Image.open(webp.path) as im:
        assert im.mode == "RGBA"
        assert im.getpixel((5, 5))[3] == 0
        assert im.getpixel((100, 50))[3] == 255


def test_second_run_is_served_from_the_cache(tmp_path, cache):
    source = make_photo(tmp_path / "p.jpg", (1000, 600))
    first = renditions.make_renditions(job_for(source), ExportSettings(), cache)
    stamps = [r.path.stat().st_mtime_ns for r in first.renditions]
    second = renditions.make_renditions(job_for(source), ExportSettings(), cache)
    assert not first.cached
    assert second.cached
    assert [r.path.stat().st_mtime_ns for r in second.renditions] == stamps
    changed = renditions.make_renditions(
        job_for(source, Credits(credit="Reuters")), ExportSettings(), cache
    )
    assert not changed.cached  # a new credit must reach the embedded metadata
    quality = renditions.make_renditions(job_for(source), ExportSettings(jpeg_quality=60), cache)
    assert not quality.cached


def test_unreadable_photo_fails_with_a_sentence(tmp_path, cache):
    from desk.errors import ExportFailed

    source = tmp_path / "broken.jpg"
    data = make_photo(tmp_path / "whole.jpg").read_bytes()
    source.write_bytes(data[: len(data) // 3])
    job = PhotoJob(source, "ab" * 32, 1200, 800, CREDITS, label="broken.jpg")
    with pytest.raises(ExportFailed, match=r"broken\.jpg cannot be read"):
        renditions.make_renditions(job, ExportSettings(), cache)
    assert not list(cache.rglob("*.jpg"))


def test_make_all_uses_threads_and_keeps_order(tmp_path, cache):
    jobs = [job_for(make_photo(tmp_path / f"p{n}.jpg", (800, 500), seed=n)) for n in range(4)]
    seen = []
    results = renditions.make_all(
        jobs, ExportSettings(), cache, progress=lambda d, t, label: seen.append((d, t))
    )
    assert [r.job.label for r in results] == [j.label for j in jobs]
    assert seen[-1] == (4, 4)


def test_big_work_runs_on_worker_processes(tmp_path, cache, monkeypatch):
    monkeypatch.setattr(renditions, "PROCESS_PIXELS", 0)  # small photos, the big-photo path
    jobs = [job_for(make_photo(tmp_path / f"q{n}.jpg", (700, 400), seed=n)) for n in range(3)]
    pool = renditions._executor(jobs, ExportSettings(), cache, 2)
    assert type(pool).__name__ == "ProcessPoolExecutor"
    pool.shutdown()
    results = renditions.make_all(jobs, ExportSettings(), cache)
    assert [r.job.label for r in results] == ["q0.jpg", "q1.jpg", "q2.jpg"]
    assert all(r.path.is_file() for res in results for r in res.renditions)
    again = renditions.make_all(jobs, ExportSettings(), cache)
    assert all(r.cached for r in again)
