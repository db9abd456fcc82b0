"""Helpers for the service tests: a plan with a dose and a schedule, and ended sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.service import JournalService


@pytest.fixture
def planned(svc: JournalService, clock: FixedClock) -> JournalService:
    """A plan (oral solution), 100 mg from a week ago, weekly induction from a week ago."""
    svc.plan.set(form="solution", concentration_mg_per_ml=50)
    week_ago = clock.now() - timedelta(days=7)
    svc.plan.add_dose_step(100, "starting dose", effective_at=week_ago)
    svc.plan.add_phase("induction", 7, starts_at=week_ago)
    return svc


def run_session(
    svc: JournalService, clock: FixedClock, dose: float = 100, minutes: int = 180
) -> m.Session:
    """Starts a session now, moves the clock on, and ends it."""
    session = svc.sessions.start(dose)
    clock.advance(timedelta(minutes=minutes))
    return svc.sessions.end(session.id)
