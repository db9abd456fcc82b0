"""A store on the plain DB-API (no SQLAlchemy), for commands that must start fast.

It implements the same port as the SQLModel store (`storage.store.Store`) with the same
SQLite settings, so the service layer runs unchanged on either. It never creates or
migrates a database: `open_fast_store` returns None unless the journal already exists at
the current schema, and the caller then opens the full store (which creates or migrates).
The SQLModel tables remain the only definition of the schema; `storage.records` derives
every column's encoding from the domain types, and a test compares rows written by both
stores byte for byte.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import typing
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from functools import cache
from pathlib import Path
from types import NoneType, UnionType
from typing import Any, TypeVar
from urllib.parse import quote
from uuid import UUID

from ketajournal.domain import models as m
from ketajournal.errors import NotFoundError, StorageError
from ketajournal.storage import failures, files
from ketajournal.storage.backup import backup_connection
from ketajournal.storage.dbapi import apply_key, check_key, sqlite
from ketajournal.storage.records import INSERT_ORDER, TABLE, columns, encode
from ketajournal.storage.schema import (
    APPLICATION_ID,
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


def open_fast_store(path: Path, key: str | None = None) -> FastStore | None:
    """The fast store, or None when the journal must first be created or migrated.
    `key` is the passphrase of an encrypted journal (a wrong one raises
    WrongPassphraseError, and nothing is written).

    When the journal cannot be written (a full disk, a read-only folder) it is opened
    read only, so reading, `export data` and `doctor` still work; every write then fails
    with the one-line reason."""
    if not files.check_db_path(path):
        return None
    files.check_key_given(path, key)
    try:
        with failures.translated(path):
            conn = _connect(path, key)
    except StorageError as exc:
        if failures.cause(exc, path) not in failures.WRITE_FAILURES:
            raise
        reason = str(exc).removesuffix("; nothing was changed")
        with failures.translated(path):
            conn = _open_copy(path, key)  # read only, and creates no -shm file
        if _version(conn) != HEAD_REVISION:
            conn.close()
            raise
        return FastStore(conn, path, key, read_only=reason)
    if _version(conn) != HEAD_REVISION:
        conn.close()
        return None
    with failures.translated(path):
        for pragma in (*CONNECTION_PRAGMAS, "journal_mode = WAL"):  # ours, at head: WAL is safe
            conn.execute("PRAGMA " + pragma)
    files.tighten_modes(path)
    return FastStore(conn, path, key)


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


def _version(conn: sqlite.Connection) -> str | None:
    """The schema revision, or None for a database that is not a journal: no version
    table, or another program's application_id."""
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] not in (0, APPLICATION_ID):
            return None
        row = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (VERSION_TABLE,)
        ).fetchone()
        version = (
            conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone() if row else None
        )
    except sqlite.DatabaseError:
        return None
    return None if version is None else str(version[0])


class FastStore:
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
            _insert_all(conn, records)

    def update(self, record: R) -> R:
        with self._write() as conn:
            _update_one(conn, record)
        self._fold_wal()  # the text as it was leaves the files now, not when the app quits
        return record

    def delete(self, cls: type[m.Record], record_id: UUID) -> None:
        with self._write() as conn:
            cursor = conn.execute(f"DELETE FROM {TABLE[cls]} WHERE id = ?", (str(record_id),))
            if cursor.rowcount == 0:
                raise NotFoundError(f"no {cls.__name__.lower()} with id {record_id}")
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
        sql, params = self._filters(cls, where, time_field, since, until, tag, share_levels)
        if order_by is not None:
            direction = "DESC" if descending else "ASC"
            sql += f" ORDER BY {order_by} {direction}, id {direction}"
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params += [-1 if limit is None else limit, offset]
        return self._select(cls, sql, params)

    def _filters(
        self,
        cls: type[m.Record],
        where: dict[str, Any] | None,
        time_field: str | None,
        since: datetime | None,
        until: datetime | None,
        tag: str | None,
        share_levels: Sequence[str] | None,
    ) -> tuple[str, list[Any]]:
        """The WHERE clause of `find` and `count`, with its parameters."""
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
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

    def count(
        self,
        cls: type[m.Record],
        *,
        time_field: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        share_levels: Sequence[str] | None = None,
    ) -> int:
        sql, params = self._filters(cls, None, time_field, since, until, None, share_levels)
        return int(self._read(f"SELECT count(*) FROM {TABLE[cls]} {sql}", params)[0][0])

    def tag_counts(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        share_levels: Sequence[str] | None = None,
    ) -> dict[str, int]:
        """How many journal entries in [since, until) carry each tag, most used first."""
        sql, params = self._filters(
            m.JournalEntry, None, "written_at", since, until, None, share_levels
        )
        rows = self._read(
            "SELECT json_each.value, count(*) FROM journal_entry, json_each(journal_entry.tags) "
            f"{sql} GROUP BY json_each.value ORDER BY count(*) DESC, json_each.value",
            params,
        )
        return {str(tag): int(n) for tag, n in rows}

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

    def check_backup(self, path: Path) -> str:
        return check_journal_file(path, self._key)

    def restore_from(self, source: Path, aside: Path) -> None:
        with self._lock, failures.translated(self.path):
            if self.read_only is not None:
                raise StorageError(f"{self.read_only}; nothing was changed")
            self._wrote = True
            restore_into(self._conn, self.path, source, aside, self._key)


def _values(record: m.Record, cols: tuple[tuple[str, Any, Any], ...]) -> list[Any]:
    return [to(getattr(record, name)) for name, to, _ in cols]


# -- whole-journal operations, shared with the SQLModel store (on its raw connection) ------


def _plain_type(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, UnionType):
        inner = [a for a in typing.get_args(hint) if a is not NoneType]
        return inner[0] if len(inner) == 1 else object
    return hint


def _iso_time_sql(column: str) -> str:
    """SQL turning a stored UTC time (`2026-03-02 09:00:00.000000`, see `codec.dt_to_db`)
    into exactly what `datetime.isoformat()` writes (`2026-03-02T09:00:00+00:00`). Done in
    the SELECT (no faster than slicing in Python, and no slower), so a table whose other
    columns are already plain is turned into dicts without any per-value Python."""
    # Older versions wrote years before 1000 unpadded ("999-01-01 ..."): padded back here.
    c = f"substr('000' || {column}, length({column}) - 22)"
    return (
        f"CASE WHEN length({column}) BETWEEN 23 AND 26 THEN substr({c}, 1, 10) || 'T' || "
        f"substr({c}, 12, 8) || iif(substr({c}, 20) = '.000000', '', substr({c}, 20)) || "
        f"'+00:00' ELSE {column} END"
    )


@cache
def _plain_reader(cls: type[m.Record]) -> tuple[tuple[str, ...], str, tuple[tuple[int, bool], ...]]:
    """The field names, the SELECT (times converted there), and (position, is JSON text)
    for each column that still needs Python: JSON text to parse, 0/1 to make booleans.
    (A REAL column already comes back as a float, text and integers as they are.)"""
    hints = typing.get_type_hints(cls, vars(m))
    names = tuple(f.name for f in dataclasses.fields(cls))
    selected: list[str] = []
    converters: list[tuple[int, bool]] = []
    for index, name in enumerate(names):
        base = _plain_type(hints[name])
        if base is datetime:
            selected.append(f"{_iso_time_sql(name)} AS {name}")
            continue
        selected.append(name)
        if base is bool:
            converters.append((index, False))
        elif base is object or typing.get_origin(base) is tuple:
            converters.append((index, True))
    sql = f"SELECT {', '.join(selected)} FROM {TABLE[cls]} ORDER BY rowid"
    return names, sql, tuple(converters)


def plain_rows(
    conn: sqlite.Connection,
    classes: Sequence[type[m.Record]],
    progress: Callable[[int, int], None] | None = None,
) -> dict[type[m.Record], list[dict[str, Any]]]:
    """Every record of the tables as plain data, in the order written, in one transaction (a
    consistent snapshot) without building records: times as ISO 8601 UTC text, ids and
    choices as text, lists and nested records as JSON lists and objects; equal to the
    domain records' fields converted the same way."""
    found: dict[type[m.Record], list[dict[str, Any]]] = {}
    # Parsed once per distinct text (tags repeat across thousands of entries); the lists and
    # objects are shared between records, so callers treat the result as read-only.
    parsed: dict[str, Any] = {}
    conn.execute("BEGIN")
    try:
        total = done = 0
        if progress is not None:
            for cls in classes:
                total += conn.execute(f"SELECT count(*) FROM {TABLE[cls]}").fetchone()[0]
            progress(0, total)
        for cls in classes:
            names, sql, converters = _plain_reader(cls)
            cursor = conn.execute(sql)
            table: list[dict[str, Any]] = []
            found[cls] = table
            while rows := cursor.fetchmany(_CHUNK):
                if not converters:
                    table += [dict(zip(names, row, strict=True)) for row in rows]
                else:
                    _convert(rows, names, converters, parsed, table)
                if progress is not None:
                    done += len(rows)
                    progress(done, total)
    finally:
        conn.execute("COMMIT")
    return found


_CHUNK = 2000  # rows read at a time (progress steps; memory for the rows still to convert)


def _convert(
    rows: list[Any],
    names: tuple[str, ...],
    converters: tuple[tuple[int, bool], ...],
    parsed: dict[str, Any],
    table: list[dict[str, Any]],
) -> None:
    """Appends the rows as dicts, with JSON text parsed and 0/1 made booleans."""
    for row in rows:
        values = list(row)
        for index, is_json in converters:
            value = values[index]
            if value is None:
                continue
            if not is_json:
                values[index] = bool(value)
            elif value in parsed:
                values[index] = parsed[value]
            else:
                values[index] = parsed[value] = json.loads(value)
        table.append(dict(zip(names, values, strict=True)))


def write_records(
    conn: sqlite.Connection,
    path: Path,
    inserts: Sequence[m.Record],
    updates: Sequence[m.Record],
) -> None:
    """Inserts and updates records inside the caller's write transaction (all of them are
    written, or none: the caller rolls back on any error)."""
    try:
        _insert_all(conn, inserts)
        for record in sorted(updates, key=lambda r: INSERT_ORDER.index(type(r))):
            _update_one(conn, record)
    except sqlite.IntegrityError as exc:
        raise StorageError(
            f"{path}: the records conflict with the journal ({exc}); nothing was written"
        ) from None


def _insert_all(conn: sqlite.Connection, records: Sequence[m.Record]) -> None:
    grouped: dict[type[m.Record], list[m.Record]] = {}
    for record in records:
        grouped.setdefault(type(record), []).append(record)
    for cls in sorted(grouped, key=INSERT_ORDER.index):  # parents before children
        cols = columns(cls)
        sql = (
            f"INSERT INTO {TABLE[cls]} ({', '.join(c[0] for c in cols)}) "
            f"VALUES ({', '.join('?' for _ in cols)})"
        )
        conn.executemany(sql, [_values(r, cols) for r in grouped[cls]])


def _update_one(conn: sqlite.Connection, record: m.Record) -> None:
    cls = type(record)
    cols = columns(cls)
    sets = ", ".join(f"{name} = ?" for name, _, _ in cols if name != "id")
    values = [to(getattr(record, name)) for name, to, _ in cols if name != "id"]
    cursor = conn.execute(f"UPDATE {TABLE[cls]} SET {sets} WHERE id = ?", (*values, str(record.id)))
    if cursor.rowcount == 0:
        raise NotFoundError(f"no {cls.__name__.lower()} with id {record.id}")


@contextmanager
def write_transaction(conn: sqlite.Connection, path: Path) -> Iterator[sqlite.Connection]:
    """BEGIN IMMEDIATE ... COMMIT on a DB-API connection, rolled back on any error, with
    disk and SQLite failures as one-line StorageErrors."""
    with failures.translated(path):
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            rollback(conn)
            raise


def rollback(conn: sqlite.Connection) -> None:
    """Rolls back if a transaction is still open (SQLite ends some on a full disk itself)."""
    if conn.in_transaction:
        with suppress(sqlite.Error):
            conn.execute("ROLLBACK")


def _open_copy(path: Path, key: str | None = None) -> sqlite.Connection:
    """A read-only connection that leaves no -wal/-shm files beside a self-contained copy
    (immutable); a file with a -wal beside it is read with its WAL (read-only). An
    encrypted copy is opened with `key` (the journal's own passphrase)."""
    uri = "file:" + quote(str(path))
    mode = "?mode=ro" if _has_frames(Path(f"{path}-wal")) else "?immutable=1"
    conn = sqlite.connect(uri + mode, uri=True)
    try:
        apply_key(conn, key if files.looks_encrypted(path) else None)
        check_key(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def _has_frames(wal: Path) -> bool:
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def check_journal_file(path: Path, key: str | None = None) -> str:
    """The schema revision of the ketajournal database at `path` (a backup), read without
    changing it. A StorageError names the problem for anything else: a missing or
    non-SQLite file, another SQLite database, a newer schema, a failed integrity_check,
    an encrypted file that `key` does not open."""
    if not files.check_db_path(path):
        raise StorageError(f"{path}: does not exist")
    if files.looks_encrypted(path) and key is None:
        raise StorageError(
            f"{path}: is encrypted; only an encrypted journal with the same passphrase can use it"
        )
    try:
        conn = _open_copy(path, key)
    except sqlite.Error as exc:
        raise StorageError(f"{path}: cannot be opened ({exc})") from None
    try:
        found = _version(conn)
        if found is None:
            raise StorageError(f"{path}: is an SQLite database but not a ketajournal journal")
        revision = found
        if revision != HEAD_REVISION:
            # Alembic costs ~150 ms to import; only a file at another schema pays it.
            from ketajournal.storage.migrate import known_revisions

            if revision not in known_revisions():
                raise StorageError(
                    f"{path}: was written by a newer version of ketajournal (schema "
                    f"{revision}); this version knows up to {HEAD_REVISION}"
                )
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            raise StorageError(f"{path}: fails integrity_check ({integrity[0]})")
        if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise StorageError(f"{path}: fails foreign_key_check (broken references)")
        return revision
    except sqlite.DatabaseError as exc:
        raise StorageError(f"{path}: cannot be read as a database ({exc})") from None
    finally:
        conn.close()


def restore_into(
    conn: sqlite.Connection, db_path: Path, source: Path, aside: Path, key: str | None = None
) -> None:
    """Replaces the whole journal behind `conn` with the database at `source`.

    The journal as it is now is first copied to `aside` (backup API, 0600, checked). The
    copy in then goes through the backup API into the live connection, in one transaction
    of its own: the file keeps its name, inode and mode, its WAL stays consistent, and
    another program that has the journal open sees the restored content, never a file
    renamed from under it.
    """
    if files.looks_encrypted(source) != (key is not None):
        state = "encrypted" if key is not None else "not encrypted"
        raise StorageError(
            f"{source}: the journal is {state} and this copy is not; restore a backup made "
            "from this journal as it is now (or encrypt/decrypt the journal first)"
        )
    check_journal_file(source, key)
    backup_connection(conn, aside, key)
    try:
        src = _open_copy(source, key)
        try:
            src.backup(conn)
        finally:
            src.close()
    except sqlite.Error as exc:
        raise StorageError(
            f"{source}: could not be copied into {db_path} ({exc}); "
            f"the journal is as it was (a copy is at {aside})"
        ) from None
    integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        raise StorageError(
            f"{db_path}: failed integrity_check after the restore ({integrity[0]}); "
            f"the journal as it was is at {aside}"
        )
    with suppress(sqlite.OperationalError):
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
