"""Real files from public sources (see tests/fixtures/import/real/README.md): what each must yield.

Each case names the expected headline, byline, date and first paragraph, and what must not
appear anywhere in the story (furniture, labels, the headline again, duplicated photos).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desk.importers import import_files, parse
from desk.importers.base import ImportedFigure

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "real"


def text_blocks(story) -> list[str]:
    """The story's text blocks (figures left out)."""
    return [b for b in story.body if isinstance(b, str)]


def everything(story) -> str:
    """Every text the story holds: fields, body and figures' captions and credits."""
    figures = [f"{f.caption} {f.credit} {f.alt}" for f in story.figures()]
    fields = [story.headline, story.standfirst, story.byline, story.dateline, story.section]
    return "\n".join([*fields, *text_blocks(story), *figures])


# -- a saved page: Deutsche Welle ---------------------------------------------------------------

DW = REAL / "webpage" / "dw.com.uncork.html"


def test_dw_page_headline_byline_and_date():
    story = parse(DW)[0]
    assert (
        story.headline == "Uncork the mystery of Germany's Frühburgunder"
    )  # not "| DW | 10.06.2013"
    assert story.byline == "By Julian Tompkin"  # the labelled author, not the publisher
    assert story.authors == ["Julian Tompkin"]
    assert story.created == "2013-06-10T12:00:00.000Z"  # not a teaser's 01.08.2019
    assert story.language == "en"
    assert story.tags[:3] == ["wine", "frühburgunder", "Ahr"]
    assert story.standfirst.startswith("One of Germany's smallest wine regions")


def test_dw_page_first_paragraph_and_subheads():
    story = parse(DW)[0]
    first = text_blocks(story)[0]
    assert first.startswith("Climbing out of Ahrweiler, a charming medieval village just south")
    assert "## Heard it through the grape vine" in text_blocks(story)
    assert text_blocks(story)[-1].endswith("I most certainly have.")


def test_dw_page_photos_are_figures_with_their_captions_awaiting_the_photo():
    story = parse(DW)[0]
    figures = story.figures()
    assert [f.caption for f in figures] == [
        "Oak barrels enhance the frühburgunder flavor",
        "The steep landscape makes harvesting the grapes a challenge",
        "Alexander Stodden's vineyard contributed to the revival of Frühburgunder",
    ]
    assert figures[0].remote_url == "https://www.dw.com/image/16864615_404.jpg"
    assert figures[0].photo_path is None
    assert figures[0].photo_bytes is None
    assert "is on the web" in figures[0].problem
    body = text_blocks(story)
    assert not any(b == f.caption for f in figures for b in body)  # captions not as text


@pytest.mark.parametrize(
    "junk",
    [
        "We use cookies",
        "DW recommends",
        "Hip Berliners drink foreign beer",
        "Sour grapes",
        "Advertisement",
        "Send us an e-mail",
        "Print this page",
        "Permalink",
        "Related content",
        "Deutsche Welle",
        "10.06.2013",
        "DWDE",
    ],
)
def test_dw_page_keeps_no_page_furniture(junk):
    story = parse(DW)[0]
    assert junk not in "\n".join(text_blocks(story)), junk
    assert junk not in story.byline


def test_dw_page_imports_into_the_store_with_its_figures(store):
    (result,) = import_files(store, [DW])
    assert result.ok, result.error
    article = store.articles.get(result.ids[0])
    assert article.slug.startswith("uncork-the-mystery-of-germany")
    assert article.body_md.startswith("Climbing out of Ahrweiler")
    assert len(store.figures.for_story(article.id)) == 3
    assert "https://www.dw.com/image/16864615_404.jpg" in article.notes


# -- an agency's ninjs: TT (Sweden) ---------------------------------------------------------------

TT = REAL / "ninjs" / "tt_text_image_2.json"


def test_tt_ninjs_fields_from_labels_and_dates():
    story = parse(TT)[0]
    assert story.headline == "Militärövning i jätteformat hålls 2023"
    assert story.section == "Försvar"  # the "vignette" label, a field
    assert story.agency == "TT"  # the "source" label, a field
    assert story.created == "2021-05-26T11:40:18.000Z"  # versioncreated, the only date
    assert story.language == "sv"
    assert story.byline == ""
    assert story.authors == []  # Jonas Svensson is a person in the story, not its author
    assert story.standfirst == ""  # the teaser is the body's first words, cut short


def test_tt_ninjs_body_is_the_rich_html_without_headline_or_labels():
    story = parse(TT)[0]
    assert isinstance(story.body[0], ImportedFigure)  # richhtml5 puts the photo first
    first = text_blocks(story)[0]
    assert first.startswith("Pandemin satte stopp för den stora internationella militärövningen")
    assert "[Sydöstran](https://www.sydostran.se/" in first  # the rich body keeps its link
    body = "\n".join(text_blocks(story))
    assert "Militärövning i jätteformat" not in body
    assert "FörsvarTT" not in body
    assert "Försvar TT" not in body
    assert not any(b.strip() in ("Försvar", "TT") for b in text_blocks(story))
    assert body.count("> ") == 2  # the two quotes


def test_tt_ninjs_photo_is_one_figure_awaiting_the_largest_rendition():
    story = parse(TT)[0]
    (figure,) = story.figures()
    assert figure.credit == "Karl Melander/TT"
    assert figure.caption.startswith("En stor internationell försvarsövning planeras 2023")
    assert figure.remote_url.endswith("a001_NormalHires.jpg")
    assert (figure.remote_width, figure.remote_height) == (4724, 3149)
    assert "4724×3149 pixels" in figure.problem


def test_tt_ninjs_imports_one_figure_and_the_source_date(store):
    (result,) = import_files(store, [TT])
    assert result.ok, result.error
    article = store.articles.get(result.ids[0])
    assert len(store.figures.for_story(article.id)) == 1
    assert article.created == "2021-05-26T11:40:18.000Z"
    assert (article.section, article.agency) == ("Försvar", "TT")


# -- an agency's ninjs: dpa (Germany) -------------------------------------------------------------

DPA = REAL / "ninjs" / "dpa_text.json"


def test_dpa_ninjs_byline_names_agency_and_date():
    story = parse(DPA)[0]
    assert story.headline == "Faktencheck Derby-Elfmeter: Hat Schiedsrichter Zwayer recht?"
    assert story.byline == "Von Christian Hollmann, dpa"  # as the agency prints it
    assert story.authors == ["Christian Hollmann"]  # the name alone: no "Von", no "dpa"
    assert story.agency == "dpa"
    assert story.created == "2019-05-10T14:02:28.000Z"  # versioncreated, the only date
    assert story.language == "de"


def test_dpa_ninjs_body_first_paragraph_and_no_copyright_line():
    story = parse(DPA)[0]
    assert len(text_blocks(story)) == 9
    assert text_blocks(story)[0].startswith(
        "Für Lucien Favre war es «der größte Skandal im Fußball seit Jahren»."
    )
    assert "Alle Rechte vorbehalten" not in everything(story)
    assert story.figures() == []


# -- a saved page: Salon (a Grist story) ---------------------------------------------------------

SALON = REAL / "webpage" / "salon.com.emissions.html"


def test_salon_page_fields_from_json_ld_and_meta_decoded():
    story = parse(SALON)[0]
    assert story.headline == "Despite everything, U.S. emissions dipped in 2019"
    assert story.byline == "By Nathanael Johnson"
    assert story.created == "2020-01-10T09:00:04.000Z"
    assert story.section == "Science & Health"  # "Science &amp; Health" decoded
    assert "Science & Health" in story.tags
    assert not any("&amp;" in t for t in story.tags)
    assert story.standfirst == "Coal has been in a slow-motion death spiral over the past ten years"


def test_salon_page_body_decoded_with_its_charts_credited():
    story = parse(SALON)[0]
    text = text_blocks(story)
    assert text[0].startswith("Just a week into the new year, and the first estimate of how much")
    assert "It’s not the kind of report card you’d be proud to show" in text[0]  # &rsquo;
    assert text[-1].endswith("emissions from factories, cars, and buildings.")
    figures = story.figures()
    assert [f.credit for f in figures] == ["Clayton Aldern / Grist", "Clayton Aldern / Grist"]
    assert figures[0].remote_url.startswith("https://grist.files.wordpress.com/2019/12/coal")


@pytest.mark.parametrize(
    "junk",
    [
        "Advertisement",
        "Credit:",
        "Up Next",
        "Little America",
        "MORE FROM",
        "Related Topics",
        "Show Comments",
        "Sign up for our free newsletter",
        "Fearless journalism",
        "Copyright ©",
        "Already a Subscriber",
        "&rsquo;",
        "January 10, 2020 9:00AM",
    ],
)
def test_salon_page_keeps_no_page_furniture(junk):
    assert junk not in "\n".join(text_blocks(parse(SALON)[0]))
