"""Tests the treatment plan through the service: fields, dose history and schedule."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.errors import NotFoundError, ValidationError
from ketajournal.service import JournalService


def test_no_plan_at_first(svc: JournalService) -> None:
    assert svc.plan.get() is None
    assert svc.plan.dose_steps() == []
    assert svc.plan.phases() == []
    assert svc.plan.next_due() is None
    with pytest.raises(NotFoundError):
        svc.plan.require()


def test_set_creates_then_updates_only_given_fields(svc: JournalService, clock: FixedClock) -> None:
    created = svc.plan.set(form="Troche", concentration_mg_per_ml=50, prescriber="Dr. Rivera")
    assert created.medication == "Ketamine"
    assert created.form is m.MedicationForm.TROCHE
    assert created.concentration_mg_per_ml == 50.0
    assert created.bp_required is False
    assert created.first_session_supervised is True

    clock.advance(timedelta(hours=1))
    updated = svc.plan.set(bp_required=True, notes="swish and hold")
    assert updated.id == created.id
    assert updated.form is m.MedicationForm.TROCHE
    assert updated.concentration_mg_per_ml == 50.0
    assert updated.prescriber == "Dr. Rivera"
    assert updated.bp_required is True
    assert updated.notes == "swish and hold"
    assert updated.created_at == created.created_at
    assert updated.updated_at == clock.now()

    assert svc.plan.get() == updated
    assert svc.store.count(m.Plan) == 1


def test_set_with_nothing_changes_nothing(svc: JournalService, clock: FixedClock) -> None:
    created = svc.plan.set(form="tablet", medication="Esketamine")
    clock.advance(timedelta(hours=1))
    assert svc.plan.set() == created
    assert svc.plan.get() == created


def test_form_is_required_on_first_set(svc: JournalService) -> None:
    with pytest.raises(ValidationError) as err:
        svc.plan.set(medication="Ketamine HCl")
    assert err.value.field == "form"
    assert "solution" in str(err.value)
    assert svc.store.count(m.Plan) == 0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"form": "syrup"}, "form"),
        ({"form": "solution", "concentration_mg_per_ml": 0}, "concentration (mg/mL)"),
        ({"form": "solution", "concentration_mg_per_ml": -1}, "concentration (mg/mL)"),
        ({"form": "solution", "medication": "   "}, "medication"),
        ({"form": "solution", "prescriber": "Dr\nX"}, "prescriber"),
    ],
)
def test_bad_values_on_create_write_nothing(
    svc: JournalService, kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as err:
        svc.plan.set(**kwargs)  # type: ignore[arg-type]
    assert err.value.field == field
    assert svc.store.count(m.Plan) == 0


def test_bad_values_on_update_leave_the_plan_as_it_was(svc: JournalService) -> None:
    before = svc.plan.set(form="solution", concentration_mg_per_ml=50)
    with pytest.raises(ValidationError) as err:
        svc.plan.set(form="syrup", prescriber="Dr. New")
    assert err.value.field == "form"
    with pytest.raises(ValidationError):
        svc.plan.set(concentration_mg_per_ml=math.nan)
    assert svc.plan.get() == before


def test_dose_steps_are_ordered_by_effective_date(svc: JournalService, clock: FixedClock) -> None:
    svc.plan.set(form="solution")
    now = clock.now()
    svc.plan.add_dose_step(200, "second increase", effective_at=now - timedelta(days=2))
    svc.plan.add_dose_step(100, "starting dose", effective_at=now - timedelta(days=30))
    svc.plan.add_dose_step(150, "first increase", effective_at=now - timedelta(days=14))
    steps = svc.plan.dose_steps()
    assert [s.dose_mg for s in steps] == [100.0, 150.0, 200.0]
    assert [s.reason for s in steps] == ["starting dose", "first increase", "second increase"]
    assert all(s.plan_id == svc.plan.require().id for s in steps)


def test_dose_step_defaults_to_now(svc: JournalService, clock: FixedClock) -> None:
    svc.plan.set(form="solution")
    step = svc.plan.add_dose_step(100, "  set at intake  ")
    assert step.effective_at == clock.now()
    assert step.reason == "set at intake"
    assert svc.plan.current_dose() == step


def test_dose_at_picks_the_step_in_force(svc: JournalService, clock: FixedClock) -> None:
    svc.plan.set(form="solution")
    now = clock.now()
    first = svc.plan.add_dose_step(100, "start", effective_at=now - timedelta(days=30))
    second = svc.plan.add_dose_step(150, "increase", effective_at=now - timedelta(days=10))
    later = svc.plan.add_dose_step(175, "planned", effective_at=now + timedelta(days=5))
    assert svc.plan.dose_at(now - timedelta(days=31)) is None
    assert svc.plan.dose_at(now - timedelta(days=30)) == first  # effective at that instant
    assert svc.plan.dose_at(now - timedelta(days=11)) == first
    assert svc.plan.dose_at(now - timedelta(days=10)) == second
    assert svc.plan.current_dose() == second
    assert svc.plan.dose_at(now + timedelta(days=6)) == later


def test_dose_step_needs_a_plan(svc: JournalService) -> None:
    with pytest.raises(NotFoundError):
        svc.plan.add_dose_step(100, "start")
    with pytest.raises(NotFoundError):
        svc.plan.add_phase("induction", 7)


@pytest.mark.parametrize("dose", [0, -5, math.nan, math.inf, True, "100"])
def test_bad_dose_writes_nothing(svc: JournalService, dose: object) -> None:
    svc.plan.set(form="solution")
    svc.plan.add_dose_step(100, "start")
    before = svc.plan.dose_steps()
    with pytest.raises(ValidationError) as err:
        svc.plan.add_dose_step(dose, "typo")  # type: ignore[arg-type]
    assert err.value.field == "dose"
    assert svc.store.count(m.DoseStep) == 1
    assert svc.plan.dose_steps() == before


def test_empty_reason_writes_nothing(svc: JournalService) -> None:
    svc.plan.set(form="solution")
    with pytest.raises(ValidationError) as err:
        svc.plan.add_dose_step(100, "   ")
    assert err.value.field == "reason"
    assert svc.store.count(m.DoseStep) == 0


def test_add_phase_and_next_due(svc: JournalService, clock: FixedClock) -> None:
    svc.plan.set(form="solution")
    start = clock.now() + timedelta(days=1)
    induction = svc.plan.add_phase("Induction", 7, starts_at=start)
    assert induction.phase is m.Phase.INDUCTION
    assert induction.interval_days == 7
    assert svc.plan.phases() == [induction]

    due = svc.plan.next_due()
    assert due is not None
    assert due.due_at == start
    assert due.overdue is False

    clock.advance(timedelta(days=2))
    assert svc.plan.next_due().overdue is True  # type: ignore[union-attr]

    session = svc.sessions.start(100)
    due = svc.plan.next_due()
    assert due is not None
    assert due.last_session_at == session.sip_started_at
    assert due.due_at == clock.now() + timedelta(days=7)
    assert due.overdue is False


def test_maintenance_phase_takes_over_in_next_due(svc: JournalService, clock: FixedClock) -> None:
    svc.plan.set(form="solution")
    now = clock.now()
    svc.plan.add_phase("induction", 7, starts_at=now - timedelta(days=30))
    svc.plan.add_phase("maintenance", 14, starts_at=now + timedelta(days=1))
    svc.sessions.start(100)
    assert svc.plan.next_due().phase.phase is m.Phase.INDUCTION  # type: ignore[union-attr]
    clock.advance(timedelta(days=2))
    due = svc.plan.next_due()
    assert due is not None
    assert due.phase.phase is m.Phase.MAINTENANCE
    assert due.due_at == now + timedelta(days=14)
    assert [p.phase for p in svc.plan.phases()] == [m.Phase.INDUCTION, m.Phase.MAINTENANCE]


@pytest.mark.parametrize(
    ("phase", "interval", "field"),
    [
        ("induction", 0, "every (days)"),
        ("induction", -7, "every (days)"),
        ("induction", 366, "every (days)"),
        ("induction", 7.5, "every (days)"),
        ("weekly", 7, "phase"),
    ],
)
def test_bad_phase_writes_nothing(
    svc: JournalService, phase: str, interval: object, field: str
) -> None:
    svc.plan.set(form="solution")
    with pytest.raises(ValidationError) as err:
        svc.plan.add_phase(phase, interval)  # type: ignore[arg-type]
    assert err.value.field == field
    assert svc.store.count(m.SchedulePhase) == 0
    assert svc.plan.phases() == []
