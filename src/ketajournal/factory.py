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


def open_service(
    db_path: Path, clock: Clock | None = None, *, fast: bool = False
) -> JournalService:
    """The service on the journal at `db_path`, created or migrated as needed.

    With `fast`, a journal that already exists at the current schema is opened with the
    standard library's sqlite3 (a few ms) instead of SQLModel/SQLAlchemy (~450 ms of
    imports); the command line uses this. Anything else takes the full store.
    """
    clock = clock or SystemClock()
    if fast:
        from ketajournal.storage.fast import open_fast_store

        store = open_fast_store(db_path)
        if store is not None:
            return JournalService(store, clock)
    from ketajournal.storage.store import open_store

    return JournalService(open_store(db_path, clock.now()), clock)
