"""Publishing: stories pushed to the newsroom's systems (WordPress, ingest folders), offline
first (an outbox in the store, retried with backoff). Plain Python: never imports Qt.

targets.py  where stories go (config.toml [targets.NAME]); secrets.py their passwords (keyring)
records.py  what the store remembers (publications, outbox); service.py one publish, the outbox
wordpress.py / wppost.py  the REST API and the post; folder.py / newsml.py  ingest folders
"""

from __future__ import annotations

from desk.publish.records import FAILED, PUBLISHED, QUEUED
from desk.publish.service import Outcome, finish, perform, prepare, publish, run_outbox

__all__ = [
    "FAILED",
    "PUBLISHED",
    "QUEUED",
    "Outcome",
    "finish",
    "perform",
    "prepare",
    "publish",
    "run_outbox",
]
