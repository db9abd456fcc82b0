"""Defines the error types, one per area, that the CLI and TUI turn into one-line messages."""

from __future__ import annotations

import errno

# What a failing disk means for the person, and what to do: one wording for the store, the
# file writers and the command line.
DISK_FULL = "the disk is full; free some space and try again"
READ_ONLY = (
    "its folder or file cannot be written (a read-only file system, or permissions); "
    "make it writable and try again"
)
IO_ERROR = "the disk reported an input/output error; check the disk, then try again"
_BY_ERRNO = {
    errno.ENOSPC: DISK_FULL,
    errno.EDQUOT: DISK_FULL,
    errno.EROFS: READ_ONLY,
    errno.EACCES: READ_ONLY,
    errno.EPERM: READ_ONLY,
    errno.EIO: IO_ERROR,
}


def os_cause(exc: OSError, *, known_only: bool = False) -> str | None:
    """A failed file operation's cause in words, with what to do (None when `known_only`
    and it is none of a full disk, a read-only place or an I/O error)."""
    found = _BY_ERRNO.get(exc.errno or 0)
    if found is None and not known_only:
        return str(exc.strerror or exc)
    return found


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


class SyncDataError(KetaJournalError):
    """A change in a sync bundle that this journal cannot take; names the record and field."""


def _short(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def disk_error(exc: OSError) -> StorageError | None:
    """The one-line error for a file operation that failed on a full, read-only or failing
    disk (None for anything else: that is a bug, and shows as one)."""
    cause = os_cause(exc, known_only=True)
    return None if cause is None else StorageError(f"{exc.filename or 'a file'}: {cause}")
