"""`desk` alone or `desk --store DIR` opens the window without loading the command line first;
every other argument list is the command line's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desk.store import Store

from desk.ui.start import window_store


def test_desk_alone_opens_the_window_on_the_default_store(monkeypatch, tmp_path):
    monkeypatch.setenv("DESK_STORE", str(tmp_path / "mine"))
    assert window_store([]) == tmp_path / "mine"


@pytest.mark.parametrize(
    ("args", "store"),
    [(["--store", "/tmp/s"], Path("/tmp/s")), (["--store=/tmp/s"], Path("/tmp/s"))],
)
def test_a_store_alone_opens_the_window_on_it(args, store):
    assert window_store(args) == store


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["--store"],
        ["--store="],
        ["--store", "--help"],
        ["--store", "/tmp/s", "list"],
        ["gui", "--read-only"],
        ["list"],
    ],
)
def test_anything_else_is_the_command_lines(args):
    assert window_store(args) is None


def test_the_program_still_runs_commands_and_help(tmp_path):
    store = tmp_path / "store"
    with Store.open(store) as s:
        s.articles.create(headline="Listed by the command line", body_md="Text.")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    listed = subprocess.run(
        [sys.executable, "-m", "desk", "--store", str(store), "list"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert "Listed by the command line" in listed.stdout
    helped = subprocess.run(
        [sys.executable, "-m", "desk", "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert helped.returncode == 0
    assert "gui" in helped.stdout
    assert "export" in helped.stdout
