"""Tests care-team flags through the service: a small journey gives exactly the expected flags."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.domain.flags import FlagKind
from ketajournal.errors import ValidationError
from ketajournal.service import JournalService
from ketajournal.service.reflections import ReflectionAnswers
from tests.conftest import START
from tests.service.conftest import run_session


def day(n: float) -> datetime:
    return START + timedelta(days=n)


@pytest.fixture
def journey(svc: JournalService, clock: FixedClock) -> JournalService:
    """100 mg weekly; 125 mg taken on day 0; day 5 with severe nausea; PHQ-9 item 9; 3 weeks off."""
    svc.plan.set(form="solution", concentration_mg_per_ml=50)
    svc.plan.add_dose_step(100, "starting dose", effective_at=day(-7))
    svc.plan.add_phase("induction", 7, starts_at=day(-7))

    run_session(svc, clock, dose=125)  # day 0

    clock.set(day(5))
    second = svc.sessions.start(100)
    clock.advance(timedelta(minutes=30))
    svc.sessions.mark("nausea", "severe")
    clock.advance(timedelta(hours=2))
    svc.sessions.end(second.id)
    immediate = svc.reflections.of_kind(second.id, "immediate")
    effect = m.SideEffect(sensation=m.Sensation.NAUSEA, severity=m.Severity.SEVERE)
    svc.reflections.answer(immediate.id, ReflectionAnswers(side_effects=[effect]))

    clock.set(day(6))
    svc.checkins.scale("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    svc.checkins.scale("gad7", [3, 3, 3, 3, 3, 3, 3])

    clock.set(day(5 + 21) + timedelta(hours=1))  # three weeks after the last session
    return svc


def test_journey_yields_exactly_the_expected_flags(journey: JournalService) -> None:
    flags = journey.flags()
    assert [f.kind for f in flags] == [
        FlagKind.DOSE_DIFFERS,
        FlagKind.TOO_CLOSE,
        FlagKind.SEVERE_SIDE_EFFECT,
        FlagKind.PHQ9_ITEM9,
        FlagKind.MISSED_SESSION,
    ]
    dose, close, severe, item9, missed = flags
    assert dose.at == day(0)
    assert dose.detail == "took 125 mg; plan said 100 mg"
    assert close.at == day(5)
    assert close.detail.startswith("5.0 days after the previous session")
    assert severe.at == day(5) + timedelta(minutes=30)
    assert severe.detail == "severe nausea during the session"
    assert item9.at == day(6)
    assert missed.at == day(12)
    assert missed.detail == "2 sessions missed after 2026-03-07"


def test_since_and_until_filter_the_flags(journey: JournalService) -> None:
    since = journey.flags(since=day(5))
    assert [f.kind for f in since] == [
        FlagKind.TOO_CLOSE,
        FlagKind.SEVERE_SIDE_EFFECT,
        FlagKind.PHQ9_ITEM9,
        FlagKind.MISSED_SESSION,
    ]
    until = journey.flags(until=day(6))  # until is exclusive: the PHQ-9 is not in it
    assert [f.kind for f in until] == [
        FlagKind.DOSE_DIFFERS,
        FlagKind.TOO_CLOSE,
        FlagKind.SEVERE_SIDE_EFFECT,
    ]
    window = journey.flags(since=day(1), until=day(5) + timedelta(minutes=1))
    assert [f.kind for f in window] == [FlagKind.TOO_CLOSE]
    assert journey.flags(since=day(30)) == []


def test_until_counts_missed_sessions_only_up_to_then(journey: JournalService) -> None:
    assert FlagKind.MISSED_SESSION not in [f.kind for f in journey.flags(until=day(13))]
    [missed] = [f for f in journey.flags(until=day(15)) if f.kind is FlagKind.MISSED_SESSION]
    assert missed.detail.startswith("1 session missed")


def test_naive_since_is_refused(journey: JournalService) -> None:
    with pytest.raises(ValidationError) as err:
        journey.flags(since=datetime(2026, 3, 1))
    assert err.value.field == "since"


def test_a_journey_along_the_plan_has_no_flags(planned: JournalService, clock: FixedClock) -> None:
    svc = planned
    for week in range(3):
        clock.set(day(7 * week))
        run_session(svc, clock)
    clock.set(day(14) + timedelta(days=8))
    svc.checkins.scale("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 0])
    assert svc.flags() == []
