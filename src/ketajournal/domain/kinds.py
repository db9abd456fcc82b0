"""The registry of record kinds: each record type's table, its name for people, and the
records it refers to. Every list of record types (storage's tables and write order, the
export's record types, the import's reference checks, the words of an error) derives
from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ketajournal.domain import models as m
from ketajournal.domain.codec import fields_of


@dataclass(frozen=True)
class RecordKind:
    cls: type[m.Record]
    table: str
    label: str  # for people: "journal entry"

    @cached_property
    def references(self) -> tuple[tuple[str, str], ...]:
        """(field, table) for each field holding the id of another record."""
        return tuple((f.name, f.ref) for f in fields_of(self.cls) if f.ref)


# Parents before children: the order records are written in.
KINDS: tuple[RecordKind, ...] = (
    RecordKind(m.Plan, "plan", "plan"),
    RecordKind(m.DoseStep, "dose_step", "dose step"),
    RecordKind(m.SchedulePhase, "schedule_phase", "schedule phase"),
    RecordKind(m.Contact, "contact", "contact"),
    RecordKind(m.Setting, "setting", "setting"),
    RecordKind(m.Session, "session", "session"),
    RecordKind(m.SessionEvent, "session_event", "session event"),
    RecordKind(m.Reflection, "reflection", "reflection"),
    RecordKind(m.JournalEntry, "journal_entry", "journal entry"),
    RecordKind(m.MoodCheckin, "mood_checkin", "mood check-in"),
    RecordKind(m.ScaleResult, "scale_result", "scale result"),
    RecordKind(m.ProgressMarker, "progress_marker", "progress marker"),
    RecordKind(m.Question, "question", "question"),
)
BY_CLASS: dict[type[m.Record], RecordKind] = {k.cls: k for k in KINDS}
BY_TABLE: dict[str, RecordKind] = {k.table: k for k in KINDS}
CLASSES: tuple[type[m.Record], ...] = tuple(k.cls for k in KINDS)


def table(cls: type[m.Record]) -> str:
    return BY_CLASS[cls].table


def label(cls: type[m.Record]) -> str:
    return BY_CLASS[cls].label
