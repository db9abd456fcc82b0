"""Measurement-based care: baseline, change, response and remission, period means, charts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ketajournal.domain import models as m
from ketajournal.domain.summary.measures import chart_points, course, mood_trend, period_means
from ketajournal.domain.summary.words import span
from tests.domain.records import T0, _stamp, days
from tests.domain.summary_input import scale

PHQ9 = m.ScaleKind.PHQ9


def test_baseline_is_the_first_result_ever_even_before_the_range() -> None:
    results = [scale(PHQ9, 20, T0 - days(365)), scale(PHQ9, 9, T0 - days(20)), scale(PHQ9, 4, T0)]
    c = course(results, PHQ9, since=T0 - days(30))
    assert c.baseline is results[0] and c.latest is results[-1]
    assert [r.score for r in c.in_range] == [9, 4]
    assert (c.change, c.percent, c.response, c.remission) == (-16, -80.0, True, True)
    words = " ".join(c.sentences())
    assert "16 points (80%) lower than the baseline of 20 (severe) on 2025-03-02: better." in words
    assert "Response (50% or more below baseline): yes. Remission (below 5): yes." in words


@pytest.mark.parametrize(
    ("baseline", "latest", "response", "remission"),
    [
        (20, 10, True, False),  # exactly 50% lower: a response
        (20, 11, False, False),
        (8, 4, True, True),
        (8, 5, False, False),  # 5 is not below 5
        (5, 2, True, True),  # 5 is the lowest baseline a response is measured from
        (4, 2, None, True),  # a minimal baseline: halving it is no response to treatment
        (0, 0, None, True),  # no response can be measured from 0
    ],
)
def test_response_and_remission_at_their_boundaries(
    baseline: int, latest: int, response: bool | None, remission: bool
) -> None:
    c = course([scale(PHQ9, baseline, T0 - days(60)), scale(PHQ9, latest, T0)], PHQ9, T0)
    assert (c.response, c.remission) == (response, remission)


def test_a_higher_score_is_worse() -> None:
    c = course([scale(PHQ9, 6, T0 - days(60)), scale(PHQ9, 12, T0)], PHQ9, T0)
    assert "6 points (100%) higher than the baseline of 6 (mild)" in " ".join(c.sentences())
    assert "worse" in " ".join(c.sentences())


@pytest.mark.parametrize(("baseline", "latest"), [(1, 11), (3, 19), (4, 1)])
def test_a_minimal_baseline_gets_points_not_a_percentage(baseline: int, latest: int) -> None:
    c = course([scale(PHQ9, baseline, T0 - days(60)), scale(PHQ9, latest, T0)], PHQ9, T0)
    moved = c.sentences()[1]
    assert moved.startswith(f"{abs(latest - baseline)} points ") and "%" not in moved, moved


def test_one_result_has_no_change_and_none_says_so() -> None:
    one = course([scale(PHQ9, 7, T0)], PHQ9, T0 - days(1))
    assert one.change is None and "first result" in " ".join(one.sentences())
    none = course([], PHQ9, T0)
    assert none.sentences() == ["PHQ-9: no result recorded yet."]
    earlier = course([scale(PHQ9, 7, T0 - days(90))], PHQ9, T0 - days(30))
    assert (
        earlier.sentences()[0]
        == "PHQ-9: none in this period; the latest was 7 (mild) on 2025-12-02."
    )


def _mood(at_days: float, mood: int, **more: object) -> m.MoodCheckin:
    at = T0 + days(at_days)
    return m.MoodCheckin(**_stamp(at), at=at, mood=mood, **more)  # type: ignore[arg-type]


def test_weekly_means_and_a_trend_that_says_better_or_worse() -> None:
    moods = [_mood(0, 4, anxiety=6, sleep_hours=6.0), _mood(1, 6), _mood(14, 8), _mood(15, 7)]
    weeks = period_means(moods, weekly=True)
    assert [(w.start.isoformat(), w.count, w.mood, w.anxiety) for w in weeks] == [
        ("2026-03-02", 2, 5.0, 6.0),
        ("2026-03-16", 2, 7.5, None),
    ]
    assert mood_trend(weeks, weekly=True).endswith(": higher, better.")
    flat = period_means([_mood(0, 6), _mood(8, 6)], weekly=True)
    assert mood_trend(flat, weekly=True).endswith("about the same.")
    assert "not enough for a trend" in mood_trend(period_means([_mood(0, 6)], True), True)


def test_the_trend_names_how_many_check_ins_each_end_rests_on() -> None:
    moods = [_mood(0, 4), _mood(1, 4), _mood(2, 5), _mood(28, 7)]
    said = mood_trend(period_means(moods, weekly=True), weekly=True)
    assert "7 in the week of 2026-03-30 (1 check-in)" in said
    assert "against 4.3 in the first week with check-ins (2026-03-02, 3 check-ins)" in said
    assert said.endswith("higher, better, though one of the two rests on a single check-in.")


def test_long_ranges_chart_weekly_or_monthly_means_from_the_first_point() -> None:
    points = [(T0 + days(n), float(n % 10)) for n in range(400)]
    daily, what = chart_points(points[:100], 100)
    assert what == "each value" and len(daily) == 100
    weekly, what = chart_points(points, 400)
    assert what == "weekly means" and len(weekly) in (58, 59)
    monthly, what = chart_points(points, 3650)
    assert what == "monthly means" and len(monthly) in (14, 15)


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(minutes=45), "45 minutes"),
        (timedelta(hours=5), "5 hours"),
        (timedelta(days=2, hours=5), "2 days 5 hours"),
        (timedelta(days=16), "16 days"),
    ],
)
def test_spans_in_words(delta: timedelta, words: str) -> None:
    assert span(delta) == words


def test_plurals() -> None:
    from ketajournal.text import days, plural

    assert (days(1), days(0), days(2)) == ("1 day", "0 days", "2 days")
    assert (
        plural(1, "entry", "entries") == "1 entry" and plural(3, "entry", "entries") == "3 entries"
    )
