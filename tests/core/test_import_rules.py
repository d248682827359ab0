"""Rules every import keeps: deep pages read whole or refused, one NUL rule for import and
--body-file, entities decoded in every field (slug too), bylines reduced to names, page
boilerplate never in the body."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from desk.cli import main
from desk.errors import ImportFailed
from desk.importers import import_files, parse
from desk.importers.clean import agency_in, byline_names, clean_byline, is_boilerplate
from desk.store import Store
from desk.text import binary_problem

# -- HTML nested deeper than lxml's 255-element default ---------------------------------------


def nested_page(depth: int) -> str:
    """A page whose article sits `depth` wrapper <div>s deep, a paragraph before and after."""
    return (
        "<!doctype html><html><head><title>Deep</title></head><body><article>"
        "<h1>Council passes the budget after a long night</h1>"
        "<p>The council passed the budget at 3am after eleven hours of debate.</p>"
        + "<div>"
        * depth
        + "<p>Deep inside the page: the mayor's amendment on bus fares was rejected 12 to 9, "
        "and the opposition walked out before the final vote on the housing fund.</p>"
        "<p>Second deep paragraph: the budget raises spending on schools by four per cent.</p>"
        + "</div>" * depth
        + "<p>The new budget takes effect in April.</p></article></body></html>"
    )


def test_a_page_nested_300_deep_is_imported_whole(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text(nested_page(300), encoding="utf-8")
    body = "\n".join(b for b in parse(page)[0].body if isinstance(b, str))
    assert "the mayor's amendment on bus fares was rejected 12 to 9" in body
    assert "raises spending on schools by four per cent" in body
    assert body.rstrip().endswith("The new budget takes effect in April.")


def test_a_page_nested_1500_deep_is_imported_whole_into_the_store(store, tmp_path):
    page = tmp_path / "deeper.html"
    page.write_text(nested_page(1500), encoding="utf-8")
    (result,) = import_files(store, [page])
    assert result.ok, result.error
    body = store.articles.get(result.ids[0]).body_md
    assert "the mayor's amendment on bus fares was rejected" in body


def test_a_page_deeper_than_the_reader_goes_is_refused_saying_why(tmp_path):
    page = tmp_path / "abyss.html"
    page.write_text(nested_page(2100), encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        parse(page)
    message = str(caught.value)
    assert message.startswith("abyss.html: the page nests its elements 2,047 deep or more")
    assert "text inside would be lost" in message
    assert message.count("\n") == 0


# -- a NUL byte: one rule for `desk import` and `desk new/edit --body-file` ------------------


def test_the_rule_names_where_the_nul_is():
    assert binary_problem(b"plain text") == ""
    assert binary_problem("Ünïcode".encode("utf-16")) == ""  # UTF-16 with its BOM is text
    assert binary_problem(b"a" * 100_000 + b"\x00") == (
        "it holds a NUL byte at byte 100,001 (binary data, not text)"
    )


def test_desk_import_refuses_a_nul_byte_after_the_first_64_kilobytes(tmp_path):
    wire = tmp_path / "wire.txt"
    wire.write_bytes(b"Headline\n\n" + b"A paragraph of copy. " * 5000 + b"\x00 more\n")
    with pytest.raises(
        ImportFailed,
        match=r"^wire\.txt: this is not a story file Desk can read: "
        r"it holds a NUL byte at byte 105,011",
    ):
        parse(wire)


def test_desk_new_body_file_refuses_a_nul_byte_by_the_same_rule(tmp_path):
    body = tmp_path / "body.txt"
    body.write_bytes(b"First paragraph.\x00\n\nSecond.\n")
    store_dir = tmp_path / "store"
    result = CliRunner().invoke(
        main, ["--store", str(store_dir), "new", "--headline", "H", "--body-file", str(body)]
    )
    assert result.exit_code == 2
    assert "it holds a NUL byte at byte 17 (binary data, not text)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    imported = CliRunner().invoke(main, ["--store", str(store_dir), "import", str(body)])
    assert imported.exit_code != 0
    assert "it holds a NUL byte at byte 17 (binary data, not text)" in imported.stderr


def test_a_utf16_text_file_imports_and_is_a_body_file(tmp_path):
    text = "Snow closes passes\n\nHeavy snow closed three Alpine passes on Sunday, police said.\n"
    story_file = tmp_path / "utf16.txt"
    story_file.write_bytes(text.encode("utf-16"))
    story = parse(story_file)[0]
    assert story.headline == "Snow closes passes"
    store_dir = tmp_path / "store"
    made = CliRunner().invoke(
        main, ["--store", str(store_dir), "new", "--headline", "S", "--body-file", str(story_file)]
    )
    assert made.exit_code == 0, made.stderr
    with Store.open(store_dir, readonly=True) as store:
        summary = store.articles.all()[0]
        assert "Alpine passes" in store.articles.get(summary.id).body_md


def test_a_folder_with_malformed_files_imports_the_rest(store, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_text("Good headline\n\nGood first paragraph.\n", "utf-8")
    (inbox / "nul.txt").write_bytes(b"Bad\n\nText\x00with a NUL.\n")
    (inbox / "deep.html").write_text(nested_page(2100), encoding="utf-8")
    (inbox / "broken.json").write_text('{"headlines": [', encoding="utf-8")
    results = {r.path.name: r for r in import_files(store, [inbox])}
    assert results["good.txt"].ok
    assert store.articles.count() == 1
    for name in ("nul.txt", "deep.html", "broken.json"):
        error = results[name].error
        assert error.startswith(f"{name}: "), error
        assert error.count("\n") == 0, error


# -- entities decoded everywhere, slugs too ---------------------------------------------------


def test_an_encoded_headline_is_decoded_in_every_field_and_in_the_slug(store, tmp_path):
    page = tmp_path / "quotes.html"
    ld = {
        "@type": "NewsArticle",
        "headline": "&#8216;We will rebuild&#8217;: mayor vows after flood",
        "description": "Residents return to &amp;#8220;a town of mud&amp;#8221;",
        "author": {"@type": "Person", "name": "Ana&nbsp;Ruiz"},
        "articleSection": "News &amp; Politics",
        "keywords": ["Floods", "R&amp;D"],
    }
    page.write_text(
        f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script></head>'
        "<body><article><h1>&#8216;We will rebuild&#8217;: mayor vows after flood</h1>"
        "<p>The mayor said the town would rebuild the bridge &#8220;stone by stone&#8221; "
        "and reopen the school by September, whatever the cost to the council.</p>"
        "<p>Water levels fell overnight, and residents began clearing the streets of mud.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    story = parse(page)[0]
    assert story.headline == "‘We will rebuild’: mayor vows after flood"
    assert story.standfirst == "Residents return to “a town of mud”"
    assert story.authors == ["Ana Ruiz"]
    assert story.section == "News & Politics"
    assert story.tags == ["Floods", "R&D"]
    (result,) = import_files(store, [page])
    article = store.articles.get(result.ids[0])
    assert article.slug == "we-will-rebuild-mayor-vows-after-flood"
    assert "#8216" not in article.slug
    assert "&" not in article.headline
    assert "mayor vows" not in article.body_md  # the headline is not repeated in the body


def test_a_ninjs_headline_with_entities_is_decoded(tmp_path):
    item = tmp_path / "item.json"
    item.write_text(
        json.dumps(
            {
                "uri": "urn:x",
                "type": "text",
                "headlines": [{"role": "main", "value": "Q&amp;A: the &#8216;new&#8217; rules"}],
                "bodies": [{"contenttype": "text/plain", "value": "Text &amp; more."}],
            }
        ),
        encoding="utf-8",
    )
    story = parse(item)[0]
    assert story.headline == "Q&A: the ‘new’ rules"


# -- bylines reduced to names; boilerplate out -----------------------------------------------


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("By Jane Doe, Senior Correspondent | 4 Min Read | March 3, 2024", ["Jane Doe"]),
        ("By JANE DOE and Tom Lee · Updated 10:32 AM ET", ["Jane Doe", "Tom Lee"]),
        ("Written by Ana Ruiz — 12 March 2024", ["Ana Ruiz"]),
        ("Jane Doe, Staff Writer", ["Jane Doe"]),
        (
            "By Omar Haj Kadour with Layal Abou Rahal in Beirut (AFP)",
            ["Omar Haj Kadour", "Layal Abou Rahal"],
        ),
        ("von Anna Weber und Jonas Klein", ["Anna Weber", "Jonas Klein"]),
        ("By Sarah E. Needleman", ["Sarah E. Needleman"]),  # an initial, not the word "e"
        ("María y José", ["María", "José"]),
        ("By Danica Kirka and JILL LAWLESS Associated Press", ["Danica Kirka", "Jill Lawless"]),
        ("By Carrie Arnold November 15, 2019", ["Carrie Arnold"]),
        ("By Finian Cunningham. Sputnik International", ["Finian Cunningham"]),
        ("By Associated Press", []),
        ("By Admin", []),
        ("Follow @janedoe on Twitter", []),
        ("5 min read", []),
    ],
)
def test_bylines_are_reduced_to_names(raw, names):
    assert byline_names(raw) == names


def test_an_agency_in_a_byline_is_the_agency_not_an_author():
    assert agency_in("By Associated Press") == "Associated Press"
    assert agency_in("By Danica Kirka and JILL LAWLESS Associated Press") == "Associated Press"
    assert agency_in("Jane Doe, Reuters") == "Reuters"
    assert agency_in("By Jane Doe") == ""


def test_a_clean_byline_reads_as_printed():
    assert clean_byline("BY Jane Doe | 4 Min Read") == ("By Jane Doe", ["Jane Doe"])
    assert clean_byline("By A. Smith, B. Jones and C. Brown")[0] == (
        "By A. Smith, B. Jones and C. Brown"
    )


@pytest.mark.parametrize(
    "line",
    [
        "Share this article:",
        "Share on Facebook",
        "Sign up for our daily newsletter to get the news in your inbox",
        "READ MORE: Flood warnings issued for the valley",
        "Related stories",
        "12 comments",
        "Comments (3)",
        "Leave a comment",
        "Advertisement",
        "4 min read",
        "Follow us on Twitter",
        "© 2024 The Daily Example. All rights reserved.",
        "SEE MORE: Hong Kong protests: 800 students under siege in university",
    ],
)
def test_page_boilerplate_is_known(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "sentence",
    [
        "Share prices rose 5% after the announcement on Tuesday morning.",
        "Comments from the minister drew criticism from the opposition.",
        "More than 900 calls were received between midnight and 6am.",
        "Related charges were dropped last year, the court heard.",
    ],
)
def test_sentences_that_start_like_boilerplate_are_kept(sentence):
    assert not is_boilerplate(sentence)


def test_boilerplate_and_author_box_never_reach_the_body(tmp_path):
    page = tmp_path / "blog.html"
    page.write_text(
        "<html><head><title>Tram line opens</title></head><body><article>"
        "<h1>Tram line opens</h1>"
        "<p class='byline'>By Jane Doe, Transport Correspondent | 4 Min Read | March 3, 2024</p>"
        "<p>The first trams left the depot at 5am on Sunday, carrying more than two hundred "
        "passengers on the new line to the airport.</p>"
        "<p>Share this article:</p>"
        "<p>Works ran eight months late and cost 40 million euros more than planned, the "
        "operator said in a statement on Saturday evening.</p>"
        "<p>Sign up for our morning newsletter to get the news in your inbox.</p>"
        "<p>READ MORE: Bus fares to rise in April</p>"
        "<p>The line will run every six minutes at peak times, the city said.</p>"
        "<h3>About the author</h3><p>Jane Doe covers transport and cities.</p>"
        "<p>12 comments</p></article></body></html>",
        encoding="utf-8",
    )
    story = parse(page)[0]
    body = "\n".join(b for b in story.body if isinstance(b, str))
    assert body.startswith("The first trams left the depot at 5am")
    assert body.endswith("The line will run every six minutes at peak times, the city said.")
    for junk in (
        "Share this",
        "newsletter",
        "READ MORE",
        "About the author",
        "covers transport",
        "comments",
        "Min Read",
        "By Jane",
    ):
        assert junk not in body, junk
    assert story.authors == ["Jane Doe"]
    assert story.byline == "By Jane Doe"


def test_a_plain_text_body_that_repeats_the_headline_does_not_keep_it(tmp_path):
    item = tmp_path / "plain.json"
    item.write_text(
        json.dumps(
            {
                "uri": "urn:y",
                "type": "text",
                "headlines": [{"role": "main", "value": "Ferry strike ends"}],
                "bodies": [
                    {
                        "contenttype": "text/plain",
                        "value": "Ferry strike ends\n\nCrews returned to work on Monday.",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    assert parse(item)[0].body == ["Crews returned to work on Monday."]


def test_a_lede_set_as_a_heading_is_a_paragraph_and_code_tags_are_dropped(tmp_path):
    page = tmp_path / "lede.html"
    page.write_text(
        '<html><head><meta name="keywords" content="China, autoplay_video, Hong Kong, ctp_video">'
        "</head><body><article><h1>Troops sent to the city</h1>"
        "<h3>CHINA has sent troops to the city in a bid to restore order following months of "
        "violent riots, warning it will not allow chaos.</h3>"
        "<p>Police said the demonstrators inside the university had no option but to come out "
        "and surrender, after a siege that lasted several days and nights.</p>"
        "<h2>What happens next</h2><p>Talks are due to resume on Friday, officials said.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    story = parse(page)[0]
    assert story.body[0].startswith("CHINA has sent troops")  # not "### CHINA ..."
    assert "## What happens next" in story.body  # a real subhead stays one
    assert story.tags == ["China", "Hong Kong"]


def test_a_syndicated_agency_story_on_a_page_keeps_its_trailer_in_the_notes(tmp_path):
    page = tmp_path / "syndicated.html"
    page.write_text(
        '<html><head><meta name="keywords" content="Category: Business, @hp-top-stories">'
        "</head><body><article><h1>Regulator opens inquiry into office group</h1>"
        "<p>(<em>Reuters</em>) — The state attorney general is investigating the office group, "
        "according to two people familiar with the matter.</p>"
        "<figure><img src='https://x.example/v.jpg' width='640' height='360'>"
        "<figcaption>Media playback is unsupported on your device</figcaption></figure>"
        "<p>The company, which expects to lay off thousands of employees, declined to comment "
        "on the inquiry on Monday evening.</p>"
        "<p><em>Need more news? Subscribe to our morning briefing for the latest.</em></p>"
        "<p>(<em>Reporting by Greg Roumeliotis; Editing by Martin Howell</em>)</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    story = parse(page)[0]
    text = [b for b in story.body if isinstance(b, str)]
    assert story.agency == "Reuters"
    assert text[0].startswith("The state attorney general is investigating")
    assert text[-1].startswith("The company, which expects to lay off thousands")
    assert "(Reporting by Greg Roumeliotis; Editing by Martin Howell)" in story.notes
    assert story.figures() == []  # a video's stand-in is no photo
    assert story.tags == ["Business"]


def test_words_in_angle_brackets_survive_import_and_rendering(store, tmp_path):
    from desk.render import render_body

    page = tmp_path / "show.html"
    page.write_text(
        "<html><body><article><h1>Palace show reviews</h1>"
        "<p>Visitors came to the theatre to watch &lt;The Palace: Tale of Jang Noksu&gt; and "
        "left their reviews of the show, which runs until the end of the month.</p>"
        "<p>Prices start at 30,000 won, and a &lt; b is no tag.</p></article></body></html>",
        encoding="utf-8",
    )
    wire = tmp_path / "wire.txt"
    wire.write_text(
        "Festival opens\n\nThe festival opens with <The Palace: Tale of Jang Noksu> tonight.\n",
        encoding="utf-8",
    )
    for path in (page, wire):
        (result,) = import_files(store, [path])
        html = render_body(store.articles.get(result.ids[0]).body_md)
        assert "The Palace: Tale of Jang Noksu" in html
        assert "&lt;The Palace" in html  # shown as text, not swallowed as a tag
