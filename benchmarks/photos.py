"""Photo figures: reading a 50-megapixel JPEG, thumbnails, and adding 200 photos to a story.

    .venv/bin/python benchmarks/photos.py [--count 200]

Builds its own photos with Pillow in a temporary folder (a 50 MP noise JPEG, which compresses
about as badly as a real photo, and small JPEGs) and prints one line per figure. Baselines are
Pillow alone in the same run: `Image.open(...).load()` of the same file, and a plain
`Image.thumbnail()` without draft mode.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from PIL import Image

from desk.images import make_thumbnail, prepare_photo
from desk.store import Store
from desk.store.photos import stage_original


def timed(fn) -> tuple[float, object]:
    """Seconds one call takes, and its result."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    """Build the photos, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="photos in the batch")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        big = root / "big-50mp.jpg"
        Image.effect_noise((8660, 5773), 40).convert("RGB").save(big, quality=90)
        mb = big.stat().st_size / 1e6
        store = Store.open(root / "store")
        decode, _ = timed(lambda: Image.open(big).load())
        prepare, prepared = timed(lambda: prepare_photo(big))
        add, photo = timed(lambda: store.photos.add_prepared(prepared))
        thumb, _ = timed(lambda: make_thumbnail(store.root, photo, 160))
        cached, _ = timed(lambda: make_thumbnail(store.root, photo, 160))

        def plain_thumbnail() -> None:
            with Image.open(big) as image:
                image.load()  # full-size decode first: draft mode can no longer help
                image.thumbnail((160, 160))

        baseline_thumb, _ = timed(plain_thumbnail)
        print(f"50 MP JPEG ({mb:.1f} MB): Pillow open+load {decode:.2f} s (baseline)")
        print(f"  prepare_photo (read, hash, full decode, metadata; worker) {prepare:.2f} s")
        print(f"  Store.add_prepared (copy + rows) {add * 1000:.1f} ms")
        print(f"  thumbnail 160 px with draft {thumb * 1000:.0f} ms; cached {cached * 1000:.2f} ms")
        print(f"  baseline: full decode + thumbnail {baseline_thumb * 1000:.0f} ms")
        article = store.articles.create(headline="Batch")
        paths = []
        for i in range(args.count):
            path = root / f"p{i:03}.jpg"
            Image.effect_noise((1600, 1067), 30).convert("RGB").save(path, quality=85)
            paths.append(path)

        def read_and_stage() -> list:
            batch = [prepare_photo(p) for p in paths]
            for prepared in batch:
                stage_original(store.root, prepared)
            return batch

        read, batch = timed(read_and_stage)
        place, _ = timed(
            lambda: [
                store.figures.add(article.id, store.photos.add_prepared(b).id, place=None)
                for b in batch
            ]
        )
        figures, _ = timed(lambda: store.figures.for_story(article.id))
        print(
            f"{args.count} photos (1.7 MP): read + stage (worker) {read:.2f} s; "
            f"rows + place (GUI thread) {place:.2f} s ({place / args.count * 1000:.1f} ms each); "
            f"figures() {figures * 1000:.1f} ms"
        )
        store.close()


if __name__ == "__main__":
    main()
