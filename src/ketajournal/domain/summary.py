"""The check-in summary: one object that every export format renders.

Written for someone who never runs the program: what dose, what happened, is the person
better, anything to worry about. Private text is never in it unless asked for explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ketajournal.domain import models as m
from ketajournal.domain.flags import Flag


@dataclass(frozen=True, slots=True)
class SessionRow:
    started_at: datetime
    taken_mg: float | None
    prescribed_mg: float | None
    intensity: int | None
    dissociation: int | None
    side_effects: tuple[tuple[str, str], ...]  # (sensation, severity)
    mood_before: int | None
    mood_after: int | None
    anxiety_before: int | None
    anxiety_after: int | None
    support: str | None
    blood_pressure: tuple[str, ...]  # "before 120/80", "during 132/86"
    recorded_after: bool

    @property
    def dose_differs(self) -> bool:
        return (
            self.taken_mg is not None
            and self.prescribed_mg is not None
            and abs(self.taken_mg - self.prescribed_mg) > 1e-9
        )


@dataclass(frozen=True, slots=True)
class ScorePoint:
    at: datetime
    score: int
    band: str | None
    item9_positive: bool = False


@dataclass(frozen=True, slots=True)
class SharedText:
    at: datetime
    source: str  # "journal entry", "reflection (next day)", ...
    title: str | None
    text: str
    share_level: m.ShareLevel


@dataclass(frozen=True, slots=True)
class IntegrationStep:
    session_at: datetime
    step: str
    happened: bool | None  # from the follow-ups; None when not answered yet


@dataclass(frozen=True, slots=True)
class Summary:
    generated_at: datetime
    since: datetime
    until: datetime
    audience: str  # "coach" or "clinician"
    include_private: bool
    plan: m.Plan | None
    current_dose: m.DoseStep | None
    dose_steps: tuple[m.DoseStep, ...]  # the whole history; `in_range` marks the new ones
    schedule: tuple[m.SchedulePhase, ...]
    sessions: tuple[SessionRow, ...]
    mood: tuple[tuple[datetime, float], ...]  # daily means
    phq9: tuple[ScorePoint, ...]
    gad7: tuple[ScorePoint, ...]
    clinician_scores: tuple[tuple[datetime, str, int], ...]
    flags: tuple[Flag, ...]
    shared: tuple[SharedText, ...]
    integration_steps: tuple[IntegrationStep, ...]
    open_questions: tuple[str, ...]

    def in_range(self, when: datetime) -> bool:
        return self.since <= when < self.until
