"""Helpers for tests that need a real English Hunspell dictionary through Enchant."""

from __future__ import annotations

import os

import pytest


def english_speller():
    """A Speller for en_US, or skip (in CI: fail) naming what is missing; `./run` installs
    Debian's libenchant-2-2 and hunspell-en-us when they are absent."""
    from desk import spelling

    problem = spelling.spelling_problem()
    if not problem and spelling.dictionary_for("en") is None:
        problem = "no English dictionary is installed (Debian: hunspell-en-us)"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the spelling tests, but {problem}")
        pytest.skip(problem)
    return spelling.Speller(spelling.dictionary_for("en") or "en_US")
