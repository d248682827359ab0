"""Provenance: IPTC's Digital Source Type and Extended Description read from real samples, kept in
the store and in every rendition's embedded metadata, and an AI-generated picture labelled on the
page (in the figure's caption area, from the figure template)."""

from __future__ import annotations

from pathlib import Path

from exporthelp import Page
from photofactory import fixture
from PIL import Image

from desk import export, provenance
from desk.config import ExportSettings
from desk.photometa import read_metadata
from desk.renditions import Credits, PhotoJob, make_renditions

AI = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
SOFTWARE = "http://cv.iptc.org/newscodes/digitalsourcetype/softwareImage"


def meta(path: Path) -> dict:
    """The normalised metadata of a photo file."""
    with Image.open(path) as image:
        return read_metadata(image)


def test_the_iptc_reference_photo_says_it_was_made_by_software():
    found = meta(fixture("01_iptc-ref-2017.1.jpg"))
    assert found["digital_source_type"] == SOFTWARE
    assert provenance.name(found["digital_source_type"]) == (
        "Digital image created by computer software (softwareImage)"
    )
    assert provenance.reader_label(found["digital_source_type"]) == ""  # not synthetic


def test_an_ai_generated_photo_is_read_with_its_extended_description():
    found = meta(fixture("11_iptc-ref-ai-generated.jpg"))
    assert found["digital_source_type"] == AI
    assert found["extended_description"].startswith("A test picture: the IPTC reference image")
    assert provenance.is_ai(found["digital_source_type"])
    assert provenance.reader_label(found["digital_source_type"]) == "AI-generated image"


def test_terms_and_uris_of_the_vocabulary():
    assert provenance.term("digsrctype:compositeSynthetic") == "compositeSynthetic"
    assert provenance.term(AI + "/") == "trainedAlgorithmicMedia"
    assert provenance.uri("compositeWithTrainedAlgorithmicMedia") == (
        "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"
    )
    assert provenance.uri("https://example.org/sources/own") == "https://example.org/sources/own"
    assert provenance.uri("") == provenance.term(None) == ""
    assert provenance.reader_label("compositeSynthetic") == (
        "Composite image with synthetic elements"
    )
    assert provenance.reader_label("digitalCapture") == ""
    assert provenance.name("someNewTerm") == "someNewTerm"


def test_the_store_keeps_what_the_photo_says(store):
    photo = store.photos.add(fixture("11_iptc-ref-ai-generated.jpg"))
    again = store.photos.get(photo.id)
    assert again.metadata["digital_source_type"] == AI
    assert again.metadata["extended_description"].startswith("A test picture")


def test_renditions_carry_the_digital_source_type_and_extended_description(tmp_path):
    source = fixture("11_iptc-ref-ai-generated.jpg")
    credits = Credits(
        caption="A man pulled from the rubble",
        credit="Desk",
        extended="Longer description of the picture.",
        source_type=AI,
    )
    job = PhotoJob(source=source, sha256="ab" * 32, width=1000, height=500, credits=credits)
    result = make_renditions(job, ExportSettings(), tmp_path / "cache")
    assert {r.format for r in result.renditions} == {"jpeg", "webp"}
    for rendition in result.renditions:
        found = meta(rendition.path)
        assert found["digital_source_type"] == AI, rendition.path.name
        assert found["extended_description"] == "Longer description of the picture."
        assert found["caption"] == "A man pulled from the rubble"


def test_a_camera_photo_keeps_its_cached_renditions_names():
    """Credits without provenance hash as before, so existing caches stay valid."""
    plain = Credits(caption="c", credit="d")
    assert plain.digest() == Credits(caption="c", credit="d", extended="", source_type="").digest()
    assert plain.digest() != Credits(caption="c", credit="d", source_type=AI).digest()


def test_the_page_labels_an_ai_generated_image_and_its_files_say_so(store, tmp_path):
    article = store.articles.create(
        headline="Rescue", body_md="Rescuers worked through the night.", status="ready"
    )
    camera = store.photos.add(fixture("04_gps-nikon-coolpix-p6000.jpg"))
    synthetic = store.photos.add(fixture("11_iptc-ref-ai-generated.jpg"))
    store.figures.add(article.id, camera.id, caption="The street", credit="Ana", alt="A street")
    store.figures.add(article.id, synthetic.id, caption="An illustration", credit="Desk", alt="x")
    result = export.export_story(store, article.slug, tmp_path / "out")
    html = (result.path / "index.html").read_text(encoding="utf-8")
    page = Page(html)
    assert page.all("figcaption") == [
        "The street Ana",
        "AI-generated image An illustration Desk",
    ]
    assert html.count('<span class="provenance">AI-generated image</span>') == 1
    made = sorted((result.path / "images").glob("*.jpg"))
    sources = {meta(p)["digital_source_type"] for p in made}
    assert sources == {"", AI}  # the camera photo's renditions claim nothing
