"""Whole-journal operations on a DB-API connection: reading every record as plain data (the
export), writing a batch of records in one transaction (the import), restoring from a
backup, checking a journal file, and the write transaction every write goes through.

The store (storage.store) runs them on its connection; `cipher` and `backup` use the same
checks on their own copies.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ketajournal.domain import kinds
from ketajournal.domain import models as m
from ketajournal.domain.codec import Kind, fields_of
from ketajournal.errors import NotFoundError, StorageError
from ketajournal.storage import failures, files, schema
from ketajournal.storage.backup import backup_connection
from ketajournal.storage.dbapi import apply_key, check_key, sqlite
from ketajournal.storage.records import INSERT_ORDER, TABLE, columns
from ketajournal.storage.schema import APPLICATION_ID, VERSION_TABLE


def version_of(conn: sqlite.Connection) -> str | None:
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


def _values(record: m.Record, cols: tuple[tuple[str, Any, Any], ...]) -> list[Any]:
    return [to(getattr(record, name)) for name, to, _ in cols]


def _iso_time_sql(column: str) -> str:
    """SQL turning a stored UTC time (`2026-03-02 09:00:00.000000`, see `codec.dt_to_db`)
    into exactly what `datetime.isoformat()` writes (`2026-03-02T09:00:00+00:00`). Done in
    the SELECT (no faster than slicing in Python, and no slower), so a table whose other
    columns are already plain is turned into dicts without any per-value Python."""
    # Older versions wrote years before 1000 unpadded ("999-01-01 ..."): padded back here,
    # after the common case (26 characters), which needs no padding and costs half as much.
    c = f"substr('000' || {column}, length({column}) - 22)"
    return (
        f"CASE WHEN length({column}) = 26 THEN {_iso_from(column)} "
        f"WHEN length({column}) BETWEEN 23 AND 25 THEN {_iso_from(c)} ELSE {column} END"
    )


def _iso_from(text: str) -> str:
    """SQL: `YYYY-MM-DD HH:MM:SS.ffffff` (26 characters) as `datetime.isoformat()` writes it."""
    return (
        f"substr({text}, 1, 10) || 'T' || substr({text}, 12, 8) || "
        f"iif(substr({text}, 20) = '.000000', '', substr({text}, 20)) || '+00:00'"
    )


Reader = tuple[tuple[str, ...], str, tuple[tuple[int, bool], ...]]
_READERS: dict[type[m.Record], Reader] = {}


def _plain_reader(cls: type[m.Record]) -> Reader:
    """The field names, the SELECT (times converted there), and (position, is JSON text)
    for each column that still needs Python: JSON text to parse, 0/1 to make booleans.
    (A REAL column already comes back as a float, text and integers as they are.)"""
    if cls in _READERS:
        return _READERS[cls]
    specs = fields_of(cls)
    names = tuple(f.name for f in specs)
    selected: list[str] = []
    converters: list[tuple[int, bool]] = []
    for index, spec in enumerate(specs):
        kind = spec.type.kind
        if kind is Kind.TIME:
            selected.append(f"{_iso_time_sql(spec.name)} AS {spec.name}")
            continue
        selected.append(spec.name)
        if kind is Kind.BOOL:
            converters.append((index, False))
        elif kind in (Kind.LIST, Kind.RECORD, Kind.ANY):
            converters.append((index, True))
    sql = f"SELECT {', '.join(selected)} FROM {TABLE[cls]}"
    reader = _READERS[cls] = (names, sql, tuple(converters))
    return reader


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
            table: list[dict[str, Any]] = []
            found[cls] = table
            for count in plain_rows_where(conn, cls, "", (), parsed, table):
                if progress is not None:
                    done += count
                    progress(done, total)
    finally:
        conn.execute("COMMIT")
    return found


def plain_rows_where(
    conn: sqlite.Connection,
    cls: type[m.Record],
    where: str,
    params: Sequence[Any],
    parsed: dict[str, Any],
    table: list[dict[str, Any]],
) -> Iterator[int]:
    """Appends the plain form of the rows of `cls` matching `where` (SQL, may be empty) to
    `table`, in the order written; yields how many rows each step added."""
    names, sql, converters = _plain_reader(cls)
    cursor = conn.execute(f"{sql} {where} ORDER BY rowid", params)
    while rows := cursor.fetchmany(_CHUNK):
        if not converters:
            table += [dict(zip(names, row, strict=True)) for row in rows]
        else:
            _convert(rows, names, converters, parsed, table)
        yield len(rows)


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
        insert_records(conn, inserts)
        for record in sorted(updates, key=lambda r: INSERT_ORDER.index(type(r))):
            update_record(conn, record)
    except sqlite.IntegrityError as exc:
        raise StorageError(
            f"{path}: the records conflict with the journal ({exc}); nothing was written"
        ) from None


def insert_records(conn: sqlite.Connection, records: Sequence[m.Record]) -> None:
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


def update_record(conn: sqlite.Connection, record: m.Record) -> None:
    cls = type(record)
    cols = columns(cls)
    sets = ", ".join(f"{name} = ?" for name, _, _ in cols if name != "id")
    values = [to(getattr(record, name)) for name, to, _ in cols if name != "id"]
    cursor = conn.execute(f"UPDATE {TABLE[cls]} SET {sets} WHERE id = ?", (*values, str(record.id)))
    if cursor.rowcount == 0:
        raise NotFoundError(f"no {kinds.label(cls)} with id {record.id}")


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


def open_copy(path: Path, key: str | None = None) -> sqlite.Connection:
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
        conn = open_copy(path, key)
    except sqlite.Error as exc:
        raise StorageError(f"{path}: cannot be opened ({exc})") from None
    try:
        found = version_of(conn)
        if found is None:
            raise StorageError(f"{path}: is an SQLite database but not a ketajournal journal")
        revision = found
        if revision != schema.HEAD_REVISION:
            # Alembic costs ~150 ms to import; only a file at another schema pays it.
            from ketajournal.storage.migrate import known_revisions

            if revision not in known_revisions():
                raise StorageError(
                    f"{path}: was written by a newer version of ketajournal (schema "
                    f"{revision}); this version knows up to {schema.HEAD_REVISION}"
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
        src = open_copy(source, key)
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
