"""`python -m desk` runs the `desk` program (the command line and the window)."""

from __future__ import annotations

from desk.ui.start import main

main()
