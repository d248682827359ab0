"""New stories take the reporter's defaults (settings) in `desk new` as in the window."""

from __future__ import annotations

import json

from click.testing import CliRunner

from desk import settings
from desk.cli import main
from desk.newstory import new_story_values


def reporter_defaults() -> None:
    """A reporter who set their name, byline, agency, section and language."""
    settings.save(
        {
            "reporter.name": "Jane Doe",
            "reporter.byline": "By Jane Doe in Paris",
            "reporter.agency": "AFP",
            "stories.section": "World",
            "stories.language": "fr",
        }
    )


def test_without_settings_a_new_story_is_blank_english():
    assert new_story_values() == {
        "authors": [],
        "byline": "",
        "agency": "",
        "section": "",
        "language": "en",
        "target_words": 0,
    }


def test_a_new_story_takes_the_reporters_defaults():
    reporter_defaults()
    values = new_story_values()
    assert values["authors"] == ["Jane Doe"]
    assert values["byline"] == "By Jane Doe in Paris"
    assert (values["agency"], values["section"], values["language"]) == ("AFP", "World", "fr")


def test_authors_given_replace_the_reporter_and_their_byline():
    reporter_defaults()
    values = new_story_values(authors=["Sam Roe"], section="Sport")
    assert values["authors"] == ["Sam Roe"]
    assert values["byline"] == "Par Sam Roe"  # written from the authors, in the language
    assert values["section"] == "Sport"


def test_desk_new_uses_the_defaults(store_dir):
    reporter_defaults()
    made = CliRunner().invoke(main, ["--store", str(store_dir), "new", "--headline", "Talks"])
    assert made.exit_code == 0, made.stderr
    shown = CliRunner().invoke(main, ["--store", str(store_dir), "show", "talks", "--json"])
    story = json.loads(shown.stdout)
    assert story["authors"] == ["Jane Doe"]
    assert story["byline"] == "By Jane Doe in Paris"
    assert (story["agency"], story["section"], story["language"]) == ("AFP", "World", "fr")
