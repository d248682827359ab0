"""Text expansion codes: what the closing '=' expands, and the table in config.toml."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from desk import config, expansions, settings
from desk.cli import main

CODES = {"afp": "AFP", "idl": "Idlib, Syria"}


def test_a_known_code_before_the_cursor_expands():
    assert expansions.expansion_before("Smoke over =idl=", CODES) == (11, "Idlib, Syria")
    assert expansions.expansion_before("=AFP=", CODES) == (0, "AFP")  # any case


def test_unknown_codes_half_codes_and_codes_inside_words_do_not():
    assert expansions.expansion_before("a =xyz=", CODES) is None
    assert expansions.expansion_before("a =idl", CODES) is None
    assert expansions.expansion_before("x=idl=", CODES) is None
    assert expansions.expansion_before("a ==idl=", CODES) is None
    assert expansions.expansion_before("=idl=", {}) is None


def test_the_table_is_a_setting_checked_like_any_other():
    item = settings.setting(expansions.KEY)
    value = settings.parse_text(item, "AFP=AFP; idl = Idlib, Syria")
    assert value == {"afp": "AFP", "idl": "Idlib, Syria"}
    settings.save({expansions.KEY: value})
    assert config.read_config()["writing"]["expansions"] == value
    assert expansions.table() == value
    with pytest.raises(settings.SettingRefused, match="code=text pairs"):
        settings.save({expansions.KEY: {"two words": "x"}})
    with pytest.raises(settings.SettingRefused):
        settings.save({expansions.KEY: {"afp": ""}})


def test_desk_config_sets_and_shows_the_expansions():
    runner = CliRunner()
    done = runner.invoke(main, ["config", "set", expansions.KEY, "afp=AFP; idl=Idlib, Syria"])
    assert done.exit_code == 0, done.output
    shown = runner.invoke(main, ["config", "get", expansions.KEY])
    assert shown.stdout.strip() == "afp=AFP; idl=Idlib, Syria"
    bad = runner.invoke(main, ["config", "set", expansions.KEY, "afp AFP"])
    assert bad.exit_code == 2
    assert "code=text pairs" in bad.stderr
