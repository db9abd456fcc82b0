"""Declares the schema as SQLModel tables: what the Alembic migrations build, and what
autogenerate compares a new migration against. Nothing reads or writes through them at run
time (the store runs on the DB-API, storage.store).

Each table mirrors a record in `ketajournal.domain.models` column for column (a test
proves the migrated database, these tables and the records agree). Enums are stored as
their text values; lists of small records as JSON text. Free text is also indexed in the
FTS5 table `search_index` (created by the migrations, kept in step by triggers).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from ketajournal.storage.types import JSONText, UTCDateTime, UUIDText


def _when(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(
        default=None if nullable else ..., sa_type=UTCDateTime, nullable=nullable, index=index
    )


def _ref(target: str, *, nullable: bool, ondelete: str) -> Any:
    return Field(
        default=None if nullable else ...,
        sa_type=UUIDText,
        foreign_key=target,
        ondelete=ondelete,
        nullable=nullable,
        index=True,
    )


def _text(*, nullable: bool = True) -> Any:
    return Field(default=None if nullable else ..., sa_type=Text, nullable=nullable)


def _json(default: Any = None, *, nullable: bool = False) -> Any:
    return Field(default=default, sa_type=JSONText, nullable=nullable)


class RecordBase(SQLModel):
    id: UUID = Field(primary_key=True, sa_type=UUIDText)
    created_at: datetime = _when()
    updated_at: datetime = _when()


class PlanRow(RecordBase, table=True):
    __tablename__ = "plan"
    medication: str
    form: str
    concentration_mg_per_ml: float | None = None
    prescriber: str | None = None
    bp_required: bool = False
    first_session_supervised: bool = True
    notes: str | None = _text()
    bp_limit_systolic: int | None = None
    bp_limit_diastolic: int | None = None


class DoseStepRow(RecordBase, table=True):
    __tablename__ = "dose_step"
    plan_id: UUID = _ref("plan.id", nullable=False, ondelete="CASCADE")
    effective_at: datetime = _when(index=True)
    dose_mg: float
    reason: str = _text(nullable=False)


class SchedulePhaseRow(RecordBase, table=True):
    __tablename__ = "schedule_phase"
    plan_id: UUID = _ref("plan.id", nullable=False, ondelete="CASCADE")
    phase: str
    interval_days: int
    starts_at: datetime = _when(index=True)


class ContactRow(RecordBase, table=True):
    __tablename__ = "contact"
    name: str
    role: str = Field(index=True)
    phone: str | None = None
    note: str | None = _text()


class SettingRow(RecordBase, table=True):
    __tablename__ = "setting"
    key: str = Field(unique=True)
    value: Any = _json()


class SessionRow(RecordBase, table=True):
    __tablename__ = "session"
    status: str = Field(index=True)
    planned_at: datetime | None = _when(nullable=True)
    timing_checks: Any = _json(default=[])
    last_meal_at: datetime | None = _when(nullable=True)
    medications_today: Any = _json(default=[])
    setting_checklist: Any = _json(default=[])
    support_contact_id: UUID | None = _ref("contact.id", nullable=True, ondelete="SET NULL")
    support_name: str | None = None
    intention: str | None = _text()
    mood_before: int | None = None
    anxiety_before: int | None = None
    bp_before_systolic: int | None = None
    bp_before_diastolic: int | None = None
    prescribed_dose_mg: float | None = None
    taken_dose_mg: float | None = None
    skipped_steps: Any = _json(default=[])
    recorded_after: bool = False
    sip_started_at: datetime | None = _when(nullable=True, index=True)
    experience_started_at: datetime | None = _when(nullable=True)
    rest_started_at: datetime | None = _when(nullable=True)
    ended_at: datetime | None = _when(nullable=True)


class SessionEventRow(RecordBase, table=True):
    __tablename__ = "session_event"
    __table_args__ = (Index("ix_session_event_session_at", "session_id", "at"),)
    session_id: UUID = Field(
        sa_type=UUIDText, foreign_key="session.id", ondelete="CASCADE", nullable=False
    )
    at: datetime = _when()
    kind: str
    text: str | None = _text()
    sensation: str | None = None
    severity: str | None = None
    phase: str | None = None
    systolic: int | None = None
    diastolic: int | None = None


class ReflectionRow(RecordBase, table=True):
    __tablename__ = "reflection"
    __table_args__ = (Index("ix_reflection_status_due", "status", "due_at"),)
    session_id: UUID = _ref("session.id", nullable=False, ondelete="CASCADE")
    kind: str
    status: str
    due_at: datetime = _when()
    answered_at: datetime | None = _when(nullable=True)
    snoozed_until: datetime | None = _when(nullable=True)
    share_level: str = "private"
    intensity: int | None = None
    dissociation: int | None = None
    mood_after: int | None = None
    anxiety_after: int | None = None
    side_effects: Any = _json(default=[])
    fragments: str | None = _text()
    intention_touched: str | None = None
    insights: str | None = _text()
    emotions: str | None = _text()
    images_memories: str | None = _text()
    what_was_hard: str | None = _text()
    integration_step: str | None = _text()
    insight_in_life: str | None = _text()
    integration_step_happened: bool | None = None


class JournalEntryRow(RecordBase, table=True):
    __tablename__ = "journal_entry"
    written_at: datetime = _when(index=True)
    body: str = _text(nullable=False)
    title: str | None = _text()
    tags: Any = _json(default=[])
    share_level: str = Field(default="private", index=True)
    session_id: UUID | None = _ref("session.id", nullable=True, ondelete="SET NULL")


class MoodCheckinRow(RecordBase, table=True):
    __tablename__ = "mood_checkin"
    at: datetime = _when(index=True)
    mood: int
    anxiety: int | None = None
    sleep_hours: float | None = None
    energy: int | None = None
    note: str | None = _text()


class ScaleResultRow(RecordBase, table=True):
    __tablename__ = "scale_result"
    __table_args__ = (Index("ix_scale_result_scale_at", "scale", "at"),)
    at: datetime = _when()
    scale: str
    score: int
    answers: Any = _json(nullable=True)
    band: str | None = None
    item9_positive: bool = False
    rated_by: str = "self"
    note: str | None = _text()


class ProgressMarkerRow(RecordBase, table=True):
    __tablename__ = "progress_marker"
    at: datetime = _when(index=True)
    marker: str
    value: int
    note: str | None = _text()
    reflection_id: UUID | None = _ref("reflection.id", nullable=True, ondelete="SET NULL")


class QuestionRow(RecordBase, table=True):
    __tablename__ = "question"
    text: str = _text(nullable=False)
    done_at: datetime | None = _when(nullable=True, index=True)
    answer: str | None = _text()
    share_level: str = Field(default="clinician", sa_column_kwargs={"server_default": "clinician"})


ALL_TABLES: tuple[type[RecordBase], ...] = (
    PlanRow,
    DoseStepRow,
    SchedulePhaseRow,
    ContactRow,
    SettingRow,
    SessionRow,
    SessionEventRow,
    ReflectionRow,
    JournalEntryRow,
    MoodCheckinRow,
    ScaleResultRow,
    ProgressMarkerRow,
    QuestionRow,
)
