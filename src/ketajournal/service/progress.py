"""Gathers what the progress view shows for one time range, through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from ketajournal.domain import models as m
from ketajournal.domain import progress as p

if TYPE_CHECKING:
    from ketajournal.service import JournalService


@dataclass(frozen=True, slots=True)
class ProgressData:
    """Mood, scales, dose, outcomes per dose step and progress markers in one window.

    Days and months are local calendar days and months of `zone`. `first_day`..`last_day` is
    the time axis every chart shares: the window, or for an open window the first record on.
    """

    window: p.Window
    zone: tzinfo | None  # None: the system's local time
    first_day: date | None  # None: nothing recorded in the window
    last_day: date
    mood_checkins: int
    mood_days: tuple[p.DayValue, ...]
    mood_trend: tuple[p.DayValue, ...]  # trailing 7-day mean of the daily means
    mood_months: tuple[p.MonthValue, ...]
    phq9: tuple[m.ScaleResult, ...]
    gad7: tuple[m.ScaleResult, ...]
    dose_steps: tuple[m.DoseStep, ...]  # every step, oldest first (the one in force matters)
    dose_line: tuple[p.DoseSegment, ...]  # the prescribed dose across the window
    sessions: tuple[p.SessionOutcome, ...]  # oldest first
    by_dose: tuple[p.DoseOutcome, ...]
    marker_ratings: int
    marker_months: tuple[p.MarkerMonth, ...]

    @property
    def empty(self) -> bool:
        """Nothing at all to show in this window."""
        return self.first_day is None

    def day(self, at: datetime) -> date:
        return p.local_day(at, self.zone)


def progress_data(
    svc: JournalService,
    since: datetime | None = None,
    until: datetime | None = None,
    zone: tzinfo | None = None,
) -> ProgressData:
    """Everything the progress view charts for [since, until); None leaves a side open.

    Days and months are those of `zone`, by default the system's local time.
    """
    now = svc.ctx.now()
    window = p.Window(since, until)
    moods = svc.checkins.moods(since, until)
    phq9 = svc.checkins.scales(m.ScaleKind.PHQ9, since, until)
    gad7 = svc.checkins.scales(m.ScaleKind.GAD7, since, until)
    markers = svc.checkins.markers(since, until)
    steps = svc.plan.dose_steps()
    sessions = svc.sessions.history(since, until)
    events = [e for s in sessions for e in svc.sessions.events(s.id)]
    reflections = [r for s in sessions for r in svc.reflections.for_session(s.id)]

    outcomes = p.session_outcomes(steps, sessions, events, reflections, window)
    by_dose = p.dose_outcomes(steps, sessions, events, reflections, window)
    dose_line = p.dose_segments(steps, window, end=now)
    mood_days = p.daily_means(((c.at, c.mood) for c in moods), zone)

    last_day = p.local_day(until - timedelta(microseconds=1) if until else now, zone)
    if since is not None:
        first_day: date | None = p.local_day(since, zone)
    else:
        starts = [
            *(c.at for c in moods[:1]),
            *(r.at for r in (*phq9[:1], *gad7[:1])),
            *(r.at for r in markers[:1]),
            *(o.session.sip_started_at for o in outcomes[:1] if o.session.sip_started_at),
            *(s.start for s in dose_line[:1]),
        ]
        first_day = p.local_day(min(starts), zone) if starts else None
    anything = moods or phq9 or gad7 or markers or outcomes or dose_line
    return ProgressData(
        window=window,
        zone=zone,
        first_day=first_day if anything else None,
        last_day=last_day,
        mood_checkins=len(moods),
        mood_days=tuple(mood_days),
        mood_trend=tuple(p.trailing_means(mood_days)),
        mood_months=tuple(p.monthly_means(((c.at, c.mood) for c in moods), zone)),
        phq9=tuple(phq9),
        gad7=tuple(gad7),
        dose_steps=tuple(sorted(steps, key=lambda s: s.effective_at)),
        dose_line=tuple(dose_line),
        sessions=tuple(outcomes),
        by_dose=tuple(by_dose),
        marker_ratings=len(markers),
        marker_months=tuple(p.marker_months(markers, zone)),
    )
