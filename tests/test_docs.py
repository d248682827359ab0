"""Docs are tested: the Quick start is true and every CLI command is documented."""

from __future__ import annotations

import re
from pathlib import Path

import click

from desk.ui.launch import cli as main

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: str = "desk") -> list[tuple[str, click.Command]]:
    """Every command under the group as ('desk tags rename', command)."""
    found = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        found.append((path, command))
        if isinstance(command, click.Group):
            found.extend(command_paths(command, path))
    return found


def quick_start_commands() -> list[str]:
    """The shell commands in the README's Quick start code block."""
    section = README.split("## Quick start", 1)[1]
    block = re.search(r"```(?:sh|bash)?\n(.*?)```", section, re.S).group(1)
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]


def test_readme_opens_with_a_two_command_quick_start():
    headings = re.findall(r"^## (.+)$", README, re.M)
    assert headings[0] == "Quick start"
    assert quick_start_commands() == ["./run app", "./run tests"]


def test_ci_runs_exactly_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [ln.strip() for ln in ci.splitlines() if ln.strip() and not ln.startswith("#")]
    assert commands[-1] == "exec " + quick_start_commands()[1]


def test_every_command_has_help_text():
    missing = [path for path, cmd in command_paths(main) if not (cmd.help or "").strip()]
    assert missing == []


def test_every_command_appears_in_the_readme():
    missing = [path for path, _ in command_paths(main) if f"`{path}" not in README]
    assert missing == []
