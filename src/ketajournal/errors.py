"""Defines the error types, one per area, that the CLI and TUI turn into one-line messages."""

from __future__ import annotations


class KetaJournalError(Exception):
    """Base of every error a person may see. `str(err)` is the one-line message."""

    exit_code = 1


class ValidationError(KetaJournalError):
    """A value given by the person is not allowed. Names the field and what is allowed."""

    exit_code = 2

    def __init__(self, field: str, allowed: str, got: object = None) -> None:
        self.field = field
        self.allowed = allowed
        self.got = got
        shown = "" if got is None else f" (got {_short(got)})"
        super().__init__(f"{field}: must be {allowed}{shown}")


class NotFoundError(KetaJournalError):
    """A record asked for by id does not exist."""

    exit_code = 2


class StorageError(KetaJournalError):
    """The database file cannot be used: wrong kind of file, unreadable, newer schema..."""

    exit_code = 1


class DatabaseBusyError(StorageError):
    """Another process held the database for too long."""


class LockedError(StorageError):
    """The journal is encrypted and no passphrase was given for it."""


class WrongPassphraseError(StorageError):
    """The passphrase does not open the journal (or the file is not a journal at all)."""


def _short(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."
