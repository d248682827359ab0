"""Publishing: stories pushed to the newsroom's systems (WordPress, ingest folders), offline
first (an outbox in the store, retried with backoff). Plain Python: never imports Qt.

targets.py  where stories go (config.toml [targets.NAME]); secrets.py their passwords (keyring)
records.py  what the store remembers (publications, outbox); service.py one publish, the outbox
wordpress.py / wppost.py  the REST API and the post; folder.py / newsml.py  ingest folders
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desk.publish.records import FAILED, PUBLISHED, QUEUED

if TYPE_CHECKING:
    from desk.publish.service import Outcome, finish, perform, prepare, publish, run_outbox

# The service (and the targets, secrets and checks it needs) loads when first asked for: the
# library's marks read only the records, and the window opens without the rest.
_SERVICE = ("Outcome", "finish", "perform", "prepare", "publish", "run_outbox")


def __getattr__(name: str) -> Any:
    if name in _SERVICE:
        from desk.publish import service

        return getattr(service, name)
    raise AttributeError(f"module 'desk.publish' has no attribute {name!r}")


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
