"""`python -m desk` runs the command line."""

from __future__ import annotations

from desk.cli import main

main()
