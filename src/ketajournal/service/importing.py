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
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from ketajournal.domain import kinds, rules
from ketajournal.domain import models as m
from ketajournal.domain.codec import PlainError, decoder, fields_of, to_plain
from ketajournal.errors import ValidationError
from ketajournal.service.ports import StorePort
from ketajournal.service.transfer import FORMAT, RECORD_TYPES, TransferError, all_records

# (table, field) -> the table whose id it must name (the schema's foreign keys).
REFERENCES: dict[tuple[str, str], str] = {
    (kind.table, name): target for kind in kinds.KINDS for name, target in kind.references
}

MAX_IMPORT_BYTES = 256 << 20  # far above any journal's export; more is refused unread

# The first schema whose records are shaped as they are now: exports from it up to the
# head import unchanged (0002 only changed how the search index forgets). A migration that
# changes a record's fields moves this forward (and gives import a way to convert).
RECORDS_SINCE = "0001_initial"


# -- import ---------------------------------------------------------------------------------


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
    matched by key too (a key is unique), keeping the journal's id; the plan stays one
    plan (the journal's id, the newest fields). Every record is
    checked first; the first problem raises TransferError and nothing is written.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise TransferError(f"import: must be at most {MAX_IMPORT_BYTES >> 20} MiB of JSON")
    document = _parse(data)
    records = _check_document(document, store.head_revision)
    checked = _check_records(records)
    existing = all_records(store)
    _one_plan(checked, existing)
    _check_references(checked, existing)
    summary = ImportSummary(source)
    inserts: list[m.Record] = []
    updates: list[m.Record] = []
    for table in RECORD_TYPES:
        by_id = {row["id"]: row for row in existing[table]}
        by_key = {row["key"]: row for row in existing[table]} if table == "setting" else {}
        for _, record, plain in checked.get(table, []):
            found = by_id.get(plain["id"])
            if found is None and plain.get("key") in by_key:
                # The same setting (keys are unique) made under another id: the journal's id
                # stays, the newer value wins.
                found = by_key[plain["key"]]
                record = dataclasses.replace(
                    record,
                    id=UUID(found["id"]),
                    created_at=datetime.fromisoformat(found["created_at"]),
                )
                plain = to_plain(record)
            if found is None:
                inserts.append(record)
                summary.add(table, "added")
            elif plain == found:
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


def _one_plan(checked: dict[str, list[_Checked]], existing: dict[str, Any]) -> None:
    """The plan stays one plan: the file's plans merge into the journal's (its id kept; the
    newest plan's fields, as for any record), and their dose steps and phases follow it."""
    plans = checked.get("plan", [])
    if not plans:
        return
    ours = sorted(existing["plan"], key=lambda row: (row["created_at"], row["id"]))
    kept = ours[0] if ours else plans[0][2]
    where, newest, _ = max(plans, key=lambda p: p[1].updated_at)
    plan = dataclasses.replace(
        newest, id=UUID(kept["id"]), created_at=datetime.fromisoformat(kept["created_at"])
    )
    checked["plan"] = [(where, plan, to_plain(plan))]
    merged = {data["id"] for _, _, data in plans}
    for table in ("dose_step", "schedule_phase"):
        children = checked.get(table, [])
        for index, (at, record, data) in enumerate(children):
            if data["plan_id"] in merged:
                moved: dict[str, Any] = {"plan_id": plan.id}
                record = dataclasses.replace(record, **moved)
                children[index] = (at, record, to_plain(record))


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
            data = to_plain(record)
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
    specs = fields_of(cls)
    names = [spec.name for spec in specs]
    for name in row:
        if name not in names:
            raise _problem(where, name, f"a field of {table} ({', '.join(names)})")
    values: dict[str, Any] = {}
    for spec in specs:
        if spec.name not in row:
            if spec.required:
                raise _problem(where, spec.name, "present (it is missing)")
            continue
        try:
            values[spec.name] = decoder(spec.type, strict=True)(row[spec.name])
        except PlainError as bad:
            raise _problem(where, spec.name + bad.inner, bad.allowed, bad.got) from None
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
