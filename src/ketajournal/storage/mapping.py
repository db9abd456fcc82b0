"""Converts between frozen domain records and table rows, by field name and type hint."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from enum import StrEnum
from functools import cache
from types import NoneType, UnionType
from typing import Any

from ketajournal.domain import models as m
from ketajournal.storage import tables as t

ROW_FOR: dict[type[m.Record], type[t.RecordBase]] = {
    m.Plan: t.PlanRow,
    m.DoseStep: t.DoseStepRow,
    m.SchedulePhase: t.SchedulePhaseRow,
    m.Contact: t.ContactRow,
    m.Setting: t.SettingRow,
    m.Session: t.SessionRow,
    m.SessionEvent: t.SessionEventRow,
    m.Reflection: t.ReflectionRow,
    m.JournalEntry: t.JournalEntryRow,
    m.MoodCheckin: t.MoodCheckinRow,
    m.ScaleResult: t.ScaleResultRow,
    m.ProgressMarker: t.ProgressMarkerRow,
    m.Question: t.QuestionRow,
}
RECORD_FOR: dict[type[t.RecordBase], type[m.Record]] = {row: rec for rec, row in ROW_FOR.items()}

Decoder = Callable[[Any], Any]


def encode(value: Any) -> Any:
    """A record's field value as the row stores it (JSON-friendly for nested parts)."""
    if isinstance(value, StrEnum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [encode(item) for item in value]
    return value


def to_values(record: m.Record) -> dict[str, Any]:
    return {f.name: encode(getattr(record, f.name)) for f in dataclasses.fields(record)}


def to_row(record: m.Record) -> t.RecordBase:
    return ROW_FOR[type(record)](**to_values(record))


def from_row(row: t.RecordBase) -> m.Record:
    cls = RECORD_FOR[type(row)]
    return cls(**{name: decode(getattr(row, name)) for name, decode in _decoders(cls)})


def from_mapping(cls: type[Any], values: dict[str, Any]) -> Any:
    """Builds a (possibly nested) dataclass from plain values, coercing enums and tuples."""
    return cls(**{name: decode(values[name]) for name, decode in _decoders(cls) if name in values})


@cache
def _decoders(cls: type[Any]) -> tuple[tuple[str, Decoder], ...]:
    hints = typing.get_type_hints(cls, vars(m))
    return tuple((f.name, _decoder_for(hints[f.name])) for f in dataclasses.fields(cls))


def _identity(value: Any) -> Any:
    return value


def _decoder_for(hint: Any) -> Decoder:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, UnionType):
        inner = [a for a in typing.get_args(hint) if a is not NoneType]
        decode = _decoder_for(inner[0]) if len(inner) == 1 else _identity
        return lambda v: None if v is None else decode(v)
    if origin is tuple:
        item = _decoder_for(typing.get_args(hint)[0])
        return lambda v: tuple(item(x) for x in v)
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return hint
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return lambda v: from_mapping(hint, v)
    return _identity
