"""Turns a failure of the disk or of SQLite into one line naming the cause and what to do.

Every store calls `translated` around its SQL and file work, so a full disk, a read-only
folder, an I/O error or a lock held too long reaches the command line and the app as a
StorageError (exit 1), never as a traceback or a worker that dies in silence.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from ketajournal.errors import (
    DISK_FULL as FULL,
)
from ketajournal.errors import (
    IO_ERROR,
    READ_ONLY,
    DatabaseBusyError,
    StorageError,
    os_cause,
)
from ketajournal.storage.dbapi import sqlite

# SQLite's primary result codes (sqlite.org/rescode.html) that are about the disk or the file.
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 10, 11, 13, 14, 26

CANT_OPEN = "cannot be opened (is its folder there and writable?)"
DAMAGED = "the file is damaged; restore a backup (`ketajournal restore`)"
BUSY = "the journal is busy in another program; try again"
NEARLY_FULL = 64 * 1024  # bytes free under which an I/O error is most likely a full disk

_BY_CODE = {
    SQLITE_FULL: FULL,
    SQLITE_READONLY: READ_ONLY,
    SQLITE_PERM: READ_ONLY,
    SQLITE_IOERR: IO_ERROR,
    SQLITE_CANTOPEN: CANT_OPEN,
    SQLITE_CORRUPT: DAMAGED,
    SQLITE_NOTADB: DAMAGED,
}
# Failures after which reading may still work (see `storage.store`: opened read only).
WRITE_FAILURES = (FULL, READ_ONLY, IO_ERROR, CANT_OPEN)


def cause(exc: BaseException, path: Path) -> str | None:
    """What went wrong, in words with what to do; None when `exc` is no disk or SQLite
    failure (a bug, which should show as one)."""
    if isinstance(exc, StorageError):  # already in words: which ones?
        return next((c for c in (*WRITE_FAILURES, BUSY) if c in str(exc)), None)
    inner = getattr(exc, "orig", None)  # SQLAlchemy wraps the DB-API error
    if isinstance(inner, sqlite.Error):
        exc = inner
    if isinstance(exc, sqlite.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        primary = None if code is None else code & 0xFF
        if primary in (SQLITE_BUSY, SQLITE_LOCKED):
            return BUSY
        found = _BY_CODE.get(primary) if primary is not None else None
        if found is None and isinstance(exc, sqlite.OperationalError):
            text = str(exc)
            found = next((c for k, c in _TEXTS.items() if k in text), None)
    elif isinstance(exc, OSError):
        found = os_cause(exc, known_only=True)
    else:
        return None
    if found in (IO_ERROR, CANT_OPEN):  # SQLite's words when it cannot make its side files
        if not os.access(path.parent, os.W_OK):
            found = READ_ONLY
        elif _nearly_full(path):
            found = FULL
    return found


_TEXTS = {
    "database or disk is full": FULL,
    "readonly database": READ_ONLY,
    "disk I/O error": IO_ERROR,
    "unable to open database": CANT_OPEN,
    "database is locked": BUSY,
}


def error_for(exc: BaseException, path: Path) -> StorageError | None:
    """The one-line StorageError for `exc`, or None when it is not a storage failure."""
    found = cause(exc, path)
    if found is None:
        return None
    if found == BUSY:
        return DatabaseBusyError(f"{path}: {BUSY}")
    return StorageError(f"{path}: {found}; nothing was changed")


@contextlib.contextmanager
def translated(path: Path) -> Iterator[None]:
    """Re-raises a disk or SQLite failure as its one-line StorageError."""
    try:
        yield
    except StorageError:
        raise
    except (sqlite.Error, OSError) as exc:
        error = error_for(exc, path)
        if error is None:
            raise
        raise error from None
    except Exception as exc:  # SQLAlchemy's wrapper of a DB-API error
        if not isinstance(getattr(exc, "orig", None), sqlite.Error):
            raise
        error = error_for(exc, path)
        if error is None:
            raise
        raise error from None


def _nearly_full(path: Path) -> bool:
    for folder in (path.parent, path.parent.parent):
        try:
            return shutil.disk_usage(folder).free < NEARLY_FULL
        except OSError:
            continue
    return False
