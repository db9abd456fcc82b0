"""Honest spacing: late is not missed, and a day early on a monthly schedule is on time.

Each gap between two sessions is compared with the cadence in force at the earlier one.
A session counts as on time within a tolerance that grows with the interval (a day per
week of it, at least one day). It is late or early beyond that, and a session is missed
only when a whole interval went by after it was due with no session. When the schedule
changed between the two sessions, either cadence counts as on time, and a flag names the
change. A flag belongs to the session it explains (the later one), so a range holds the
flags of its own sessions, whenever the due date fell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ketajournal.domain.models import SchedulePhase
from ketajournal.domain.schedule import active_phase
from ketajournal.domain.summary.words import day, span
from ketajournal.text import plural


class Verdict(StrEnum):
    MISSED = "missed"
    LATE = "late"
    EARLY = "early"


@dataclass(frozen=True, slots=True)
class SpacingFlag:
    verdict: Verdict
    at: datetime  # the later session (or, with no session since, the end of the range)
    text: str


def wall_clock(at: datetime) -> datetime:
    """The local date and time on the wall: a schedule counts days, and a day with a summer
    time change is 23 or 25 hours long."""
    return at.astimezone().replace(tzinfo=None)


def tolerance(interval_days: int) -> timedelta:
    """How far from the due date a session still counts as on time."""
    return timedelta(days=max(1.0, interval_days / 7))


def _judge(gap: timedelta, interval_days: int) -> tuple[Verdict, timedelta] | None:
    """(verdict, how far off) for a gap on a cadence, or None when it is on time."""
    interval = timedelta(days=interval_days)
    if gap >= 2 * interval:
        return Verdict.MISSED, gap - interval
    if gap > interval + tolerance(interval_days):
        return Verdict.LATE, gap - interval
    if gap < interval - tolerance(interval_days):
        return Verdict.EARLY, interval - gap
    return None


def _change_between(
    phases: Sequence[SchedulePhase], before: datetime, after: datetime, interval: int
) -> SchedulePhase | None:
    """A phase with another interval that began after `before`, up to `after`."""
    changes = [p for p in phases if before < p.starts_at <= after and p.interval_days != interval]
    return max(changes, key=lambda p: p.starts_at) if changes else None


def _sentence(verdict: Verdict, off: timedelta, gap: timedelta, interval: int) -> str:
    if verdict is Verdict.MISSED:
        missed = gap // timedelta(days=interval) - 1
        return (
            f"{plural(missed, 'session')} missed: {span(gap, exact=True)} between sessions "
            f"on a schedule of every {plural(interval, 'day')}"
        )
    return (
        f"{span(off, exact=True)} {verdict.value}: {span(gap, exact=True)} after the previous "
        f"session on a schedule of every {plural(interval, 'day')}"
    )


def spacing_flags(
    starts: Sequence[datetime],
    phases: Sequence[SchedulePhase],
    since: datetime,
    until: datetime,
    now: datetime,
) -> list[SpacingFlag]:
    """Flags for the sessions started in [since, until) and, at the end, for none since."""
    ordered = sorted(starts)
    if not phases or not ordered:
        return []
    flags = []
    for previous, current in zip(ordered, ordered[1:], strict=False):
        if since <= current < until:
            flag = _gap_flag(previous, current, current, phases)
            if flag is not None:
                flags.append(flag)
    end = min(now, until)
    last = [s for s in ordered if s < end]
    if last and since <= end:
        flag = _gap_flag(last[-1], end, end, phases, trailing=True)
        if flag is not None and flag.verdict is not Verdict.EARLY:
            flags.append(flag)
    return flags


def _gap_flag(
    previous: datetime,
    current: datetime,
    at: datetime,
    phases: Sequence[SchedulePhase],
    *,
    trailing: bool = False,
) -> SpacingFlag | None:
    phase = active_phase(phases, previous)
    assert phase is not None
    cadences = [phase.interval_days]
    change = _change_between(phases, previous, current, phase.interval_days)
    if change is not None:
        cadences.append(change.interval_days)
    gap = wall_clock(current) - wall_clock(previous)
    verdicts = [(_judge(gap, interval), interval) for interval in cadences]
    if any(verdict is None for verdict, _ in verdicts):
        return None
    (verdict, off), interval = min(
        ((v, i) for v, i in verdicts if v is not None), key=lambda pair: pair[0][1]
    )
    if trailing:
        if verdict is Verdict.EARLY:
            return None
        text = f"no session since {day(previous)} ({span(gap, exact=True)}): " + (
            f"{plural(gap // timedelta(days=interval) - 1, 'session')} missed"
            if verdict is Verdict.MISSED
            else f"the next one was due on {day(previous + timedelta(days=interval))}"
        )
        text += f", on a schedule of every {plural(interval, 'day')}"
    else:
        text = f"session of {day(current)}: " + _sentence(verdict, off, gap, interval)
    if change is not None:
        text += (
            f" (the schedule changed on {day(change.starts_at)} from every "
            f"{plural(phase.interval_days, 'day')} to every {plural(change.interval_days, 'day')})"
        )
    return SpacingFlag(verdict, at, text)


def expected_sessions(
    phases: Sequence[SchedulePhase], since: datetime, until: datetime
) -> float | None:
    """How many sessions the schedule asks for in [since, until), from its first phase on."""
    ordered = sorted(phases, key=lambda p: p.starts_at)
    if not ordered:
        return None
    total = 0.0
    for phase, following in zip(ordered, [*ordered[1:], None], strict=False):
        start = max(phase.starts_at, since)
        end = min(following.starts_at if following else until, until)
        if end > start:
            total += (end - start) / timedelta(days=phase.interval_days)
    return total
