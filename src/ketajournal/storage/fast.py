"""A store on the standard library's sqlite3, for commands that must start fast.

It implements the same port as the SQLModel store (`storage.store.Store`) with the same
SQLite settings, so the service layer runs unchanged on either. It never creates or
migrates a database: `open_fast_store` returns None unless the journal already exists at
the current schema, and the caller then opens the full store (which creates or migrates).
The SQLModel tables remain the only definition of the schema; `storage.records` derives
every column's encoding from the domain types, and a test compares rows written by both
stores byte for byte.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

from ketajournal.domain import models as m
from ketajournal.errors import DatabaseBusyError, NotFoundError
from ketajournal.storage import files
from ketajournal.storage.backup import backup_connection
from ketajournal.storage.records import INSERT_ORDER, TABLE, columns, encode
from ketajournal.storage.schema import (
    BUSY_TIMEOUT_MS,
    CONNECTION_PRAGMAS,
    HEAD_REVISION,
    VERSION_TABLE,
)

R = TypeVar("R", bound=m.Record)

SEARCH_SQL = (
    "SELECT kind, ref_id, title, snippet(search_index, 3, char(57344), char(57345), '…', 16) "
    "FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT ? OFFSET ?"
)


def open_fast_store(path: Path) -> FastStore | None:
    """The fast store, or None when the journal must first be created or migrated."""
    if not files.check_db_path(path):
        return None
    conn = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    try:
        row = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (VERSION_TABLE,)
        ).fetchone()
        version = (
            conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone() if row else None
        )
    except sqlite3.DatabaseError:
        conn.close()
        return None
    if version is None or version[0] != HEAD_REVISION:
        conn.close()
        return None
    for pragma in (*CONNECTION_PRAGMAS, "journal_mode = WAL"):  # ours, at head: WAL is safe
        conn.execute("PRAGMA " + pragma)
    files.tighten_modes(path)
    return FastStore(conn, path)


class FastStore:
    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self.migration_backup: str | None = None
        self._wrote = False

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise DatabaseBusyError(
                    f"{self.path}: the journal is busy in another program; try again"
                ) from exc
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
            self._wrote = True

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        """Closes; a process that wrote folds the WAL back into the file first.

        A read-only process (a status bar polling `plan next`) does no disk writes at all.
        """
        with self._lock:
            if self._wrote:
                with suppress(sqlite3.OperationalError):
                    self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._conn.close()

    # -- records ------------------------------------------------------------------------

    def insert(self, *records: m.Record) -> None:
        grouped: dict[type[m.Record], list[m.Record]] = {}
        for record in records:
            grouped.setdefault(type(record), []).append(record)
        with self._write() as conn:
            for cls in sorted(grouped, key=INSERT_ORDER.index):
                cols = columns(cls)
                sql = (
                    f"INSERT INTO {TABLE[cls]} ({', '.join(c[0] for c in cols)}) "
                    f"VALUES ({', '.join('?' for _ in cols)})"
                )
                conn.executemany(sql, [_values(r, cols) for r in grouped[cls]])

    def update(self, record: R) -> R:
        cls = type(record)
        cols = columns(cls)
        sets = ", ".join(f"{name} = ?" for name, _, _ in cols if name != "id")
        values = [to(getattr(record, name)) for name, to, _ in cols if name != "id"]
        with self._write() as conn:
            cursor = conn.execute(
                f"UPDATE {TABLE[cls]} SET {sets} WHERE id = ?", (*values, str(record.id))
            )
            if cursor.rowcount == 0:
                raise NotFoundError(f"no {cls.__name__.lower()} with id {record.id}")
        return record

    def delete(self, cls: type[m.Record], record_id: UUID) -> None:
        with self._write() as conn:
            cursor = conn.execute(f"DELETE FROM {TABLE[cls]} WHERE id = ?", (str(record_id),))
            if cursor.rowcount == 0:
                raise NotFoundError(f"no {cls.__name__.lower()} with id {record_id}")
            conn.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")
        with self._lock, suppress(sqlite3.OperationalError):
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def get(self, cls: type[R], record_id: UUID) -> R | None:
        found = self._select(cls, "WHERE id = ?", [str(record_id)])
        return found[0] if found else None

    def find(
        self,
        cls: type[R],
        *,
        where: dict[str, Any] | None = None,
        time_field: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        order_by: str | None = None,
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
        tag: str | None = None,
        share_levels: Sequence[str] | None = None,
    ) -> list[R]:
        codecs = {name: to for name, to, _ in columns(cls)}
        clauses: list[str] = []
        params: list[Any] = []
        for name, value in (where or {}).items():
            if value is None:
                clauses.append(f"{name} IS NULL")
            else:
                clauses.append(f"{name} = ?")
                params.append(codecs[name](value))
        if time_field is not None:
            to = codecs[time_field]
            if since is not None:
                clauses.append(f"{time_field} >= ?")
                params.append(to(since))
            if until is not None:
                clauses.append(f"{time_field} < ?")
                params.append(to(until))
        table = TABLE[cls]
        if tag is not None:
            clauses.append(f"EXISTS (SELECT 1 FROM json_each({table}.tags) WHERE value = ?)")
            params.append(tag)
        if share_levels is not None:
            clauses.append(f"share_level IN ({', '.join('?' for _ in share_levels)})")
            params.extend(encode(s) for s in share_levels)
        sql = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        if order_by is not None:
            direction = "DESC" if descending else "ASC"
            sql += f" ORDER BY {order_by} {direction}, id {direction}"
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params += [-1 if limit is None else limit, offset]
        return self._select(cls, sql, params)

    def count(self, cls: type[m.Record]) -> int:
        return int(self._read(f"SELECT count(*) FROM {TABLE[cls]}")[0][0])

    def latest(self, cls: type[m.Record], field: str) -> Any:
        """The largest non-null value of one column (e.g. the latest session start)."""
        decode = {name: fr for name, _, fr in columns(cls)}[field]
        return decode(self._read(f"SELECT max({field}) FROM {TABLE[cls]}")[0][0])

    def ids_with_prefix(self, cls: type[m.Record], prefix: str, limit: int = 5) -> list[UUID]:
        pattern = prefix.lower().replace("%", "").replace("_", "") + "%"
        rows = self._read(f"SELECT id FROM {TABLE[cls]} WHERE id LIKE ? LIMIT ?", (pattern, limit))
        return [UUID(r[0]) for r in rows]

    def setting(self, key: str) -> m.Setting | None:
        found = self.find(m.Setting, where={"key": key}, limit=1)
        return found[0] if found else None

    def search(self, query: str, limit: int = 50, offset: int = 0) -> list[m.SearchHit]:
        try:
            rows = self._read(SEARCH_SQL, (query, limit, offset))
        except sqlite3.OperationalError:
            return []
        return [
            m.SearchHit(kind=k, ref_id=UUID(ref), title=title, snippet=snip)
            for k, ref, title, snip in rows
        ]

    def _select(self, cls: type[R], tail: str, params: Sequence[Any]) -> list[R]:
        cols = columns(cls)
        names = ", ".join(c[0] for c in cols)
        rows = self._read(f"SELECT {names} FROM {TABLE[cls]} {tail}", params)
        return [
            cls(**{name: fr(v) for (name, _, fr), v in zip(cols, row, strict=True)}) for row in rows
        ]

    # -- health -------------------------------------------------------------------------

    @property
    def head_revision(self) -> str:
        return HEAD_REVISION

    def schema_revision(self) -> str | None:
        rows = self._read(f"SELECT version_num FROM {VERSION_TABLE}")
        return str(rows[0][0]) if rows else None

    def pragma(self, name: str) -> Any:
        rows = self._read(f"PRAGMA {name}")
        return rows[0][0] if rows else None

    def integrity_problems(self) -> list[str]:
        integrity = [r[0] for r in self._read("PRAGMA integrity_check")]
        problems = [] if integrity == ["ok"] else integrity
        fks = self._read("PRAGMA foreign_key_check")
        return problems + [f"broken reference in {r[0]} (row {r[1]}) to {r[2]}" for r in fks]

    def backup_to(self, target: Path) -> Path:
        with self._lock:
            return backup_connection(self._conn, target)


def _values(record: m.Record, cols: tuple[tuple[str, Any, Any], ...]) -> list[Any]:
    return [to(getattr(record, name)) for name, to, _ in cols]
