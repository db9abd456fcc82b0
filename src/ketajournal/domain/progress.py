"""Computes the progress view from records: range windows, day and month means, outcomes per dose.

Pure functions over domain records; the caller passes the time zone that decides which
calendar day (and month) an instant belongs to (None: the system's local time, summer time
included). Nothing here suggests a dose: the tables
set what happened side by side with the plan the care team set.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from itertools import pairwise
from uuid import UUID

from ketajournal.domain.models import (
    DoseStep,
    EventKind,
    MarkerKind,
    ProgressMarker,
    Reflection,
    ReflectionKind,
    Session,
    SessionEvent,
    Severity,
)


class Span(StrEnum):
    """How far back the progress view looks."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    ALL = "all"


# Calendar days in each span, today included.
SPAN_DAYS: dict[Span, int] = {Span.MONTH: 30, Span.QUARTER: 91, Span.YEAR: 365}
TREND_DAYS = 7  # the trailing mean drawn over the daily mood


@dataclass(frozen=True, slots=True)
class Window:
    """A half-open time range [since, until); None leaves that side open."""

    since: datetime | None = None
    until: datetime | None = None

    def contains(self, at: datetime) -> bool:
        return (self.since is None or at >= self.since) and (self.until is None or at < self.until)


def local_day(at: datetime, zone: tzinfo | None) -> date:
    return at.astimezone(zone).date()


def start_of_day(day: date, zone: tzinfo | None) -> datetime:
    """The instant `day` begins in `zone` (aware; None: the system's local time)."""
    midnight = datetime.combine(day, time(0, 0))
    return midnight.astimezone() if zone is None else midnight.replace(tzinfo=zone)


def window_for(span: Span | str, now: datetime, zone: tzinfo | None) -> Window:
    """Whole local days: the last `SPAN_DAYS[span]` days up to the end of today, in UTC.

    `all` has no start; every window ends at the start of tomorrow, so all of today counts.
    """
    span = Span(span)
    today = local_day(now, zone)
    until = start_of_day(today + timedelta(days=1), zone).astimezone(UTC)
    if span is Span.ALL:
        return Window(None, until)
    since = start_of_day(today - timedelta(days=SPAN_DAYS[span] - 1), zone).astimezone(UTC)
    return Window(since, until)


# -- means over days and months -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DayValue:
    day: date
    value: float
    count: int = 1


@dataclass(frozen=True, slots=True)
class MonthValue:
    month: date  # the first day of the month
    value: float
    count: int


def daily_means(points: Iterable[tuple[datetime, float]], zone: tzinfo | None) -> list[DayValue]:
    """The mean of each local day that has a value, oldest first; empty days left out."""
    by_day: dict[date, list[float]] = defaultdict(list)
    for at, value in points:
        by_day[local_day(at, zone)].append(value)
    return [DayValue(day, sum(v) / len(v), len(v)) for day, v in sorted(by_day.items())]


def trailing_means(days: Sequence[DayValue], width: int = TREND_DAYS) -> list[DayValue]:
    """For each day with a value: the mean of the day values in the `width` days ending then."""
    out: list[DayValue] = []
    start = 0
    for end, current in enumerate(days):
        while days[start].day <= current.day - timedelta(days=width):
            start += 1
        chunk = days[start : end + 1]
        out.append(DayValue(current.day, sum(d.value for d in chunk) / len(chunk), len(chunk)))
    return out


def month_of(day: date) -> date:
    return day.replace(day=1)


def week_of(day: date) -> date:
    """The Monday that begins the week of `day`."""
    return day - timedelta(days=day.weekday())


DAILY_UP_TO = 120  # days in a range drawn day by day; longer ones as weekly means
WEEKLY_UP_TO = 730  # ... and longer still as monthly means


def period_for(first: date, last: date) -> str:
    """How a range is best drawn so each point stays readable: "day", "week" or "month"."""
    length = (last - first).days + 1
    if length <= DAILY_UP_TO:
        return "day"
    return "week" if length <= WEEKLY_UP_TO else "month"


def period_means(days: Sequence[DayValue], period: str) -> list[DayValue]:
    """The daily means folded into weeks or months (each the mean of its days, dated by
    the period's first day, `count` its days with a value); days as they are for "day"."""
    if period == "day":
        return list(days)
    start = week_of if period == "week" else month_of
    by_period: dict[date, list[float]] = defaultdict(list)
    for day in days:
        by_period[start(day.day)].append(day.value)
    return [DayValue(first, sum(v) / len(v), len(v)) for first, v in sorted(by_period.items())]


def monthly_means(
    points: Iterable[tuple[datetime, float]], zone: tzinfo | None
) -> list[MonthValue]:
    """The mean of each local calendar month that has a value, oldest first."""
    by_month: dict[date, list[float]] = defaultdict(list)
    for at, value in points:
        by_month[month_of(local_day(at, zone))].append(value)
    return [MonthValue(month, sum(v) / len(v), len(v)) for month, v in sorted(by_month.items())]


@dataclass(frozen=True, slots=True)
class MarkerMonth:
    """Mean progress-marker values (0-4) in one month; a marker not rated that month is absent."""

    month: date
    means: dict[MarkerKind, float]
    count: int  # ratings that month, all markers together

    @property
    def overall(self) -> float:
        return sum(self.means.values()) / len(self.means)


def marker_months(markers: Iterable[ProgressMarker], zone: tzinfo | None) -> list[MarkerMonth]:
    by_month: dict[date, dict[MarkerKind, list[int]]] = defaultdict(lambda: defaultdict(list))
    for marker in markers:
        by_month[month_of(local_day(marker.at, zone))][marker.marker].append(marker.value)
    out = []
    for month, kinds in sorted(by_month.items()):
        means = {kind: sum(v) / len(v) for kind in MarkerKind if (v := kinds.get(kind))}
        out.append(MarkerMonth(month, means, sum(len(v) for v in kinds.values())))
    return out


def band_starts(bands: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """Where each band after the first begins: ((4, "minimal"), (9, "mild")) -> [(5, "mild")]."""
    return [(upper + 1, name) for (upper, _), (_, name) in pairwise(bands)]


# -- the prescribed dose over time ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DoseSegment:
    """The prescribed dose in force from `start` to `end`, clipped to a window."""

    start: datetime
    end: datetime
    dose_mg: float


def step_in_force(steps: Sequence[DoseStep], at: datetime) -> DoseStep | None:
    """The latest dose step already effective at `at` (steps in any order; of two set for the
    same instant, the later in the list, as the step line draws it)."""
    effective = [s for s in sorted(steps, key=lambda s: s.effective_at) if s.effective_at <= at]
    return effective[-1] if effective else None


def _with_next(steps: Sequence[DoseStep]) -> list[tuple[DoseStep, DoseStep | None]]:
    """Each step, oldest first, with the step that replaced it (None for the latest)."""
    ordered = sorted(steps, key=lambda s: s.effective_at)
    return list(zip(ordered, [*ordered[1:], None], strict=False))


def steps_in_force(steps: Sequence[DoseStep], window: Window) -> list[DoseStep]:
    """The dose steps in force at some time in the window, oldest first.

    The step already in force when the window starts counts, however long ago it was set.
    """
    return [
        step
        for step, following in _with_next(steps)
        if (window.until is None or step.effective_at < window.until)
        and (following is None or window.since is None or following.effective_at > window.since)
    ]


def dose_segments(steps: Sequence[DoseStep], window: Window, end: datetime) -> list[DoseSegment]:
    """The prescribed dose as a step line: one segment per step, clipped to the window.

    `end` closes the last segment (usually now, or the window's end if that is earlier);
    a window without a start begins at the first step.
    """
    stop = min(end, window.until) if window.until else end
    segments = []
    for step, following in _with_next(steps):
        start = step.effective_at if window.since is None else max(step.effective_at, window.since)
        finish = stop if following is None else min(following.effective_at, stop)
        if start < finish:
            segments.append(DoseSegment(start, finish, step.dose_mg))
    return segments


# -- outcomes per dose step ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SessionOutcome:
    """What one session brought, as recorded: ratings, side effects and the mood change."""

    session: Session
    step: DoseStep | None  # the prescribed dose in force when the session started
    intensity: int | None
    dissociation: int | None
    mood_change: int | None  # mood after minus mood before
    side_effects: int
    severe: int


@dataclass(frozen=True, slots=True)
class DoseOutcome:
    """Sessions under one dose step, summed up. Means are over the sessions rated."""

    step: DoseStep | None  # None: sessions started before any dose step was recorded
    sessions: int
    mean_intensity: float | None
    mean_dissociation: float | None
    side_effects: int
    severe: int
    mean_mood_change: float | None
    mood_change_count: int  # sessions with both a mood before and a mood after

    @property
    def dose_mg(self) -> float | None:
        return None if self.step is None else self.step.dose_mg


def _mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def first_answer(reflections: Sequence[Reflection], name: str) -> int | None:
    """The first answer to `name`, the immediate capture before later reflections."""
    order = list(ReflectionKind)
    for reflection in sorted(reflections, key=lambda r: order.index(r.kind)):
        value = getattr(reflection, name)
        if value is not None:
            return int(value)
    return None


def side_effect_counts(
    events: Sequence[SessionEvent], reflections: Sequence[Reflection]
) -> tuple[int, int]:
    """(side effects, of which severe) for one session.

    A sensation marked during the session and listed again in a reflection counts once:
    for each sensation, the larger of the two counts (and the same for severe ones).
    """
    marked: dict[object, list[int]] = defaultdict(lambda: [0, 0])
    for event in events:
        if event.kind is EventKind.MARK:
            marked[event.sensation][0] += 1
            marked[event.sensation][1] += event.severity is Severity.SEVERE
    reported: dict[object, list[int]] = defaultdict(lambda: [0, 0])
    for reflection in reflections:
        for effect in reflection.side_effects:
            reported[effect.sensation][0] += 1
            reported[effect.sensation][1] += effect.severity is Severity.SEVERE
    total = severe = 0
    for sensation in set(marked) | set(reported):
        total += max(marked[sensation][0], reported[sensation][0])
        severe += max(marked[sensation][1], reported[sensation][1])
    return total, severe


def session_outcomes(
    steps: Sequence[DoseStep],
    sessions: Sequence[Session],
    events: Sequence[SessionEvent],
    reflections: Sequence[Reflection],
    window: Window | None = None,
) -> list[SessionOutcome]:
    """Each started session in the window with its outcomes, oldest first."""
    window = window or Window()
    events_of: dict[UUID, list[SessionEvent]] = defaultdict(list)
    for event in events:
        events_of[event.session_id].append(event)
    reflections_of: dict[UUID, list[Reflection]] = defaultdict(list)
    for reflection in reflections:
        reflections_of[reflection.session_id].append(reflection)
    started = sorted(
        (s for s in sessions if s.sip_started_at is not None and window.contains(s.sip_started_at)),
        key=lambda s: s.sip_started_at,  # type: ignore[arg-type, return-value]
    )
    out = []
    for session in started:
        assert session.sip_started_at is not None
        mine = reflections_of[session.id]
        after = first_answer(mine, "mood_after")
        total, severe = side_effect_counts(events_of[session.id], mine)
        out.append(
            SessionOutcome(
                session=session,
                step=step_in_force(steps, session.sip_started_at),
                intensity=first_answer(mine, "intensity"),
                dissociation=first_answer(mine, "dissociation"),
                mood_change=None
                if after is None or session.mood_before is None
                else after - session.mood_before,
                side_effects=total,
                severe=severe,
            )
        )
    return out


def dose_outcomes(
    steps: Sequence[DoseStep],
    sessions: Sequence[Session],
    events: Sequence[SessionEvent],
    reflections: Sequence[Reflection],
    window: Window | None = None,
) -> list[DoseOutcome]:
    """Outcomes side by side per dose step, oldest step first.

    A session belongs to the step in force when it started (not to the dose it took). Every
    step in force at some time in the window gets a row, even without sessions; sessions
    from before the first step get a row of their own at the top.
    """
    window = window or Window()
    outcomes = session_outcomes(steps, sessions, events, reflections, window)
    by_step: dict[UUID | None, list[SessionOutcome]] = defaultdict(list)
    for outcome in outcomes:
        by_step[None if outcome.step is None else outcome.step.id].append(outcome)
    in_force = {step.id for step in steps_in_force(steps, window)}
    rows: list[DoseStep | None] = [None] if by_step.get(None) else []
    rows += [step for step, _ in _with_next(steps) if step.id in in_force or by_step.get(step.id)]
    table = []
    for step in rows:
        mine = by_step.get(None if step is None else step.id, [])
        changes = [o.mood_change for o in mine if o.mood_change is not None]
        table.append(
            DoseOutcome(
                step=step,
                sessions=len(mine),
                mean_intensity=_mean(o.intensity for o in mine),
                mean_dissociation=_mean(o.dissociation for o in mine),
                side_effects=sum(o.side_effects for o in mine),
                severe=sum(o.severe for o in mine),
                mean_mood_change=_mean(changes),
                mood_change_count=len(changes),
            )
        )
    return table
