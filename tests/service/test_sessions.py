"""Tests sessions: the preparation draft, beginning with a dose, phases, events and the end."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.errors import NotFoundError, ValidationError
from ketajournal.service import JournalService
from ketajournal.service.sessions import PREPARATION_STEPS, Preparation, current_phase
from tests.service.conftest import run_session


def counts(svc: JournalService) -> tuple[int, int, int]:
    return (
        svc.store.count(m.Session),
        svc.store.count(m.SessionEvent),
        svc.store.count(m.Reflection),
    )


# -- preparation ------------------------------------------------------------------------


def test_prepare_creates_one_draft_and_returns_it_again(svc: JournalService) -> None:
    draft = svc.sessions.prepare()
    assert draft.status is m.SessionStatus.PREPARING
    assert draft.sip_started_at is None
    assert [i.label for i in draft.setting_checklist][:2] == ["Quiet room", "Dim lights"]
    assert svc.sessions.prepare().id == draft.id
    assert svc.sessions.draft() == draft
    assert svc.store.count(m.Session) == 1
    assert svc.sessions.history() == []  # a draft has not started


def test_update_draft_stores_the_preparation(svc: JournalService, clock: FixedClock) -> None:
    draft = svc.sessions.prepare()
    clock.advance(timedelta(minutes=5))
    meal = clock.now() - timedelta(hours=5)
    planned = clock.now() + timedelta(minutes=30)
    prep = Preparation(
        timing_checks=[m.ChecklistItem(label="No driving today", done=True)],
        last_meal_at=meal,
        medications_today=["sertraline 50 mg", "  ", "ondansetron"],
        setting_checklist=[m.ChecklistItem(label=" Eye mask ", done=True)],
        support_name="Alex",
        intention="I am open to what comes up.",
        mood_before=4,
        anxiety_before=6,
        blood_pressure=(124, 78),
        skipped_steps=["setting", "setting", "support"],
        planned_at=planned,
    )
    updated = svc.sessions.update_draft(draft.id, prep)
    assert updated.id == draft.id
    assert updated.status is m.SessionStatus.PREPARING
    assert updated.timing_checks == (m.ChecklistItem(label="No driving today", done=True),)
    assert updated.last_meal_at == meal
    assert updated.medications_today == ("sertraline 50 mg", "ondansetron")
    assert updated.setting_checklist == (m.ChecklistItem(label="Eye mask", done=True),)
    assert updated.support_name == "Alex"
    assert updated.intention == "I am open to what comes up."
    assert (updated.mood_before, updated.anxiety_before) == (4, 6)
    assert (updated.bp_before_systolic, updated.bp_before_diastolic) == (124, 78)
    assert updated.skipped_steps == ("setting", "support")
    assert updated.planned_at == planned
    assert updated.updated_at == clock.now()
    assert svc.sessions.get(draft.id) == updated


def test_update_draft_leaves_unset_fields_alone(svc: JournalService) -> None:
    draft = svc.sessions.prepare()
    svc.sessions.update_draft(draft.id, Preparation(intention="rest", mood_before=3))
    updated = svc.sessions.update_draft(draft.id, Preparation(anxiety_before=7))
    assert (updated.intention, updated.mood_before, updated.anxiety_before) == ("rest", 3, 7)


def test_support_contact_fills_the_name(svc: JournalService) -> None:
    alex = svc.contacts.add("Alex", "support")
    draft = svc.sessions.prepare()
    updated = svc.sessions.update_draft(draft.id, Preparation(support_contact_id=alex.id))
    assert (updated.support_contact_id, updated.support_name) == (alex.id, "Alex")


def test_prepare_prefills_from_the_last_ended_session(
    svc: JournalService, clock: FixedClock
) -> None:
    alex = svc.contacts.add("Alex", "support")
    prep = Preparation(
        medications_today=["sertraline 50 mg"],
        support_contact_id=alex.id,
        intention="only for that day",
        mood_before=2,
    )
    first = svc.sessions.start(100, prep)
    clock.advance(timedelta(hours=3))
    svc.sessions.end(first.id)
    clock.advance(timedelta(days=7))

    draft = svc.sessions.prepare()
    assert draft.id != first.id
    assert draft.medications_today == ("sertraline 50 mg",)
    assert draft.support_contact_id == alex.id
    assert draft.support_name == "Alex"
    assert draft.intention is None
    assert draft.mood_before is None


def test_cancel_a_draft(svc: JournalService) -> None:
    draft = svc.sessions.prepare()
    cancelled = svc.sessions.cancel(draft.id)
    assert cancelled.status is m.SessionStatus.CANCELLED
    assert svc.sessions.draft() is None
    assert svc.sessions.prepare().id != draft.id


# -- beginning --------------------------------------------------------------------------


def test_begin_copies_the_prescribed_dose_and_keeps_the_taken_dose(
    planned: JournalService, clock: FixedClock
) -> None:
    svc = planned
    draft = svc.sessions.prepare()
    svc.sessions.update_draft(draft.id, Preparation(intention="rest"))
    session = svc.sessions.begin(draft.id, 125)
    assert session.id == draft.id
    assert session.status is m.SessionStatus.RUNNING
    assert session.prescribed_dose_mg == 100.0
    assert session.taken_dose_mg == 125.0
    assert session.dose_differs is True
    assert session.sip_started_at == clock.now()
    assert session.recorded_after is False
    assert session.intention == "rest"
    assert svc.sessions.running() == session
    [event] = svc.sessions.events(session.id)
    assert (event.kind, event.phase, event.at) == (
        m.EventKind.PHASE,
        m.SessionPhase.SIP,
        clock.now(),
    )


def test_same_dose_does_not_differ(planned: JournalService) -> None:
    session = planned.sessions.start(100)
    assert session.prescribed_dose_mg == 100.0
    assert session.dose_differs is False


def test_without_a_dose_step_nothing_is_prescribed(svc: JournalService) -> None:
    session = svc.sessions.start(100)
    assert session.prescribed_dose_mg is None
    assert session.dose_differs is False


def test_begin_uses_the_dose_in_force_at_the_start(
    planned: JournalService, clock: FixedClock
) -> None:
    svc = planned
    svc.plan.add_dose_step(150, "increase", effective_at=clock.now() - timedelta(days=1))
    earlier = svc.sessions.start(150, at=clock.now() - timedelta(days=2))
    assert earlier.prescribed_dose_mg == 100.0
    assert earlier.dose_differs is True
    svc.sessions.end(earlier.id, at=clock.now() - timedelta(days=2) + timedelta(hours=3))
    now_session = svc.sessions.start(150)
    assert now_session.prescribed_dose_mg == 150.0
    assert now_session.dose_differs is False


def test_a_second_running_session_is_refused(planned: JournalService) -> None:
    svc = planned
    first = svc.sessions.start(100)
    with pytest.raises(ValidationError) as err:
        svc.sessions.start(100)
    assert err.value.field == "session"
    assert str(first.id)[:8] in str(err.value)
    assert svc.store.count(m.Session) == 1

    draft = svc.sessions.prepare()
    with pytest.raises(ValidationError):
        svc.sessions.begin(draft.id, 100)
    assert svc.sessions.get(draft.id).status is m.SessionStatus.PREPARING
    assert svc.sessions.running() == svc.sessions.get(first.id)


def test_begin_needs_a_draft(planned: JournalService) -> None:
    svc = planned
    session = svc.sessions.start(100)
    with pytest.raises(ValidationError) as err:
        svc.sessions.begin(session.id, 100)
    assert err.value.field == "session"
    with pytest.raises(NotFoundError):
        svc.sessions.update_draft(svc.plan.require().id, Preparation())


def test_recording_after_the_fact(planned: JournalService, clock: FixedClock) -> None:
    svc = planned
    two_days_ago = clock.now() - timedelta(days=2)
    session = svc.sessions.start(100, at=two_days_ago)
    assert session.sip_started_at == two_days_ago
    assert session.recorded_after is True
    note = svc.sessions.note("written afterwards", at=two_days_ago + timedelta(hours=1))
    assert note.at == two_days_ago + timedelta(hours=1)


def test_a_start_a_few_minutes_ago_is_not_recorded_after(
    planned: JournalService, clock: FixedClock
) -> None:
    session = planned.sessions.start(100, at=clock.now() - timedelta(minutes=5))
    assert session.recorded_after is False


def test_a_start_in_the_future_is_refused(planned: JournalService, clock: FixedClock) -> None:
    svc = planned
    with pytest.raises(ValidationError) as err:
        svc.sessions.start(100, at=clock.now() + timedelta(days=1))
    assert err.value.field == "at"
    assert counts(svc) == (0, 0, 0)


# -- phases -----------------------------------------------------------------------------


def test_advance_moves_through_the_phases(planned: JournalService, clock: FixedClock) -> None:
    svc = planned
    session = svc.sessions.start(100)
    start = clock.now()
    assert current_phase(session) is m.SessionPhase.SIP

    clock.advance(timedelta(minutes=15))
    session = svc.sessions.advance(session.id)
    assert session.experience_started_at == start + timedelta(minutes=15)
    assert current_phase(session) is m.SessionPhase.EXPERIENCE

    clock.advance(timedelta(minutes=100))
    session = svc.sessions.advance(session.id)
    assert session.rest_started_at == start + timedelta(minutes=115)
    assert current_phase(session) is m.SessionPhase.REST

    phases = [(e.phase, e.at) for e in svc.sessions.events(session.id)]
    assert phases == [
        (m.SessionPhase.SIP, start),
        (m.SessionPhase.EXPERIENCE, start + timedelta(minutes=15)),
        (m.SessionPhase.REST, start + timedelta(minutes=115)),
    ]
    with pytest.raises(ValidationError) as err:
        svc.sessions.advance(session.id)
    assert err.value.field == "phase"


def test_advance_refuses_going_backwards_or_staying(
    planned: JournalService, clock: FixedClock
) -> None:
    svc = planned
    session = svc.sessions.start(100)
    clock.advance(timedelta(minutes=15))
    svc.sessions.advance(session.id, "experience")
    for target in ("sip", "experience"):
        with pytest.raises(ValidationError) as err:
            svc.sessions.advance(session.id, target)
        assert err.value.field == "phase"
    with pytest.raises(ValidationError):
        svc.sessions.advance(session.id, "afterglow")
    assert len(svc.sessions.events(session.id)) == 2


def test_advance_straight_to_rest_fills_experience(
    planned: JournalService, clock: FixedClock
) -> None:
    svc = planned
    session = svc.sessions.start(100)
    clock.advance(timedelta(minutes=30))
    session = svc.sessions.advance(session.id, m.SessionPhase.REST)
    assert session.experience_started_at == clock.now()
    assert session.rest_started_at == clock.now()


# -- events -----------------------------------------------------------------------------


def test_note_mark_and_blood_pressure_attach_to_the_running_session(
    planned: JournalService, clock: FixedClock
) -> None:
    svc = planned
    session = svc.sessions.start(100)
    clock.advance(timedelta(minutes=20))
    note = svc.sessions.note("heavy arms, floating")
    clock.advance(timedelta(minutes=5))
    mark = svc.sessions.mark("Nausea", "severe", text="sipping water")
    clock.advance(timedelta(minutes=15))
    bp = svc.sessions.blood_pressure(138, 88)

    assert (note.session_id, note.kind, note.text) == (
        session.id,
        m.EventKind.NOTE,
        "heavy arms, floating",
    )
    assert note.at == session.sip_started_at + timedelta(minutes=20)  # type: ignore[operator]
    assert (mark.sensation, mark.severity, mark.text) == (
        m.Sensation.NAUSEA,
        m.Severity.SEVERE,
        "sipping water",
    )
    assert mark.at == session.sip_started_at + timedelta(minutes=25)  # type: ignore[operator]
    assert (bp.kind, bp.systolic, bp.diastolic, bp.at) == (
        m.EventKind.BLOOD_PRESSURE,
        138,
        88,
        clock.now(),
    )
    kinds = [e.kind for e in svc.sessions.events(session.id)]
    assert kinds == [
        m.EventKind.PHASE,
        m.EventKind.NOTE,
        m.EventKind.MARK,
        m.EventKind.BLOOD_PRESSURE,
    ]


def test_mark_defaults_to_mild(planned: JournalService) -> None:
    planned.sessions.start(100)
    assert planned.sessions.mark("headache").severity is m.Severity.MILD


def test_events_need_a_running_session(svc: JournalService) -> None:
    with pytest.raises(NotFoundError):
        svc.sessions.note("nothing is running")
    draft = svc.sessions.prepare()
    with pytest.raises(ValidationError):
        svc.sessions.note("draft", session_id=draft.id)
    assert svc.store.count(m.SessionEvent) == 0


def test_events_can_be_added_to_an_ended_session_by_id(
    planned: JournalService, clock: FixedClock
) -> None:
    svc = planned
    session = run_session(svc, clock)
    note = svc.sessions.note("remembered later", session_id=session.id, at=session.ended_at)
    assert note.session_id == session.id


def test_events_before_the_start_or_in_the_future_are_refused(
    planned: JournalService, clock: FixedClock
) -> None:
    svc = planned
    start = clock.now() - timedelta(hours=1)
    svc.sessions.start(100, at=start)
    before = counts(svc)
    with pytest.raises(ValidationError) as err:
        svc.sessions.note("too early", at=start - timedelta(minutes=1))
    assert err.value.field == "at"
    with pytest.raises(ValidationError) as err:
        svc.sessions.mark("nausea", at=clock.now() + timedelta(minutes=5))
    assert err.value.field == "at"
    with pytest.raises(ValidationError):
        svc.sessions.blood_pressure(130, 85, at=clock.now() + timedelta(hours=1))
    assert counts(svc) == before
    # a little clock skew is tolerated
    assert svc.sessions.note("ok", at=clock.now() + timedelta(seconds=30)).text == "ok"


# -- the end ----------------------------------------------------------------------------


def test_end_sets_times_and_schedules_four_reflections(
    planned: JournalService, clock: FixedClock
) -> None:
    svc = planned
    session = svc.sessions.start(100)
    clock.advance(timedelta(minutes=15))
    svc.sessions.advance(session.id)  # experience; rest is never entered
    clock.advance(timedelta(hours=2))
    ended = svc.sessions.end()
    end = clock.now()
    assert ended.status is m.SessionStatus.ENDED
    assert ended.ended_at == end
    assert ended.rest_started_at == end
    assert ended.experience_started_at == session.sip_started_at + timedelta(minutes=15)  # type: ignore[operator]
    assert svc.sessions.running() is None
    assert svc.sessions.last_ended() == ended

    reflections = svc.reflections.for_session(session.id)
    assert [(r.kind, r.due_at, r.status) for r in reflections] == [
        (m.ReflectionKind.IMMEDIATE, end, m.ReflectionStatus.DUE),
        (m.ReflectionKind.FULL, end + timedelta(hours=18), m.ReflectionStatus.DUE),
        (m.ReflectionKind.WEEK, end + timedelta(days=7), m.ReflectionStatus.DUE),
        (m.ReflectionKind.MONTH, end + timedelta(days=30), m.ReflectionStatus.DUE),
    ]


def test_end_keeps_an_existing_rest_time_and_leaves_experience_unset_if_skipped(
    planned: JournalService, clock: FixedClock
) -> None:
    svc = planned
    session = svc.sessions.start(100)
    clock.advance(timedelta(hours=1))
    rested = svc.sessions.advance(session.id, "rest")
    clock.advance(timedelta(hours=1))
    ended = svc.sessions.end(session.id)
    assert ended.rest_started_at == rested.rest_started_at
    assert ended.ended_at == clock.now()

    other = svc.sessions.start(100)
    clock.advance(timedelta(minutes=10))
    ended_early = svc.sessions.end(other.id)
    assert ended_early.experience_started_at is None
    assert ended_early.rest_started_at == ended_early.ended_at


def test_end_follows_the_settings(planned: JournalService, clock: FixedClock) -> None:
    svc = planned
    svc.settings.set("full_reflection_after_hours", 24)
    svc.settings.set("followup_month_days", "60")
    ended = run_session(svc, clock)
    due = {r.kind: r.due_at for r in svc.reflections.for_session(ended.id)}
    assert due[m.ReflectionKind.FULL] == ended.ended_at + timedelta(hours=24)  # type: ignore[operator]
    assert due[m.ReflectionKind.MONTH] == ended.ended_at + timedelta(days=60)  # type: ignore[operator]


def test_end_needs_a_running_session(planned: JournalService, clock: FixedClock) -> None:
    svc = planned
    with pytest.raises(NotFoundError):
        svc.sessions.end()
    ended = run_session(svc, clock)
    with pytest.raises(ValidationError):
        svc.sessions.end(ended.id)
    assert svc.store.count(m.Reflection) == 4


def test_list_is_newest_first_and_skips_drafts(planned: JournalService, clock: FixedClock) -> None:
    svc = planned
    first = run_session(svc, clock)
    clock.advance(timedelta(days=7))
    second = run_session(svc, clock)
    svc.sessions.prepare()
    assert [s.id for s in svc.sessions.history()] == [second.id, first.id]
    assert [s.id for s in svc.sessions.history(limit=1, offset=1)] == [first.id]
    assert svc.sessions.get(str(first.id)[:8]) == first


# -- bad input writes nothing -----------------------------------------------------------


@pytest.mark.parametrize(
    ("prep", "field"),
    [
        (Preparation(mood_before=11), "mood"),
        (Preparation(anxiety_before=-1), "anxiety"),
        (Preparation(blood_pressure=(80, 120)), "blood pressure"),
        (Preparation(skipped_steps=["breakfast"]), "skipped step"),
        (Preparation(medications_today=["a\nb"]), "medications today"),
        (Preparation(intention="x\x00y"), "intention"),
        (Preparation(timing_checks=[m.ChecklistItem(label=" ")]), "timing"),
    ],
)
def test_bad_preparation_writes_nothing(svc: JournalService, prep: Preparation, field: str) -> None:
    draft = svc.sessions.prepare()
    with pytest.raises(ValidationError) as err:
        svc.sessions.update_draft(draft.id, prep)
    assert err.value.field == field
    assert svc.sessions.get(draft.id) == draft


def test_last_meal_in_the_future_is_refused(svc: JournalService, clock: FixedClock) -> None:
    draft = svc.sessions.prepare()
    with pytest.raises(ValidationError) as err:
        svc.sessions.update_draft(
            draft.id, Preparation(last_meal_at=clock.now() + timedelta(hours=1))
        )
    assert err.value.field == "last meal"
    assert svc.sessions.get(draft.id) == draft


def test_skipped_steps_must_be_known(svc: JournalService) -> None:
    draft = svc.sessions.prepare()
    updated = svc.sessions.update_draft(
        draft.id, Preparation(skipped_steps=list(PREPARATION_STEPS))
    )
    assert updated.skipped_steps == PREPARATION_STEPS


def test_unknown_support_contact(svc: JournalService) -> None:
    draft = svc.sessions.prepare()
    with pytest.raises(NotFoundError):
        svc.sessions.update_draft(draft.id, Preparation(support_contact_id=draft.id))
    assert svc.sessions.get(draft.id) == draft


@pytest.mark.parametrize("dose", ["abc", 0, -100, math.nan, None])
def test_bad_dose_on_begin_writes_nothing(planned: JournalService, dose: object) -> None:
    svc = planned
    draft = svc.sessions.prepare()
    before = counts(svc)
    with pytest.raises(ValidationError) as err:
        svc.sessions.begin(draft.id, dose)  # type: ignore[arg-type]
    assert err.value.field == "dose"
    assert svc.sessions.get(draft.id) == draft
    assert counts(svc) == before


@pytest.mark.parametrize("dose", ["abc", 0])
def test_bad_dose_on_start_writes_nothing(planned: JournalService, dose: object) -> None:
    svc = planned
    with pytest.raises(ValidationError) as err:
        svc.sessions.start(dose, Preparation(intention="rest"))  # type: ignore[arg-type]
    assert err.value.field == "dose"
    assert counts(svc) == (0, 0, 0)
    assert svc.sessions.draft() is None


def test_bad_preparation_on_start_writes_nothing(planned: JournalService) -> None:
    svc = planned
    with pytest.raises(ValidationError) as err:
        svc.sessions.start(100, Preparation(mood_before=11))
    assert err.value.field == "mood"
    assert counts(svc) == (0, 0, 0)


@pytest.mark.parametrize(
    ("sensation", "severity", "field"),
    [("giddy", "mild", "sensation"), ("nausea", "extreme", "severity")],
)
def test_bad_mark_writes_nothing(
    planned: JournalService, sensation: str, severity: str, field: str
) -> None:
    svc = planned
    svc.sessions.start(100)
    before = counts(svc)
    with pytest.raises(ValidationError) as err:
        svc.sessions.mark(sensation, severity)
    assert err.value.field == field
    assert counts(svc) == before


def test_bad_note_and_blood_pressure_write_nothing(planned: JournalService) -> None:
    svc = planned
    svc.sessions.start(100)
    before = counts(svc)
    with pytest.raises(ValidationError) as err:
        svc.sessions.note("   ")
    assert err.value.field == "note"
    with pytest.raises(ValidationError):
        svc.sessions.blood_pressure(300, 80)
    assert counts(svc) == before
