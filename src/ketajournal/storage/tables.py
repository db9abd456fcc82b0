"""Declares the schema as SQLModel tables: what the Alembic migrations build, and what
autogenerate compares a new migration against. Nothing reads or writes through them at run
time (the store runs on the DB-API, storage.store).

The tables are made from the domain's registry of record kinds (domain.kinds) and their
field types (domain.codec), so a record and its table cannot differ: a column per field,
in order, nullable where the field is optional, a foreign key where the field refers to
another record (emptied when that record goes if optional, else going with it). Only what
the domain does not say is declared here: which text is long, which columns are indexed.
Enums are stored as their text values; lists of small records as JSON text. Free text is
also indexed in the FTS5 table `search_index` (made by the migrations, kept in step by
triggers).
"""

from __future__ import annotations

import types
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from ketajournal.domain import kinds
from ketajournal.domain import models as m
from ketajournal.domain.codec import FieldSpec, Kind, fields_of
from ketajournal.storage.types import JSONText, UTCDateTime, UUIDText

# Free text without a length: TEXT rather than VARCHAR.
LONG_TEXT = {
    "plan": ("notes",),
    "dose_step": ("reason",),
    "contact": ("note",),
    "session": ("intention",),
    "session_event": ("text",),
    "reflection": m.REFLECTION_TEXTS,
    "journal_entry": ("body", "title"),
    "mood_checkin": ("note",),
    "scale_result": ("note",),
    "progress_marker": ("note",),
    "question": ("text", "answer"),
}
# Columns searched or sorted by. Every reference is indexed too, but where a composite
# index starts with it.
INDEXED = {
    "dose_step": ("effective_at",),
    "schedule_phase": ("starts_at",),
    "contact": ("role",),
    "session": ("status", "sip_started_at"),
    "journal_entry": ("written_at", "share_level"),
    "mood_checkin": ("at",),
    "progress_marker": ("at",),
    "question": ("done_at",),
}
COMPOSITE = {  # table: (index name, columns)
    "session_event": ("ix_session_event_session_at", ("session_id", "at")),
    "reflection": ("ix_reflection_status_due", ("status", "due_at")),
    "scale_result": ("ix_scale_result_scale_at", ("scale", "at")),
}
UNIQUE = {"setting": ("key",)}
SERVER_DEFAULTS = {("question", "share_level"): "clinician"}  # rows older than the column

_PYTHON = {
    Kind.TEXT: str,
    Kind.CHOICE: str,
    Kind.INT: int,
    Kind.FLOAT: float,
    Kind.BOOL: bool,
    Kind.TIME: datetime,
    Kind.UUID: UUID,
}
_SA_TYPE = {Kind.TIME: UTCDateTime, Kind.UUID: UUIDText}


def _column(table: str, spec: FieldSpec) -> tuple[Any, Any]:
    """The annotation and the Field of one column."""
    kind, optional = spec.type.kind, spec.type.optional
    python: Any = _PYTHON.get(kind, Any)
    args: dict[str, Any] = {"nullable": optional}
    if optional:
        args["default"] = None
    if spec.name == "id":
        args = {"primary_key": True}
    if kind in (Kind.LIST, Kind.RECORD, Kind.ANY):
        args["sa_type"] = JSONText
    elif spec.name in LONG_TEXT.get(table, ()):
        args["sa_type"] = Text
    elif kind in _SA_TYPE:
        args["sa_type"] = _SA_TYPE[kind]
    if spec.ref is not None:
        args["foreign_key"] = f"{spec.ref}.id"
        args["ondelete"] = "SET NULL" if optional else "CASCADE"
        args["index"] = COMPOSITE.get(table, ("", ("",)))[1][0] != spec.name
    if spec.name in INDEXED.get(table, ()):
        args["index"] = True
    if spec.name in UNIQUE.get(table, ()):
        args["unique"] = True
    if (table, spec.name) in SERVER_DEFAULTS:
        args["default"] = SERVER_DEFAULTS[(table, spec.name)]
        args["sa_column_kwargs"] = {"server_default": SERVER_DEFAULTS[(table, spec.name)]}
    return (python | None if optional else python), Field(**args)


def _table(kind: kinds.RecordKind) -> type[SQLModel]:
    namespace: dict[str, Any] = {"__tablename__": kind.table, "__module__": __name__}
    annotations: dict[str, Any] = {}
    for spec in fields_of(kind.cls):
        annotations[spec.name], namespace[spec.name] = _column(kind.table, spec)
    namespace["__annotations__"] = annotations
    if kind.table in COMPOSITE:
        name, columns = COMPOSITE[kind.table]
        namespace["__table_args__"] = (Index(name, *columns),)
    return types.new_class(
        f"{kind.cls.__name__}Row", (SQLModel,), {"table": True}, lambda ns: ns.update(namespace)
    )


ALL_TABLES: tuple[type[SQLModel], ...] = tuple(_table(kind) for kind in kinds.KINDS)


# Sync's own tables (storage.versions): a version per record, and device-local state.
class SyncVersionRow(SQLModel, table=True):
    __tablename__ = "sync_version"
    kind: str = Field(primary_key=True)
    ident: str = Field(primary_key=True)
    hlc: int
    device: str
    vv: str = Field(sa_type=Text)
    deleted: bool
    seq: int = Field(index=True)


class SyncStateRow(SQLModel, table=True):
    __tablename__ = "sync_state"
    key: str = Field(primary_key=True)
    value: str = Field(sa_type=Text)


SYNC_TABLES = ("sync_version", "sync_state")
