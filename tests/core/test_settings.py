"""Settings: one registry of keys (types, defaults, limits) behind `desk config` and Preferences;
config.toml keeps the user's comments; bad values are one sentence and change nothing."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from desk import config, settings
from desk.cli import main
from desk.errors import BadInput


def desk(*args: str):
    """Run `desk ARGS` in-process; stdout and stderr apart."""
    return CliRunner().invoke(main, list(args))


def test_desk_config_set_then_get_round_trips_dotted_keys():
    assert desk("config", "set", "reporter.name", "Jane Doe").exit_code == 0
    assert desk("config", "set", "stories.sections", "World, Politics, world, Sport").exit_code == 0
    assert desk("config", "set", "limits.headline", "80").exit_code == 0
    assert desk("config", "get", "reporter.name").stdout == "Jane Doe\n"
    assert desk("config", "get", "stories.sections").stdout == "World, Politics, Sport\n"
    assert json.loads(desk("config", "get", "limits.headline", "--json").stdout) == 80
    data = config.read_config()
    assert data["reporter"] == {"name": "Jane Doe"}
    assert data["stories"]["sections"] == ["World", "Politics", "Sport"]
    assert data["limits"]["headline"] == 80


def test_a_key_not_in_the_file_gives_its_default_and_unset_restores_it():
    assert desk("config", "get", "limits.standfirst").stdout == "160\n"
    desk("config", "set", "limits.standfirst", "200")
    assert settings.current("limits.standfirst") == 200
    assert desk("config", "unset", "limits.standfirst").exit_code == 0
    assert settings.current("limits.standfirst") == 160
    assert "standfirst" not in config.read_config().get("limits", {})


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("limits.headline", "5", "limits.headline must be a whole number from 10 to 500"),
        ("limits.headline", "many", "limits.headline must be a whole number from 10 to 500"),
        ("preview.mode", "fancy", "preview.mode must be one of page, plain"),
        ("stories.language", "xx", "'xx' is not a language Desk knows"),
        ("export.jpeg_quality", "0", "export.jpeg_quality must be a whole number from 1 to 100"),
        (
            "export.base_url",
            "ftp://example.com",
            "export.base_url must be an address starting with https:// (or http://), not 'ftp:",
        ),
        ("export.background", "red", "export.background must be a colour like #ffffff, not 'red'"),
        ("export.site_name", " ", "export.site_name must be the site's name"),
        ("reporter.nmae", "x", "There is no setting 'reporter.nmae'"),
    ],
)
def test_a_bad_value_is_one_sentence_and_nothing_is_written(key, value, says):
    desk("config", "set", "reporter.name", "Kept")
    before = config.config_path().read_text(encoding="utf-8")
    result = desk("config", "set", key, value)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("desk: ")
    assert says in line
    assert "config.toml" not in line  # the key is named, not the file
    assert config.config_path().read_text(encoding="utf-8") == before


def test_setting_a_key_keeps_the_users_comments_and_other_keys():
    path = config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '# my newsroom\n[export]\n# where pages go\nsite_name = "The Times"\n'
        "[limits]\nheadline = 70 # house rule\n",
        encoding="utf-8",
    )
    settings.save({"limits.headline": 65, "export.jpeg_quality": 90})
    text = path.read_text(encoding="utf-8")
    for comment in ("# my newsroom", "# where pages go", "# house rule"):
        assert comment in text
    assert 'site_name = "The Times"' in text
    assert config.read_config()["limits"]["headline"] == 65
    assert config.load_settings().jpeg_quality == 90


def test_a_bad_value_already_in_the_file_names_the_key_and_the_fix():
    path = config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[limits]\nheadline = "long"\n', encoding="utf-8")
    with pytest.raises(
        BadInput, match=r"limits.headline must be .*; fix it .*desk config set limits.headline"
    ):
        settings.current("limits.headline")


def test_language_settings_are_stored_as_codes():
    desk("config", "set", "stories.language", "pt_br")
    assert settings.current("stories.language") == "pt-BR"
    desk("config", "set", "stories.language", "FR")
    assert config.read_config()["stories"]["language"] == "fr"


def test_config_list_shows_every_key_with_its_help():
    result = desk("config", "list")
    assert result.exit_code == 0
    for key, item in settings.REGISTRY.items():
        assert f"{key} = " in result.stdout
        assert item.help in result.stdout
    assert str(config.config_path()) in result.stdout.splitlines()[0]


def test_every_export_setting_is_registered():
    from dataclasses import fields

    export_keys = {f"export.{f.name}" for f in fields(config.ExportSettings)}
    assert export_keys <= set(settings.REGISTRY)


def test_a_feature_registers_its_own_key():
    item = settings.Setting("backup_test.every", "Every", "int", 6, "Hours.", minimum=1, maximum=24)
    settings.register(item)
    try:
        assert desk("config", "set", "backup_test.every", "12").exit_code == 0
        assert settings.current("backup_test.every") == 12
        assert desk("config", "set", "backup_test.every", "48").exit_code == 2
    finally:
        settings.REGISTRY.pop("backup_test.every")
