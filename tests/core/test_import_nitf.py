"""NITF documents: head metadata, byline people, dateline, body with subheads and media."""

from __future__ import annotations

from pathlib import Path

from desk.importers import detect, import_files, parse

NITF = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "nitf" / "dpa_story.xml"


def test_nitf_metadata():
    story = parse(NITF)[0]
    assert story.headline == "Train drivers begin three-day strike across Germany"
    assert story.standfirst == "Commuters face a third walkout since November"
    assert story.byline == "By Anna Weber and Jonas Klein"
    assert story.authors == ["Anna Weber", "Jonas Klein"]
    assert (story.dateline, story.agency, story.section) == ("Berlin", "dpa", "Business")
    assert story.created == "2024-01-17T06:45:00.000Z"
    assert story.tags == ["rail", "strikes", "Germany"]
    assert story.notes == "Please note: figures updated in para 3."


def test_nitf_body_with_media(store):
    assert detect(NITF, NITF.read_bytes()[:4096]) == "nitf"
    story = parse(NITF)[0]
    assert [b["type"] for b in story.outline()] == [
        "paragraph",
        "subhead",
        "paragraph",
        "figure",
        "paragraph",
    ]
    (figure,) = story.figures()
    assert figure.caption == "Platforms stood empty in Berlin on Wednesday"
    assert figure.credit == "Jonas Klein/dpa"
    assert figure.alt == "An empty platform at Berlin main station"
    (result,) = import_files(store, [NITF])
    assert result.ok, result.error
    (stored,) = store.figures.for_story(result.ids[0])
    assert stored.photo is not None
