"""Wire copy: the agency's end-of-story notebook, separators, credits trailers and service lines
go to the story's notes, not its body; the dateline and the source date stay."""

from __future__ import annotations

import pytest

from desk.importers import import_files, parse
from desk.importers.wirenotes import is_separator, is_service_line, is_trailer

AP_STYLE = """\
Storm knocks out power to 200,000 in Michigan

By JOHN FLESHER

TRAVERSE CITY, Mich. (AP) - A storm packing winds of up to 70 mph knocked out power to
more than 200,000 homes and businesses in Michigan on Wednesday, utilities said.

Crews from three states were helping to restore service, which could take until the weekend
in the hardest-hit counties, a spokesman for Consumers Energy said.

Schools in 12 districts were closed.

___

Follow John Flesher on Twitter at https://twitter.com/johnflesher

More AP coverage of the storm: https://apnews.com/hub/weather
"""

REUTERS_STYLE = """\
Oil rises as Gulf supply worries return

By Jane Doe

LONDON, March 3 (Reuters) - Oil prices rose on Tuesday as traders weighed supply risks in
the Gulf after an attack on a tanker.

Brent crude futures were up 1.2% at $84.10 a barrel by 1100 GMT.

(Reporting by Jane Doe; Additional reporting by Ahmad Ghaddar in London and Florence Tan in
Singapore; Editing by John Smith)

((jane.doe@thomsonreuters.com; +44 20 7542 0000))

Our Standards: The Thomson Reuters Trust Principles.
"""

AFP_STYLE = """\
Heatwave grips southern Europe

ATHENS (AFP) - Temperatures topped 44 degrees Celsius in parts of Greece on Friday.

The Acropolis was closed to visitors in the afternoon, officials said.

-- 0 --

bur-ach/jm
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_ap_notebook_after_the_separator_goes_to_the_notes(tmp_path):
    story = parse(write(tmp_path, "storm.txt", AP_STYLE))[0]
    assert story.headline == "Storm knocks out power to 200,000 in Michigan"
    assert story.authors == ["John Flesher"]
    assert (story.dateline, story.agency) == ("Traverse City", "AP")
    assert story.body[0].startswith("A storm packing winds of up to 70 mph")
    assert story.body[-1] == "Schools in 12 districts were closed."
    body = "\n".join(story.body)
    assert "___" not in body
    assert "Follow John Flesher" not in body
    assert "More AP coverage" not in body
    assert "Follow John Flesher on Twitter" in story.notes
    assert "More AP coverage of the storm: https://apnews.com/hub/weather" in story.notes


def test_reuters_trailer_contacts_and_standards_go_to_the_notes(tmp_path):
    story = parse(write(tmp_path, "oil.txt", REUTERS_STYLE))[0]
    assert (story.dateline, story.agency) == ("London", "Reuters")
    assert len(story.body) == 2
    assert story.body[-1].startswith("Brent crude futures were up 1.2%")
    for line in ("(Reporting by Jane Doe;", "((jane.doe@thomsonreuters.com", "Our Standards"):
        assert line not in "\n".join(story.body)
        assert line in story.notes


def test_afp_separator_and_signature_go_to_the_notes(tmp_path):
    story = parse(write(tmp_path, "heat.txt", AFP_STYLE))[0]
    assert (story.dateline, story.agency) == ("Athens", "AFP")
    assert story.body == [
        "Temperatures topped 44 degrees Celsius in parts of Greece on Friday.",
        "The Acropolis was closed to visitors in the afternoon, officials said.",
    ]
    assert "bur-ach/jm" in story.notes


def test_a_long_story_after_a_separator_stays_in_the_body(tmp_path):
    text = (
        "Two stories in one\n\nBy Ann Lee\n\nFirst part of the story, one paragraph.\n\n"
        "___\n\n" + "\n\n".join(f"Second part, paragraph {n} of a long report." for n in range(8))
    )
    story = parse(write(tmp_path, "two.txt", text))[0]
    assert len(story.body) == 9  # the separator alone is dropped
    assert "___" not in "\n".join(story.body)


def test_iptc7901_trailer_goes_to_the_notes_and_the_date_stays(tmp_path):
    path = tmp_path / "afp.7901"
    path.write_bytes(
        b"\x01AFP0123 4 POL 0087 AFP\n"
        b"GREECE-WEATHER-HEAT\n"
        b"\x02Heatwave grips southern Europe\n"
        b"\tATHENS (AFP) - Temperatures topped 44 degrees Celsius on Friday.\n"
        b"\tThe Acropolis was closed in the afternoon, officials said.\n"
        b"\t(Reporting by Helena Smith; Editing by Paul Martin)\n"
        b"\tbur-ach/jm\n"
        b"\x03211412 GMT JUL 23\x04"
    )
    story = parse(path)[0]
    assert story.created == "2023-07-21T14:12:00.000Z"
    assert story.dateline == "Athens"
    assert story.body[-1] == "The Acropolis was closed in the afternoon, officials said."
    assert "(Reporting by Helena Smith; Editing by Paul Martin)" in story.notes
    assert "bur-ach/jm" in story.notes


def test_wire_notes_reach_the_store_and_never_the_body(store, tmp_path):
    (result,) = import_files(store, [write(tmp_path, "oil.txt", REUTERS_STYLE)])
    article = store.articles.get(result.ids[0])
    assert "Reporting by" not in article.body_md
    assert "Reporting by Jane Doe" in article.notes


@pytest.mark.parametrize("line", ["___", "-30-", "-- 0 --", "###", "* * *", "======", "(END)"])
def test_separators(line):
    assert is_separator(line)


def test_trailers_and_service_lines():
    assert is_trailer("(Reporting by A in B; Editing by C)")
    assert is_trailer("Writing by Ann Lee; editing by Tom Hogue")
    assert not is_trailer("Reporting by phone from the flooded town was impossible, she said")
    assert is_service_line("Copyright 2019 The Associated Press. All rights reserved.")
    assert is_service_line("((jane.doe@thomsonreuters.com; +44 20 7542 0000))")
    assert is_service_line("bur-ach/jm")
    assert not is_service_line("The minister said the deal was done.")
