"""Record versions and the device-local sync state, kept beside the records in the same
transactions: every local write stamps a version (storage.store calls `Ledger.local`),
`changes` reads what to send, `apply_changes` merges what another device sent.

The rules (which version wins, when a conflict copy is made) are domain.sync's; this
module only reads and writes them. A record is written only by a strictly newer version;
the plan stays one row (with the id of its newest version, its children pointed at it);
a setting is one row per key; a child whose parent was deleted is dropped, as the delete's
cascade drops it everywhere.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from ketajournal.domain import kinds, sync
from ketajournal.domain import models as m
from ketajournal.domain.codec import fields_of, from_plain, to_plain
from ketajournal.errors import SyncDataError
from ketajournal.storage.dbapi import sqlite
from ketajournal.storage.records import INSERT_ORDER, TABLE, columns
from ketajournal.storage.snapshot import insert_records, plain_rows_where, update_record

# The column that holds a record's sync identity (domain.sync.ident), per table.
IDENT_COLUMN = {"plan": "'plan'", "setting": "key"}


def ident_column(table: str) -> str:
    return IDENT_COLUMN.get(table, "id")


def read_state(conn: sqlite.Connection) -> dict[str, str]:
    return {k: v for k, v in conn.execute("SELECT key, value FROM sync_state")}


def write_state(conn: sqlite.Connection, values: dict[str, str]) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)", list(values.items())
    )


def _vv_text(vv: sync.VersionVector) -> str:
    return json.dumps(vv, sort_keys=True, separators=(",", ":"))


class Ledger:
    """The clock and change counter of one write transaction: `local` stamps this device's
    writes (all under one change number), `receive` moves the clock past another device's
    version, `save` stores both."""

    def __init__(self, conn: sqlite.Connection) -> None:
        self.conn = conn
        state = read_state(conn)
        self.device = state["device"]
        self.hlc = int(state.get("hlc", "0"))
        self._seq = int(state.get("seq", "0"))
        self._stamped = False

    @property
    def seq(self) -> int:
        if not self._stamped:
            self._seq += 1
            self._stamped = True
        return self._seq

    def local(
        self,
        records: Iterable[m.Record] = (),
        deleted: Iterable[tuple[str, str, datetime | None]] = (),
    ) -> None:
        """Stamps this device's writes, and deletes (table, identity, when) as tombstones."""
        rows: list[tuple[str, str, datetime | None, bool]] = [
            (TABLE[type(r)], sync.ident(r), r.updated_at, False)
            for r in records
            if not sync.device_local(r)
        ]
        rows += [(k, i, at, True) for k, i, at in deleted if not sync.local_ident(k, i)]
        for kind, ident, at, gone in rows:
            self.hlc = sync.tick(self.hlc, at)
            found = self.conn.execute(
                "SELECT vv FROM sync_version WHERE kind = ? AND ident = ?", (kind, ident)
            ).fetchone()
            vv = json.loads(found[0]) if found else {}
            vv[self.device] = self.hlc
            self.conn.execute(
                "INSERT OR REPLACE INTO sync_version VALUES (?, ?, ?, ?, ?, ?, ?)",
                (kind, ident, self.hlc, self.device, _vv_text(vv), gone, self.seq),
            )
        self.save()

    def receive(self, hlc: int) -> None:
        self.hlc = max(self.hlc, hlc)

    def save(self) -> None:
        write_state(self.conn, {"hlc": str(self.hlc), "seq": str(self._seq)})


def local_delete_ident(conn: sqlite.Connection, cls: type[m.Record], record_id: UUID) -> str:
    """The sync identity of a record about to be deleted."""
    table = TABLE[cls]
    if table not in IDENT_COLUMN:
        return str(record_id)
    row = conn.execute(
        f"SELECT {ident_column(table)} FROM {table} WHERE id = ?", (str(record_id),)
    ).fetchone()
    return str(row[0]) if row else str(record_id)


# -- reading changes -----------------------------------------------------------------------


def changes(conn: sqlite.Connection, after: int | None) -> tuple[list[dict[str, Any]], int]:
    """This device's changes numbered above `after` (None: every record and tombstone, for a
    snapshot), as plain data, with the highest change number included."""
    low = -1 if after is None else after
    versions = {
        (kind, ident): (hlc, device, json.loads(vv), bool(gone))
        for kind, ident, hlc, device, vv, gone in conn.execute(
            "SELECT kind, ident, hlc, device, vv, deleted FROM sync_version WHERE seq > ?",
            (low,),
        )
    }
    found: list[dict[str, Any]] = []
    parsed: dict[str, Any] = {}
    for cls in INSERT_ORDER:
        table = TABLE[cls]
        column = ident_column(table)
        rows: list[dict[str, Any]] = []
        where = (
            f"WHERE {column} IN (SELECT ident FROM sync_version "
            "WHERE kind = ? AND seq > ? AND deleted = 0)"
        )
        for _ in plain_rows_where(conn, cls, where, (table, low), parsed, rows):
            pass
        for row in rows:
            key = "plan" if table == "plan" else row["key" if table == "setting" else "id"]
            hlc, device, vv, _ = versions[(table, key)]
            found.append(_change(table, key, hlc, device, vv, row))
    for (table, key), (hlc, device, vv, gone) in versions.items():
        if gone:
            found.append(_change(table, key, hlc, device, vv, None))
    upto = conn.execute("SELECT value FROM sync_state WHERE key = 'seq'").fetchone()
    return found, int(upto[0]) if upto else 0


def _change(
    kind: str, ident: str, hlc: int, device: str, vv: sync.VersionVector, fields: Any
) -> dict[str, Any]:
    return {"kind": kind, "ident": ident, "hlc": hlc, "device": device, "vv": vv, "fields": fields}


# -- applying changes ----------------------------------------------------------------------


@dataclass
class Applied:
    written: int = 0
    deleted: int = 0
    older: int = 0  # already had it, or a newer version
    copies: list[str] = field(default_factory=list)  # ids of the conflict copies made


class _Pending:
    """New rows of one kind and new versions, written together (one statement each rather
    than one per record: a first sync of years is ten thousands of them)."""

    def __init__(self) -> None:
        self.rows: list[m.Record] = []
        self.versions: list[tuple[Any, ...]] = []

    def flush(self, conn: sqlite.Connection) -> None:
        insert_records(conn, self.rows)
        conn.executemany(
            "INSERT OR REPLACE INTO sync_version VALUES (?, ?, ?, ?, ?, ?, ?)", self.versions
        )
        self.rows, self.versions = [], []


def apply_changes(conn: sqlite.Connection, items: Sequence[dict[str, Any]]) -> Applied:
    """Merges another device's changes inside the caller's write transaction."""
    ledger = Ledger(conn)
    applied = Applied()
    order = {cls: i for i, cls in enumerate(INSERT_ORDER)}
    decoded = [d for d in map(_decode, items) if not _device_local(d)]  # never another's draft
    # parents before children; deletes after every write, children first
    decoded.sort(
        key=lambda d: (d[2] is None, (-1 if d[2] is None else 1) * order[kinds.BY_TABLE[d[0]].cls])
    )
    pending = _Pending()
    previous = None
    for kind, item, record in decoded:
        if (kind, record is None) != previous:
            pending.flush(conn)  # what a later kind refers to is in the table first
            previous = (kind, record is None)
        _apply_one(conn, ledger, applied, pending, kind, item, record)
    pending.flush(conn)
    ledger.save()
    return applied


def _decode(item: Any) -> tuple[str, dict[str, Any], m.Record | None]:
    try:
        kind, ident = item["kind"], item["ident"]
        if kind not in kinds.BY_TABLE or not isinstance(ident, str):
            raise SyncDataError(f"unknown record kind {str(kind)[:40]!r}")
        if not isinstance(item["hlc"], int) or not isinstance(item["device"], str):
            raise SyncDataError(f"{kind}: version: must be a clock and a device id")
        vv = item["vv"]
        if not isinstance(vv, dict) or not all(isinstance(x, int) for x in vv.values()):
            raise SyncDataError(f"{kind}: vv: must be an object of clocks")
        fields = item["fields"]
        if fields is None:
            return kind, item, None
        record = from_plain(kinds.BY_TABLE[kind].cls, fields, strict=True)
    except (KeyError, TypeError) as exc:
        raise SyncDataError(f"a change is missing {exc}") from None
    except ValueError as exc:
        raise SyncDataError(f"{item.get('kind')}: {exc}") from None
    if sync.ident(record) != ident:
        raise SyncDataError(f"{kind}: ident: must match the record")
    return kind, item, record


def _device_local(item: tuple[str, dict[str, Any], m.Record | None]) -> bool:
    return sync.local_ident(item[0], item[1]["ident"])


def _apply_one(
    conn: sqlite.Connection,
    ledger: Ledger,
    applied: Applied,
    pending: _Pending,
    kind: str,
    item: dict[str, Any],
    record: m.Record | None,
) -> None:
    ident = item["ident"]
    incoming = sync.Version(item["hlc"], item["device"])
    ledger.receive(incoming.hlc)
    row = conn.execute(
        "SELECT hlc, device, vv, deleted, seq FROM sync_version WHERE kind = ? AND ident = ?",
        (kind, ident),
    ).fetchone()
    vv_in: sync.VersionVector = item["vv"]
    if row is None:
        _write(conn, kind, ident, record, applied, pending)
        pending.versions.append(_version_row(kind, ident, incoming, vv_in, record is None))
        return
    local = sync.Version(row[0], row[1])
    vv_local = json.loads(row[2])
    if local == incoming or sync.covers(vv_local, vv_in):
        applied.older += 1
        return
    concurrent = not sync.covers(vv_in, vv_local)
    vv = sync.merged(vv_local, vv_in)
    gone_here = bool(row[3])
    if concurrent and (record is None) != gone_here and kind not in sync.TEXT_KINDS:
        # A delete and an edit made without seeing each other: the edit stays, as a new
        # write of this device (newer than both), so every device ends with it. (Text
        # kinds keep the edit as a conflict copy instead, below.)
        conn.execute(
            "UPDATE sync_version SET vv = ? WHERE kind = ? AND ident = ?",
            (_vv_text(vv), kind, ident),
        )
        survivor = record if gone_here else _load(conn, kind, ident)
        if survivor is not None:
            if gone_here:
                _write(conn, kind, ident, survivor, applied, pending)
                pending.flush(conn)
            ledger.local([survivor])
            return
    if incoming.key > local.key:
        loser = _load(conn, kind, ident) if concurrent else None
        _write(conn, kind, ident, record, applied, pending)
        pending.versions.append(_version_row(kind, ident, incoming, vv, record is None))
        loser_version, winner = local, record
    else:
        applied.older += 1
        conn.execute(
            "UPDATE sync_version SET vv = ? WHERE kind = ? AND ident = ?",
            (_vv_text(vv), kind, ident),
        )
        loser, loser_version = record, incoming
        winner = _load(conn, kind, ident)
    if concurrent and loser is not None and kind in sync.TEXT_KINDS:
        pending.flush(conn)  # the copy may be in this bundle already
        _keep_loser(conn, ledger, applied, kind, ident, loser_version, loser, winner)


def _keep_loser(
    conn: sqlite.Connection,
    ledger: Ledger,
    applied: Applied,
    kind: str,
    ident: str,
    version: sync.Version,
    loser: m.Record,
    winner: m.Record | None,
) -> None:
    text = sync.conflict_text
    if winner is not None and text(kind, to_plain(winner)) == text(kind, to_plain(loser)):
        return  # the same words on both sides: nothing to keep
    copy = sync.conflict_copy(kind, ident, version, loser)
    if copy is None:
        return
    known = conn.execute(
        "SELECT 1 FROM sync_version WHERE kind = 'journal_entry' AND ident = ?", (str(copy.id),)
    ).fetchone()
    if known is not None:
        return  # made already (here or elsewhere), or made and deleted since
    if copy.session_id is not None and not _exists(conn, "session", str(copy.session_id)):
        copy = dataclasses.replace(copy, session_id=None)
    insert_records(conn, [copy])
    ledger.local([copy])  # a write of this device: the next bundle carries it
    applied.copies.append(str(copy.id))


def _version_row(
    kind: str, ident: str, version: sync.Version, vv: sync.VersionVector, gone: bool
) -> tuple[Any, ...]:
    """A version that came from another device (change number 0: not sent again)."""
    return (kind, ident, version.hlc, version.device, _vv_text(vv), gone, 0)


def _exists(conn: sqlite.Connection, table: str, record_id: str) -> bool:
    return conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (record_id,)).fetchone() is not None


def _load(conn: sqlite.Connection, kind: str, ident: str) -> m.Record | None:
    cls = kinds.BY_TABLE[kind].cls
    cols = columns(cls)
    row = conn.execute(
        f"SELECT {', '.join(c[0] for c in cols)} FROM {kind} "
        f"WHERE {ident_column(kind)} = ? LIMIT 1",
        (ident,),
    ).fetchone()
    if row is None:
        return None
    return cls(**{name: fr(v) for (name, _, fr), v in zip(cols, row, strict=True)})


def _plan_id(conn: sqlite.Connection) -> str | None:
    row = conn.execute("SELECT id FROM plan ORDER BY created_at, id LIMIT 1").fetchone()
    return None if row is None else str(row[0])


def _one_plan(conn: sqlite.Connection, record: m.Plan) -> None:
    """Makes the journal's one plan row take the id of the winning plan (so every device
    ends with the id of the newest version), its dose steps and phases following it."""
    local = _plan_id(conn)
    incoming = str(record.id)
    if local is None or local == incoming:
        return
    conn.execute("PRAGMA defer_foreign_keys = ON")  # children follow in this transaction
    conn.execute("UPDATE plan SET id = ? WHERE id = ?", (incoming, local))
    for child in ("dose_step", "schedule_phase"):
        conn.execute(f"UPDATE {child} SET plan_id = ? WHERE plan_id = ?", (incoming, local))


def _optional(cls: type[m.Record], name: str) -> bool:
    return next(f for f in fields_of(cls) if f.name == name).type.optional


def _write(
    conn: sqlite.Connection,
    kind: str,
    ident: str,
    record: m.Record | None,
    applied: Applied,
    pending: _Pending,
) -> None:
    if record is None:
        cursor = conn.execute(f"DELETE FROM {kind} WHERE {ident_column(kind)} = ?", (ident,))
        applied.deleted += max(cursor.rowcount, 0)
        return
    if isinstance(record, m.Plan):
        _one_plan(conn, record)
    elif isinstance(record, m.DoseStep | m.SchedulePhase):
        plan = _plan_id(conn)
        if plan is None:
            return  # the plan was deleted here: its children go with it
        record = dataclasses.replace(record, plan_id=UUID(plan))
    elif isinstance(record, m.Setting):
        conn.execute("DELETE FROM setting WHERE key = ? AND id != ?", (record.key, str(record.id)))
    for name, target in kinds.BY_TABLE[kind].references:
        value = getattr(record, name)
        if target == "plan" or value is None or _exists(conn, target, str(value)):
            continue
        if _optional(type(record), name):  # an optional reference is emptied, as its delete does
            emptied: dict[str, Any] = {name: None}
            record = dataclasses.replace(record, **emptied)
        else:
            return  # the parent was deleted: the child goes, as the delete's cascade does
    if _exists(conn, kind, str(record.id)):
        update_record(conn, record)
    else:
        pending.rows.append(record)
    applied.written += 1
