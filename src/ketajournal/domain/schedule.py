"""Works out when the next session is due from the schedule phases and past sessions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from ketajournal.domain.models import SchedulePhase


@dataclass(frozen=True, slots=True)
class NextDue:
    due_at: datetime
    phase: SchedulePhase
    overdue: bool
    last_session_at: datetime | None


def active_phase(phases: Sequence[SchedulePhase], at: datetime) -> SchedulePhase | None:
    """The phase in force at `at`: the latest one that has started (or the first, if none has)."""
    ordered = sorted(phases, key=lambda p: p.starts_at)
    if not ordered:
        return None
    started = [p for p in ordered if p.starts_at <= at]
    return started[-1] if started else ordered[0]


def next_due(
    phases: Sequence[SchedulePhase],
    session_starts: Sequence[datetime],
    now: datetime,
) -> NextDue | None:
    """The next session due: the last session plus the active phase's interval.

    With no session yet, the first one is due when the phase starts. A phase that starts
    after the last session but before the computed date moves the date to its start
    when that is later than the interval would give (a new phase begins on its own date).
    """
    phase = active_phase(phases, now)
    if phase is None:
        return None
    last = max(session_starts) if session_starts else None
    if last is None:
        due = phase.starts_at
    else:
        due = last + timedelta(days=phase.interval_days)
        if last < phase.starts_at and due < phase.starts_at:
            due = phase.starts_at
    return NextDue(due_at=due, phase=phase, overdue=due < now, last_session_at=last)


def minimum_gap(phases: Sequence[SchedulePhase], at: datetime) -> timedelta | None:
    """The spacing the schedule asks for at `at` (the active phase's interval)."""
    phase = active_phase(phases, at)
    return timedelta(days=phase.interval_days) if phase else None


def calendar_days_until(due: datetime, now: datetime, zone: tzinfo | None = None) -> int:
    """Whole calendar days from today to the due day, in `zone` (default: local time).

    0 means due today; a negative number means the due day has passed (overdue).
    """
    return (due.astimezone(zone).date() - now.astimezone(zone).date()).days
