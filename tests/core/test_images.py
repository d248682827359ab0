"""Adding photos to the store: safe opening, content-addressed copies, bad input, thumbnails."""

from __future__ import annotations

import io
import os
import shutil
import time
from pathlib import Path

import pytest
from photofactory import bomb_png, fixture, jpeg_bytes, write
from PIL import Image

from desk import images
from desk.errors import BadImage, StoreReadOnly
from desk.images import inspect_file, make_thumbnail
from desk.store import Store


def snapshot(store: Store) -> tuple:
    """Everything a failed add must leave as it was: row counts, search rows, media files."""
    counts = tuple(
        store.db.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("images", "article_images", "images_fts", "articles")
    )
    media = sorted(str(p.relative_to(store.root)) for p in store.root.glob("media/**/*"))
    return counts, media


def test_add_photo_copies_original_and_reads_metadata(store):
    source = fixture("01_iptc-ref-2017.1.jpg")
    before = source.read_bytes()
    photo = store.photos.add(source)
    stored = store.root / photo.path
    assert photo.path == f"media/{photo.sha256[:2]}/{photo.sha256}.jpg"
    assert stored.read_bytes() == before == source.read_bytes()
    assert (photo.format, photo.width, photo.height) == ("JPEG", 1000, 500)
    assert photo.original_name == "01_iptc-ref-2017.1.jpg"
    assert photo.metadata["credit"] == "Credit Line (ref2017.1)"
    assert store.photos.get(photo.id) == photo


def test_same_file_twice_is_stored_once(store, tmp_path):
    first = store.photos.add(fixture("03_pillow-iptc-budapest.jpg"))
    copy = shutil.copy(fixture("03_pillow-iptc-budapest.jpg"), tmp_path / "renamed.jpg")
    second = store.photos.add(copy)
    assert second.id == first.id
    assert store.db.conn.execute("SELECT count(*) FROM images").fetchone()[0] == 1
    assert len([p for p in store.root.glob("media/**/*") if p.is_file()]) == 1


def test_rgba_png_and_cmyk_jpeg_are_accepted(store):
    png = store.photos.add(fixture("09_transparent-rgba.png"))
    cmyk = store.photos.add(fixture("07_cmyk.jpg"))
    assert png.path.endswith(".png")
    assert (png.width, png.height) == (200, 150)
    assert cmyk.format == "JPEG"


@pytest.mark.parametrize("fmt", ["WEBP", "TIFF"])
def test_webp_and_tiff_are_accepted(store, tmp_path, fmt):
    path = tmp_path / f"photo.{fmt.lower()}"
    Image.new("RGB", (32, 24), "red").save(path, fmt)
    photo = store.photos.add(path)
    assert photo.format == fmt
    assert (photo.width, photo.height) == (32, 24)


def test_heic_where_pillow_heif_is_available(store, tmp_path):
    if not images.HEIF_AVAILABLE:
        pytest.skip("pillow-heif is not installed (the optional `heic` extra)")
    path = tmp_path / "phone.heic"
    Image.new("RGB", (64, 48), "green").save(path, "HEIF")
    photo = store.photos.add(path)
    assert (photo.format, photo.path[-5:]) == ("HEIF", ".heic")


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Each bad input with a phrase its error must contain."""
    gif = tmp_path / "animation.gif"
    Image.new("P", (10, 10)).save(gif, "GIF")
    jpeg = jpeg_bytes()
    return {
        "not an image": (write(tmp_path / "notes.jpg", b"Dear editor, " * 50), "not an image"),
        "truncated": (fixture("10_truncated-progressive.jpg"), "truncated"),
        "cut in half": (write(tmp_path / "half.jpg", jpeg[: len(jpeg) // 2]), "truncated"),
        "zero bytes": (write(tmp_path / "empty.jpg", b""), "0 bytes"),
        "bomb": (write(tmp_path / "bomb.png", bomb_png()), "decompression bomb"),
        "unsupported": (gif, "does not take"),
        "vanished": (tmp_path / "gone.jpg", "There is no file"),
        "folder": (tmp_path, "folder"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "not an image",
        "truncated",
        "cut in half",
        "zero bytes",
        "bomb",
        "unsupported",
        "vanished",
        "folder",
    ],
)
def test_bad_input_names_the_file_and_changes_nothing(store, tmp_path, case):
    store.photos.add(fixture("04_gps-nikon-coolpix-p6000.jpg"))
    path, phrase = _bad_inputs(tmp_path)[case]
    before = snapshot(store)
    with pytest.raises(BadImage) as caught:
        store.photos.add(path)
    message = str(caught.value)
    assert path.name in message
    assert phrase in message
    assert message.endswith(".")
    assert snapshot(store) == before


def test_bomb_is_small_on_disk_but_over_the_pixel_limit():
    data = bomb_png()
    with pytest.warns(Image.DecompressionBombWarning), Image.open(io.BytesIO(data)) as probe:
        pixels = probe.size[0] * probe.size[1]
    assert len(data) < 100_000
    assert pixels > Image.MAX_IMAGE_PIXELS


def test_read_only_store_refuses_and_names_the_file(store_dir):
    Store.open(store_dir).close()
    with Store.open(store_dir, readonly=True) as ro:
        before = snapshot(ro)
        with pytest.raises(StoreReadOnly, match=r"06_orientation-6-rotate90cw\.jpg"):
            ro.photos.add(fixture("06_orientation-6-rotate90cw.jpg"))
        assert snapshot(ro) == before


def test_failed_transaction_removes_the_copied_original(store):
    store.db.conn.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON images BEGIN SELECT RAISE(ABORT, 'disk'); END"
    )
    before = snapshot(store)
    with pytest.raises(Exception, match="disk"):
        store.photos.add(fixture("09_transparent-rgba.png"))
    assert snapshot(store) == before


def test_thumbnail_of_rotated_photo_is_upright(store):
    photo = store.photos.add(fixture("06_orientation-6-rotate90cw.jpg"))
    path = make_thumbnail(store.root, photo, 200)
    assert path.is_relative_to(store.root / "cache" / "thumbs")
    with Image.open(path) as thumb:
        assert thumb.size == (200, 150)  # shown 600x450: landscape
    mtime = path.stat().st_mtime_ns
    time.sleep(0.01)
    assert make_thumbnail(store.root, photo, 200) == path
    assert path.stat().st_mtime_ns == mtime  # cached, not made again


def test_thumbnail_of_cmyk_is_rgb_and_rgba_keeps_alpha(store):
    cmyk = make_thumbnail(store.root, store.photos.add(fixture("07_cmyk.jpg")), 64)
    rgba = make_thumbnail(store.root, store.photos.add(fixture("09_transparent-rgba.png")), 64)
    with Image.open(cmyk) as a, Image.open(rgba) as b:
        assert (a.mode, a.size) == ("RGB", (64, 64))
        assert (b.mode, b.size) == ("RGBA", (64, 48))


def test_thumbnail_of_a_lost_original_says_so(store):
    photo = store.photos.add(fixture("03_pillow-iptc-budapest.jpg"))
    original = store.root / photo.path
    os.chmod(original, 0o644)
    original.unlink()
    with pytest.raises(BadImage, match="missing"):
        make_thumbnail(store.root, photo, 64)
    assert store.photos.add(fixture("03_pillow-iptc-budapest.jpg")).id == photo.id
    assert original.is_file()  # adding it again restores the original


def test_large_jpeg_thumbnail_is_decoded_at_reduced_size(store, tmp_path):
    """The JPEG is decoded at an eighth of its size for a small thumbnail (draft mode), not
    in full (benchmarks/photos.py times it next to a full decode)."""
    big = tmp_path / "big.jpg"
    Image.new("RGB", (6000, 4000), "navy").save(big, "JPEG", quality=70)
    photo = store.photos.add(big)
    assert images.open_upright(store.root / photo.path, 256).size == (750, 500)
    with Image.open(make_thumbnail(store.root, photo, 256)) as thumb:
        assert thumb.size == (256, 171)


def test_inspect_file_alone_reports_display_size():
    info = inspect_file(fixture("06_orientation-6-rotate90cw.jpg"))
    assert (info.width, info.height, info.ext) == (600, 450, "jpg")


def test_bomb_far_over_the_limit_is_refused_at_open(store, tmp_path):
    path = write(tmp_path / "huge.png", bomb_png(20_000))
    before = snapshot(store)
    with pytest.raises(BadImage, match=r"huge\.png claims too many pixels"):
        store.photos.add(path)
    assert snapshot(store) == before


def test_mislabelled_file_is_stored_as_what_it_is(store, tmp_path):
    path = tmp_path / "actually-a-png.jpg"
    Image.new("RGB", (20, 10), "white").save(path, "PNG")
    photo = store.photos.add(path)
    assert (photo.format, photo.path[-4:]) == ("PNG", ".png")
    assert photo.original_name == "actually-a-png.jpg"


def test_staged_original_is_removed_when_adding_fails(store):
    from desk.images import prepare_photo
    from desk.store.photos import stage_original

    prepared = prepare_photo(fixture("09_transparent-rgba.png"))
    stage_original(store.root, prepared)
    assert prepared.staged
    store.db.conn.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON images BEGIN SELECT RAISE(ABORT, 'x'); END"
    )
    with pytest.raises(Exception, match="x"):
        store.photos.add_prepared(prepared)
    assert not any(p.is_file() for p in store.root.glob("media/**/*"))
    store.db.conn.execute("DROP TRIGGER refuse")
    photo = store.photos.add_prepared(prepare_photo(fixture("09_transparent-rgba.png")))
    assert (store.root / photo.path).is_file()
