"""Every message names a figure by its number in the story and its caption (Figure.label()): the
export's errors and privacy report, the checks, and the command line."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner
from exporthelp import GPS_PHOTO, make_photo

from desk import checks, export
from desk.cli import main
from desk.errors import ExportFailed


def two_photo_story(store, tmp_path):
    """A ready story: a generated photo as Figure 1, the GPS sample as Figure 2 (row ids not 1
    and 2: another story's figures come first)."""
    other = store.articles.create(headline="Other")
    for _ in range(3):
        store.figures.add(other.id, None, caption="Elsewhere")
    article = store.articles.create(headline="Fields", body_md="Text.", status="ready")
    first = store.photos.add(make_photo(tmp_path / "first.jpg", (800, 600)))
    store.figures.add(article.id, first.id, caption="The dam", credit="Desk", alt="A dam")
    gps = store.photos.add(GPS_PHOTO)
    store.figures.add(article.id, gps.id, caption="A field", credit="Ana", alt="Rows of wheat")
    return article, first


def test_the_privacy_report_names_the_figure(store, tmp_path):
    article, _ = two_photo_story(store, tmp_path)
    result = export.export_story(store, article.slug, tmp_path / "out")
    assert result.privacy == [
        'Figure 2 ("A field"), 04_gps-nikon-coolpix-p6000.jpg: removed GPS position, maker notes'
    ]


def test_a_photo_that_cannot_be_read_is_named_by_its_figure(store, tmp_path):
    article, first = two_photo_story(store, tmp_path)
    original = store.root / first.path
    os.chmod(original, 0o644)
    original.write_bytes(original.read_bytes()[:400])  # the original is damaged on disk
    with pytest.raises(ExportFailed) as failed:
        export.export_story(store, article.slug, tmp_path / "out")
    assert str(failed.value).startswith('The photo Figure 1 ("The dam"), first.jpg cannot be read')


def test_checks_and_the_cli_name_figures_by_number(store, store_dir, tmp_path):
    article, _ = two_photo_story(store, tmp_path)
    store.figures.add(article.id, None, caption="Rescuers wade in")  # Figure 3, no photo yet
    problems = checks.check_story(
        store.articles.get(article.id), store.figures.for_story(article.id)
    )
    assert 'Figure 3 ("Rescuers wade in") needs a photo' in " ".join(p.message for p in problems)
    store.close()
    shown = CliRunner().invoke(main, ["--store", str(store_dir), "show", article.slug]).output
    assert "  figure 1: [inline] first.jpg: The dam (Desk)" in shown
    assert "  figure 3: [inline] no photo yet: Rescuers wade in" in shown
