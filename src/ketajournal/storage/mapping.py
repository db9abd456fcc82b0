"""Converts between frozen domain records and table rows, by field name and type hint."""

from __future__ import annotations

import dataclasses
from typing import Any

from ketajournal.domain import models as m
from ketajournal.storage import tables as t
from ketajournal.storage.records import decoders, encode

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


def to_values(record: m.Record) -> dict[str, Any]:
    return {f.name: encode(getattr(record, f.name)) for f in dataclasses.fields(record)}


def to_row(record: m.Record) -> t.RecordBase:
    return ROW_FOR[type(record)](**to_values(record))


def from_row(row: t.RecordBase) -> m.Record:
    cls = RECORD_FOR[type(row)]
    return cls(**{name: decode(getattr(row, name)) for name, decode in decoders(cls)})
