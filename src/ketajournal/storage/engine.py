"""Builds the SQLAlchemy engine that migrations run on, with the SQLite settings the store
uses too (storage.schema.CONNECTION_PRAGMAS), chosen on purpose:

- WAL journal: readers never block the writer, and a crash never loses a committed write.
  The store switches it on (storage.store), only once the file is known to be a
  ketajournal database at head: the switch rewrites the file header, and a refused file
  must be left untouched.
- synchronous=FULL: a commit is on disk before it returns, even across a power cut; a
  journal writes a few records a day, so the extra fsync (~0.2 ms here) is worth it.
- busy_timeout=5000: a second process waits for the lock instead of failing at once.
- BEGIN IMMEDIATE for write transactions: a read-then-write never fails with "database is
  locked" half-way (busy_timeout cannot help a deferred transaction that must upgrade).
- foreign_keys=ON (off only while a migration runs); secure_delete=ON so deleted text is
  overwritten. trusted_schema stays at its default: with it OFF, SQLite 3.40 refuses the
  triggers that keep the FTS5 index in step ("unsafe use of virtual table").
- One connection (StaticPool); for an encrypted journal one key derivation (~0.2 s).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from ketajournal.storage.dbapi import apply_key, check_key, sqlite
from ketajournal.storage.schema import BUSY_TIMEOUT_MS, CONNECTION_PRAGMAS

WRITE_OPTION = "ketajournal_write"


def make_engine(path: Path, key: str | None = None) -> Engine:
    """The engine on SQLCipher's SQLite (`storage.dbapi`); with `key`, every connection is
    keyed first (the passphrase never goes into the URL, where `:` or `@` would break it)."""
    engine = create_engine(
        URL.create("sqlite", database=str(path)),
        module=sqlite,
        poolclass=StaticPool,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        apply_key(dbapi_conn, key)
        if key is not None:
            check_key(dbapi_conn, path)
        cursor = dbapi_conn.cursor()
        for pragma in CONNECTION_PRAGMAS:
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
