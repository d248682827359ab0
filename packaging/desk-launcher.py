"""Entry point of the one-file build (PyInstaller runs this script; it is `desk` itself)."""

from desk.ui.start import main

main()
