"""Tests when the next session is due: phase start, last session plus interval, phase changes."""

from __future__ import annotations

from datetime import timedelta

from ketajournal.domain import models as m
from ketajournal.domain.schedule import active_phase, minimum_gap, next_due
from tests.domain.records import T0, days, phase


def test_no_phases_means_nothing_is_due() -> None:
    assert next_due([], [T0], T0) is None
    assert active_phase([], T0) is None
    assert minimum_gap([], T0) is None


def test_with_no_session_the_first_is_due_when_the_phase_starts() -> None:
    induction = phase(T0 + days(3))
    due = next_due([induction], [], T0)
    assert due is not None
    assert due.due_at == T0 + days(3)
    assert due.phase == induction
    assert due.last_session_at is None
    assert due.overdue is False


def test_with_sessions_it_is_the_last_one_plus_the_interval() -> None:
    induction = phase(T0, interval_days=7)
    starts = [T0 + days(7), T0, T0 + days(15)]  # unordered on purpose
    due = next_due([induction], starts, T0 + days(16))
    assert due is not None
    assert due.last_session_at == T0 + days(15)
    assert due.due_at == T0 + days(22)
    assert due.overdue is False


def test_overdue_only_once_the_due_time_has_passed() -> None:
    induction = phase(T0, interval_days=7)
    at_due = next_due([induction], [T0], T0 + days(7))
    assert at_due is not None and at_due.overdue is False
    just_after = next_due([induction], [T0], T0 + days(7) + timedelta(seconds=1))
    assert just_after is not None and just_after.overdue is True
    assert next_due([induction], [], T0 + days(1)).overdue is True  # type: ignore[union-attr]


def test_a_later_maintenance_phase_takes_over_once_started() -> None:
    induction = phase(T0, interval_days=7)
    maintenance = phase(T0 + days(30), interval_days=14, kind=m.Phase.MAINTENANCE)
    phases = [maintenance, induction]
    last = T0 + days(28)

    before = next_due(phases, [last], T0 + days(29))
    assert before is not None
    assert before.phase == induction
    assert before.due_at == last + days(7)

    after = next_due(phases, [last], T0 + days(31))
    assert after is not None
    assert after.phase == maintenance
    assert after.due_at == last + days(14)


def test_a_new_phase_starting_after_the_computed_date_moves_it_to_its_start() -> None:
    induction = phase(T0, interval_days=7)
    maintenance = phase(T0 + days(40), interval_days=7, kind=m.Phase.MAINTENANCE)
    due = next_due([induction, maintenance], [T0 + days(28)], T0 + days(41))
    assert due is not None
    assert due.phase == maintenance
    assert due.due_at == T0 + days(40)  # not day 35: the new phase begins on its own date


def test_active_phase_picks_the_latest_started() -> None:
    first = phase(T0, interval_days=7)
    second = phase(T0 + days(56), interval_days=14, kind=m.Phase.MAINTENANCE)
    third = phase(T0 + days(240), interval_days=21, kind=m.Phase.MAINTENANCE)
    phases = [third, first, second]
    assert active_phase(phases, T0 + days(10)) == first
    assert active_phase(phases, T0 + days(56)) == second  # starts_at itself counts
    assert active_phase(phases, T0 + days(239)) == second
    assert active_phase(phases, T0 + days(400)) == third


def test_active_phase_before_any_started_is_the_first() -> None:
    first = phase(T0 + days(5))
    second = phase(T0 + days(20), interval_days=14)
    assert active_phase([second, first], T0) == first


def test_minimum_gap_is_the_active_interval() -> None:
    phases = [phase(T0, 7), phase(T0 + days(56), 14, m.Phase.MAINTENANCE)]
    assert minimum_gap(phases, T0 + days(1)) == days(7)
    assert minimum_gap(phases, T0 + days(60)) == days(14)
