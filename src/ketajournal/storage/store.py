"""The store: opens a journal file safely and reads and writes domain records.

Everything that runs SQL for the application lives here. Callers get frozen domain
records back, never rows; each call is one short transaction (writes take the lock up
front with BEGIN IMMEDIATE). One Store holds one connection, shared by threads under a
lock, so a Textual worker and the UI thread never interleave statements.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import Engine, column, delete, func, insert, select, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from ketajournal.domain import models as m
from ketajournal.errors import NotFoundError, StorageError
from ketajournal.storage import failures, files, mapping
from ketajournal.storage.backup import backup_connection
from ketajournal.storage.engine import make_engine, use_wal, writer
from ketajournal.storage.fast import (
    check_journal_file,
    plain_rows,
    restore_into,
    write_records,
    write_transaction,
)
from ketajournal.storage.migrate import upgrade
from ketajournal.storage.schema import HEAD_REVISION

R = TypeVar("R", bound=m.Record)


def open_store(path: Path, now: datetime, key: str | None = None) -> Store:
    """Opens (creating if absent) the journal at `path`, migrated to the current schema.

    Refuses, touching nothing, a path that holds anything but an SQLite database, and an
    encrypted journal without its passphrase (`key`) or with a wrong one.
    """
    existed = files.check_db_path(path)
    if not existed:
        files.ensure_private_dir(path.parent)
        files.create_private_file(path)
        key = None  # a new journal starts plain; `ketajournal encrypt` encrypts it
    else:
        files.check_key_given(path, key)
    engine = make_engine(path, key)
    try:
        with failures.translated(path):
            migration_backup = upgrade(engine, path, now, key, created=not existed)
            use_wal(engine)  # only now: switching a refused file to WAL would rewrite it
    except Exception:
        engine.dispose()
        if not existed:  # never leave a half-made file we created ourselves
            for suffix in ("", *files.SIDE_SUFFIXES):
                Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    files.tighten_modes(path)
    return Store(engine, path, migration_backup=migration_backup, key=key)


class Store:
    def __init__(
        self,
        engine: Engine,
        path: Path,
        migration_backup: str | None = None,
        key: str | None = None,
    ) -> None:
        self._engine = engine
        self._key = key
        self._writer = writer(engine)
        self._lock = threading.RLock()
        self.path = path
        self.migration_backup = migration_backup
        self.read_only: str | None = None  # this store opens (or makes) a writable journal

    # -- transactions -------------------------------------------------------------------

    @contextmanager
    def _session(self, write: bool) -> Iterator[Session]:
        with (
            self._lock,
            failures.translated(self.path),
            Session(self._writer if write else self._engine) as session,
        ):
            yield session
            if write:
                session.commit()

    def close(self) -> None:
        with self._lock:
            self._fold_wal()  # another process may be reading: then the WAL stays, safely
            self._engine.dispose()

    def _fold_wal(self) -> None:
        """Copies the WAL into the file and empties it: with secure_delete the old versions
        of changed or deleted text are then overwritten, in the WAL too."""
        with self._lock, suppress(OperationalError), self._engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- generic records ----------------------------------------------------------------

    def insert(self, *records: m.Record) -> None:
        """Inserts records in one transaction (bulk-friendly: one INSERT per table)."""
        by_table: dict[type[m.Record], list[dict[str, Any]]] = {}
        for record in records:
            by_table.setdefault(type(record), []).append(mapping.to_values(record))
        order = list(mapping.ROW_FOR)  # parents before children
        with self._session(write=True) as session:
            for cls in sorted(by_table, key=order.index):
                session.execute(insert(mapping.ROW_FOR[cls]), by_table[cls])

    def update(self, record: R) -> R:
        row_cls = mapping.ROW_FOR[type(record)]
        with self._session(write=True) as session:
            row = session.get(row_cls, record.id)
            if row is None:
                raise NotFoundError(f"no {_label(type(record))} with id {record.id}")
            for name, value in mapping.to_values(record).items():
                setattr(row, name, value)
        self._fold_wal()  # the text as it was leaves the files now, not when the app quits
        return record

    def delete(self, cls: type[m.Record], record_id: UUID) -> None:
        row_cls = mapping.ROW_FOR[cls]
        with self._session(write=True) as session:
            result = session.execute(delete(row_cls).where(row_cls.id == record_id))  # type: ignore[arg-type]
            if result.rowcount == 0:  # type: ignore[attr-defined]
                raise NotFoundError(f"no {_label(cls)} with id {record_id}")
            # Deleting deletes: the FTS index drops the text at once, not at the next merge.
            session.execute(text("INSERT INTO search_index(search_index) VALUES ('optimize')"))
        self._fold_wal()

    def get(self, cls: type[R], record_id: UUID) -> R | None:
        with self._session(write=False) as session:
            row = session.get(mapping.ROW_FOR[cls], record_id)
            return None if row is None else mapping.from_row(row)  # type: ignore[return-value]

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
        """Records matching equality filters (None: IS NULL) and a time range [since, until)."""
        row_cls = mapping.ROW_FOR[cls]
        query = select(row_cls)
        for name, value in (where or {}).items():
            col = getattr(row_cls, name)
            value = mapping.encode(value)
            query = query.where(col.is_(None) if value is None else col == value)
        query = _in_range(query, row_cls, time_field, since, until)
        if tag is not None:
            query = query.where(
                text(
                    f"EXISTS (SELECT 1 FROM json_each({row_cls.__tablename__}.tags) "
                    "WHERE json_each.value = :tag)"
                ).bindparams(tag=tag)
            )
        if share_levels is not None:
            query = query.where(row_cls.share_level.in_(list(share_levels)))  # type: ignore[attr-defined]
        if order_by is not None:
            col = getattr(row_cls, order_by)
            query = query.order_by(col.desc() if descending else col, row_cls.id)
        if limit is not None:
            query = query.limit(limit)
        if offset:
            query = query.offset(offset)
        with self._session(write=False) as session:
            return [mapping.from_row(row) for row in session.execute(query).scalars()]  # type: ignore[misc]

    def count(
        self,
        cls: type[m.Record],
        *,
        time_field: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        share_levels: Sequence[str] | None = None,
    ) -> int:
        row_cls = mapping.ROW_FOR[cls]
        query = _in_range(
            select(func.count()).select_from(row_cls), row_cls, time_field, since, until
        )
        if share_levels is not None:
            query = query.where(row_cls.share_level.in_(list(share_levels)))  # type: ignore[attr-defined]
        with self._session(write=False) as session:
            return int(session.execute(query).scalar_one())

    def tag_counts(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        share_levels: Sequence[str] | None = None,
    ) -> dict[str, int]:
        """How many journal entries in [since, until) carry each tag, most used first."""
        entries = self.find(
            m.JournalEntry,
            time_field="written_at",
            since=since,
            until=until,
            share_levels=share_levels,
        )
        counts = Counter(tag for entry in entries for tag in entry.tags)
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def latest(self, cls: type[m.Record], field: str) -> Any:
        """The largest non-null value of one column (e.g. the latest session start)."""
        column_ = getattr(mapping.ROW_FOR[cls], field)
        with self._session(write=False) as session:
            return session.execute(select(func.max(column_))).scalar_one()

    def ids_with_prefix(self, cls: type[m.Record], prefix: str, limit: int = 5) -> list[UUID]:
        row_cls = mapping.ROW_FOR[cls]
        pattern = prefix.lower().replace("%", "").replace("_", "") + "%"
        query = select(row_cls.id).where(column("id").like(pattern)).limit(limit)  # type: ignore[arg-type]
        with self._session(write=False) as session:
            return list(session.execute(query).scalars())

    # -- settings -----------------------------------------------------------------------

    def setting(self, key: str) -> m.Setting | None:
        found = self.find(m.Setting, where={"key": key}, limit=1)
        return found[0] if found else None

    # -- full-text search ---------------------------------------------------------------

    def search(self, query: str, limit: int = 50, offset: int = 0) -> list[m.SearchHit]:
        """Full-text matches, best first; snippets wrap matches in U+E000/U+E001 markers."""
        sql = text(
            "SELECT kind, ref_id, title, "
            "snippet(search_index, 3, char(57344), char(57345), '…', 16) AS snip "
            "FROM search_index WHERE search_index MATCH :q ORDER BY rank LIMIT :lim OFFSET :off"
        )
        with self._session(write=False) as session:
            try:
                rows = session.execute(sql, {"q": query, "lim": limit, "off": offset}).all()
            except OperationalError:
                return []
            return [
                m.SearchHit(kind=k, ref_id=UUID(ref), title=title, snippet=snip)
                for k, ref, title, snip in rows
            ]

    # -- health -------------------------------------------------------------------------

    def schema_revision(self) -> str | None:
        with self._lock, failures.translated(self.path), self._engine.connect() as conn:
            row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
            return None if row is None else str(row[0])

    def pragma(self, name: str) -> Any:
        with self._lock, failures.translated(self.path), self._engine.connect() as conn:
            row = conn.exec_driver_sql(f"PRAGMA {name}").first()
            return None if row is None else row[0]

    def integrity_problems(self) -> list[str]:
        """integrity_check and foreign_key_check findings; empty when all is well."""
        with self._lock, failures.translated(self.path), self._engine.connect() as conn:
            integrity = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            problems = [] if integrity == ["ok"] else integrity
            fks = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            problems += [f"broken reference in {r[0]} (row {r[1]}) to {r[2]}" for r in fks]
            return problems

    def backup_to(self, target: Path, *, force: bool = False) -> Path:
        with self._lock, failures.translated(target):
            raw = self._engine.raw_connection()
            try:
                return backup_connection(raw.driver_connection, target, self._key, force=force)
            finally:
                raw.close()

    # -- whole-journal operations (export, import, restore), on the raw connection, with
    # -- the stdlib store's code: one implementation, byte-identical rows ----------------

    @contextmanager
    def _raw(self) -> Iterator[Any]:
        with self._lock, failures.translated(self.path):
            raw = self._engine.raw_connection()
            try:
                yield raw.driver_connection
            finally:
                raw.close()

    def plain_records(
        self,
        classes: Sequence[type[m.Record]],
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[type[m.Record], list[dict[str, Any]]]:
        with self._raw() as conn:
            return plain_rows(conn, classes, progress)

    def write_batch(self, inserts: Sequence[m.Record], updates: Sequence[m.Record]) -> None:
        with self._raw() as conn, write_transaction(conn, self.path):
            write_records(conn, self.path, inserts, updates)

    def check_backup(self, path: Path) -> str:
        return check_journal_file(path, self._key)

    def restore_from(self, source: Path, aside: Path) -> None:
        with self._raw() as conn:
            restore_into(conn, self.path, source, aside, self._key)

    @property
    def encrypted(self) -> bool:
        return self._key is not None

    @property
    def head_revision(self) -> str:
        return HEAD_REVISION

    def rebuild_search(self) -> None:
        with self._session(write=True) as session:
            session.execute(text("INSERT INTO search_index(search_index) VALUES ('optimize')"))


def _label(cls: type[m.Record]) -> str:
    return {
        m.JournalEntry: "journal entry",
        m.MoodCheckin: "mood check-in",
        m.ScaleResult: "scale result",
        m.SessionEvent: "session event",
        m.DoseStep: "dose step",
        m.SchedulePhase: "schedule phase",
        m.ProgressMarker: "progress marker",
    }.get(cls, cls.__name__.lower())


__all__ = ["Store", "StorageError", "open_store"]


def _in_range(
    query: Any,
    row_cls: Any,
    time_field: str | None,
    since: datetime | None,
    until: datetime | None,
) -> Any:
    """The query limited to [since, until) on `time_field` (either side may be open)."""
    if time_field is not None:
        col = getattr(row_cls, time_field)
        if since is not None:
            query = query.where(col >= since)
        if until is not None:
            query = query.where(col < until)
    return query
