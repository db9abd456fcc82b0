"""How each domain record is stored, derived from its type hints, without SQLAlchemy.

The SQLModel tables mirror the records field for field; this module gives the table name
and a per-field codec, so the stdlib-sqlite3 store writes the same bytes as the SQLModel
store (a test compares them row for row).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from functools import cache
from types import NoneType, UnionType
from typing import Any
from uuid import UUID

from ketajournal.domain import models as m
from ketajournal.storage import codec

TABLE: dict[type[m.Record], str] = {
    m.Plan: "plan",
    m.DoseStep: "dose_step",
    m.SchedulePhase: "schedule_phase",
    m.Contact: "contact",
    m.Setting: "setting",
    m.Session: "session",
    m.SessionEvent: "session_event",
    m.Reflection: "reflection",
    m.JournalEntry: "journal_entry",
    m.MoodCheckin: "mood_checkin",
    m.ScaleResult: "scale_result",
    m.ProgressMarker: "progress_marker",
    m.Question: "question",
}
INSERT_ORDER: tuple[type[m.Record], ...] = tuple(TABLE)  # parents before children

Convert = Callable[[Any], Any]


def encode(value: Any) -> Any:
    """A field value as plain JSON-friendly data (enums to text, records to dicts)."""
    if isinstance(value, StrEnum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [encode(item) for item in value]
    return value


def from_mapping(cls: type[Any], values: dict[str, Any]) -> Any:
    """Builds a (possibly nested) record from plain values, coercing enums and tuples."""
    return cls(**{name: fn(values[name]) for name, fn in decoders(cls) if name in values})


@cache
def decoders(cls: type[Any]) -> tuple[tuple[str, Convert], ...]:
    """For each field of `cls`: a function from plain (JSON-level) data to the field value."""
    hints = typing.get_type_hints(cls, vars(m))
    return tuple((f.name, _decoder_for(hints[f.name])) for f in dataclasses.fields(cls))


@cache
def columns(cls: type[m.Record]) -> tuple[tuple[str, Convert, Convert], ...]:
    """For each field: (column name, to SQLite value, from SQLite value)."""
    hints = typing.get_type_hints(cls, vars(m))
    return tuple((f.name, *_column_codec(hints[f.name])) for f in dataclasses.fields(cls))


def _identity(value: Any) -> Any:
    return value


def _optional(fn: Convert) -> Convert:
    return lambda v: None if v is None else fn(v)


def _unwrap(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, UnionType):
        inner = [a for a in typing.get_args(hint) if a is not NoneType]
        return inner[0] if len(inner) == 1 else Any
    return hint


def _decoder_for(hint: Any) -> Convert:
    base = _unwrap(hint)
    if base is not hint:
        return _optional(_decoder_for(base))
    if typing.get_origin(hint) is tuple:
        item = _decoder_for(typing.get_args(hint)[0])
        return lambda v: tuple(item(x) for x in v)
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return hint
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return lambda v: from_mapping(hint, v)
    return _identity


def _column_codec(hint: Any) -> tuple[Convert, Convert]:
    base = _unwrap(hint)
    if base is datetime:
        return _optional(codec.dt_to_db), _optional(codec.dt_from_db)
    if base is UUID:
        return _optional(codec.uuid_to_db), _optional(codec.uuid_from_db)
    if base is bool:
        return _optional(int), _optional(bool)
    if base is float:
        return _optional(float), _optional(float)
    if typing.get_origin(base) is tuple or base is object:
        decode = _decoder_for(hint)
        return (
            _optional(lambda v: codec.json_to_db(encode(v))),
            _optional(lambda v: decode(codec.json_from_db(v))),
        )
    if isinstance(base, type) and issubclass(base, StrEnum):
        return _optional(encode), _optional(base)
    return _identity, _identity
