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


def open_service(db_path: Path, clock: Clock | None = None) -> JournalService:
    # SQLModel and SQLAlchemy cost ~450 ms to import; only commands that open the
    # full store pay for them.
    from ketajournal.storage.store import open_store

    clock = clock or SystemClock()
    return JournalService(open_store(db_path, clock.now()), clock)
