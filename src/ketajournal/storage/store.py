"""The store: the one way to read and write a journal, on the DB-API connection of
SQLCipher's SQLite (no SQLAlchemy at run time).

`open_store` opens the journal at a path, creating it at the current schema when absent
(storage.head) or migrating an older one first (only then are SQLAlchemy and Alembic loaded,
see storage.migrate); callers get frozen domain records back, never rows. Each call is one
short transaction (writes take the lock up front with BEGIN IMMEDIATE); one Store holds one
connection, shared by threads under a lock, so a Textual worker and the UI thread never
interleave statements. The SQLModel tables (storage.tables) stay the declared schema the
migrations are checked against.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar, Unpack
from uuid import UUID

from ketajournal.domain import kinds
from ketajournal.domain import models as m
from ketajournal.domain.codec import to_plain
from ketajournal.domain.query import Filters
from ketajournal.errors import NotFoundError, StorageError
from ketajournal.storage import failures, files, head, schema, versions
from ketajournal.storage.backup import backup_connection
from ketajournal.storage.dbapi import apply_key, check_key, sqlite
from ketajournal.storage.records import TABLE, columns
from ketajournal.storage.schema import (
    BUSY_TIMEOUT_MS,
    CONNECTION_PRAGMAS,
    VERSION_TABLE,
)
from ketajournal.storage.snapshot import (
    check_journal_file,
    insert_records,
    open_copy,
    plain_rows,
    restore_into,
    update_record,
    version_of,
    write_records,
    write_transaction,
)

R = TypeVar("R", bound=m.Record)

SEARCH_SQL = (
    "SELECT kind, ref_id, title, snippet(search_index, 3, char(57344), char(57345), '…', 16) "
    "FROM search_index WHERE search_index MATCH ? ORDER BY rank, rowid DESC LIMIT ? OFFSET ?"
)


def open_store(path: Path, now: datetime, key: str | None = None) -> Store:
    """Opens the journal at `path`, creating it (0600, in a 0700 folder) when absent and
    migrating it to the current schema when older, with a backup first (see
    `Store.migration_backup`). `key` is the passphrase of an encrypted journal: a wrong
    one raises WrongPassphraseError and nothing is written.

    Refuses, touching nothing, a path that holds anything but a journal: another kind of
    file, another program's SQLite database (empty or not), a journal of a newer version.
    When the journal cannot be written (a full disk, a read-only folder) it is opened read
    only, so reading, `export data` and `doctor` still work; every write then fails with
    the one-line reason."""
    existed = files.check_db_path(path)
    if existed:
        files.check_key_given(path, key)
    else:
        files.ensure_private_dir(path.parent)
        files.create_private_file(path)
        key = None  # a new journal starts plain; `ketajournal encrypt` encrypts it
    try:
        with failures.translated(path):
            conn = _connect(path, key)
    except StorageError as exc:
        if not existed or failures.cause(exc, path) not in failures.WRITE_FAILURES:
            raise
        reason = str(exc).removesuffix("; nothing was changed")
        with failures.translated(path):
            conn = open_copy(path, key)  # read only, and creates no -shm file
        if version_of(conn) != schema.HEAD_REVISION:
            conn.close()
            raise
        return Store(conn, path, key, read_only=reason)
    if not existed:
        head.create(conn, path)  # at the current schema at once: no migration to run
    backup = None
    if version_of(conn) != schema.HEAD_REVISION:
        conn.close()
        # Alembic and SQLAlchemy cost ~450 ms to import: only an older journal pays.
        from ketajournal.storage.migrate import migrate_file

        backup = migrate_file(path, now, key, created=not existed)
        with failures.translated(path):
            conn = _connect(path, key)
    with failures.translated(path):
        for pragma in (*CONNECTION_PRAGMAS, "journal_mode = WAL"):  # ours, at head: WAL is safe
            conn.execute("PRAGMA " + pragma)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens -wal and -shm
    files.tighten_modes(path)
    store = Store(conn, path, key)
    store.migration_backup = backup
    return store


def _connect(path: Path, key: str | None) -> sqlite.Connection:
    conn = sqlite.connect(
        str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    try:
        apply_key(conn, key)
        check_key(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


class Store:
    def __init__(
        self,
        conn: sqlite.Connection,
        path: Path,
        key: str | None = None,
        *,
        read_only: str | None = None,
    ) -> None:
        self._conn = conn
        self._key = key
        self._lock = threading.RLock()
        self.path = path
        self.migration_backup: str | None = None
        self.read_only = read_only  # why the journal could only be opened read only
        self._wrote = False

    @contextmanager
    def _write(self) -> Iterator[sqlite.Connection]:
        with self._lock:
            if self.read_only is not None:
                raise StorageError(f"{self.read_only}; nothing was changed")
            with write_transaction(self._conn, self.path) as conn:
                yield conn
            self._wrote = True

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock, failures.translated(self.path):
            return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        """Closes; a process that wrote folds the WAL back into the file first.

        A read-only process (a status bar polling `plan next`) does no disk writes at all.
        """
        with self._lock:
            if self._wrote:
                with suppress(sqlite.Error):
                    self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            with suppress(sqlite.Error):
                self._conn.close()

    # -- records ------------------------------------------------------------------------

    def insert(self, *records: m.Record) -> None:
        with self._write() as conn:
            insert_records(conn, records)
            versions.Ledger(conn).local(records)

    def update(self, record: R) -> R:
        with self._write() as conn:
            update_record(conn, record)
            versions.Ledger(conn).local([record])
        self._fold_wal()  # the text as it was leaves the files now, not when the app quits
        return record

    def delete(self, cls: type[m.Record], record_id: UUID, *, at: datetime | None = None) -> None:
        with self._write() as conn:
            ident = versions.local_delete_ident(conn, cls, record_id)
            cursor = conn.execute(f"DELETE FROM {TABLE[cls]} WHERE id = ?", (str(record_id),))
            if cursor.rowcount == 0:
                raise NotFoundError(f"no {kinds.label(cls)} with id {record_id}")
            versions.Ledger(conn).local(deleted=[(TABLE[cls], ident, at)])  # a tombstone
            conn.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")
        self._fold_wal()

    def _fold_wal(self) -> None:
        """Copies the WAL into the file and empties it: with secure_delete the old versions
        of changed or deleted text are then overwritten, in the WAL too."""
        with self._lock, suppress(sqlite.Error):
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def get(self, cls: type[R], record_id: UUID) -> R | None:
        found = self._select(cls, "WHERE id = ?", [str(record_id)])
        return found[0] if found else None

    def find(self, cls: type[R], **filters: Unpack[Filters]) -> list[R]:
        sql, params = self._where(cls, filters)
        order_by = filters.get("order_by")
        if order_by is not None:
            direction = "DESC" if filters.get("descending") else "ASC"
            sql += f" ORDER BY {order_by} {direction}, id {direction}"
        limit, offset = filters.get("limit"), filters.get("offset", 0)
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params += [-1 if limit is None else limit, offset]
        return self._select(cls, sql, params)

    def count(self, cls: type[m.Record], **filters: Unpack[Filters]) -> int:
        sql, params = self._where(cls, filters)
        return int(self._read(f"SELECT count(*) FROM {TABLE[cls]} {sql}", params)[0][0])

    def tag_counts(self, **filters: Unpack[Filters]) -> dict[str, int]:
        """How many journal entries carry each tag, most used first."""
        sql, params = self._where(m.JournalEntry, {**filters, "time_field": "written_at"})
        rows = self._read(
            "SELECT json_each.value, count(*) FROM journal_entry, json_each(journal_entry.tags) "
            f"{sql} GROUP BY json_each.value ORDER BY count(*) DESC, json_each.value",
            params,
        )
        return {str(tag): int(n) for tag, n in rows}

    def _where(self, cls: type[m.Record], filters: Filters) -> tuple[str, list[Any]]:
        """The WHERE clause of `find`, `count` and `tag_counts`, with its parameters."""
        codecs = {name: to for name, to, _ in columns(cls)}
        clauses: list[str] = []
        params: list[Any] = []
        for name, value in (filters.get("where") or {}).items():
            if value is None:
                clauses.append(f"{name} IS NULL")
            else:
                clauses.append(f"{name} = ?")
                params.append(codecs[name](value))
        time_field = filters.get("time_field")
        if time_field is not None:
            to = codecs[time_field]
            for bound, op in (("since", ">="), ("until", "<")):
                value = filters.get(bound)  # type: ignore[misc]
                if value is not None:
                    clauses.append(f"{time_field} {op} ?")
                    params.append(to(value))
        tag = filters.get("tag")
        if tag is not None:
            clauses.append(f"EXISTS (SELECT 1 FROM json_each({TABLE[cls]}.tags) WHERE value = ?)")
            params.append(tag)
        levels = filters.get("share_levels")
        if levels is not None:
            clauses.append(f"share_level IN ({', '.join('?' for _ in levels)})")
            params.extend(to_plain(s) for s in levels)
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

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
        except sqlite.OperationalError:
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
    def encrypted(self) -> bool:
        return self._key is not None

    @property
    def head_revision(self) -> str:
        return schema.HEAD_REVISION

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

    def backup_to(self, target: Path, *, force: bool = False) -> Path:
        with self._lock, failures.translated(target):
            return backup_connection(self._conn, target, self._key, force=force)

    # -- whole-journal operations (export, import, restore) ----------------------------

    def plain_records(
        self,
        classes: Sequence[type[m.Record]],
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[type[m.Record], list[dict[str, Any]]]:
        with self._lock, failures.translated(self.path):
            return plain_rows(self._conn, classes, progress)

    def write_batch(self, inserts: Sequence[m.Record], updates: Sequence[m.Record]) -> None:
        with self._write() as conn:
            write_records(conn, self.path, inserts, updates)
            versions.Ledger(conn).local([*inserts, *updates])

    # -- sync (storage.versions) --------------------------------------------------------

    def sync_state(self) -> dict[str, str]:
        with self._lock, failures.translated(self.path):
            return versions.read_state(self._conn)

    def set_sync_state(self, values: dict[str, str]) -> None:
        with self._write() as conn:
            versions.write_state(conn, values)

    def sync_changes(self, after: int | None) -> tuple[list[dict[str, Any]], int]:
        """This device's changes numbered above `after` (None: a snapshot of everything)."""
        with self._lock, failures.translated(self.path):
            self._conn.execute("BEGIN")
            try:
                return versions.changes(self._conn, after)
            finally:
                self._conn.execute("COMMIT")

    def apply_sync(
        self, changes: Sequence[dict[str, Any]], state: dict[str, str]
    ) -> versions.Applied:
        """Another device's changes merged, and `state` stored, in one transaction."""
        with self._write() as conn:
            applied = versions.apply_changes(conn, changes)
            versions.write_state(conn, state)
            if applied.deleted:
                conn.execute("INSERT INTO search_index(search_index) VALUES ('optimize')")
        if applied.deleted:
            self._fold_wal()
        return applied

    def check_backup(self, path: Path) -> str:
        return check_journal_file(path, self._key)

    def restore_from(self, source: Path, aside: Path) -> None:
        with self._lock, failures.translated(self.path):
            if self.read_only is not None:
                raise StorageError(f"{self.read_only}; nothing was changed")
            self._wrote = True
            restore_into(self._conn, self.path, source, aside, self._key)
