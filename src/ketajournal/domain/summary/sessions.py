"""The facts of each session in a range, as the clinician's tables show them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from ketajournal.domain.models import (
    EventKind,
    ReflectionKind,
    ReflectionStatus,
    Session,
    SessionStatus,
    Severity,
)
from ketajournal.domain.progress import first_answer
from ketajournal.domain.summary.attention import Reading, readings
from ketajournal.domain.summary.audience import Reader
from ketajournal.domain.summary.inputs import SummaryInput
from ketajournal.domain.summary.words import number, span

SEVERITY_ORDER = list(Severity)


@dataclass(frozen=True, slots=True)
class Effect:
    """One sensation in one session: the worst severity and how long it lasted, if said."""

    sensation: str
    severity: Severity
    minutes: int | None

    def words(self) -> str:
        lasted = f", {span(timedelta(minutes=self.minutes))}" if self.minutes else ""
        return f"{self.sensation} ({self.severity.value}{lasted})"


@dataclass(frozen=True, slots=True)
class SessionFacts:
    session: Session
    since_previous: timedelta | None
    meal_hours: float | None
    intensity: int | None
    dissociation: int | None
    mood_after: int | None
    anxiety_after: int | None
    effects: tuple[Effect, ...]
    readings: tuple[Reading, ...]

    @property
    def id(self) -> UUID:
        return self.session.id

    @property
    def started_at(self) -> datetime:
        assert self.session.sip_started_at is not None  # only started sessions have facts
        return self.session.sip_started_at


def effects(data: SummaryInput, session: Session) -> tuple[Effect, ...]:
    """Marked and reported sensations merged: the worst severity, the longest duration."""
    worst: dict[str, Severity] = {}
    minutes: dict[str, int] = {}

    def note(name: str, severity: Severity) -> None:
        if name not in worst or SEVERITY_ORDER.index(severity) > SEVERITY_ORDER.index(worst[name]):
            worst[name] = severity

    for event in data.events_of.get(session.id, []):
        if event.kind is EventKind.MARK and event.sensation and event.severity:
            note(event.sensation.value, event.severity)
    for reflection in data.reflections_of.get(session.id, []):
        for effect in reflection.side_effects:
            note(effect.sensation.value, effect.severity)
            if effect.duration_minutes:
                name = effect.sensation.value
                minutes[name] = max(minutes.get(name, 0), effect.duration_minutes)
    return tuple(Effect(name, worst[name], minutes.get(name)) for name in worst)


def session_facts(data: SummaryInput) -> list[SessionFacts]:
    """Each session started in the range, oldest first."""
    starts = [s.sip_started_at for s in data.sessions if s.sip_started_at is not None]
    out = []
    for session in data.in_range_sessions:
        if session.status not in (SessionStatus.ENDED, SessionStatus.RUNNING):
            continue
        start = session.sip_started_at
        assert start is not None
        before = [s for s in starts if s < start]
        mine = data.reflections_of.get(session.id, [])
        meal = (
            (start - session.last_meal_at).total_seconds() / 3600
            if session.last_meal_at is not None
            else None
        )
        out.append(
            SessionFacts(
                session=session,
                since_previous=start - max(before) if before else None,
                meal_hours=meal,
                intensity=first_answer(mine, "intensity"),
                dissociation=first_answer(mine, "dissociation"),
                mood_after=first_answer(mine, "mood_after"),
                anxiety_after=first_answer(mine, "anxiety_after"),
                effects=effects(data, session),
                readings=tuple(readings(data, session)),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class EffectSummary:
    sensation: str
    sessions: int
    severe: int
    worst: Severity
    minutes: tuple[int, ...]

    @property
    def typical(self) -> str:
        if not self.minutes:
            return "not said"
        ordered = sorted(self.minutes)
        middle = ordered[len(ordered) // 2]
        return f"about {span(timedelta(minutes=middle))}"


def effect_summary(facts: list[SessionFacts]) -> list[EffectSummary]:
    """How often each sensation came up across the sessions, most frequent first."""
    seen: dict[str, list[Effect]] = defaultdict(list)
    for fact in facts:
        for effect in fact.effects:
            seen[effect.sensation].append(effect)
    rows = [
        EffectSummary(
            sensation=name,
            sessions=len(items),
            severe=sum(e.severity is Severity.SEVERE for e in items),
            worst=max((e.severity for e in items), key=SEVERITY_ORDER.index),
            minutes=tuple(e.minutes for e in items if e.minutes),
        )
        for name, items in seen.items()
    ]
    return sorted(rows, key=lambda r: (-r.sessions, r.sensation))


def step_happened(data: SummaryInput, session: Session, reader: Reader) -> bool | None:
    """Whether the session's integration step happened, by its latest follow-up answer that
    this reader may read (a private follow-up's answer is not told, not even as a count)."""
    answers = [
        r.integration_step_happened
        for r in sorted(data.reflections_of.get(session.id, []), key=lambda r: r.due_at)
        if r.kind in (ReflectionKind.WEEK, ReflectionKind.MONTH)
        and r.status is ReflectionStatus.DONE
        and r.integration_step_happened is not None
        and reader.may_read(r.share_level)
    ]
    return answers[-1] if answers else None


def pair(before: int | None, after: int | None) -> str:
    """'5 → 7', '5 → -'."""
    return f"{'-' if before is None else before} → {'-' if after is None else after}"


def meal(hours_: float | None) -> str:
    return "-" if hours_ is None else f"{number(hours_)} h"
