"""Builds the one SQLAlchemy engine a process uses, with the SQLite settings chosen on purpose.

- WAL journal: readers never block the writer, and a crash never loses a committed write.
- synchronous=FULL: a commit is on disk before it returns, even across a power cut; a
  journal writes a few records a day, so the extra fsync (~0.2 ms here) is worth it.
- busy_timeout=5000: a second process waits for the lock instead of failing at once.
- BEGIN IMMEDIATE for write transactions: a read-then-write never fails with "database is
  locked" half-way (busy_timeout cannot help a deferred transaction that must upgrade).
- foreign_keys=ON (off only while a migration runs); secure_delete=ON so deleted text is
  overwritten. trusted_schema stays at its default: with it OFF, SQLite 3.40 refuses the
  triggers that keep the FTS5 index in step ("unsafe use of virtual table").
- One connection per process (StaticPool), shared by threads under the store's lock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.pool import StaticPool

BUSY_TIMEOUT_MS = 5000
WRITE_OPTION = "ketajournal_write"
PRAGMAS = (
    "foreign_keys = ON",
    f"busy_timeout = {BUSY_TIMEOUT_MS}",
    "journal_mode = WAL",
    "synchronous = FULL",
    "secure_delete = ON",
)


def make_engine(path: Path) -> Engine:
    engine = create_engine(
        URL.create("sqlite", database=str(path)),
        poolclass=StaticPool,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        cursor = dbapi_conn.cursor()
        for pragma in PRAGMAS:
            cursor.execute("PRAGMA " + pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, whose transactions take the write lock up front."""
    return engine.execution_options(**{WRITE_OPTION: True})
