"""IPTC 7901 and ANPA 1312: headers, slugline, dateline, body; editor's notes kept out."""

from __future__ import annotations

from pathlib import Path

from desk.importers import FORMATS, detect, import_files, parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
IPTC = FIXTURES / "afp_two_messages.7901"
ANPA = FIXTURES / "ap_story.anpa"


def head(path: Path) -> bytes:
    return path.read_bytes()[:4096]


def test_formats_are_detected_from_content_not_the_name(tmp_path):
    for source, name in ((IPTC, "iptc7901"), (ANPA, "anpa1312")):
        renamed = tmp_path / (name + ".txt")
        renamed.write_bytes(source.read_bytes())
        assert detect(renamed, head(renamed)) == name
        assert FORMATS[name].sniff(renamed, head(renamed)) > FORMATS["wire"].sniff(
            renamed, head(renamed)
        )


def test_iptc7901_reads_each_message_as_a_story():
    first, flash = parse(IPTC)
    assert first.headline == "Syrian rebels pull back from key town as Turkey warns Damascus"
    assert first.authors == ["Omar Haj Kadour"]
    assert (first.dateline, first.agency) == ("Beirut", "AFP")
    assert first.created == "2019-08-20T12:13:00.000Z"
    assert first.body == [
        "Jihadists and allied rebels withdrew from a key area of northwestern Syria on "
        "Tuesday, a war monitor said.",
        'Turkey warned Damascus "not to play with fire" a day after an air strike near a '
        "Turkish military convoy.",
        "The withdrawal leaves a Turkish observation post effectively surrounded, the "
        "Observatory said.",
    ]
    assert "Slug: SYRIA-CONFLICT-IDLIB" in first.notes
    assert "Priority 3" in first.notes
    assert "Eds: Adds Turkish statement" in first.notes
    assert flash.dateline == "Ankara"
    assert len(flash.body) == 1
    assert "Desk contact" in flash.notes
    assert "not for publication" not in " ".join(flash.body)


def test_anpa1312_reads_header_lines_and_keeps_notes_out_of_the_body():
    (story,) = parse(ANPA)
    assert story.headline == "Rebels withdraw from key town in northwest Syria"
    assert story.byline == "By BASSEM MROUE"
    assert story.authors == ["Bassem Mroue"]
    assert (story.dateline, story.agency) == ("Beirut", "AP")
    assert story.created == "2019-08-20T12:13:00.000Z"
    assert len(story.body) == 3
    assert story.body[0].startswith("Syrian insurgents withdrew Tuesday")
    assert story.body[0].endswith("activists said.")  # the wrapped line joined
    body = " ".join(story.body)
    for note in ("Eds:", "Note to editors", "(END)", "BC-Syria", "Associated Press"):
        assert note not in body
    assert "Slug: BC-Syria-Fighting (1st Ld-Writethru)" in story.notes
    assert "Note to editors" in story.notes


def test_agency_files_import_into_the_store_with_notes(store):
    results = import_files(store, [IPTC, ANPA])
    assert [len(r.slugs) for r in results] == [2, 1]
    article = store.articles.get(results[1].slugs[0])
    assert "Eds: UPDATES" in article.notes
    assert "Eds:" not in article.body_md
    # the two messages of one file are told apart when re-imported
    again = import_files(store, [IPTC])[0]
    assert not again.error
    assert not again.slugs
    assert len(again.duplicate_of) == 2
