"""Tests the progress computations: range windows, day and month means, outcomes per dose step."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta, timezone
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest

from ketajournal.domain import models as m
from ketajournal.domain import progress as p
from ketajournal.domain import scales
from tests.domain.records import T0, days, mark, session, step, system_zone

NEW_YORK = ZoneInfo("America/New_York")
PLUS_TWO = timezone(timedelta(hours=2))


def started(at: datetime | None, mood_before: int | None = None, **kw: object) -> m.Session:
    return dataclasses.replace(session(at, **kw), mood_before=mood_before)  # type: ignore[arg-type]


def immediate(
    session_id: object,
    *effects: m.SideEffect,
    intensity: int | None = None,
    dissociation: int | None = None,
    mood_after: int | None = None,
    kind: m.ReflectionKind = m.ReflectionKind.IMMEDIATE,
) -> m.Reflection:
    return m.Reflection(
        id=uuid4(),
        created_at=T0,
        updated_at=T0,
        session_id=session_id,  # type: ignore[arg-type]
        kind=kind,
        status=m.ReflectionStatus.DONE,
        due_at=T0,
        answered_at=T0,
        intensity=intensity,
        dissociation=dissociation,
        mood_after=mood_after,
        side_effects=effects,
    )


def effect(sensation: m.Sensation, severity: m.Severity) -> m.SideEffect:
    return m.SideEffect(sensation=sensation, severity=severity)


def marker(at: datetime, kind: m.MarkerKind, value: int) -> m.ProgressMarker:
    return m.ProgressMarker(
        id=uuid4(), created_at=at, updated_at=at, at=at, marker=kind, value=value
    )


# -- range windows ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "since"),
    [
        ("month", datetime(2026, 2, 1, tzinfo=UTC)),  # 30 days, today included
        ("quarter", datetime(2025, 12, 2, tzinfo=UTC)),  # 91 days
        ("year", datetime(2025, 3, 3, tzinfo=UTC)),  # 365 days
        ("all", None),
    ],
)
def test_a_window_is_whole_days_up_to_the_end_of_today(span: str, since: datetime | None) -> None:
    window = p.window_for(span, T0, UTC)  # T0: 2026-03-02 09:00 UTC
    assert window == p.Window(since, datetime(2026, 3, 3, tzinfo=UTC))


def test_window_days_are_the_local_days_of_the_zone() -> None:
    # 03:00 UTC on 2 March is still the evening of 1 March in New York (UTC-5 in winter).
    now = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
    window = p.window_for(p.Span.MONTH, now, NEW_YORK)
    assert window.since == datetime(2026, 1, 31, 5, 0, tzinfo=UTC)
    assert window.until == datetime(2026, 3, 2, 5, 0, tzinfo=UTC)
    assert window.since.tzinfo is UTC and window.until.tzinfo is UTC


def test_a_window_over_a_clock_change_still_starts_at_local_midnight() -> None:
    now = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)  # New York moved to UTC-4 on 8 March
    window = p.window_for(p.Span.MONTH, now, NEW_YORK)
    assert window.since == datetime(2026, 2, 19, 5, 0, tzinfo=UTC)  # midnight EST
    assert window.until == datetime(2026, 3, 21, 4, 0, tzinfo=UTC)  # midnight EDT


def test_no_zone_means_the_system_local_time_with_its_summer_time() -> None:
    with system_zone("America/New_York"):
        for now in (T0, datetime(2026, 3, 20, 12, 0, tzinfo=UTC)):
            assert p.window_for("month", now, None) == p.window_for("month", now, NEW_YORK)
        late = datetime(2026, 7, 1, 3, 30, tzinfo=UTC)  # 23:30 on 30 June in New York (EDT)
        assert p.daily_means([(late, 5)], None)[0].day == date(2026, 6, 30)


def test_a_window_includes_its_start_and_excludes_its_end() -> None:
    window = p.window_for(p.Span.MONTH, T0, UTC)
    assert window.since is not None and window.until is not None
    assert window.contains(window.since)
    assert not window.contains(window.since - timedelta(microseconds=1))
    assert window.contains(window.until - timedelta(microseconds=1))
    assert not window.contains(window.until)
    assert p.Window().contains(datetime(1970, 1, 1, tzinfo=UTC))


def test_an_unknown_span_is_refused() -> None:
    with pytest.raises(ValueError):
        p.window_for("fortnight", T0, UTC)


# -- means over days and months ----------------------------------------------------------------


def test_daily_means_group_by_local_day_and_skip_empty_days() -> None:
    points = [
        (datetime(2026, 3, 1, 21, 0, tzinfo=UTC), 4),
        (datetime(2026, 3, 1, 23, 30, tzinfo=UTC), 8),  # already 2 March at UTC+2
        (datetime(2026, 3, 4, 8, 0, tzinfo=UTC), 6),
    ]
    assert p.daily_means(points, UTC) == [
        p.DayValue(date(2026, 3, 1), 6.0, 2),
        p.DayValue(date(2026, 3, 4), 6.0, 1),
    ]
    assert p.daily_means(points, PLUS_TWO) == [
        p.DayValue(date(2026, 3, 1), 4.0, 1),
        p.DayValue(date(2026, 3, 2), 8.0, 1),
        p.DayValue(date(2026, 3, 4), 6.0, 1),
    ]
    assert p.daily_means([], UTC) == []


def test_the_trailing_mean_covers_the_last_seven_calendar_days() -> None:
    start = date(2026, 3, 1)
    values = [p.DayValue(start + timedelta(days=n), float(v)) for n, v in [(0, 2), (6, 4), (7, 9)]]
    trend = p.trailing_means(values)
    assert [(d.day.day, d.value, d.count) for d in trend] == [
        (1, 2.0, 1),
        (7, 3.0, 2),  # 1 March is still within the 7 days ending on the 7th
        (8, 6.5, 2),  # ... but not within those ending on the 8th
    ]


def test_monthly_means() -> None:
    points = [
        (datetime(2026, 1, 31, 23, 0, tzinfo=UTC), 2),  # February at UTC+2
        (datetime(2026, 2, 10, 12, 0, tzinfo=UTC), 6),
    ]
    assert p.monthly_means(points, UTC) == [
        p.MonthValue(date(2026, 1, 1), 2.0, 1),
        p.MonthValue(date(2026, 2, 1), 6.0, 1),
    ]
    assert p.monthly_means(points, PLUS_TWO) == [p.MonthValue(date(2026, 2, 1), 4.0, 2)]


def test_marker_months_average_each_marker_and_leave_out_unrated_ones() -> None:
    markers = [
        marker(datetime(2026, 1, 5, tzinfo=UTC), m.MarkerKind.PERSPECTIVE, 1),
        marker(datetime(2026, 1, 25, tzinfo=UTC), m.MarkerKind.PERSPECTIVE, 2),
        marker(datetime(2026, 1, 25, tzinfo=UTC), m.MarkerKind.HOBBIES, 4),
        marker(datetime(2026, 2, 2, tzinfo=UTC), m.MarkerKind.OPENNESS, 3),
    ]
    january, february = p.marker_months(markers, UTC)
    assert january.month == date(2026, 1, 1) and january.count == 3
    assert january.means == {m.MarkerKind.PERSPECTIVE: 1.5, m.MarkerKind.HOBBIES: 4.0}
    assert january.overall == pytest.approx(2.75)
    assert february.means == {m.MarkerKind.OPENNESS: 3.0}
    assert p.marker_months([], UTC) == []


def test_band_starts_are_where_each_published_band_begins() -> None:
    assert p.band_starts(scales.PHQ9_BANDS) == [
        (5, "mild"),
        (10, "moderate"),
        (15, "moderately severe"),
        (20, "severe"),
    ]
    assert p.band_starts(scales.GAD7_BANDS) == [(5, "mild"), (10, "moderate"), (15, "severe")]


# -- the prescribed dose over time ------------------------------------------------------------

STEPS = [step(T0 - days(30), 150), step(T0 - days(60), 100), step(T0 - days(10), 200)]


def test_the_step_in_force_is_the_latest_already_effective() -> None:
    assert p.step_in_force(STEPS, T0 - days(61)) is None
    assert p.step_in_force(STEPS, T0 - days(60)).dose_mg == 100  # type: ignore[union-attr]
    assert p.step_in_force(STEPS, T0 - days(30)).dose_mg == 150  # type: ignore[union-attr]
    assert p.step_in_force(STEPS, T0).dose_mg == 200  # type: ignore[union-attr]


def test_steps_in_force_include_the_one_set_before_the_window() -> None:
    window = p.Window(T0 - days(40), T0 - days(20))
    assert [s.dose_mg for s in p.steps_in_force(STEPS, window)] == [100, 150]
    assert [s.dose_mg for s in p.steps_in_force(STEPS, p.Window())] == [100, 150, 200]
    assert p.steps_in_force([], window) == []


def test_dose_segments_are_clipped_to_the_window() -> None:
    window = p.Window(T0 - days(40), T0 + days(1))
    assert p.dose_segments(STEPS, window, end=T0) == [
        p.DoseSegment(T0 - days(40), T0 - days(30), 100),
        p.DoseSegment(T0 - days(30), T0 - days(10), 150),
        p.DoseSegment(T0 - days(10), T0, 200),
    ]
    assert p.dose_segments(STEPS, p.Window(), end=T0)[0].start == T0 - days(60)
    early = p.Window(T0 - days(90), T0 - days(50))
    assert p.dose_segments(STEPS, early, end=T0) == [
        p.DoseSegment(T0 - days(60), T0 - days(50), 100)
    ]
    assert p.dose_segments([], early, end=T0) == []


# -- outcomes per dose step ---------------------------------------------------------------------


def journey() -> tuple[list[m.Session], list[m.SessionEvent], list[m.Reflection]]:
    """Sessions under three dose steps, and one from before the first step."""
    before = started(T0 - days(70), mood_before=3)
    first = started(T0 - days(50), mood_before=4)
    second = started(T0 - days(40), mood_before=0)  # 0 is a rating, not "missing"
    # Starts exactly when 150 mg took effect; took 100 mg: it still counts under 150 mg.
    third = started(T0 - days(30), mood_before=6, prescribed=150, taken=100)
    fourth = started(T0 - days(5), mood_before=None)
    never = started(None)  # prepared, never started: not a session yet
    events = [
        mark(first.id, T0 - days(50), m.Severity.MILD, m.Sensation.NAUSEA),
        mark(first.id, T0 - days(50), m.Severity.SEVERE, m.Sensation.DIZZINESS),
        mark(first.id, T0 - days(50), m.Severity.MILD, kind=m.EventKind.NOTE),  # not a mark
        mark(third.id, T0 - days(30), m.Severity.SEVERE, m.Sensation.HEADACHE),
    ]
    reflections = [
        immediate(before.id, intensity=3, dissociation=2, mood_after=5),
        # nausea was marked during the session and reported again: it counts once
        immediate(
            first.id,
            effect(m.Sensation.NAUSEA, m.Severity.MILD),
            effect(m.Sensation.NUMBNESS, m.Severity.MODERATE),
            intensity=6,
            dissociation=4,
            mood_after=7,
        ),
        immediate(second.id, intensity=8, dissociation=6, mood_after=2),
        immediate(fourth.id, intensity=5, mood_after=8),
    ]
    return [fourth, never, third, second, first, before], events, reflections


def test_outcomes_side_by_side_per_dose_step() -> None:
    sessions, events, reflections = journey()
    rows = p.dose_outcomes(STEPS, sessions, events, reflections)
    assert [r.dose_mg for r in rows] == [None, 100, 150, 200]
    none, hundred, one_fifty, two_hundred = rows

    assert (none.sessions, none.mean_intensity, none.mean_mood_change) == (1, 3.0, 2.0)
    assert hundred.step is not None and hundred.step.effective_at == T0 - days(60)
    assert hundred.sessions == 2
    assert hundred.mean_intensity == 7.0 and hundred.mean_dissociation == 5.0
    assert (hundred.side_effects, hundred.severe) == (3, 1)  # nausea, dizziness, numbness
    assert hundred.mean_mood_change == 2.5  # ((7 - 4) + (2 - 0)) / 2
    assert hundred.mood_change_count == 2

    assert one_fifty.sessions == 1
    assert (one_fifty.mean_intensity, one_fifty.mean_dissociation) == (None, None)
    assert (one_fifty.side_effects, one_fifty.severe) == (1, 1)
    assert one_fifty.mean_mood_change is None and one_fifty.mood_change_count == 0

    assert two_hundred.sessions == 1
    assert two_hundred.mean_intensity == 5.0 and two_hundred.mean_dissociation is None
    assert two_hundred.mean_mood_change is None  # no mood before: no change to tell


def test_outcomes_count_only_sessions_in_the_window() -> None:
    sessions, events, reflections = journey()
    window = p.Window(T0 - days(45), T0 - days(20))
    rows = p.dose_outcomes(STEPS, sessions, events, reflections, window)
    # 100 mg was in force when the window began; 200 mg only came after it ended.
    assert [(r.dose_mg, r.sessions) for r in rows] == [(100, 1), (150, 1)]
    assert rows[0].mean_mood_change == 2.0  # only the session of T0-40d


def test_a_step_in_force_without_sessions_still_has_a_row() -> None:
    sessions, events, reflections = journey()
    window = p.Window(T0 - days(20), T0 - days(8))
    rows = p.dose_outcomes(STEPS, sessions, events, reflections, window)
    assert [(r.dose_mg, r.sessions, r.side_effects) for r in rows] == [(150, 0, 0), (200, 0, 0)]
    assert all(r.mean_intensity is None and r.mean_mood_change is None for r in rows)


def test_no_steps_and_no_sessions_make_an_empty_table() -> None:
    assert p.dose_outcomes([], [], [], []) == []
    only = started(T0, mood_before=5)
    rows = p.dose_outcomes([], [only], [], [immediate(only.id, mood_after=3)])
    assert [(r.step, r.sessions, r.mean_mood_change) for r in rows] == [(None, 1, -2.0)]


def test_session_outcomes_are_oldest_first_with_their_step() -> None:
    sessions, events, reflections = journey()
    outcomes = p.session_outcomes(STEPS, sessions, events, reflections)
    assert [o.session.sip_started_at for o in outcomes] == [
        T0 - days(70),
        T0 - days(50),
        T0 - days(40),
        T0 - days(30),
        T0 - days(5),
    ]
    assert [None if o.step is None else o.step.dose_mg for o in outcomes] == [
        None,
        100,
        100,
        150,
        200,
    ]


def test_side_effects_marked_and_reported_count_once_per_sensation() -> None:
    sid = uuid4()
    nausea_mark = mark(sid, T0, m.Severity.SEVERE, m.Sensation.NAUSEA)
    reported = immediate(sid, effect(m.Sensation.NAUSEA, m.Severity.SEVERE))
    assert p.side_effect_counts([nausea_mark], [reported]) == (1, 1)
    assert p.side_effect_counts([nausea_mark, nausea_mark], [reported]) == (2, 2)
    assert p.side_effect_counts([], [reported]) == (1, 1)  # reported afterwards only
    assert p.side_effect_counts([nausea_mark], []) == (1, 1)
    # marked mild at the time, reported severe afterwards: one side effect, severe
    mild = mark(sid, T0, m.Severity.MILD, m.Sensation.NAUSEA)
    assert p.side_effect_counts([mild], [reported]) == (1, 1)
    later = immediate(
        sid, effect(m.Sensation.HEADACHE, m.Severity.MILD), kind=m.ReflectionKind.FULL
    )
    assert p.side_effect_counts([mild], [reported, later]) == (2, 1)


def test_the_immediate_capture_answers_before_later_reflections() -> None:
    only = started(T0, mood_before=4)
    full = immediate(only.id, intensity=9, mood_after=9, kind=m.ReflectionKind.FULL)
    first = immediate(only.id, intensity=6)
    [outcome] = p.session_outcomes([], [only], [], [full, first])
    assert outcome.intensity == 6  # from the immediate capture
    assert outcome.mood_change == 5  # only the full reflection has a mood after
