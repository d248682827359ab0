"""The `desk` program's entry point: `desk` alone, or `desk --store DIR`, opens the window at
once; anything else is the command line's (desk.ui.launch, with click).

Loading click and the command line first costs the window ~40 ms of start-up
(benchmarks/README.md), so the two forms that only open the window are recognised here; every
other argument list, `--help` included, goes to click unchanged.
"""

from __future__ import annotations

import sys
from pathlib import Path


def window_store(args: list[str]) -> Path | None:
    """The store `desk ARGS` opens the window on when ARGS ask for nothing else; None when the
    command line has to decide."""
    if not args:
        from desk.paths import default_store_dir

        return default_store_dir()
    if len(args) == 2 and args[0] == "--store" and args[1] and not args[1].startswith("-"):
        return Path(args[1])
    if len(args) == 1 and args[0].startswith("--store=") and len(args[0]) > len("--store="):
        return Path(args[0].split("=", 1)[1])
    return None


def main() -> None:
    """Open the window, or run the command line."""
    store = window_store(sys.argv[1:])
    if store is None:
        from desk.ui.launch import main as command_line

        command_line()
        return
    from desk.ui.app import run

    sys.exit(run(store))
