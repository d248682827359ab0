"""Desk's own log: a rotating file in the platform's log folder (Help > Open Log Folder shows it).

The window logs what it does and what went wrong there instead of on the terminal; with
DESK_DEBUG=1 the log also goes to the terminal, at debug level.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from desk import __version__
from desk.paths import log_dir

LOG_NAME = "desk.log"
MAX_BYTES = 1_000_000  # then desk.log.1 ... desk.log.5, oldest dropped
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
# Until setup_logging runs (tests, scripts), Desk's records go nowhere, not to the terminal.
logging.getLogger("desk").addHandler(logging.NullHandler())


def debugging() -> bool:
    """True when DESK_DEBUG=1 asks for everything on the terminal."""
    return os.environ.get("DESK_DEBUG", "").strip() not in ("", "0")


def setup_logging(debug: bool | None = None) -> Path | None:
    """Send the `desk` loggers to the rotating file (and the terminal when debugging).

    Returns the log file, or None when the folder cannot be written (Desk runs on, unlogged)."""
    debug = debugging() if debug is None else debug
    logger = logging.getLogger("desk")
    logger.setLevel(logging.DEBUG if debug else logging.INFO)
    for handler in list(logger.handlers):
        if getattr(handler, "desk_handler", False):
            logger.removeHandler(handler)
            handler.close()
    from logging.handlers import RotatingFileHandler  # (pulls in sockets: only when logging)

    wanted = log_dir() / LOG_NAME
    path: Path | None = wanted
    try:
        wanted.parent.mkdir(parents=True, exist_ok=True)
        file_handler: logging.Handler = RotatingFileHandler(
            wanted, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        path, file_handler = None, logging.NullHandler()
    handlers = [file_handler]
    if debug:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.desk_handler = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.propagate = False
    python = sys.version.split()[0]
    logger.info("Desk %s started (Python %s, %s)", __version__, python, sys.platform)
    return path
