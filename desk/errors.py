"""Typed errors: the core raises them, the UI and the CLI decide how to show them.

Every message is one sentence a journalist understands: what happened and what to do.
"""

from __future__ import annotations


class DeskError(Exception):
    """Base of every error Desk shows to a user."""

    exit_code = 2


class StoreError(DeskError):
    """The store folder or its database cannot be used."""


class StoreDamaged(StoreError):
    """The store's database is damaged: SQLite cannot read it."""


class StoreLocked(StoreError):
    """Another Desk process is already writing to this store."""


class StoreReadOnly(StoreError):
    """The store was opened read-only, or its disk refuses writes."""


class SchemaTooNew(StoreError):
    """The database was written by a newer Desk."""


class NotFound(DeskError):
    """No story, photo, tag or revision by that name."""


class BadInput(DeskError):
    """A value given by the user is not acceptable."""


class TagExists(BadInput):
    """Renaming a tag onto another existing tag: the caller may confirm a merge instead."""

    def __init__(self, message: str, source: str, target: str, count: int) -> None:
        super().__init__(message)
        self.source = source
        self.target = target
        self.count = count


class BadImage(DeskError):
    """A file could not be read as a photo."""


class ImportFailed(DeskError):
    """A file could not be imported as a story."""


class ExportFailed(DeskError):
    """A story could not be exported."""


class CheckFailed(DeskError):
    """A story has problems that block publication."""

    exit_code = 1


class PublishFailed(DeskError):
    """A story could not be published to a target; it is not retried until the cause is fixed."""


class TargetUnreachable(PublishFailed):
    """A target could not be reached (offline, server down, timeout): the job waits, queued."""
