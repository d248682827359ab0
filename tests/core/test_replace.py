"""Find and replace in the core and `desk replace`: options, figures and notes left alone, a
preview before anything changes, and a version per story that History restores."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from desk import body, replace
from desk.cli import main
from desk.errors import BadInput
from desk.store import Store

BODY = (
    "Troops left Kiev on Monday.\n\n"
    "![Kiev at night](figure:1)\n\n"
    "{>> check Kiev spelling with the desk <<}\n\n"
    "Residents of Kiev said the Kievan tradition ![x](figure:2) holds."
)


def test_whole_word_match_case_and_regex_options():
    text = "Kiev, kiev and Kievan; the cat concatenated."
    assert len(replace.matches_in(text, replace.Search("kiev"))) == 3
    assert len(replace.matches_in(text, replace.Search("kiev", whole_word=True))) == 2
    assert len(replace.matches_in(text, replace.Search("Kiev", match_case=True))) == 2
    assert [m[0] for m in replace.matches_in(text, replace.Search(r"\bc\w+", regex=True))] == [
        "cat",
        "concatenated",
    ]
    new, count = replace.replace_field(
        "Kiev 2022", replace.Search(r"(\w+) (\d+)", r"\2 \1", regex=True)
    )
    assert (new, count) == ("2022 Kiev", 1)


def test_an_invalid_regex_or_replacement_is_said_in_one_sentence():
    with pytest.raises(BadInput, match=r"^That is not a valid regular expression: missing \), "):
        replace.Search("(Kiev", regex=True).check()
    with pytest.raises(BadInput, match="uses group 2, but the pattern has 1 group"):
        replace.Search("(Kiev)", r"\2", regex=True).check()
    with pytest.raises(BadInput, match="Type something to find"):
        replace.Search("").check()
    # Without --regex, brackets are plain text.
    assert replace.Search("(Kiev").check().pattern == r"\(Kiev"


def test_a_body_replace_leaves_figures_and_notes_alone():
    new, count, left = replace.replace_body(BODY, replace.Search("Kiev", "Kyiv", whole_word=True))
    assert (count, left) == (2, 2)
    assert new == BODY.replace("left Kiev", "left Kyiv").replace("of Kiev", "of Kyiv")
    new, count, left = replace.replace_body(BODY, replace.Search("figure", "picture"))
    assert (new, count) == (BODY, 0)
    assert left == 2


def seed(store: Store):
    one = store.articles.create(headline="Kiev falls quiet", body_md=BODY, alert="Kiev: calm")
    two = store.articles.create(headline="Markets", standfirst="Kiev stocks rise.", body_md="Up.")
    three = store.articles.create(headline="Weather", body_md="Sunny in Lviv.")
    return one, two, three


def test_plan_previews_every_replacement_with_its_context(store):
    one, two, _ = seed(store)
    found = replace.plan(store, replace.Search("Kiev", "Kyiv", whole_word=True))
    rows = [
        (r.slug, r.field, r.line, r.before, r.found, r.replaced, r.after)
        for r in found.replacements
    ]
    assert (one.slug, "headline", None, "", "Kiev", "Kyiv", " falls quiet") in rows
    assert (one.slug, "alert", None, "", "Kiev", "Kyiv", ": calm") in rows
    assert (one.slug, "body_md", 0, "Troops left ", "Kiev", "Kyiv", " on Monday.") in rows
    assert (two.slug, "standfirst", None, "", "Kiev", "Kyiv", " stocks rise.") in rows
    assert set(found.stories) == {one.id, two.id}
    assert found.left == 2
    assert store.articles.get(one.id).headline == "Kiev falls quiet"  # nothing changed yet


def test_apply_keeps_a_version_first_and_history_restores_it(store):
    one, two, three = seed(store)
    search = replace.Search("Kiev", "Kyiv", whole_word=True)
    changed = replace.apply(store, search)
    assert {c.article_id for c in changed} == {one.id, two.id}
    after = store.articles.get(one.id)
    assert after.headline == "Kyiv falls quiet"
    assert after.alert == "Kyiv: calm"
    assert "![Kiev at night](figure:1)" in after.body_md
    kept = {c.article_id: c.version for c in changed}
    version = next(v for v in store.history.versions(one.id) if v.id == kept[one.id])
    assert version.reason == "before replacing 'Kiev' with 'Kyiv'"
    restored = store.articles.restore(one.id, version.id)
    assert restored.headline == "Kiev falls quiet"
    assert restored.alert == "Kiev: calm"
    assert restored.body_md == body.normalise(BODY)
    assert store.articles.get(two.id).standfirst == "Kyiv stocks rise."  # the other stays
    assert store.history.versions(three.id) == []


def run(store_dir, *args):
    return CliRunner().invoke(main, ["--store", str(store_dir), *args])


def test_desk_replace_dry_run_lists_and_changes_nothing(store_dir):
    with Store.open(store_dir) as store:
        one, _, _ = seed(store)
    shown = run(store_dir, "replace", "Kiev", "Kyiv", "--whole-word", "--dry-run")
    assert shown.exit_code == 0, shown.output
    assert f"{one.slug}: headline: …[Kiev → Kyiv] falls quiet…" in shown.stdout
    assert f"{one.slug}: body line 1: …Troops left [Kiev → Kyiv] on Monday.…" in shown.stdout
    assert "5 replacements in 2 stories; nothing was changed." in shown.stdout
    assert "2 matches in figures or editor's notes were left as they were." in shown.stdout
    with Store.open(store_dir) as store:
        assert store.articles.get(one.id).headline == "Kiev falls quiet"


def test_desk_replace_applies_with_json_and_desk_history_lists_the_version(store_dir):
    with Store.open(store_dir) as store:
        seed(store)
    done = run(store_dir, "replace", "kiev", "Kyiv", "--whole-word", "--json")
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report["dry_run"] is False
    assert {c["story"] for c in report["changed"]} == {"kyiv-falls-quiet", "markets"}
    assert report["replacements"][0]["found"] == "Kiev"
    history = run(store_dir, "history", "kyiv-falls-quiet")
    assert "before replacing 'kiev' with" in history.stdout
    # match-case finds nothing now; a bad regex is one line on stderr (exit 2)
    none = run(store_dir, "replace", "kiev", "x", "--match-case")
    assert "Nothing to replace" in none.stdout
    bad = run(store_dir, "replace", "(x", "y", "--regex")
    assert bad.exit_code == 2
    assert bad.stderr.strip() == (
        "desk: That is not a valid regular expression: missing ), unterminated subpattern "
        "at character 1."
    )


def test_desk_replace_only_in_named_stories(store_dir):
    with Store.open(store_dir) as store:
        one, two, _ = seed(store)
    done = run(store_dir, "replace", "Kiev", "Kyiv", "--story", two.slug)
    assert done.exit_code == 0, done.output
    with Store.open(store_dir) as store:
        assert store.articles.get(one.id).headline == "Kiev falls quiet"
        assert store.articles.get(two.id).standfirst == "Kyiv stocks rise."


def test_desk_words_add_list_remove(store_dir):
    assert run(store_dir, "words", "add", "Zelenskyy", "Kharkiv", "--newsroom").exit_code == 0
    assert run(store_dir, "words", "add", "Doekowski").exit_code == 0
    listed = json.loads(run(store_dir, "words", "list", "--json").stdout)
    assert [(e["scope"], e["word"]) for e in listed] == [
        ("newsroom", "Kharkiv"),
        ("newsroom", "Zelenskyy"),
        ("personal", "Doekowski"),
    ]
    assert run(store_dir, "words", "remove", "Kharkiv", "--newsroom").exit_code == 0
    assert "Kharkiv" not in run(store_dir, "words", "list").stdout
    missing = run(store_dir, "words", "remove", "Nobody")
    assert missing.exit_code != 0
    assert "'Nobody' is not in the personal list." in missing.stderr


def test_desk_new_and_show_carry_the_alert_line_and_target_length(store_dir):
    made = run(
        store_dir,
        "new",
        "--headline",
        "Floods",
        "--alert",
        "BREAKING: Floods",
        "--target-words",
        "600",
    )
    assert made.exit_code == 0, made.output
    shown = run(store_dir, "show", made.stdout.strip())
    assert "     alert: BREAKING: Floods" in shown.stdout
    assert "    target: 600 words" in shown.stdout
    bad = run(store_dir, "new", "--headline", "X", "--target-words", "lots")
    assert bad.exit_code == 2
    assert "'lots' is not a target word count" in bad.stderr
