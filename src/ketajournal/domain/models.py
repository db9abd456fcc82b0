"""Defines the frozen records the service layer returns, and the closed vocabularies they use."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar
from uuid import UUID

T = TypeVar("T")


def ref(table: str, *, optional: bool = False) -> Any:
    """A field holding the id of a record in `table` (a foreign key: an optional one is
    emptied when that record goes, a required one goes with it). Storage and the import
    read it from the field's metadata (see domain.kinds)."""
    metadata = {"ref": table}
    return field(default=None, metadata=metadata) if optional else field(metadata=metadata)


class MedicationForm(StrEnum):
    SOLUTION = "solution"
    TROCHE = "troche"
    TABLET = "tablet"
    PROLONGED_RELEASE = "prolonged-release"


class Role(StrEnum):
    SUPPORT = "support"
    CLINICIAN = "clinician"
    AFTER_HOURS = "after-hours"  # the care team's route outside office hours
    COACH = "coach"
    EMERGENCY = "emergency"


class Phase(StrEnum):
    """A phase of the treatment schedule."""

    INDUCTION = "induction"
    MAINTENANCE = "maintenance"


class SessionStatus(StrEnum):
    PREPARING = "preparing"  # the preparation wizard is being filled in (a draft)
    RUNNING = "running"  # the dose has been taken; phases are timed
    ENDED = "ended"
    CANCELLED = "cancelled"


class SessionPhase(StrEnum):
    """A phase of one session, in order."""

    SIP = "sip"
    EXPERIENCE = "experience"
    REST = "rest"


class EventKind(StrEnum):
    NOTE = "note"
    MARK = "mark"
    PHASE = "phase"
    BLOOD_PRESSURE = "blood-pressure"


class Sensation(StrEnum):
    NAUSEA = "nausea"
    DIZZINESS = "dizziness"
    BLURRY_VISION = "blurry-vision"
    NUMBNESS = "numbness"
    DISSOCIATION = "dissociation"
    HEADACHE = "headache"
    ANXIETY = "anxiety"
    OTHER = "other"


class Severity(StrEnum):
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


class ShareLevel(StrEnum):
    """Who may read a piece of written text in an export: nobody but the person, the
    integration coach, or the clinician. The levels do not include one another: text for the
    coach never reaches the clinician's summary, nor the reverse (see domain.checkin.audience)."""

    PRIVATE = "private"
    COACH = "coach"
    CLINICIAN = "clinician"


class ReflectionKind(StrEnum):
    IMMEDIATE = "immediate"  # right after the session: fragments and ratings
    FULL = "full"  # the next day: the structured reflection
    WEEK = "week"  # follow-up about a week later
    MONTH = "month"  # follow-up about a month later


class ReflectionStatus(StrEnum):
    DUE = "due"
    DRAFT = "draft"
    DONE = "done"
    SNOOZED = "snoozed"
    DISMISSED = "dismissed"


class IntentionTouched(StrEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"


class ScaleKind(StrEnum):
    PHQ9 = "phq9"
    GAD7 = "gad7"
    MADRS = "madrs"  # clinician-rated; the number only
    CADSS = "cadss"  # clinician-rated; the number only


class MarkerKind(StrEnum):
    """The subtle progress markers of integration."""

    PERSPECTIVE = "perspective"
    SELF_PATIENCE = "self-patience"
    STRESS_RESPONSE = "stress-response"
    OPENNESS = "openness"
    HOBBIES = "hobbies"


@dataclass(frozen=True, kw_only=True, slots=True)
class Record:
    """What every stored record has: a UUID and UTC created/updated times."""

    id: UUID
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, kw_only=True, slots=True)
class Plan(Record):
    medication: str
    form: MedicationForm
    concentration_mg_per_ml: float | None = None
    prescriber: str | None = None
    bp_required: bool = False
    first_session_supervised: bool = True
    notes: str | None = None
    # The highest reading the care team accepts (None: compare with the AHA categories).
    bp_limit_systolic: int | None = None
    bp_limit_diastolic: int | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class DoseStep(Record):
    """A prescribed dose from a date on, as the clinician set it."""

    plan_id: UUID = ref("plan")
    effective_at: datetime
    dose_mg: float
    reason: str


@dataclass(frozen=True, kw_only=True, slots=True)
class SchedulePhase(Record):
    plan_id: UUID = ref("plan")
    phase: Phase
    interval_days: int
    starts_at: datetime


@dataclass(frozen=True, kw_only=True, slots=True)
class Contact(Record):
    name: str
    role: Role
    phone: str | None = None
    note: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Setting(Record):
    key: str
    value: object


@dataclass(frozen=True, kw_only=True, slots=True)
class ChecklistItem:
    label: str
    done: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class Session(Record):
    """One dosing session: its preparation, the dose, and its phase timestamps."""

    status: SessionStatus
    planned_at: datetime | None = None
    # Preparation
    timing_checks: tuple[ChecklistItem, ...] = ()
    last_meal_at: datetime | None = None
    medications_today: tuple[str, ...] = ()
    setting_checklist: tuple[ChecklistItem, ...] = ()
    support_contact_id: UUID | None = ref("contact", optional=True)
    support_name: str | None = None
    intention: str | None = None
    mood_before: int | None = None
    anxiety_before: int | None = None
    bp_before_systolic: int | None = None
    bp_before_diastolic: int | None = None
    prescribed_dose_mg: float | None = None
    taken_dose_mg: float | None = None
    skipped_steps: tuple[str, ...] = ()
    recorded_after: bool = False
    # Phase timestamps: the session clock is derived from these, never counted.
    sip_started_at: datetime | None = None
    experience_started_at: datetime | None = None
    rest_started_at: datetime | None = None
    ended_at: datetime | None = None

    @property
    def started_at(self) -> datetime | None:
        return self.sip_started_at

    @property
    def dose_differs(self) -> bool:
        return (
            self.taken_dose_mg is not None
            and self.prescribed_dose_mg is not None
            and abs(self.taken_dose_mg - self.prescribed_dose_mg) > 1e-9
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class SessionEvent(Record):
    session_id: UUID = ref("session")
    at: datetime
    kind: EventKind
    text: str | None = None
    sensation: Sensation | None = None
    severity: Severity | None = None
    phase: SessionPhase | None = None
    systolic: int | None = None
    diastolic: int | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class SideEffect:
    """A side effect as reflected on afterwards: how bad, and how long it lasted."""

    sensation: Sensation
    severity: Severity
    duration_minutes: int | None = None


# A reflection's free-text parts (the service's answers, the schema's long text).
REFLECTION_TEXTS = (
    "fragments",
    "insights",
    "emotions",
    "images_memories",
    "what_was_hard",
    "integration_step",
    "insight_in_life",
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Reflection(Record):
    """The immediate capture, the full next-day reflection, or a later follow-up."""

    session_id: UUID = ref("session")
    kind: ReflectionKind
    status: ReflectionStatus
    due_at: datetime
    answered_at: datetime | None = None
    snoozed_until: datetime | None = None
    share_level: ShareLevel = ShareLevel.PRIVATE
    # Immediate capture
    intensity: int | None = None
    dissociation: int | None = None
    mood_after: int | None = None
    anxiety_after: int | None = None
    side_effects: tuple[SideEffect, ...] = ()
    fragments: str | None = None
    # Full reflection
    intention_touched: IntentionTouched | None = None
    insights: str | None = None
    emotions: str | None = None
    images_memories: str | None = None
    what_was_hard: str | None = None
    integration_step: str | None = None
    # Follow-ups
    insight_in_life: str | None = None
    integration_step_happened: bool | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class JournalEntry(Record):
    written_at: datetime
    body: str
    title: str | None = None
    tags: tuple[str, ...] = ()
    share_level: ShareLevel = ShareLevel.PRIVATE
    session_id: UUID | None = ref("session", optional=True)


@dataclass(frozen=True, kw_only=True, slots=True)
class MoodCheckin(Record):
    at: datetime
    mood: int
    anxiety: int | None = None
    sleep_hours: float | None = None
    energy: int | None = None
    note: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class ScaleResult(Record):
    at: datetime
    scale: ScaleKind
    score: int
    answers: tuple[int, ...] | None = None  # self-rated scales only
    band: str | None = None
    item9_positive: bool = False
    rated_by: str = "self"  # "self" or "clinician"
    note: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class ProgressMarker(Record):
    at: datetime
    marker: MarkerKind
    value: int  # 0 (not at all) .. 4 (very much)
    note: str | None = None
    reflection_id: UUID | None = ref("reflection", optional=True)


@dataclass(frozen=True, kw_only=True, slots=True)
class Question(Record):
    text: str
    done_at: datetime | None = None
    answer: str | None = None
    share_level: ShareLevel = ShareLevel.CLINICIAN  # whose check-in it is for


@dataclass(frozen=True, kw_only=True, slots=True)
class SearchHit:
    """One full-text match, with a snippet whose matches are wrapped in `mark` markers."""

    kind: str  # "journal", "reflection", "intention", "note"
    ref_id: UUID
    title: str | None
    snippet: str
    at: datetime | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Page(Generic[T]):
    """A slice of a longer list: the items and whether more follow."""

    items: tuple[T, ...]
    offset: int
    has_more: bool
    total: int | None = field(default=None)
