"""NewsML-G2: IPTC's own text and photo examples, a news message with a package, hostile XML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desk.errors import ImportFailed
from desk.importers import detect, import_files, parse

G2 = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "newsmlg2"


def test_iptc_text_example():
    (story,) = parse(G2 / "iptc_listing2_text.xml")
    assert story.headline == 'Fed to halt QE to avert "bubble"'
    assert story.authors == ["Meredith Jameson"]
    assert story.byline == "By Meredith Jameson"  # NITF byline without the job title
    assert story.dateline == "New York, NY"
    assert story.agency == "Associated Press"
    assert story.language == "en-US"
    assert story.created == "2016-11-21T20:21:06.000Z"
    assert story.tags == [
        "economy business and finance",
        "central bank",
        "money and monetary policy",
    ]
    assert story.notes == "Slug: US-Finance-Fed"  # usable, no urgency: nothing more to say
    assert len(story.body) == 2
    assert story.body[0].startswith("(New York, NY - October 21) Et, sent luptat")
    assert story.body[1].endswith("esto cons dolutpat, si.")


def test_iptc_photo_example_becomes_a_story_with_its_lead_photo():
    (story,) = parse(G2 / "iptc_listing3_photo.xml")
    assert story.headline == "Variety Of Recessionary Forces Leave Las Vegas Economy Scarred"
    (figure,) = story.figures()
    assert figure.lead
    assert figure.caption.startswith("A general view of part of downtown")
    assert figure.credit == "Spencer Platt / Getty Images"
    assert figure.photo_path == G2 / "GYI0062134533-web.jpg"  # the rendition that is on disk
    assert "labour market" in story.tags
    assert "Arbeitsmarkt" not in story.tags


def test_news_message_puts_the_packaged_picture_with_its_text(store):
    (story,) = parse(G2 / "message_story_with_photo.xml")
    assert story.headline == "Lyon opens its seventh tram line"
    assert story.standfirst.startswith("The line links the east")
    assert story.authors == ["Claire Martin", "Hugo Petit"]
    assert (story.dateline, story.agency) == ("Lyon", "Example Press")
    assert "Do not use the mayor's first name." in story.notes
    assert story.body[:3] == [
        "The first trams left at **5 a.m.** on Sunday.",
        "## Delays",
        "Works ran *eight months* late, the operator said.",
    ]
    (figure,) = story.figures()
    assert figure.caption == "A T7 tram crosses the Rhône on its first morning"
    assert figure.credit == "Hugo Petit / Example Press"
    result = import_files(store, [G2 / "message_story_with_photo.xml"])[0]
    assert result.ok, result.error
    article = store.articles.get(result.ids[0])
    assert "alert" not in article.body_md
    assert "mayor" not in article.body_md
    (fig,) = store.figures.for_story(article.id)
    assert fig.photo is not None
    assert fig.caption.startswith("A T7 tram")


def test_detected_by_content(tmp_path):
    path = tmp_path / "item.txt"
    path.write_bytes((G2 / "iptc_listing2_text.xml").read_bytes())
    assert detect(path, path.read_bytes()) == "newsmlg2"


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><itemMeta><itemClass qcode="ninat:text"/>
</itemMeta><contentMeta><headline>&lol9;</headline></contentMeta></newsItem>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><itemMeta><itemClass qcode="ninat:text"/>
</itemMeta><contentMeta><headline>Leak &secret;</headline></contentMeta></newsItem>
"""


def test_entities_are_never_expanded(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(BILLION_LAUGHS, encoding="utf-8")
    try:
        stories = parse(bomb)
    except ImportFailed:
        stories = []
    assert all(len(s.headline) < 1000 for s in stories)
    leak = tmp_path / "leak.xml"
    leak.write_text(EXTERNAL_ENTITY, encoding="utf-8")
    try:
        stories = parse(leak)
    except ImportFailed:
        stories = []
    assert all("root:" not in s.headline for s in stories)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><itemMeta>', "not well-formed XML"),
        ("<?xml version='1.0'?><rss><channel/></rss>", "not NewsML-G2"),
    ],
)
def test_malformed_xml_is_one_clear_error(tmp_path, content, message):
    path = tmp_path / "broken.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFailed, match=f"broken.xml: .*{message}"):
        parse(path, "newsmlg2")


def test_urgency_and_a_withheld_status_reach_the_notes(tmp_path):
    path = tmp_path / "withheld.xml"
    path.write_text(
        '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x"><itemMeta>'
        '<itemClass qcode="ninat:text"/><pubStatus qcode="stat:withheld"/></itemMeta>'
        "<contentMeta><urgency>2</urgency><headline>Held story</headline></contentMeta>"
        "</newsItem>",
        encoding="utf-8",
    )
    (story,) = parse(path)
    assert story.notes == "Urgency 2; The agency marks it WITHHELD: check before use"


def message_with_body_photo(tmp_path: Path, href: str, body_src: str) -> Path:
    """The packaged message, its text body showing the picture item's photo inline."""
    xml = (G2 / "message_story_with_photo.xml").read_text(encoding="utf-8")
    xml = xml.replace('href="tram.jpg"', f'href="{href}"')
    xml = xml.replace(
        "<h2>Delays</h2>",
        f'<h1>Lyon opens its seventh tram line</h1><img src="{body_src}" alt="A tram"/>'
        "<h2>Delays</h2>",
    )
    xml = xml.replace("<firstCreated>2024-06-02T09:30:00Z</firstCreated>", "")
    path = tmp_path / "message.xml"
    path.write_text(xml, encoding="utf-8")
    return path


def test_a_picture_shown_in_the_body_and_sent_as_an_item_is_one_figure(tmp_path):
    shutil.copy(G2 / "tram.jpg", tmp_path / "tram.jpg")
    (story,) = parse(message_with_body_photo(tmp_path, "tram.jpg", "tram.jpg"))
    (figure,) = story.figures()
    assert figure.caption == "A T7 tram crosses the Rhône on its first morning"
    assert figure.photo_path == tmp_path / "tram.jpg"
    outline = [b["type"] for b in story.outline()]
    assert outline == ["paragraph", "figure", "subhead", "paragraph"]  # in its place, once
    assert "Lyon opens its seventh tram line" not in " ".join(
        b for b in story.body if isinstance(b, str)
    )


def test_a_picture_on_the_web_awaits_its_largest_rendition_and_the_date_is_version_created(
    tmp_path,
):
    href = "https://photos.example.com/t7-2400.jpg"
    (story,) = parse(message_with_body_photo(tmp_path, href, href))
    (figure,) = story.figures()
    assert figure.remote_url == href
    assert (figure.remote_width, figure.remote_height) == (2400, 1600)
    assert story.created == "2024-06-02T10:04:00.000Z"  # versionCreated: no firstCreated left
