"""Builds the service for a database path: the one place storage and service are wired.

The CLI and the TUI both call `open_service`; neither imports storage themselves.
"""

from __future__ import annotations

from pathlib import Path

from ketajournal.clock import Clock, SystemClock
from ketajournal.service import JournalService


def preflight(db_path: Path) -> None:
    """Refuses a path that cannot hold a journal, before any UI starts (stdlib only)."""
    from ketajournal.storage.files import check_db_path

    check_db_path(db_path)


def is_encrypted(db_path: Path) -> bool:
    """True when the journal at `db_path` exists and is encrypted (needs a passphrase)."""
    from ketajournal.storage.files import check_db_path, looks_encrypted

    return check_db_path(db_path) and looks_encrypted(db_path)


def change_encryption(
    db_path: Path, old_key: str | None, new_key: str | None
) -> tuple[list[Path], list[Path]]:
    """Encrypts (old_key None), decrypts (new_key None) or re-keys the journal in place,
    with the backups beside it; returns the backups converted (or found converted by an
    earlier, interrupted run) and those left as they are (they open with neither key)."""
    from ketajournal.storage.cipher import convert

    done = convert(db_path, old_key, new_key)
    return done.backups, done.left


def recovery_notes() -> list[str]:
    """What opening the journal cleaned up after an interrupted conversion, once."""
    from ketajournal.storage.intent import take_notes

    return take_notes()


def open_service(
    db_path: Path, clock: Clock | None = None, *, key: str | None = None
) -> JournalService:
    """The service on the journal at `db_path`, created or migrated as needed (see
    `storage.store.open_store`). `key` is the passphrase of an encrypted journal (see
    `is_encrypted`)."""
    from ketajournal.storage.store import open_store

    clock = clock or SystemClock()
    store = open_store(db_path, clock.now(), key)
    if store.migration_backup is not None:  # rotated like every other backup
        from ketajournal.service.backups import rotate

        rotate(Path(store.migration_backup).parent)
    return JournalService(store, clock)
