"""Imports a JSON export by merging on ids: checked in full first, written all or nothing.

Every field is checked against the domain types, then every record against the limits the
service's own writes are checked against (`domain.rules`: ranges, lengths, counts, each
setting by its own rule); references must name a record in the file or the journal, and
at most one session may be running afterwards. The first problem raises a TransferError
naming the table, record and field, and nothing is written; otherwise everything is
written in one transaction. Importing the same file again changes nothing.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cache
from types import NoneType, UnionType
from typing import Any
from uuid import UUID

from ketajournal.domain import models as m
from ketajournal.domain import rules
from ketajournal.domain import validate as v
from ketajournal.errors import ValidationError
from ketajournal.service.ports import StorePort
from ketajournal.service.transfer import FORMAT, RECORD_TYPES, TransferError, all_records, plain

# (table, field) -> the table whose id it must name (the schema's foreign keys).
REFERENCES: dict[tuple[str, str], str] = {
    ("dose_step", "plan_id"): "plan",
    ("schedule_phase", "plan_id"): "plan",
    ("session", "support_contact_id"): "contact",
    ("session_event", "session_id"): "session",
    ("reflection", "session_id"): "session",
    ("journal_entry", "session_id"): "session",
    ("progress_marker", "reflection_id"): "reflection",
}

MAX_IMPORT_BYTES = 256 << 20  # far above any journal's export; more is refused unread

# The first schema whose records are shaped as they are now: exports from it up to the
# head import unchanged (0002 only changed how the search index forgets). A migration that
# changes a record's fields moves this forward (and gives import a way to convert).
RECORDS_SINCE = "0001_initial"


# -- import ---------------------------------------------------------------------------------


class _Bad(Exception):
    """A value that is not allowed: what is allowed, what was given, and where inside."""

    def __init__(self, allowed: str, got: Any = None, inner: str = "") -> None:
        self.allowed, self.got, self.inner = allowed, got, inner


_ABSENT = object()


@dataclass
class ImportSummary:
    """What an import did, per table: added, updated, unchanged, kept (the journal's was newer)."""

    source: str
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, table: str, outcome: str) -> None:
        per = self.counts.setdefault(table, {"added": 0, "updated": 0, "unchanged": 0, "kept": 0})
        per[outcome] += 1

    def total(self, outcome: str) -> int:
        return sum(per[outcome] for per in self.counts.values())

    @property
    def changed(self) -> bool:
        return bool(self.total("added") or self.total("updated"))

    def line(self) -> str:
        """One line: the totals, then each table that had records."""
        words = {
            "added": "added",
            "updated": "updated (newer in the file)",
            "unchanged": "unchanged",
        }
        totals = ", ".join(f"{self.total(k)} {w}" for k, w in words.items())
        kept = self.total("kept")
        if kept:
            totals += f", {kept} kept as they are (the journal's copy is as new or newer)"
        tables = "; ".join(
            f"{table} " + ", ".join(f"{n} {k}" for k, n in per.items() if n)
            for table, per in self.counts.items()
            if any(per.values())
        )
        return f"imported {self.source}: {totals}" + (f" ({tables})" if tables else "")


def import_json(store: StorePort, data: bytes, source: str) -> ImportSummary:
    """Merges an export into the journal by id, all or nothing.

    A record whose id is new is added; one whose id exists is left alone when identical,
    replaced when the file's `updated_at` is later, and kept otherwise. Settings are
    matched by key too (a key is unique), keeping the journal's id. Every record is
    checked first; the first problem raises TransferError and nothing is written.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise TransferError(f"import: must be at most {MAX_IMPORT_BYTES >> 20} MiB of JSON")
    document = _parse(data)
    records = _check_document(document, store.head_revision)
    checked = _check_records(records)
    existing = all_records(store)
    _check_references(checked, existing)
    summary = ImportSummary(source)
    inserts: list[m.Record] = []
    updates: list[m.Record] = []
    for table in RECORD_TYPES:
        by_id = {row["id"]: row for row in existing[table]}
        by_key = {row["key"]: row for row in existing[table]} if table == "setting" else {}
        for _, record, data in checked.get(table, []):
            found = by_id.get(data["id"])
            if found is None and data.get("key") in by_key:
                # The same setting (keys are unique) made under another id: the journal's id
                # stays, the newer value wins.
                found = by_key[data["key"]]
                record = dataclasses.replace(
                    record,
                    id=UUID(found["id"]),
                    created_at=datetime.fromisoformat(found["created_at"]),
                )
                data = plain(record)
            if found is None:
                inserts.append(record)
                summary.add(table, "added")
            elif data == found:
                summary.add(table, "unchanged")
            elif record.updated_at > datetime.fromisoformat(found["updated_at"]):
                updates.append(record)
                summary.add(table, "updated")
            else:
                summary.add(table, "kept")
    _check_running(inserts, updates, existing)
    if inserts or updates:
        store.write_batch(inserts, updates)
    return summary


def _check_running(
    inserts: list[m.Record], updates: list[m.Record], existing: dict[str, Any]
) -> None:
    """At most one session may be running once the file is merged, as the service allows."""
    running = {row["id"] for row in existing["session"] if row["status"] == m.SessionStatus.RUNNING}
    for record in (*inserts, *updates):
        if isinstance(record, m.Session):
            if record.status is m.SessionStatus.RUNNING:
                running.add(str(record.id))
            else:
                running.discard(str(record.id))
    if len(running) > 1:
        raise TransferError(
            f"import: session: must leave at most one session running (the journal would "
            f"have {len(running)}; end the extra ones in the file, or end the running one first)"
        )


def _parse(data: bytes) -> Any:
    def refuse_constant(name: str) -> Any:
        raise ValueError(f"{name} is not a JSON number")

    try:
        return json.loads(data.decode("utf-8"), parse_constant=refuse_constant)
    except UnicodeDecodeError:
        raise TransferError("import: must be a JSON file in UTF-8 (it is not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise TransferError(
            f"import: must be a JSON document (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except ValueError as exc:
        raise TransferError(f"import: must be a JSON document ({exc})") from None
    except RecursionError:
        raise TransferError("import: must be a JSON document nested less deeply") from None


def _check_document(document: Any, head: str) -> dict[str, Any]:
    if not isinstance(document, dict):
        raise TransferError(
            f'import: must be a JSON object with "format": "{FORMAT}" (a ketajournal export)'
        )
    if document.get("format") != FORMAT:
        raise TransferError(
            f'import: format: must be "{FORMAT}" (got {_shown(document.get("format"))})'
        )
    schema = document.get("schema")
    if schema != head:
        number = _revision_number(schema)
        if number > _revision_number(head):
            raise TransferError(
                f"import: schema: must be {head} or older (the file is from a newer "
                f"ketajournal, schema {schema}; upgrade ketajournal to import it)"
            )
        if number < _revision_number(RECORDS_SINCE):
            raise TransferError(
                f"import: schema: must be from {RECORDS_SINCE} to {head} (got {_shown(schema)})"
            )
    records = document.get("records")
    if not isinstance(records, dict):
        raise TransferError('import: records: must be an object of tables ("plan": [...], ...)')
    for table, rows in records.items():
        if table not in RECORD_TYPES:
            raise TransferError(
                f"import: {_shown(table)}: must be a known table ({', '.join(RECORD_TYPES)})"
            )
        if not isinstance(rows, list):
            raise TransferError(f"import: {table}: must be a list of records")
    return records


def _revision_number(revision: Any) -> int:
    head = str(revision).split("_", 1)[0]
    return int(head) if head.isdigit() else -1


class _Where(typing.NamedTuple):
    """A record's place in the file; written out only for a message."""

    table: str
    position: int
    raw_id: Any

    def __str__(self) -> str:
        text = f"{self.table} #{self.position}"
        try:
            UUID(self.raw_id)
        except (TypeError, ValueError, AttributeError):
            return text
        return f"{text} (id {self.raw_id[:8]}…)"


_Checked = tuple[_Where, m.Record, dict[str, Any]]  # (where, record, its plain form)


def _check_records(records: dict[str, list[Any]]) -> dict[str, list[_Checked]]:
    """Every record checked field by field and built as a domain record, in file order."""
    checked: dict[str, list[_Checked]] = {}
    for table, rows in records.items():
        cls = RECORD_TYPES[table]
        seen: dict[str, int] = {}
        keys: dict[str, int] = {}
        for position, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                raise TransferError(f"import: {table} #{position}: must be an object of fields")
            where = _Where(table, position, row.get("id"))
            record = _build(cls, table, row, where)
            data = plain(record)
            first = seen.setdefault(data["id"], position)
            if first != position:
                raise _problem(where, "id", f"unique in the file (also {table} #{first})")
            if table == "setting":
                first = keys.setdefault(data["key"], position)
                if first != position:
                    raise _problem(where, "key", f"unique in the file (also setting #{first})")
            checked.setdefault(table, []).append((where, record, data))
    return checked


def _check_references(checked: dict[str, list[_Checked]], existing: dict[str, Any]) -> None:
    ids = {
        table: {data["id"] for _, _, data in checked.get(table, [])}
        | {row["id"] for row in existing[table]}
        for table in set(REFERENCES.values())
    }
    for (table, name), parent in REFERENCES.items():
        for where, _, data in checked.get(table, []):
            ref = data[name]
            if ref is not None and ref not in ids[parent]:
                raise _problem(where, name, f"the id of a {parent} in the file or the journal", ref)


def _build(cls: type[m.Record], table: str, row: dict[str, Any], where: _Where) -> m.Record:
    fields = _fields(cls)
    for name in row:
        if name not in fields:
            raise _problem(where, name, f"a field of {table} ({', '.join(fields)})")
    values: dict[str, Any] = {}
    for name, (check, required) in fields.items():
        raw = row.get(name, _ABSENT)
        if raw is _ABSENT:
            if required:
                raise _problem(where, name, "present (it is missing)")
            continue
        try:
            values[name] = check(raw)
        except _Bad as bad:
            raise _problem(where, name + bad.inner, bad.allowed, bad.got) from None
        except ValidationError as exc:
            raise _problem(where, name, exc.allowed, exc.got) from None
    record = cls(**values)
    try:
        rules.check_record(record)  # the limits the service's own writes meet
    except ValidationError as exc:
        raise _problem(where, exc.field, exc.allowed, exc.got) from None
    return record


def _problem(where: _Where, name: str, allowed: str, got: Any = None) -> TransferError:
    shown = "" if got is None else f" (got {_shown(got)})"
    return TransferError(f"import: {where}: {name}: must be {allowed}{shown}")


def _shown(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."


# -- checks per field, from the domain types ------------------------------------------------

Check = Callable[[Any], Any]


@cache
def _fields(cls: type[Any]) -> dict[str, tuple[Check, bool]]:
    """For each field of a (possibly nested) record: its check, and whether it is required."""
    hints = typing.get_type_hints(cls, vars(m))
    return {
        f.name: (
            _check_for(hints[f.name]),
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
        )
        for f in dataclasses.fields(cls)
    }


def _check_for(hint: Any) -> Check:
    if typing.get_origin(hint) in (typing.Union, UnionType):
        inner = [a for a in typing.get_args(hint) if a is not NoneType]
        base = _check_for(inner[0]) if len(inner) == 1 else _any_json
        return lambda x: None if x is None else base(x)
    if typing.get_origin(hint) is tuple:
        item = _check_for(typing.get_args(hint)[0])
        return lambda x: _tuple(x, item)
    if hint is str:
        return _text
    if hint is bool:
        return _bool
    if hint is int:
        return _int
    if hint is float:
        return _float
    if hint is datetime:
        return _time
    if hint is UUID:
        return _uuid
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return _choice(hint)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return lambda x: _nested(hint, x)
    return _any_json


def _text(x: Any) -> str:
    if not isinstance(x, str):
        raise _Bad("text", x)
    return x  # its length and characters: `rules.check_record`


def _bool(x: Any) -> bool:
    if not isinstance(x, bool):
        raise _Bad("true or false", x)
    return x


def _int(x: Any) -> int:
    if isinstance(x, bool) or not isinstance(x, int):
        raise _Bad("a whole number", x)
    if abs(x) > 2**63 - 1:
        raise _Bad("a whole number that fits in 64 bits", x)
    return x


def _float(x: Any) -> float:
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise _Bad("a number", x)
    try:
        return float(x)
    except OverflowError:
        raise _Bad("a number", x) from None


def _time(x: Any) -> datetime:
    if not isinstance(x, str):
        raise _Bad("an ISO 8601 time", x)
    try:
        parsed = datetime.fromisoformat(x)
    except ValueError:
        raise _Bad("an ISO 8601 time", x) from None
    if parsed.tzinfo is None or parsed.tzinfo.utcoffset(parsed) is None:
        raise _Bad("an ISO 8601 time with a timezone offset (naive times are ambiguous)", x)
    try:
        return v.aware(parsed, "time")  # the range every instant in the journal lies in
    except ValidationError as exc:
        raise _Bad(exc.allowed, x) from None


def _uuid(x: Any) -> UUID:
    if not isinstance(x, str):
        raise _Bad("a UUID", x)
    try:
        return UUID(x)
    except ValueError:
        raise _Bad("a UUID", x) from None


def _choice(enum: type[StrEnum]) -> Check:
    allowed = "one of " + ", ".join(c.value for c in enum)

    def check(x: Any) -> StrEnum:
        try:
            return enum(x)
        except ValueError:
            raise _Bad(allowed, x) from None

    return check


def _tuple(x: Any, item: Check) -> tuple[Any, ...]:
    if not isinstance(x, list):
        raise _Bad("a list", x)
    values = []
    for index, element in enumerate(x):
        try:
            values.append(item(element))
        except _Bad as bad:
            raise _Bad(bad.allowed, bad.got, f"[{index}]{bad.inner}") from None
    return tuple(values)


def _nested(cls: type[Any], x: Any) -> Any:
    if not isinstance(x, dict):
        raise _Bad(f"an object with {', '.join(f.name for f in dataclasses.fields(cls))}", x)
    fields = _fields(cls)
    for name in x:
        if name not in fields:
            raise _Bad(f"a field of it ({', '.join(fields)})", inner=f".{name}")
    values = {}
    for name, (check, required) in fields.items():
        if name not in x:
            if required:
                raise _Bad("present (it is missing)", inner=f".{name}")
            continue
        try:
            values[name] = check(x[name])
        except _Bad as bad:
            raise _Bad(bad.allowed, bad.got, f".{name}{bad.inner}") from None
    return cls(**values)


def _any_json(x: Any) -> Any:
    return x  # a setting's value: any JSON value (NaN and Infinity are refused when parsing)
