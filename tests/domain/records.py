"""Builders of domain records for the domain tests (no store involved)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import pytest

from ketajournal.domain import models as m

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday morning
PLAN_ID = UUID(int=1)


def days(n: float) -> timedelta:
    return timedelta(days=n)


def _stamp(at: datetime = T0) -> dict[str, Any]:
    return {"id": uuid4(), "created_at": at, "updated_at": at}


def phase(
    starts_at: datetime = T0, interval_days: int = 7, kind: m.Phase = m.Phase.INDUCTION
) -> m.SchedulePhase:
    return m.SchedulePhase(
        **_stamp(), plan_id=PLAN_ID, phase=kind, interval_days=interval_days, starts_at=starts_at
    )


def session(
    started_at: datetime | None,
    *,
    prescribed: float | None = 100.0,
    taken: float | None = 100.0,
    status: m.SessionStatus = m.SessionStatus.ENDED,
) -> m.Session:
    return m.Session(
        **_stamp(),
        status=status,
        sip_started_at=started_at,
        prescribed_dose_mg=prescribed,
        taken_dose_mg=taken,
    )


def mark(
    session_id: UUID,
    at: datetime,
    severity: m.Severity,
    sensation: m.Sensation = m.Sensation.NAUSEA,
    kind: m.EventKind = m.EventKind.MARK,
) -> m.SessionEvent:
    return m.SessionEvent(
        **_stamp(),
        session_id=session_id,
        at=at,
        kind=kind,
        sensation=sensation,
        severity=severity,
    )


def reflection(
    session_id: UUID,
    *effects: m.SideEffect,
    answered_at: datetime | None = None,
    due_at: datetime = T0,
) -> m.Reflection:
    return m.Reflection(
        **_stamp(),
        session_id=session_id,
        kind=m.ReflectionKind.IMMEDIATE,
        status=m.ReflectionStatus.DONE if answered_at else m.ReflectionStatus.DUE,
        due_at=due_at,
        answered_at=answered_at,
        side_effects=effects,
    )


def scale_result(
    scale: m.ScaleKind, item9_positive: bool, at: datetime = T0, score: int = 10
) -> m.ScaleResult:
    return m.ScaleResult(**_stamp(), at=at, scale=scale, score=score, item9_positive=item9_positive)


def step(at: datetime, dose_mg: float) -> m.DoseStep:
    """A dose step of the plan, in force from `at`."""
    return m.DoseStep(
        id=uuid4(),
        created_at=at,
        updated_at=at,
        plan_id=PLAN_ID,
        effective_at=at,
        dose_mg=dose_mg,
        reason="as the clinician set it",
    )


@contextmanager
def system_zone(name: str) -> Iterator[None]:
    """The process's local time zone (TZ) set to `name` for a block, then restored."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", name)
        time.tzset()
        try:
            yield
        finally:
            patch.undo()
            time.tzset()
