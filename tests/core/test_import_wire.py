"""Plain-text wire copy: the seed story block by block, and the general rules behind it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from desk.cli import main
from desk.importers import import_files, parse
from desk.importers.wire import abbreviates, caption_block, parse_credit
from desk.store import Store

SEED_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "seed"
SEED = SEED_DIR / "000_c7c2bbecfcf24f2b.txt"
EXPECTED = json.loads((SEED_DIR / "expected.json").read_text(encoding="utf-8"))


def norm(text: str) -> str:
    """Whitespace normalised, as the seed README says to compare."""
    return " ".join(text.split())


def expected_outline() -> list[tuple[str, str]]:
    """expected.json's blocks as (type, text or caption)."""
    return [(b["type"], norm(b.get("text") or b["caption"])) for b in EXPECTED["blocks"]]


def test_seed_parses_block_by_block():
    story = parse(SEED)[0]
    got = [(b["type"], norm(b.get("text") or b["caption"])) for b in story.outline()]
    assert got == expected_outline()
    counts = {t: sum(1 for b in got if b[0] == t) for t in ("paragraph", "subhead", "figure")}
    assert counts == {"paragraph": 29, "subhead": 2, "figure": 4}


def test_seed_metadata():
    story = parse(SEED)[0]
    assert story.headline == EXPECTED["headline"]
    assert story.byline == EXPECTED["byline_as_published"]
    assert story.authors == EXPECTED["authors"]
    assert story.dateline == EXPECTED["dateline"]
    assert story.agency == EXPECTED["agency"]
    assert story.section == EXPECTED["section"]
    assert story.created.startswith(EXPECTED["date"])
    assert [t.casefold() for t in story.tags] == [t.casefold() for t in EXPECTED["tags"]]


def test_seed_figures_keep_caption_and_credit_but_invent_no_alt():
    figures = parse(SEED)[0].figures()
    expected = [b for b in EXPECTED["blocks"] if b["type"] == "figure"]
    assert [f.caption for f in figures] == [b["caption"] for b in expected]
    assert [f.credit for f in figures] == [b.get("credit", "") for b in expected]
    assert all(f.alt == "" for f in figures)
    assert all(f.photo_path is None and f.photo_bytes is None for f in figures)


def test_seed_drops_site_chrome():
    story = parse(SEED)[0]
    text = " ".join(b for b in story.body if isinstance(b, str)) + story.headline
    for chrome in ("Remember me", "Forgot", "Log in", "article image", "Latest News", "Top News"):
        assert chrome not in text


def test_seed_imports_into_the_store_with_figures_and_tags(store):
    result = import_files(store, [SEED])[0]
    assert result.ok, result.error
    article = store.articles.get(result.slugs[0])
    assert article.headline == EXPECTED["headline"]
    assert article.authors == EXPECTED["authors"]
    assert (article.dateline, article.agency, article.section) == ("Beirut", "AFP", "World")
    assert article.created == "2019-08-20T12:00:00.000Z"
    rows = store.db.conn.execute(
        "SELECT id, image_id, caption, credit, alt FROM article_images "
        "WHERE article_id = ? ORDER BY id",
        [article.id],
    ).fetchall()
    assert [r[2] for r in rows] == [
        b["caption"] for b in EXPECTED["blocks"] if b["type"] == "figure"
    ]
    assert all(r[1] is None and r[4] == "" for r in rows)
    assert rows[3][3] == "AFP"
    # each figure sits in the body in its place, as its own paragraph
    paragraphs = article.body_md.split("\n\n")
    figure_lines = [p for p in paragraphs if p.startswith("![")]
    assert figure_lines == [f"![](figure:{r[0]})" for r in rows]
    assert paragraphs[5] == f"![](figure:{rows[0][0]})"
    assert "## Turkish soldiers" in paragraphs
    tags = store.db.conn.execute(
        "SELECT t.name FROM tags t JOIN article_tags a ON a.tag_id = t.id WHERE a.article_id = ?",
        [article.id],
    ).fetchall()
    assert sorted(t[0].casefold() for t in tags) == sorted(t.casefold() for t in EXPECTED["tags"])
    assert article.source.startswith("sha256:")


def test_cli_imports_the_seed_and_refuses_a_silent_duplicate(store_dir):
    runner = CliRunner()
    first = runner.invoke(main, ["--store", str(store_dir), "import", str(SEED)])
    assert first.exit_code == 0, first.output
    slug = first.output.strip()
    assert slug == "anti-assad-fighters-withdraw-from-key-area-of-northwest"
    second = runner.invoke(main, ["--store", str(store_dir), "import", str(SEED)])
    assert second.exit_code == 0
    assert f"already imported as {slug}" in second.output
    again = runner.invoke(main, ["--store", str(store_dir), "import", "--again", str(SEED)])
    assert again.exit_code == 0, again.output
    assert again.output.strip() == slug + "-2"
    with Store.open(store_dir) as s:
        assert s.articles.count() == 2


# -- the rules are general, not tuned to the seed --------------------------------------------

OTHER_WIRE = """\
Sign in  |  Register

Floods cut off villages in northern Italy

By Anna Rossi, Marco Bianchi and Luca Verdi in Milan (Reuters)    12 March 2024 in Europe

MILAN (Reuters) - Rising rivers cut off a dozen villages on Tuesday, officials said.

Rescue teams used boats to reach stranded families.

Boats reach a village near...
Boats reach a village near Parma on Tuesday
Giulia Neri, REUTERS

– Water levels –

1. The river rose two metres overnight, the agency said.

Tags: Italy, floods, Weather, italy
Most read
Share
"""


def test_a_different_wire_story_follows_the_same_rules(tmp_path):
    path = tmp_path / "floods.txt"
    path.write_text(OTHER_WIRE, encoding="utf-8")
    story = parse(path)[0]
    assert story.headline == "Floods cut off villages in northern Italy"
    assert story.authors == ["Anna Rossi", "Marco Bianchi", "Luca Verdi"]
    assert (story.dateline, story.agency, story.section) == ("Milan", "Reuters", "Europe")
    assert story.created == "2024-03-12T12:00:00.000Z"
    assert story.tags == ["Italy", "floods", "Weather"]
    outline = story.outline()
    assert outline[0] == {
        "type": "paragraph",
        "text": "Rising rivers cut off a dozen villages on Tuesday, officials said.",
    }
    assert outline[2]["type"] == "figure"
    assert story.figures()[0].caption == "Boats reach a village near Parma on Tuesday"
    assert story.figures()[0].credit == "Giulia Neri / REUTERS"
    assert outline[3] == {"type": "subhead", "text": "Water levels"}
    # a paragraph starting like a numbered list stays a paragraph
    assert story.body[4].startswith("1\\. The river")
    assert len(outline) == 5


@pytest.mark.parametrize(
    ("short", "full", "expected"),
    [
        ("Idlib  Syria's last rebel stronghold", "Idlib, Syria's last rebel stronghold", True),
        (
            "The advance has been accompanied by a deadly b...",
            "The advance has been accompanied by a deadly bombardment",
            True,
        ),
        ("Rescuers at work", "Rescuers at work", True),
        ("Something else", "Rescuers at work", False),
        ("It", "It was a dark night", False),
    ],
)
def test_abbreviates(short, full, expected):
    assert abbreviates(short, full) is expected


def test_credit_lines():
    assert parse_credit("-, AFP") == "AFP"
    assert parse_credit("Omar Haj Kadour, AFP") == "Omar Haj Kadour / AFP"
    assert parse_credit("The rebels said they would fight on, AFP") is None
    assert parse_credit("He said it was over.") is None
    assert parse_credit("Photo: Giulia Neri/Reuters") == "Giulia Neri/Reuters"


def test_two_different_paragraphs_are_not_a_caption():
    assert caption_block(["The talks failed.", "Both sides blamed each other."]) is None


def test_a_first_paragraph_starting_with_by_is_not_a_byline(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(
        "Death toll rises after quake\n\nBy the end of Tuesday, 40 people had died, "
        "officials said.\n\nRescuers worked through the night.\n",
        encoding="utf-8",
    )
    story = parse(path)[0]
    assert story.authors == []
    assert story.byline == ""
    assert story.body[0].startswith("By the end of Tuesday")


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("By Ursula von der Leyen", ["Ursula von der Leyen"]),
        ("By Ahmad al-Sharaa and Jean-Luc Picard", ["Ahmad al-Sharaa", "Jean-Luc Picard"]),
        ("By JOHN SMITH, MARY JONES & Li Wei", ["John Smith", "Mary Jones", "Li Wei"]),
    ],
)
def test_bylines(tmp_path, line, authors):
    path = tmp_path / "story.txt"
    path.write_text(f"Headline here\n\n{line}\n\nBody text of the story.\n", "utf-8")
    assert parse(path)[0].authors == authors


REUTERS_STYLE = """\
UPDATE 2-Oil rises as Gulf supply worries return

By Jane Doe

LONDON, March 3 (Reuters) - Oil prices rose on Tuesday as traders weighed supply risks.

Brent crude futures were up 1.2% by 1100 GMT.

(Reporting by Jane Doe; Editing by John Smith)
"""


def test_an_agency_version_mark_and_a_dated_dateline(tmp_path):
    path = tmp_path / "oil.txt"
    path.write_text(REUTERS_STYLE, encoding="utf-8")
    story = parse(path)[0]
    assert story.headline == "Oil rises as Gulf supply worries return"
    assert story.notes.startswith("Version: UPDATE 2\n\n")
    assert (
        "(Reporting by Jane Doe; Editing by John Smith)" in story.notes
    )  # the desk's, not the reader's
    assert story.authors == ["Jane Doe"]
    assert (story.dateline, story.agency) == ("London", "Reuters")
    assert story.body[0] == "Oil prices rose on Tuesday as traders weighed supply risks."
    assert len(story.body) == 2
