"""The preflight's rules: each fires on a story made to break it (at its place, at its level)
and stays quiet on a clean story; the imported seed reports exactly what it lacks."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from conftest import FIXTURES

from desk import checks
from desk.corrections import Amendment
from desk.importers import import_files
from desk.model import Article, Figure, Photo, Tag

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
SEED = FIXTURES / "seed" / "000_c7c2bbecfcf24f2b.txt"
LEAD = 1
INLINE = 2


def photo(width: int = 2000, height: int = 1333, n: int = 1) -> Photo:
    """A photo record (no file: the rules are run without a store folder)."""
    return Photo(n, f"{n:064x}", f"media/00/{n}.jpg", "jpeg", width, height, 1, f"p{n}.jpg", {}, "")


def clean_story() -> tuple[Article, list[Figure], list[Tag]]:
    """A story nothing is wrong with: every field, a large lead photo, an inline one, tags."""
    body = "\n\n".join(
        [
            f"![Smoke rises above the town](figure:{LEAD})",
            "The council met and agreed the budget, [the minutes](https://example.com/m) say.",
            "## What it means",
            "Write to [the desk](mailto:desk@example.com) with questions.",
            f"![A council member holds up the budget papers](figure:{INLINE})",
            "The vote was close: seven to six.",
        ]
    )
    article = Article(
        id=7,
        slug="council-agrees-budget",
        headline="Council agrees budget",
        standfirst="The vote was close, and the rates go up in April.",
        byline="By Ann Lee",
        authors=["Ann Lee"],
        dateline="LEEDS",
        section="Local",
        status="editing",
        body_md=body,
        created="2026-11-30T08:00:00Z",
        modified="2026-11-30T09:00:00Z",
    )
    figures = [
        Figure(
            LEAD,
            7,
            1,
            caption="Smoke rises over the town hall’s roof",
            credit="Ann Lee/Desk",
            alt="Smoke rises above the town",
            photo=photo(2000, 1333, 1),
        ),
        Figure(
            INLINE,
            7,
            2,
            caption="Councillor Jo Hart with the “final” papers",
            credit="Desk",
            alt="A council member holds up the budget papers",
            photo=photo(1600, 1067, 2),
        ),
    ]
    return article, figures, [Tag(1, "Budget"), Tag(2, "Leeds", "place")]


def run(
    article: Article,
    figures: list[Figure],
    tags: list[Tag],
    settings: dict | None = None,
    purpose: str = checks.CHECK,
    amendments: list | None = None,
) -> list[checks.Problem]:
    """The rules on an in-memory story, at a fixed time."""
    return checks.check_story(
        article,
        figures,
        None,
        tags,
        settings or {},
        purpose=purpose,
        amendments=amendments,
        now=NOW,
    )


def found(problems: list[checks.Problem]) -> list[tuple[str, str, str]]:
    """(rule, level, place label) of each problem."""
    return [(p.rule, p.level, p.where) for p in problems]


def test_a_clean_story_has_nothing_to_fix_or_look_at():
    assert run(*clean_story()) == []


def body_with(text: str) -> Callable:
    """A breaker that puts a paragraph of text after the first paragraph of the body."""

    def apply(article: Article, figures: list[Figure], tags: list[Tag]) -> None:
        blocks = article.body_md.split("\n\n")
        article.body_md = "\n\n".join([*blocks[:2], text, *blocks[2:]])

    return apply


def set_field(name: str, value: object) -> Callable:
    """A breaker that sets a field of the article."""
    return lambda article, figures, tags: setattr(article, name, value)


def set_figure(index: int, **values: object) -> Callable:
    """A breaker that changes a figure row."""

    def apply(article: Article, figures: list[Figure], tags: list[Tag]) -> None:
        figures[index] = dataclasses.replace(figures[index], **values)

    return apply


def no_tags(article: Article, figures: list[Figure], tags: list[Tag]) -> None:
    tags.clear()


def no_lead(article: Article, figures: list[Figure], tags: list[Tag]) -> None:
    article.body_md = article.body_md.split("\n\n", 1)[1] + f"\n\n![Smoke](figure:{LEAD})"


def no_figures(article: Article, figures: list[Figure], tags: list[Tag]) -> None:
    article.body_md = "\n\n".join(b for b in article.body_md.split("\n\n") if "figure:" not in b)


# (what breaks it, the rule, its level, where it points)
BREAKERS = [
    ("no headline", set_field("headline", "  "), "headline", "error", "headline"),
    ("no text", set_field("body_md", f"![x](figure:{LEAD})"), "text", "error", "text"),
    ("no photo", set_figure(1, photo=None, image_id=None), "figures", "error", "Figure 2"),
    ("no caption", set_figure(1, caption=""), "figures", "error", "Figure 2"),
    ("no alt text", set_figure(1, alt=""), "figures", "error", "Figure 2"),
    ("no credit", set_figure(0, credit=" "), "figures", "error", "Figure 1"),
    (
        "alt text repeats the caption",
        set_figure(1, alt="Councillor Jo Hart with the “final” papers."),
        "figures",
        "error",
        "Figure 2",
    ),
    ("alt text over 250", set_figure(1, alt="A long look. " * 25), "figures", "error", "Figure 2"),
    ("TK in the text", body_with("The mayor said TK about it."), "markers", "error", "paragraph 2"),
    ("TODO in the headline", set_field("headline", "Budget TODO"), "markers", "error", "headline"),
    ("[[ in the text", body_with("See [[budget]] page."), "markers", "error", "paragraph 2"),
    ("TODO in the text", body_with("Figures TODO."), "markers", "error", "paragraph 2"),
    ("XXX in the text", body_with("Turnout was XXX."), "markers", "error", "paragraph 2"),
    ("TKTK in the text", body_with("Quote TKTK here."), "markers", "error", "paragraph 2"),
    ("XXX in a caption", set_figure(0, caption="Smoke XXX"), "figures", "error", "Figure 1"),
    ("an ftp link", body_with("[Plan](ftp://example.com/p)."), "links", "error", "paragraph 2"),
    ("a relative link", body_with("[Plan](/plans/2026)."), "links", "error", "paragraph 2"),
    (
        "a javascript link in HTML",
        body_with('<a href="javascript:alert(1)">x</a> here.'),
        "links",
        "error",
        "paragraph 2",
    ),
    ("spiked", set_field("status", "spiked"), "spiked", "error", "status"),
    ("unreadable embargo", set_field("embargo", "soon"), "embargo", "error", "embargo"),
    (
        "headline over the limit",
        set_field("headline", "Council " * 12),
        "headline",
        "warning",
        "headline",
    ),
    ("slug over 60", set_field("slug", "council-" * 9), "slug", "warning", "slug"),
    ("no standfirst", set_field("standfirst", ""), "standfirst", "warning", "standfirst"),
    (
        "standfirst over 160",
        set_field("standfirst", "Rates. " * 30),
        "standfirst",
        "warning",
        "standfirst",
    ),
    ("no tags", no_tags, "tags", "warning", "tags"),
    ("no lead photo", no_lead, "lead photo", "warning", "lead photo"),
    (
        "a small lead photo",
        set_figure(0, photo=photo(800, 533)),
        "lead photo",
        "warning",
        "Figure 1",
    ),
    (
        "an image typed in the text",
        body_with("The hall ![The hall](hall.jpg) was full."),
        "images",
        "warning",
        "paragraph 2",
    ),
    ("a repeated word", body_with("It agreed the the budget."), "typing", "warning", "paragraph 2"),
    ("a double space", body_with("It agreed.  Then it left."), "typing", "warning", "paragraph 2"),
    (
        "straight quotes in a caption",
        set_figure(1, caption='Jo Hart\'s "final" papers'),
        "figures",
        "warning",
        "Figure 2",
    ),
    ("no dateline", set_field("dateline", ""), "dateline", "warning", "dateline"),
    (
        "no author",
        lambda a, f, t: (setattr(a, "authors", []), setattr(a, "byline", "")),
        "author",
        "warning",
        "byline",
    ),
    ("no image at all", no_figures, "search", "warning", "lead photo"),
    (
        "a date still to come",
        set_field("source_date", "2027-01-01T00:00:00Z"),
        "search",
        "warning",
        "status",
    ),
]


@pytest.mark.parametrize(
    ("breaker", "rule", "level", "where"),
    [b[1:] for b in BREAKERS],
    ids=[b[0] for b in BREAKERS],
)
def test_each_rule_fires_on_a_story_made_to_break_it(breaker, rule, level, where):
    article, figures, tags = clean_story()
    breaker(article, figures, tags)
    problems = run(article, figures, tags)
    assert (rule, level, where) in found(problems), found(problems)
    assert all(p.place is not None and p.place.label for p in problems)


def test_blocking_problems_come_before_warnings():
    article, figures, tags = clean_story()
    tags.clear()
    figures[1] = dataclasses.replace(figures[1], alt="")
    levels = [p.level for p in run(article, figures, tags)]
    assert levels == ["error", "warning"]


def test_doubled_words_that_are_grammar_are_quiet():
    article, figures, tags = clean_story()
    body_with("What she had had was enough, and that that was so.")(article, figures, tags)
    assert run(article, figures, tags) == []


def test_a_repeated_word_follows_edits_above_and_in_its_paragraph():
    article, figures, tags = clean_story()
    body_with("It agreed the the budget.")(article, figures, tags)

    def repeats() -> list[str]:
        problems = run(article, figures, tags)
        return [p.where for p in problems if p.rule == "typing"]

    assert repeats() == ["paragraph 2"]
    article.body_md = "A new first paragraph.\n\n" + article.body_md  # the same paragraph, moved
    assert repeats() == ["paragraph 3"]
    article.body_md = article.body_md.replace("the the budget", "the budget")
    assert repeats() == []
    article.body_md = article.body_md.replace("seven to six", "seven to to six")
    assert repeats() == ["paragraph 5"]


def test_markers_inside_an_editors_note_are_the_notes_rule_not_the_markers_one():
    article, figures, tags = clean_story()
    body_with("The vote {>> TK check the count <<} was close.")(article, figures, tags)
    assert found(run(article, figures, tags)) == [("notes", "warning", "paragraph 2")]


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("allow", []),
        ("warn", [("notes", "warning", "note 1")]),
        ("block", [("notes", "error", "note 1")]),
    ],
)
def test_editors_notes_block_only_when_the_house_says_so(mode, expected):
    article, figures, tags = clean_story()
    body_with("{>> check the count with the clerk <<}")(article, figures, tags)
    problems = run(article, figures, tags, {"checks.notes": mode})
    assert found(problems) == expected


def test_an_embargo_to_come_blocks_publishing_and_only_warns_otherwise():
    article, figures, tags = clean_story()
    article.embargo = "2026-12-03T09:00:00Z"
    assert found(run(article, figures, tags)) == [("embargo", "warning", "embargo")]
    assert found(run(article, figures, tags, purpose=checks.READY)) == [
        ("embargo", "warning", "embargo")
    ]
    (problem,) = run(article, figures, tags, purpose=checks.PUBLISH)
    message = " ".join(problem.message.replace("\u202f", " ").split())
    assert problem.blocking
    assert "embargoed until December 3, 2026, 9:00 AM UTC" in message
    assert run(article, figures, tags, purpose=checks.TARGET) == []  # the target schedules it
    article.embargo = "2026-11-30T09:00:00Z"  # passed
    assert run(article, figures, tags, purpose=checks.PUBLISH) == []


def test_a_withdrawn_story_is_blocked():
    article, figures, tags = clean_story()
    gone = Amendment(1, 7, "withdrawal", "Legal reasons.", "2026-11-30T10:00:00Z")
    assert found(run(article, figures, tags, amendments=[gone])) == [
        ("withdrawn", "error", "status")
    ]


def test_the_length_is_checked_against_the_story_s_target_only_when_it_has_one():
    article, figures, tags = clean_story()
    assert run(dataclasses.replace(article, target_words=0), figures, tags) == []
    far = run(dataclasses.replace(article, target_words=600), figures, tags)
    assert found(far) == [("length", "warning", "length")]
    assert "well short of the target of 600" in far[0].message
    words = checks.body.word_count(article.body_md)
    near = dataclasses.replace(article, target_words=words + 2)
    assert run(near, figures, tags, {"checks.word_tolerance": 25}) == []


def test_thresholds_come_from_the_settings():
    article, figures, tags = clean_story()
    assert found(run(article, figures, tags, {"limits.headline": 10})) == [
        ("headline", "warning", "headline")
    ]
    assert found(run(article, figures, tags, {"checks.lead_width": 2400})) == [
        ("lead photo", "warning", "Figure 1")
    ]


def test_a_story_without_figures_but_a_publisher_logo_has_an_image():
    article, figures, tags = clean_story()
    no_figures(article, figures, tags)
    assert found(run(article, figures, tags)) == [("search", "warning", "lead photo")]
    logo = {"export.publisher_logo": "https://news.example/logo.png"}
    assert run(article, figures, tags, logo) == []


def test_problems_name_their_place_for_the_panel_and_json():
    article, figures, tags = clean_story()
    body_with("The mayor said TK.")(article, figures, tags)
    (problem,) = run(article, figures, tags)
    assert problem.to_dict()["place"] == {
        "field": "body",
        "line": 4,
        "figure_id": None,
        "label": "paragraph 2",
    }
    assert article.body_md.split("\n")[4] == "The mayor said TK."


def test_the_imported_seed_reports_exactly_its_four_figures_without_photos(store):
    (result,) = import_files(store, [SEED])
    problems = checks.check_stored(store, result.ids[0], writing=False)  # spelling aside
    assert [(p.level, p.where) for p in problems] == [
        ("error", "Figure 1"),
        ("error", "Figure 2"),
        ("error", "Figure 3"),
        ("error", "Figure 4"),
        ("warning", "standfirst"),
    ]
    assert all("needs a photo" in p.message for p in problems[:4])
