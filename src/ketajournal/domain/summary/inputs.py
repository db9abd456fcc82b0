"""The records a check-in summary reads, gathered once by the service for one range."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from uuid import UUID

from ketajournal.domain.models import (
    DoseStep,
    JournalEntry,
    MoodCheckin,
    Plan,
    ProgressMarker,
    Question,
    Reflection,
    ScaleKind,
    ScaleResult,
    SchedulePhase,
    Session,
    SessionEvent,
)
from ketajournal.domain.schedule import NextDue
from ketajournal.domain.summary.words import day, moment


@dataclass(frozen=True)
class SummaryInput:
    """Everything one summary is made from. Times are aware; the range is [since, until).

    Some lists reach before the range on purpose: spacing needs the session before the
    first one in range, and measurement-based care needs the first score ever (baseline).
    """

    generated_at: datetime
    since: datetime
    until: datetime
    plan: Plan | None
    dose_steps: tuple[DoseStep, ...]  # the whole history, oldest first
    phases: tuple[SchedulePhase, ...]  # oldest first
    meal_gap_hours: float  # the person's setting, from their care team's guidance
    sessions: tuple[Session, ...]  # every started session before `until`, oldest first
    events: tuple[SessionEvent, ...]  # of the sessions in range, in time order
    reflections: tuple[Reflection, ...]  # every reflection (any session, any state)
    scales: tuple[ScaleResult, ...]  # every result before `until`, oldest first
    moods: tuple[MoodCheckin, ...]  # in range, oldest first
    markers: tuple[ProgressMarker, ...]  # in range, oldest first
    questions: tuple[Question, ...]  # open questions, for any reader (filtered later)
    # Journal entries in range at the levels the reader may read, newest first: every one
    # for --all-text, else the newest few (the summary shows no more), and how many in all.
    entries: tuple[JournalEntry, ...]
    entry_count: int
    tags: dict[str, int]  # tag counts of those entries, most used first
    next_due: NextDue | None

    def in_range(self, when: datetime | None) -> bool:
        return when is not None and self.since <= when < self.until

    @cached_property
    def in_range_sessions(self) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if self.in_range(s.sip_started_at))

    @cached_property
    def events_of(self) -> dict[UUID, list[SessionEvent]]:
        found: dict[UUID, list[SessionEvent]] = defaultdict(list)
        for event in self.events:
            found[event.session_id].append(event)
        return found

    @cached_property
    def reflections_of(self) -> dict[UUID, list[Reflection]]:
        found: dict[UUID, list[Reflection]] = defaultdict(list)
        for reflection in self.reflections:
            found[reflection.session_id].append(reflection)
        return found

    @cached_property
    def reflection_by_id(self) -> dict[object, Reflection]:
        return {r.id: r for r in self.reflections}

    def self_rated(self, scale: ScaleKind) -> list[ScaleResult]:
        """Every self-rated result of `scale` before `until`, oldest first."""
        return [r for r in self.scales if r.scale is scale and r.rated_by == "self"]

    @cached_property
    def _days_with_two_sessions(self) -> set[str]:
        per_day = Counter(day(s.sip_started_at) for s in self.sessions if s.sip_started_at)
        return {d for d, n in per_day.items() if n > 1}

    def session_when(self, session: Session) -> str:
        """How a session is named: its day, with the time where two sessions share it (or
        the lines about each would read the same)."""
        started = session.sip_started_at
        if started is None:
            return "-"
        return moment(started) if day(started) in self._days_with_two_sessions else day(started)

    def session_at(self, session_id: UUID) -> Session | None:
        return next((s for s in self.sessions if s.id == session_id), None)
