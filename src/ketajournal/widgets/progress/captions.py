"""The progress view's sentences: pure functions of the data, tested without an app.

Each tab says one of three things: nothing yet (and where to look), one value (in a
sentence, as a chart of one point would mislead), or a caption under its chart that
names every symbol on it (the chart itself carries no legend over the data).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from ketajournal.domain import models as m
from ketajournal.domain import progress as p
from ketajournal.domain import scales
from ketajournal.service.progress import ProgressData
from ketajournal.text import plural

SPAN_LABEL = {
    p.Span.MONTH: "Last month",
    p.Span.QUARTER: "Last 3 months",
    p.Span.YEAR: "Last year",
    p.Span.ALL: "All time",
}
SPAN_KEY = {p.Span.MONTH: "1", p.Span.QUARTER: "2", p.Span.YEAR: "3", p.Span.ALL: "4"}
MARKER_LABEL = {
    m.MarkerKind.PERSPECTIVE: "Perspective",
    m.MarkerKind.SELF_PATIENCE: "Self-patience",
    m.MarkerKind.STRESS_RESPONSE: "Stress response",
    m.MarkerKind.OPENNESS: "Openness",
    m.MarkerKind.HOBBIES: "Hobbies",
}
SCALE_BANDS = {m.ScaleKind.PHQ9: scales.PHQ9_BANDS, m.ScaleKind.GAD7: scales.GAD7_BANDS}
SCALE_NAME = {m.ScaleKind.PHQ9: "PHQ-9", m.ScaleKind.GAD7: "GAD-7"}
SESSION_MARK = "▲"  # a session day, along the bottom of the mood chart
DASH = "–"
PERIOD_WORD = {"day": "daily", "week": "weekly", "month": "monthly"}


def short(value: float) -> str:
    """6.0 -> "6", 6.25 -> "6.2": one decimal, none when it is a whole number."""
    return f"{value:.1f}".removesuffix(".0")


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to below `top`: steps of 1, 2, 2.5 or 5 times a power of 10."""
    raw = top / count
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(f * power for f in (1, 2, 2.5, 5, 10) if f * power >= raw)
    return [round(i * step, 6) for i in range(int(top // step) + 1)]


def summary(data: ProgressData, span: p.Span) -> str:
    if data.empty or data.first_day is None:
        return (
            "Nothing recorded in this range yet."
            if span is not p.Span.ALL
            else "Nothing recorded yet."
        )
    sessions = plural(len(data.sessions), "session")
    return f"{data.first_day:%Y-%m-%d} to {data.last_day:%Y-%m-%d} · {sessions}"


def nothing(what: str, span: p.Span) -> str:
    if span is p.Span.ALL:
        return f"No {what} yet."
    return f"No {what} in this range. Press 4 to look at all time."


# -- mood -------------------------------------------------------------------------------------


def mood_period(data: ProgressData) -> str:
    """How the mood chart groups days for this range: "day", "week" or "month"."""
    if data.first_day is None:
        return "day"
    return p.period_for(data.first_day, data.last_day)


def mood_empty(data: ProgressData, span: p.Span) -> str | None:
    """The sentence instead of a chart, or None when there is a chart to draw."""
    days = data.mood_days
    if not days:
        return nothing("mood check-ins", span)
    if len(days) == 1:
        only = days[0]
        return (
            f"One day with a mood check-in in this range: {short(only.value)} of 10 on "
            f"{only.day:%Y-%m-%d}. The chart appears once there are two days to compare."
        )
    return None


def mood_caption(data: ProgressData) -> str:
    days = data.mood_days
    mean = sum(d.value for d in days) / len(days)
    counted = (
        f"{plural(data.mood_checkins, 'check-in')} on {plural(len(days), 'day')}, mean {mean:.1f}"
    )
    period = mood_period(data)
    if period == "day":
        drawn = f"dots are the mean of each day ({counted}), the line the {p.TREND_DAYS}-day mean"
    else:
        drawn = f"each point is a {PERIOD_WORD[period]} mean, joined by a line ({counted})"
    return f"Mood 0-10: {drawn}; {SESSION_MARK} along the bottom marks a session."


# -- PHQ-9 and GAD-7 ---------------------------------------------------------------------------


def scale_results(data: ProgressData, kind: m.ScaleKind) -> tuple[m.ScaleResult, ...]:
    return data.phq9 if kind is m.ScaleKind.PHQ9 else data.gad7


def scale_empty(data: ProgressData, kind: m.ScaleKind, span: p.Span) -> str | None:
    name, results = SCALE_NAME[kind], scale_results(data, kind)
    top = SCALE_BANDS[kind][-1][0]
    if not results:
        return nothing(f"{name} results", span)
    if len(results) == 1:
        only = results[0]
        return (
            f"One {name} in this range: {only.score} of {top} ({only.band or 'no band'}) on "
            f"{data.day(only.at):%Y-%m-%d}. The chart appears from the second one."
        )
    return None


def scale_caption(data: ProgressData, kind: m.ScaleKind) -> str:
    name, results = SCALE_NAME[kind], scale_results(data, kind)
    top = SCALE_BANDS[kind][-1][0]
    first, last = results[0], results[-1]
    return (
        f"{name} 0-{top}, {plural(len(results), 'result')}. Latest {last.score} "
        f"({last.band}) on {data.day(last.at):%Y-%m-%d}; first in this range {first.score} "
        f"({first.band}). Faint lines mark where the published bands begin."
    )


# -- dose ---------------------------------------------------------------------------------------


def dose_days(data: ProgressData) -> set[date]:
    """The days the dose chart would span: its segments' ends and the sessions taken."""
    days = {data.day(s.start) for s in data.dose_line} | {data.day(s.end) for s in data.dose_line}
    days |= {
        data.day(o.session.sip_started_at)
        for o in data.sessions
        if o.session.sip_started_at and o.session.taken_dose_mg is not None
    }
    return days


def dose_empty(data: ProgressData) -> str | None:
    if len(dose_days(data)) >= 2 and data.first_day is not None:
        return None
    if not data.dose_steps:
        return (
            "No prescribed dose recorded yet. The plan screen keeps the doses your care team "
            "sets; they are charted here with your sessions."
        )
    current = data.dose_steps[-1]
    sessions = (
        "No sessions in this range yet."
        if not data.sessions
        else f"{plural(len(data.sessions), 'session')} in this range."
    )
    return (
        f"Prescribed dose: {current.dose_mg:g} mg since "
        f"{data.day(current.effective_at):%Y-%m-%d}, as your care team set it. {sessions}"
    )


def dose_caption(data: ProgressData, differed: int) -> str:
    return (
        "The line is the prescribed dose as your care team set it; ● a session at the dose "
        f"taken, ◆ one that differed from the plan ({plural(len(data.sessions), 'session')}"
        + (f", {differed} differing" if differed else "")
        + ")."
    )


# -- by dose, markers -------------------------------------------------------------------------

BY_DOSE_COLUMNS = ("From", "Dose", "Sess.", "Intens.", "Dissoc.", "Effects", "Mood ±")


def by_dose_caption(rows: Sequence[p.DoseOutcome]) -> str:
    if not rows:
        return ""
    return (
        "Each session counts under the dose step in force when it started. Intens. and "
        "Dissoc.: mean intensity and dissociation (0-10) after the sessions; Effects: side "
        "effects marked or reported (severe ones in brackets); Mood ±: mood after minus mood "
        "before. Your own records, to discuss with your care team; not advice."
    )


def by_dose_empty(rows: Sequence[p.DoseOutcome], span: p.Span) -> str | None:
    if not rows:
        return "Nothing to set side by side yet: no dose steps and no sessions in this range."
    if not any(o.sessions for o in rows):
        return nothing("sessions", span)
    return None


def markers_empty(data: ProgressData, span: p.Span) -> str | None:
    if data.marker_months:
        return None
    return (
        "Progress markers (perspective, patience with yourself, responding to stress, "
        "openness, hobbies) are rated in the follow-up reflections. " + nothing("ratings", span)
    )


def markers_caption(data: ProgressData) -> str:
    if not data.marker_months:
        return ""
    return (
        "Mean of each progress marker per month, 0 (not at all) to 4 (very much), from "
        f"{plural(data.marker_ratings, 'rating')}."
    )
