"""The `desk` program: the command line (desk.cli) and `desk gui`, which opens the window.

The command line is core and never imports the window; this module (the console script's
entry point) adds the one command that does. Qt loads only when the window opens.
"""

from __future__ import annotations

import sys

import click

from desk.cli import StoreRef
from desk.cli import main as cli


@cli.command()
@click.option("--read-only", is_flag=True, help="Open the store without changing it.")
@click.pass_obj
def gui(ref: StoreRef, read_only: bool) -> None:
    """Open the workstation window (the default when no command is given)."""
    from desk.ui.app import run

    sys.exit(run(ref.path, read_only=read_only))


def main() -> None:
    """Run `desk` with the window's command too."""
    cli()
