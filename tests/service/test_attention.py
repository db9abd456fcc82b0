"""What needs attention, through the service: a small journey gives exactly the expected items."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.domain.summary.attention import Kind, needs_attention
from ketajournal.errors import ValidationError
from ketajournal.service import JournalService
from ketajournal.service.reflections import ReflectionAnswers
from ketajournal.service.sessions import Preparation
from ketajournal.service.summary import gather, reader_for
from tests.conftest import START
from tests.service.conftest import run_session


def day(n: float) -> datetime:
    return START + timedelta(days=n)


@pytest.fixture
def journey(svc: JournalService, clock: FixedClock) -> JournalService:
    """100 mg weekly; 125 mg on day 0; day 5 (early) with severe nausea; PHQ-9 item 9; then
    three weeks without a session. Nobody is named as support."""
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
    effect = m.SideEffect(
        sensation=m.Sensation.NAUSEA, severity=m.Severity.SEVERE, duration_minutes=45
    )
    svc.reflections.answer(immediate.id, ReflectionAnswers(side_effects=[effect]))

    clock.set(day(6))
    svc.checkins.scale("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1])
    svc.checkins.scale("gad7", [3, 3, 3, 3, 3, 3, 3])

    clock.set(day(5 + 21) + timedelta(hours=1))  # three weeks after the last session
    return svc


def found(svc: JournalService, since: datetime, until: datetime | None = None) -> list:
    data = gather(svc, reader_for("clinician"), since, until)
    return list(needs_attention(data).concerns)


def test_the_journey_yields_exactly_the_expected_items(journey: JournalService) -> None:
    items = found(journey, day(-30))
    assert [c.kind for c in items] == [
        Kind.ITEM9,
        Kind.SEVERE_SIDE_EFFECT,
        Kind.MISSED,
        Kind.DOSE_DIFFERS,
        Kind.NO_SUPPORT,
        Kind.EARLY,
        Kind.NO_SUPPORT,
    ]
    item9, severe, missed, dose, _, early, _ = items
    assert item9.at == day(6) and "answered 1 (several days) on 2026-03-08" in item9.text
    assert severe.text == "severe nausea during the session of 2026-03-07, lasting 45 minutes"
    assert missed.text.startswith("no session since 2026-03-07 (21 days 1 hour): 2 sessions missed")
    assert dose.text == "session of 2026-03-02: took 125 mg; the plan said 100 mg"
    assert early.at == day(5) and early.text.startswith("session of 2026-03-07: 2 days early")


def test_a_range_holds_the_items_of_its_own_records(journey: JournalService) -> None:
    # until is exclusive (the PHQ-9 of day 6 is not in it), and at day 6 nothing is overdue
    kinds = [c.kind for c in found(journey, day(5), day(6))]
    assert kinds == [Kind.SEVERE_SIDE_EFFECT, Kind.NO_SUPPORT, Kind.EARLY]
    # a range that ends after the next due date is overdue says so at its end
    [late] = [c for c in found(journey, day(5), day(13.5)) if c.kind is Kind.LATE]
    assert late.at == day(13.5) and "the next one was due on 2026-03-14" in late.text
    # the session of day 5 is in this range: so is all it explains, its later mark too
    window = [c.kind for c in found(journey, day(1), day(5) + timedelta(minutes=1))]
    assert window == [Kind.SEVERE_SIDE_EFFECT, Kind.NO_SUPPORT, Kind.EARLY]


def test_naive_since_is_refused(journey: JournalService) -> None:
    with pytest.raises(ValidationError) as err:
        gather(journey, reader_for("clinician"), datetime(2026, 3, 1), None)
    assert err.value.field == "since"


def test_a_journey_along_the_plan_has_nothing(planned: JournalService, clock: FixedClock) -> None:
    svc = planned
    svc.contacts.add("Sam", "support")
    for week in range(3):
        clock.set(day(7 * week))
        session = svc.sessions.prepare()
        svc.sessions.update_draft(session.id, _with_support(svc))
        svc.sessions.begin(session.id, 100)
        clock.advance(timedelta(hours=3))
        svc.sessions.end(session.id)
    clock.set(day(14) + timedelta(days=5))
    svc.checkins.scale("phq9", [1, 1, 1, 1, 1, 1, 1, 1, 0])
    assert found(svc, day(-1)) == []


def _with_support(svc: JournalService):  # type: ignore[no-untyped-def]
    from ketajournal.service.sessions import Preparation

    sam = svc.contacts.list()[0]
    return Preparation(support_contact_id=sam.id)


def test_the_default_range_starts_at_this_readers_last_check_in(
    svc: JournalService, clock: FixedClock
) -> None:
    """A coach's or a private question ticked off yesterday does not shorten the clinician's
    summary to a day (and hide last week's crisis reading); the clinician's own does."""
    for_clinician = svc.questions.add("Can I take it with food?")
    clock.set(day(-20))
    svc.questions.done(for_clinician.id)
    clock.set(day(0))
    svc.sessions.start(100, Preparation(blood_pressure=(190, 100)))  # a crisis, 9 days before
    clock.set(day(8))
    for level in ("coach", "private"):
        svc.questions.done(svc.questions.add(f"A question for the {level}", level).id)
    clock.set(day(9))
    clinician = gather(svc, reader_for("clinician"), None, None)
    assert clinician.since == day(-20)
    assert Kind.BP_CRISIS in [c.kind for c in needs_attention(clinician).concerns]
    assert gather(svc, reader_for("coach"), None, None).since == day(8)
    clock.set(day(12))
    svc.questions.done(svc.questions.add("And with the clinician?").id)
    clock.set(day(13))
    assert gather(svc, reader_for("clinician"), None, None).since == day(12)


def test_a_range_ends_at_now_at_the_latest_and_starts_at_the_check_in_before_its_end(
    svc: JournalService, clock: FixedClock
) -> None:
    """`--until` next month does not stretch the default range past what has happened; a
    range ending before the last check-in starts at the check-in before that end."""
    for at in (day(-20), day(10)):
        clock.set(at)
        svc.questions.done(svc.questions.add("A question for the clinician").id)
    clock.set(day(12))
    later = gather(svc, reader_for("clinician"), None, day(40))
    assert later.until == day(12) + timedelta(microseconds=1) and later.since == day(10)
    earlier = gather(svc, reader_for("clinician"), None, day(5))
    assert (earlier.since, earlier.until) == (day(-20), day(5))
