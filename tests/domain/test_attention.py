"""What needs attention: each rule at, below and above its boundary, and the order of all."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from ketajournal.domain import models as m
from ketajournal.domain.summary.attention import Kind, Level, needs_attention
from ketajournal.domain.summary.spacing import Verdict, spacing_flags, tolerance
from tests.domain.records import T0, _stamp, days, phase
from tests.domain.summary_input import bp_event, make_input, scale, started

PHQ9, GAD7 = m.ScaleKind.PHQ9, m.ScaleKind.GAD7


def kinds(data_kwargs: dict) -> list[Kind]:
    return [c.kind for c in needs_attention(make_input(**data_kwargs)).concerns]


# -- PHQ-9 item 9 ------------------------------------------------------------------------


def test_item9_in_range_is_urgent_with_its_value_and_date() -> None:
    answers = (1, 1, 1, 1, 1, 1, 1, 1, 2)
    data = make_input(scales=[scale(PHQ9, 10, T0, answers)])
    [item9] = needs_attention(data).concerns
    assert item9.kind is Kind.ITEM9 and item9.level is Level.URGENT
    assert "answered 2 (more than half the days) on 2026-03-02" in item9.text


def test_item9_before_the_range_is_named_as_the_last_positive_answer() -> None:
    before = scale(PHQ9, 10, T0 - days(120), (1, 1, 1, 1, 1, 1, 1, 1, 1))
    older = scale(PHQ9, 12, T0 - days(200), (1, 1, 1, 1, 1, 1, 1, 1, 3))
    zero = scale(PHQ9, 9, T0, (1, 1, 1, 1, 1, 1, 1, 2, 0))
    attention = needs_attention(make_input(scales=[older, before, zero]))
    assert attention.item9_before == before
    assert Kind.ITEM9 not in [c.kind for c in attention.concerns]


# -- worse scores ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scale_kind", "before", "after", "flagged"),
    [
        (PHQ9, 10, 15, True),  # 5 points: worsening
        (PHQ9, 10, 14, False),  # 4 points within the moderate band: not
        (GAD7, 5, 9, True),  # 4 points on GAD-7: worsening
        (GAD7, 5, 8, False),  # 3 points within mild: not
    ],
)
def test_a_rise_of_the_threshold_is_worsening(
    scale_kind: m.ScaleKind, before: int, after: int, flagged: bool
) -> None:
    results = [scale(scale_kind, before, T0 - days(14)), scale(scale_kind, after, T0)]
    found = needs_attention(make_input(scales=results)).concerns
    assert (Kind.WORSENING in [c.kind for c in found]) is flagged
    if flagged:
        assert found[0].level is Level.HIGH
        assert f"up {after - before} points from {before}" in found[0].text


def test_a_rise_from_the_best_of_the_prior_eight_weeks() -> None:
    results = [
        scale(PHQ9, 5, T0 - days(8 * 7 - 1)),  # inside the eight weeks
        scale(PHQ9, 8, T0 - days(14)),
        scale(PHQ9, 10, T0),  # +2 from the previous, +5 from the best
    ]
    [found] = needs_attention(make_input(scales=results)).concerns
    assert found.level is Level.HIGH
    assert "5 points above the best of the previous 8 weeks (5 on" in found.text
    outside = [replace(results[0], at=T0 - days(8 * 7 + 1)), *results[1:]]
    [band_only] = needs_attention(make_input(scales=outside)).concerns
    assert band_only.level is Level.MODERATE and "points" not in band_only.text


def test_a_move_into_a_worse_band_alone_is_moderate() -> None:
    results = [scale(PHQ9, 4, T0 - days(14)), scale(PHQ9, 5, T0)]
    [found] = needs_attention(make_input(scales=results)).concerns
    assert found.level is Level.MODERATE and "from minimal to mild" in found.text


def test_a_better_score_is_never_a_concern() -> None:
    results = [scale(PHQ9, 20, T0 - days(14)), scale(PHQ9, 4, T0)]
    assert needs_attention(make_input(scales=results)).concerns == ()


# -- blood pressure ----------------------------------------------------------------------


def _bp_kinds(systolic: int, diastolic: int, limits: tuple[int, int] | None = None) -> list:
    session = started(T0)
    plan = None
    if limits:
        plan = m.Plan(
            **_stamp(),
            medication="Ketamine",
            form=m.MedicationForm.SOLUTION,
            bp_limit_systolic=limits[0],
            bp_limit_diastolic=limits[1],
        )
    data = make_input(
        sessions=[session], events=[bp_event(session, 40, systolic, diastolic)], plan=plan
    )
    return [(c.kind, c.level) for c in needs_attention(data).concerns]


@pytest.mark.parametrize(
    ("systolic", "diastolic", "expected"),
    [
        (139, 89, []),
        (140, 80, [(Kind.BP_HIGH, Level.HIGH)]),  # stage 2 from 140 systolic
        (120, 90, [(Kind.BP_HIGH, Level.HIGH)]),  # or from 90 diastolic
        (180, 120, [(Kind.BP_HIGH, Level.HIGH)]),  # at the crisis line: still stage 2
        (181, 100, [(Kind.BP_CRISIS, Level.URGENT)]),  # above 180: crisis
        (150, 121, [(Kind.BP_CRISIS, Level.URGENT)]),  # above 120: crisis
    ],
)
def test_blood_pressure_against_the_aha_categories(
    systolic: int, diastolic: int, expected: list
) -> None:
    assert _bp_kinds(systolic, diastolic) == expected


@pytest.mark.parametrize(
    ("systolic", "diastolic", "expected"),
    [
        (145, 92, []),  # stage 2 by the AHA, but within the care team's limit
        (150, 95, []),  # at the limit
        (151, 90, [(Kind.BP_HIGH, Level.HIGH)]),  # above the systolic limit
        (140, 96, [(Kind.BP_HIGH, Level.HIGH)]),  # above the diastolic limit
        (185, 100, [(Kind.BP_CRISIS, Level.URGENT)]),  # a crisis is always flagged
    ],
)
def test_blood_pressure_against_the_care_teams_limits(
    systolic: int, diastolic: int, expected: list
) -> None:
    assert _bp_kinds(systolic, diastolic, limits=(150, 95)) == expected


def test_a_reading_says_when_it_was_taken_and_against_what() -> None:
    session = started(T0, bp_before_systolic=142, bp_before_diastolic=88)
    data = make_input(sessions=[session], events=[bp_event(session, 40, 146, 92)])
    texts = [c.text for c in needs_attention(data).concerns]
    assert any(t.startswith("146/92, 40 minutes after the dose") for t in texts)
    assert any(t.startswith("142/88, before the dose") for t in texts)
    assert all("the American Heart Association's categories" in t for t in texts)


# -- sessions: side effects, dose, preparation -------------------------------------------


def test_severe_side_effects_dose_meal_gap_and_support() -> None:
    session = started(
        T0,
        taken_dose_mg=125.0,
        last_meal_at=T0 - timedelta(hours=3),
        support_name=None,
    )
    mark = m.SessionEvent(
        **_stamp(T0),
        session_id=session.id,
        at=T0 + timedelta(minutes=30),
        kind=m.EventKind.MARK,
        sensation=m.Sensation.NAUSEA,
        severity=m.Severity.SEVERE,
    )
    found = needs_attention(make_input(sessions=[session], events=[mark])).concerns
    assert [c.kind for c in found] == [
        Kind.SEVERE_SIDE_EFFECT,
        Kind.DOSE_DIFFERS,
        Kind.MEAL_GAP,
        Kind.NO_SUPPORT,
    ]
    assert "took 125 mg; the plan said 100 mg" in found[1].text
    assert "3 hours after the last meal (the meal gap in the settings: 4 hours)" in found[2].text


@pytest.mark.parametrize(
    ("asked", "before", "during", "status", "flagged"),
    [
        (True, None, None, m.SessionStatus.ENDED, True),  # asked for, none taken
        (True, (120, 80), None, m.SessionStatus.ENDED, False),  # one before the dose is one
        (True, None, (120, 80), m.SessionStatus.ENDED, False),  # as is one during it
        (True, None, None, m.SessionStatus.RUNNING, False),  # still running: not yet
        (False, None, None, m.SessionStatus.ENDED, False),  # not asked for
    ],
)
def test_a_session_without_the_reading_the_care_team_asks_for(
    asked: bool,
    before: tuple[int, int] | None,
    during: tuple[int, int] | None,
    status: m.SessionStatus,
    flagged: bool,
) -> None:
    plan = m.Plan(
        **_stamp(), medication="Ketamine", form=m.MedicationForm.SOLUTION, bp_required=asked
    )
    session = started(
        T0,
        status=status,
        bp_before_systolic=before[0] if before else None,
        bp_before_diastolic=before[1] if before else None,
    )
    events = [bp_event(session, 40, *during)] if during else []
    attention = needs_attention(make_input(sessions=[session], events=events, plan=plan))
    found = [c for c in attention.concerns if c.kind is Kind.NO_BP]
    assert bool(found) is flagged
    if flagged:
        assert found[0].level is Level.LOW
        assert found[0].text == (
            "session of 2026-03-02: none recorded, though the care team asks for one"
        )
    assert ("blood pressure taken" in " ".join(attention.checked)) is asked


def test_two_sessions_on_one_day_are_told_apart_by_their_time() -> None:
    morning, evening = started(T0, support_name=None), started(T0 + timedelta(hours=8))
    other_day = started(T0 - days(3), support_name=None)
    found = needs_attention(make_input(sessions=[morning, evening, other_day])).concerns
    texts = sorted(c.text for c in found if c.kind is Kind.NO_SUPPORT)
    assert texts == [
        "session of 2026-02-27: nobody was named as the support person",
        "session of 2026-03-02 09:00: nobody was named as the support person",
    ]
    evening_high = make_input(sessions=[morning, evening], events=[bp_event(evening, 40, 150, 95)])
    [high] = [c for c in needs_attention(evening_high).concerns if c.kind is Kind.BP_HIGH]
    assert "(session of 2026-03-02 17:00)" in high.text


def test_a_meal_at_the_gap_is_fine() -> None:
    session = started(T0, last_meal_at=T0 - timedelta(hours=4))
    assert needs_attention(make_input(sessions=[session])).concerns == ()


def test_most_serious_first() -> None:
    session = started(T0 - days(2), taken_dose_mg=90.0)
    data = make_input(
        sessions=[session],
        events=[bp_event(session, 40, 190, 100)],
        scales=[
            scale(PHQ9, 10, T0 - days(20)),
            scale(PHQ9, 16, T0 - days(1), (2, 2, 2, 2, 2, 2, 2, 1, 1)),
        ],
    )
    levels = [c.level for c in needs_attention(data).concerns]
    assert levels == sorted(levels)
    assert [c.kind for c in needs_attention(data).concerns][:3] == [
        Kind.ITEM9,
        Kind.BP_CRISIS,
        Kind.WORSENING,
    ]


def test_nothing_found_still_says_what_was_checked() -> None:
    session = started(T0)
    data = make_input(
        sessions=[session], scales=[scale(PHQ9, 3, T0)], phases=[phase(T0 - days(30))]
    )
    attention = needs_attention(data)
    assert attention.concerns == ()
    checked = " ".join(attention.checked)
    assert "PHQ-9 item 9 in 1 result" in checked
    assert "0 blood pressure readings against the American Heart Association's" in checked
    assert "in 1 session" in checked and "spacing against the schedule" in checked


# -- spacing -----------------------------------------------------------------------------


@pytest.mark.parametrize(("interval", "days_"), [(7, 1), (14, 2), (21, 3), (28, 4), (3, 1)])
def test_the_tolerance_grows_with_the_interval(interval: int, days_: int) -> None:
    assert tolerance(interval) == timedelta(days=days_)


def _verdicts(interval: int, gap: timedelta) -> list[Verdict]:
    phases = [phase(T0 - days(60), interval_days=interval)]
    flags = spacing_flags([T0, T0 + gap], phases, T0, T0 + gap + days(1), T0 + gap + days(1))
    return [f.verdict for f in flags if f.at == T0 + gap]


@pytest.mark.parametrize(
    ("interval", "gap", "expected"),
    [
        (7, days(8), []),  # a day late on a weekly schedule: on time
        (7, days(8) + timedelta(hours=1), [Verdict.LATE]),
        (7, days(14) - timedelta(hours=1), [Verdict.LATE]),  # late, not missed
        (7, days(14), [Verdict.MISSED]),  # a whole interval went by after the due date
        (7, days(6), []),
        (7, days(5), [Verdict.EARLY]),
        (14, days(16) + timedelta(hours=5), [Verdict.LATE]),  # 2 days 5 hours late
        (14, days(16), []),
        (14, days(28), [Verdict.MISSED]),
        (28, days(27), []),  # a day early on a 28-day schedule: on time
        (28, days(23), [Verdict.EARLY]),
        (28, days(32), []),
        (28, days(33), [Verdict.LATE]),
        (28, days(56), [Verdict.MISSED]),
    ],
)
def test_late_is_not_missed(interval: int, gap: timedelta, expected: list[Verdict]) -> None:
    assert _verdicts(interval, gap) == expected


def test_the_words_of_late_and_missed() -> None:
    phases = [phase(T0 - days(60), interval_days=14)]
    end = T0 + days(60)
    late, missed = spacing_flags(
        [T0, T0 + days(16) + timedelta(hours=5), T0 + days(46) + timedelta(hours=5)],
        phases,
        T0,
        end,
        end - days(10),
    )
    assert late.text.endswith(
        "2 days 5 hours late: 16 days 5 hours after the previous session on a schedule of "
        "every 14 days"
    )
    assert missed.text.endswith(
        "1 session missed: 30 days between sessions on a schedule of every 14 days"
    )


def test_after_a_schedule_change_either_cadence_is_on_time_and_a_flag_names_it() -> None:
    phases = [
        phase(T0 - days(30), interval_days=7),
        phase(T0 + days(3), interval_days=14, kind=m.Phase.MAINTENANCE),
    ]
    on_new = spacing_flags([T0, T0 + days(14)], phases, T0, T0 + days(15), T0 + days(15))
    assert on_new == []
    on_old = spacing_flags([T0, T0 + days(7)], phases, T0, T0 + days(8), T0 + days(8))
    assert on_old == []
    [late] = spacing_flags([T0, T0 + days(20)], phases, T0, T0 + days(21), T0 + days(21))
    assert late.verdict is Verdict.LATE
    assert "the schedule changed on 2026-03-05 from every 7 days to every 14 days" in late.text


def test_a_flag_belongs_to_the_range_of_the_session_it_explains() -> None:
    phases = [phase(T0 - days(60), interval_days=7)]
    starts = [T0, T0 + days(30)]  # due on day 7, long before the range below
    inside = spacing_flags(starts, phases, T0 + days(25), T0 + days(31), T0 + days(31))
    assert [f.verdict for f in inside] == [Verdict.MISSED]
    assert inside[0].at == T0 + days(30)
    assert spacing_flags(starts, phases, T0 + days(31), T0 + days(32), T0 + days(32)) == []


@pytest.mark.parametrize(
    ("elapsed", "expected"),
    [(days(7), []), (days(9), [Verdict.LATE]), (days(14), [Verdict.MISSED])],
)
def test_no_session_since(elapsed: timedelta, expected: list[Verdict]) -> None:
    phases = [phase(T0 - days(60), interval_days=7)]
    flags = spacing_flags([T0], phases, T0, T0 + elapsed, T0 + elapsed)
    assert [f.verdict for f in flags] == expected
    if expected == [Verdict.LATE]:
        assert flags[0].text.startswith("no session since 2026-03-02 (9 days)")
