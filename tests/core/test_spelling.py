"""Spelling and house style in the core: which words are checked, which are exempt, the word
lists in the store, the rules file, and `desk check` listing both as warnings."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from spellhelp import english_speller

from desk import housestyle, proofing, spelling
from desk.checks import check_story
from desk.cli import main
from desk.errors import BadInput
from desk.store import Store
from desk.wordlists import NEWSROOM, PERSONAL, WordLists


def texts(line: str, note_open: bool = False) -> list[str]:
    return [w.text for w in spelling.words(line, note_open)]


def test_markdown_syntax_urls_code_and_notes_are_not_words():
    line = (
        "## Rebles [teh link](https://exampel.com/path) `codde` <span class=x>bold</span> "
        "&amp; jo@exmple.com www.googel.com @handl #tagg {>> a nnote <<} end"
    )
    assert texts(line) == ["Rebles", "teh", "link", "bold", "end"]


def test_a_figure_line_has_no_words_and_a_stray_reference_is_skipped():
    assert texts("![Smoke rieses over the city](figure:12)") == []
    assert texts("Before ![alt txt](figure:3) aftr") == ["Before", "aftr"]


def test_numbers_acronyms_datelines_and_single_letters_are_not_checked():
    assert texts("PARIS (AFP) — The 3rd COVID-19 NATO a UN-backed plan") == [
        "The",
        "UN-backed",
        "plan",
    ]


def test_a_line_starting_inside_a_note_is_checked_after_the_note_closes():
    assert texts("still nnote <<} then wrod", note_open=True) == ["then", "wrod"]


def test_only_prose_blocks_are_read_as_desk_body_sees_them():
    body = (
        "Para one\n\n![x](figure:3)\n\n{>> note\nmore <<}\n\n```\ncode\n```\n\n"
        "Last {>> a\nb <<} end"
    )
    lines = list(spelling.line_contexts(body))
    assert lines == [(0, "Para one", False), (11, "Last {>> a", False), (12, "b <<} end", True)]


def test_a_language_finds_its_installed_dictionary():
    have = ["en_GB", "en_US", "fr_FR", "de_DE", "pt_BR"]
    assert spelling.dictionary_for("en", installed=have) == "en_US"
    assert spelling.dictionary_for("en-GB", installed=have) == "en_GB"
    assert spelling.dictionary_for("en", ["en_GB"], installed=have) == "en_GB"
    assert spelling.dictionary_for("fr", installed=have) == "fr_FR"
    assert spelling.dictionary_for("fr-CA", installed=have) == "fr_FR"
    assert spelling.dictionary_for("pt", installed=have) == "pt_BR"
    assert spelling.dictionary_for("ar", installed=have) is None


def test_misspelt_words_leave_out_tags_byline_authors_and_their_possessives():
    speller = english_speller()
    lexicon = spelling.story_lexicon(
        ["Idlib", "Hayat Tahrir al-Sham"], "By Jane Doekowski in Paris", ["Jane Doekowski"]
    )
    line = "Hayat Tahrir al-Sham took Idlib's Idlib-based posts, Doekowski said; they recieve aid"
    assert [w.text for w in spelling.misspelt(line, speller, lexicon)] == ["recieve"]
    assert speller.suggest("recieve")[0] == "receive"


def test_word_lists_live_in_the_store_by_scope_and_language(store):
    lists = WordLists(store)
    lists.add("Zelenskyy", PERSONAL, "en-GB")
    lists.add("Kharkiv", NEWSROOM)
    lists.add("Zelenskyy", PERSONAL, "en")  # once
    assert lists.words("en") == ["Kharkiv", "Zelenskyy"]
    assert lists.words("fr") == ["Kharkiv"]
    assert [e.to_dict() for e in lists.entries(PERSONAL)] == [
        {"scope": "personal", "word": "Zelenskyy", "language": "en"}
    ]
    assert lists.remove("Zelenskyy", PERSONAL) == 1
    assert lists.words("en") == ["Kharkiv"]
    with pytest.raises(BadInput, match="not a word list"):
        lists.add("x", "shared")
    with pytest.raises(BadInput, match="'zz' is not a language Desk knows"):
        lists.add("x", PERSONAL, "zz")  # an entry nothing would ever use
    assert lists.words("en") == ["Kharkiv"]


def test_a_pattern_rule_says_what_it_finds_in_words():
    """Preferences listed the default rule's regular expression, \\bover(?= (?:\\d|£|…)."""
    rules = {r.name: r for r in housestyle.load(None).rules}
    assert rules["more-than"].finds == "over before a number → more than"


def test_house_style_rules_fire_with_their_replacements():
    style = housestyle.load(None)
    line = "Over 5 were hurt and over 300 fled, 40 percent of them; 3.5, 3:30, 3%, £3 and 1-0."
    found = [(f.text, f.replacement, f.rule) for f in style.findings(line)]
    assert found == [
        ("Over", "More than", "more-than"),
        ("5", "five", "numbers-under-ten"),
        ("over", "more than", "more-than"),
        ("percent", "per cent", "per-cent"),
    ]
    banned = style.findings("The minister slammed the plan in order to win.")
    assert [(f.text, f.replacement) for f in banned] == [("slammed", None), ("in order to", "to")]


def test_house_style_leaves_code_urls_and_notes_alone():
    style = housestyle.load(None)
    assert style.findings("`over 5` https://x.com/over-5 {>> over 5 <<}") == []


def test_a_bad_rules_file_is_refused_in_one_sentence_naming_the_rule():
    with pytest.raises(BadInput, match=r"rule 1 \('broken'\).*not a valid regular expression"):
        housestyle.parse("rules:\n  - name: broken\n    message: m\n    pattern: '(over'\n")
    with pytest.raises(BadInput, match="exactly one of swap, tokens or pattern"):
        housestyle.parse("rules:\n  - name: none\n    message: m\n")
    with pytest.raises(BadInput, match="not valid YAML"):
        housestyle.parse("rules: [\n")


def test_the_store_gets_the_default_rules_file_and_edits_are_read_again(store):
    style = housestyle.load(store.root)
    assert (store.root / "house-style.yaml").read_text() == housestyle.default_text()
    assert "per-cent" in [r.name for r in style.rules]
    housestyle.save_text(
        store.root,
        'rules:\n  - name: no-very\n    message: Cut "very".\n    tokens: [very]\n',
    )
    assert [r.name for r in housestyle.load(store.root).rules] == ["no-very"]
    with pytest.raises(BadInput):
        housestyle.save_text(store.root, "rules: [\n")
    assert [r.name for r in housestyle.load(store.root).rules] == ["no-very"]  # kept


def story_with_problems(store: Store):
    article = store.articles.create(
        headline="Rebels recieve aid in Idlib",
        body_md=(
            "Over 5 people in Idlib saw teh rebels.\n\n{>> nnote: chekc <<}\n\n"
            "The rebels recieve 40 percent, Hadjiyorgou said."
        ),
        byline="By Eleni Hadjiyorgou",
    )
    store.tags.tag(article.id, ["Idlib"])
    return store.articles.get(article.id)


def test_check_rules_list_spelling_and_house_style_as_warnings_with_places(store):
    english_speller()
    article = story_with_problems(store)
    problems = [p for p in check_story(article, [], store.root) if p.rule != "standfirst"]
    assert {p.level for p in problems} == {"warning"}
    spelling_problems = [p for p in problems if p.rule == "spelling"]
    assert [p.message.split("'")[1] for p in spelling_problems] == ["recieve", "teh"]
    assert "2 times, first in the headline" in spelling_problems[0].message
    assert spelling_problems[1].place.field == "body"
    assert spelling_problems[1].place.label == "paragraph 1"
    style = [(p.place.label, p.message) for p in problems if p.rule == "house-style"]
    assert style == [
        ("paragraph 1", 'Use "more than" with numbers, not "over" (paragraph 1).'),
        ("paragraph 1", 'Spell out numbers under ten: "five", not "5" (paragraph 1).'),
        ("paragraph 2", 'Write "per cent", not "percent" (paragraph 2).'),
    ]


def test_words_in_the_word_lists_are_not_flagged_by_the_checks(store):
    english_speller()
    article = story_with_problems(store)
    WordLists(store).add("teh", NEWSROOM)
    words = [p.message for p in check_story(article, [], store.root) if p.rule == "spelling"]
    assert not any("'teh'" in m for m in words)


def test_spelling_and_house_style_can_be_switched_off(store):
    from desk import settings

    english_speller()
    article = story_with_problems(store)
    settings.save({"spelling.check": "off", "style.check": "off"})
    rules = {p.rule for p in check_story(article, [], store.root)}
    assert not rules & {"spelling", "house-style"}


def test_desk_check_lists_spelling_and_house_style_warnings(store_dir):
    english_speller()
    with Store.open(store_dir) as store:
        slug = story_with_problems(store).slug
    shown = CliRunner().invoke(main, ["--store", str(store_dir), "check", slug])
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert "warning  headline: 'recieve' may be misspelt (perhaps receive" in "\n".join(lines)
    assert 'warning  paragraph 2: Write "per cent", not "percent" (paragraph 2).' in lines
    as_json = CliRunner().invoke(main, ["--store", str(store_dir), "check", slug, "--json"])
    found = json.loads(as_json.stdout)
    spelt = [p for p in found if p["rule"] == "spelling"]
    assert spelt[0]["level"] == "warning"
    assert spelt[0]["blocking"] is False
    assert spelt[1]["place"] == {
        "field": "body",
        "line": 0,
        "figure_id": None,
        "label": "paragraph 1",
    }
    assert any(p["rule"] == "house-style" for p in found)


def test_proofreader_marks_a_line_for_the_editor():
    reader = proofing.Proofreader(english_speller(), style=housestyle.load(None))
    marks = reader.line_marks("Teh rebels took over 5 towns.")
    assert [(m.kind, m.text, m.replacement) for m in marks] == [
        ("spelling", "Teh", None),
        ("style", "over", "more than"),
        ("style", "5", "five"),
    ]


def test_the_export_and_publishing_leave_the_writers_rules_out(store):
    english_speller()
    article = story_with_problems(store)
    rules = {p.rule for p in check_story(article, [], store.root, writing=False)}
    assert not rules & {"spelling", "house-style"}
    assert "standfirst" in rules  # the other rules still run
    from desk import export

    assert not any("misspelt" in p.message for p in export.load_story(store, article.id).problems)


def test_one_dictionary_serves_every_thread_of_the_process():
    """The window's thread and the proofreading worker share one copy (each is ~7 MB) and take
    turns word by word: checked from four threads at once, every verdict is the same."""
    import threading

    english_speller()  # skips (CI: fails) without Enchant and its dictionary
    tag = spelling.dictionary_for("en") or "en_US"
    shared = spelling.speller(tag)
    assert spelling.speller(tag) is shared
    words = [f"{w}{n}" if n % 3 else w for n, w in enumerate(["house", "hous", "river"] * 300)]
    expected = [spelling.Speller(tag).correct(w) for w in words]
    results: list[list[bool]] = []

    def check() -> None:
        results.append([shared.correct(w) for w in words])

    threads = [threading.Thread(target=check) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4
