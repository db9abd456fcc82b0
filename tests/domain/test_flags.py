"""Tests the care-team flags: each kind appears exactly when it should, and only then."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ketajournal.domain import models as m
from ketajournal.domain.flags import (
    FlagKind,
    care_team_flags,
    dose_flags,
    scale_flags,
    side_effect_flags,
    spacing_flags,
)
from tests.domain.records import (
    T0,
    days,
    mark,
    phase,
    reflection,
    scale_result,
    session,
)

WEEKLY = [phase(T0 - days(30), interval_days=7)]


def kinds(flags: list) -> list[FlagKind]:
    return [f.kind for f in flags]


# -- dose -------------------------------------------------------------------------------


def test_equal_dose_gives_no_flag() -> None:
    assert dose_flags([session(T0, prescribed=100, taken=100.0)]) == []


def test_different_dose_is_flagged_with_both_values() -> None:
    s = session(T0, prescribed=100, taken=125)
    [flag] = dose_flags([s])
    assert flag.kind is FlagKind.DOSE_DIFFERS
    assert flag.ref_id == s.id
    assert flag.at == T0
    assert flag.detail == "took 125 mg; plan said 100 mg"


def test_lower_dose_is_flagged_too() -> None:
    assert kinds(dose_flags([session(T0, prescribed=200, taken=175)])) == [FlagKind.DOSE_DIFFERS]


def test_no_prescribed_dose_gives_no_flag() -> None:
    assert dose_flags([session(T0, prescribed=None, taken=125)]) == []


# -- spacing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gap_days", "too_close"), [(6.4, True), (5, True), (6.6, False), (7, False)]
)
def test_too_close_uses_a_12_hour_tolerance(gap_days: float, too_close: bool) -> None:
    first, second = session(T0), session(T0 + days(gap_days))
    flags = spacing_flags([second, first], WEEKLY, now=T0 + days(gap_days))
    if too_close:
        [flag] = flags
        assert flag.kind is FlagKind.TOO_CLOSE
        assert flag.ref_id == second.id
        assert flag.at == T0 + days(gap_days)
        assert "every 7 days" in flag.detail
    else:
        assert flags == []


def test_exactly_half_a_day_early_is_not_too_close() -> None:
    flags = spacing_flags([session(T0), session(T0 + days(6.5))], WEEKLY, now=T0 + days(6.5))
    assert flags == []


@pytest.mark.parametrize(
    ("gap_days", "missed"), [(8, 0), (9, 0), (9.5, 1), (14, 1), (16, 1), (17, 2), (21, 2)]
)
def test_missed_sessions_between_two_sessions(gap_days: float, missed: int) -> None:
    later = T0 + days(gap_days)
    flags = spacing_flags([session(T0), session(later)], WEEKLY, now=later)
    if missed == 0:
        assert flags == []
        return
    [flag] = flags
    assert flag.kind is FlagKind.MISSED_SESSION
    assert flag.at == T0 + days(7)  # the first due date that went by
    plural = "session" if missed == 1 else "sessions"
    assert flag.detail.startswith(f"{missed} {plural} missed after 2026-03-02")


def test_the_time_since_the_last_session_counts_as_a_gap() -> None:
    only = [session(T0)]
    assert spacing_flags(only, WEEKLY, now=T0 + days(8)) == []
    assert spacing_flags(only, WEEKLY, now=T0 + days(9)) == []  # interval + grace, inclusive
    [flag] = spacing_flags(only, WEEKLY, now=T0 + days(15))
    assert flag.kind is FlagKind.MISSED_SESSION
    assert flag.detail.startswith("1 session missed")
    [flag] = spacing_flags(only, WEEKLY, now=T0 + days(24))
    assert flag.detail.startswith("3 sessions missed")


def test_unstarted_sessions_and_missing_schedule_give_no_spacing_flags() -> None:
    sessions = [session(T0), session(T0 + days(1)), session(None, status=m.SessionStatus.PREPARING)]
    assert spacing_flags(sessions, [], now=T0 + days(60)) == []
    assert spacing_flags([], WEEKLY, now=T0 + days(60)) == []


def test_spacing_uses_the_interval_in_force_at_each_session() -> None:
    phases = [phase(T0, 7), phase(T0 + days(20), 14, m.Phase.MAINTENANCE)]
    # 10 days apart in the 14-day phase: too close; 14 days apart in the 7-day phase: missed.
    sessions = [session(T0), session(T0 + days(14)), session(T0 + days(24))]
    flags = spacing_flags(sessions, phases, now=T0 + days(24))
    assert sorted(kinds(flags)) == sorted([FlagKind.MISSED_SESSION, FlagKind.TOO_CLOSE])
    too_close = next(f for f in flags if f.kind is FlagKind.TOO_CLOSE)
    assert too_close.ref_id == sessions[2].id


# -- side effects -----------------------------------------------------------------------


def test_severe_mark_is_flagged() -> None:
    s = session(T0)
    event = mark(s.id, T0 + timedelta(minutes=30), m.Severity.SEVERE, m.Sensation.DIZZINESS)
    [flag] = side_effect_flags([event])
    assert flag.kind is FlagKind.SEVERE_SIDE_EFFECT
    assert flag.ref_id == s.id
    assert flag.at == event.at
    assert flag.detail == "severe dizziness during the session"


@pytest.mark.parametrize("severity", [m.Severity.MILD, m.Severity.MODERATE])
def test_milder_marks_are_not_flagged(severity: m.Severity) -> None:
    s = session(T0)
    assert side_effect_flags([mark(s.id, T0, severity)]) == []


def test_severity_on_a_non_mark_event_is_not_flagged() -> None:
    s = session(T0)
    note = mark(s.id, T0, m.Severity.SEVERE, kind=m.EventKind.NOTE)
    assert side_effect_flags([note]) == []


def test_severe_effect_reported_afterwards_is_flagged() -> None:
    s = session(T0)
    answered = T0 + days(1)
    r = reflection(
        s.id,
        m.SideEffect(sensation=m.Sensation.HEADACHE, severity=m.Severity.SEVERE),
        m.SideEffect(sensation=m.Sensation.NAUSEA, severity=m.Severity.MODERATE),
        answered_at=answered,
    )
    [flag] = side_effect_flags([], [r])
    assert flag.kind is FlagKind.SEVERE_SIDE_EFFECT
    assert flag.at == answered
    assert flag.ref_id == s.id
    assert flag.detail == "severe headache reported afterwards"


def test_unanswered_reflection_flag_is_dated_when_due() -> None:
    s = session(T0)
    due = T0 + days(2)
    r = reflection(
        s.id, m.SideEffect(sensation=m.Sensation.NAUSEA, severity=m.Severity.SEVERE), due_at=due
    )
    assert [f.at for f in side_effect_flags([], [r])] == [due]


def test_severe_effect_both_marked_and_reflected_gives_one_flag() -> None:
    s = session(T0)
    event = mark(s.id, T0 + timedelta(minutes=20), m.Severity.SEVERE, m.Sensation.NAUSEA)
    r = reflection(
        s.id,
        m.SideEffect(sensation=m.Sensation.NAUSEA, severity=m.Severity.SEVERE),
        answered_at=T0 + days(1),
    )
    flags = side_effect_flags([event], [r, r])
    assert len(flags) == 1
    assert flags[0].detail == "severe nausea during the session"


def test_same_sensation_in_another_session_is_a_separate_flag() -> None:
    first, second = session(T0), session(T0 + days(7))
    event = mark(first.id, T0, m.Severity.SEVERE, m.Sensation.NAUSEA)
    r = reflection(
        second.id,
        m.SideEffect(sensation=m.Sensation.NAUSEA, severity=m.Severity.SEVERE),
        answered_at=T0 + days(8),
    )
    flags = side_effect_flags([event], [r])
    assert [f.ref_id for f in flags] == [first.id, second.id]


def test_multi_word_sensation_is_deduplicated_too() -> None:
    s = session(T0)
    event = mark(s.id, T0, m.Severity.SEVERE, m.Sensation.BLURRY_VISION)
    r = reflection(
        s.id,
        m.SideEffect(sensation=m.Sensation.BLURRY_VISION, severity=m.Severity.SEVERE),
        answered_at=T0 + days(1),
    )
    assert len(side_effect_flags([event], [r])) == 1


# -- scales -----------------------------------------------------------------------------


def test_phq9_item9_is_flagged() -> None:
    result = scale_result(m.ScaleKind.PHQ9, item9_positive=True)
    [flag] = scale_flags([result])
    assert flag.kind is FlagKind.PHQ9_ITEM9
    assert flag.ref_id == result.id
    assert flag.at == T0


def test_phq9_without_item9_and_gad7_are_never_flagged() -> None:
    results = [
        scale_result(m.ScaleKind.PHQ9, item9_positive=False, score=27),
        scale_result(m.ScaleKind.GAD7, item9_positive=True, score=21),
        scale_result(m.ScaleKind.MADRS, item9_positive=True, score=50),
    ]
    assert scale_flags(results) == []


# -- all together -----------------------------------------------------------------------


def test_care_team_flags_combines_every_kind_oldest_first() -> None:
    first = session(T0, prescribed=100, taken=125)
    second = session(T0 + days(5))
    events = [mark(second.id, T0 + days(5) + timedelta(hours=1), m.Severity.SEVERE)]
    results = [scale_result(m.ScaleKind.PHQ9, True, at=T0 + days(6))]
    flags = care_team_flags(
        sessions=[second, first],
        phases=WEEKLY,
        events=events,
        reflections=[],
        scales=results,
        now=T0 + days(26),
    )
    assert kinds(flags) == [
        FlagKind.DOSE_DIFFERS,  # day 0
        FlagKind.TOO_CLOSE,  # day 5
        FlagKind.SEVERE_SIDE_EFFECT,  # day 5 + 1 h
        FlagKind.PHQ9_ITEM9,  # day 6
        FlagKind.MISSED_SESSION,  # day 12: 21 days since the last session
    ]
    assert flags[-1].detail.startswith("2 sessions missed")
    assert [f.at for f in flags] == sorted(f.at for f in flags)


def test_nothing_to_flag() -> None:
    sessions = [session(T0), session(T0 + days(7))]
    flags = care_team_flags(
        sessions=sessions,
        phases=WEEKLY,
        events=[mark(sessions[0].id, T0, m.Severity.MILD)],
        reflections=[],
        scales=[scale_result(m.ScaleKind.PHQ9, False)],
        now=T0 + days(8),
    )
    assert flags == []
