"""Never lose a word: the real window in its own process, typed into, killed with SIGKILL.

A short version of benchmarks/killtyping.py (which runs 200 kills and reports max and p95):
each kill must leave an intact store whose body is a prefix of what was typed, and lose no more
than one second of typing, whether the reporter types steadily or pauses like a person.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent / "benchmarks"))
import killtyping

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("mode", ["steady", "human"])
def test_a_killed_window_loses_at_most_a_second_of_typing(tmp_path, mode):
    kills = [
        killtyping.one_kill(mode, seed, tmp_path, after)
        for seed, after in ((1, 0.8), (2, 2.3), (3, 4.1))
    ]
    for kill in kills:
        assert kill.integrity == "ok", kill
        assert kill.prefix, kill
        assert kill.typed > 0, kill
        assert kill.lost_s <= 1.0, kill
    assert any(k.stored > 0 for k in kills)  # the typing did reach the store
