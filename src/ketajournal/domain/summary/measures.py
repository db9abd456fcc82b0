"""Measurement-based care: baseline, latest, change, response and remission; period means.

For PHQ-9 and GAD-7 the baseline is the first result ever (even before the range), the
latest is the last one up to the end of the range. Response is a drop of 50% or more from
baseline; remission is a score below 5. Lower is better on both scales; higher is better
for mood and energy, lower for anxiety, and the words say which.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ketajournal.domain.models import MoodCheckin, ScaleKind, ScaleResult
from ketajournal.domain.summary.words import change_words, day, number
from ketajournal.text import plural

NAME = {ScaleKind.PHQ9: "PHQ-9", ScaleKind.GAD7: "GAD-7"}
RESPONSE_DROP = 0.5
REMISSION_BELOW = 5


@dataclass(frozen=True, slots=True)
class Course:
    """One scale's course: baseline, latest, and the results in the range."""

    scale: ScaleKind
    baseline: ScaleResult | None
    latest: ScaleResult | None
    in_range: tuple[ScaleResult, ...]

    @property
    def name(self) -> str:
        return NAME[self.scale]

    @property
    def change(self) -> int | None:
        if self.baseline is None or self.latest is None or self.latest is self.baseline:
            return None
        return self.latest.score - self.baseline.score

    @property
    def percent(self) -> float | None:
        """None from a minimal baseline (below 5): a percentage of it says little and sounds
        alarming (1 to 11 is "1000% higher"); the points say it."""
        if self.change is None or self.baseline is None:
            return None
        if self.baseline.score < REMISSION_BELOW:
            return None
        return 100 * self.change / self.baseline.score

    @property
    def response(self) -> bool | None:
        """None where it means nothing: no change yet, or a minimal baseline (below 5), from
        which halving a score of 4 is no response to treatment."""
        if self.change is None or self.baseline is None:
            return None
        if self.baseline.score < REMISSION_BELOW:
            return None
        assert self.latest is not None
        return self.latest.score <= self.baseline.score * (1 - RESPONSE_DROP)

    @property
    def remission(self) -> bool | None:
        return None if self.latest is None else self.latest.score < REMISSION_BELOW

    def sentences(self) -> list[str]:
        """The course in plain words, each sentence one fact."""
        if self.latest is None or self.baseline is None:
            return [f"{self.name}: no result recorded yet."]
        latest = f"{self.latest.score} ({self.latest.band}) on {day(self.latest.at)}"
        if not self.in_range:
            head = f"{self.name}: none in this period; the latest was {latest}."
        else:
            head = f"{self.name}: latest {latest}."
        if self.change is None:
            return [head, "It is the first result, so there is no change to report yet."]
        base = f"{self.baseline.score} ({self.baseline.band}) on {day(self.baseline.at)}"
        if self.change == 0:
            moved = f"The same as the baseline of {base}."
        else:
            pct = f" ({abs(self.percent):.0f}%)" if self.percent is not None else ""
            direction = "lower" if self.change < 0 else "higher"
            moved = (
                f"{plural(abs(self.change), 'point')}{pct} {direction} than the baseline of "
                f"{base}: {change_words(self.change, lower_is_better=True)}."
            )
        response = {True: "yes", False: "no", None: "not applicable (baseline below 5)"}[
            self.response
        ]
        remission = "yes" if self.remission else "no"
        return [
            head,
            moved,
            f"Response (50% or more below baseline): {response}. "
            f"Remission (below {REMISSION_BELOW}): {remission}.",
        ]


def course(results: Sequence[ScaleResult], scale: ScaleKind, since: datetime) -> Course:
    """`results`: every self-rated result of `scale` up to the end of the range, oldest first."""
    mine = [r for r in results if r.scale is scale]
    return Course(
        scale=scale,
        baseline=mine[0] if mine else None,
        latest=mine[-1] if mine else None,
        in_range=tuple(r for r in mine if r.at >= since),
    )


# -- period means ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PeriodMeans:
    """Means of the daily check-ins in one week or month (local days)."""

    start: date
    count: int
    mood: float | None
    anxiety: float | None
    sleep: float | None
    energy: float | None


def period_of(day_: date, weekly: bool) -> date:
    return day_ - timedelta(days=day_.weekday()) if weekly else day_.replace(day=1)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def period_means(moods: Iterable[MoodCheckin], weekly: bool) -> list[PeriodMeans]:
    """Weekly (from Monday) or monthly means of the check-ins, oldest first."""
    grouped: dict[date, list[MoodCheckin]] = defaultdict(list)
    for checkin in moods:
        grouped[period_of(checkin.at.astimezone().date(), weekly)].append(checkin)
    return [
        PeriodMeans(
            start=start,
            count=len(items),
            mood=_mean([float(c.mood) for c in items]),
            anxiety=_mean([float(c.anxiety) for c in items if c.anxiety is not None]),
            sleep=_mean([c.sleep_hours for c in items if c.sleep_hours is not None]),
            energy=_mean([float(c.energy) for c in items if c.energy is not None]),
        )
        for start, items in sorted(grouped.items())
    ]


def mood_trend(periods: Sequence[PeriodMeans], weekly: bool) -> str:
    """The mood of the first and the last week (or month) with check-ins, in plain words."""
    rated = [p for p in periods if p.mood is not None]
    if not rated:
        return "Mood (0-10): no check-ins in this period."
    unit = "week" if weekly else "month"
    total = sum(p.count for p in rated)
    if len(rated) == 1:
        return (
            f"Mood (0-10): a mean of {number(rated[0].mood)} from {plural(total, 'check-in')}, "
            f"all in one {unit}: not enough for a trend."
        )
    first, last = rated[0], rated[-1]
    assert first.mood is not None and last.mood is not None
    change = last.mood - first.mood
    verdict = (
        "about the same"
        if abs(change) < 1
        else ("higher, better" if change > 0 else "lower, worse")
    )
    if abs(change) >= 1 and min(first.count, last.count) < 2:  # a change claimed on one point
        verdict += ", though one of the two rests on a single check-in"
    return (
        f"Mood (0-10, {unit}ly means of {plural(total, 'check-in')}): {number(last.mood)} in "
        f"the {unit} of {last.start.isoformat()} ({plural(last.count, 'check-in')}) against "
        f"{number(first.mood)} in the first {unit} with check-ins ({first.start.isoformat()}, "
        f"{plural(first.count, 'check-in')}): {verdict}."
    )


def chart_points(
    points: Iterable[tuple[datetime, float]], span_days: float
) -> tuple[list[tuple[datetime, float]], str]:
    """Points for a chart over `span_days`: daily values, or weekly or monthly means on long
    ranges so that years of data stay readable. Returns the points and what they are."""
    pairs = list(points)
    if span_days <= 120:
        return pairs, "each value"
    weekly = span_days <= 730
    grouped: dict[date, list[float]] = defaultdict(list)
    for at, value in pairs:
        grouped[period_of(at.astimezone().date(), weekly)].append(value)
    means = [
        (datetime.combine(start, time(12)).astimezone(), sum(v) / len(v))
        for start, v in sorted(grouped.items())
    ]
    return means, "weekly means" if weekly else "monthly means"
