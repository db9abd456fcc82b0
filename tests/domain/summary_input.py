"""A summary input built from records by hand, for the summary's domain tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from ketajournal.domain import models as m
from ketajournal.domain.summary import SummaryInput
from tests.domain.records import T0, _stamp


def make_input(
    *,
    since: datetime = T0 - timedelta(days=90),
    until: datetime = T0 + timedelta(days=1),
    **records: Any,
) -> SummaryInput:
    """Empty but for what is given; `generated_at` is `until` unless given."""
    values: dict[str, Any] = dict(
        generated_at=records.pop("generated_at", until),
        since=since,
        until=until,
        plan=None,
        dose_steps=(),
        phases=(),
        meal_gap_hours=4.0,
        sessions=(),
        events=(),
        reflections=(),
        scales=(),
        moods=(),
        markers=(),
        questions=(),
        entries=(),
        entry_count=records.pop("entry_count", len(records.get("entries", ()))),
        tags={},
        next_due=None,
    )
    for key, value in records.items():
        assert key in values, key
        values[key] = tuple(value) if isinstance(value, list) else value
    return SummaryInput(**values)


def scale(
    kind: m.ScaleKind, score: int, at: datetime, answers: tuple[int, ...] | None = None
) -> m.ScaleResult:
    from ketajournal.domain.scales import band_for

    item9 = kind is m.ScaleKind.PHQ9 and answers is not None and answers[8] > 0
    return m.ScaleResult(
        **_stamp(at),
        at=at,
        scale=kind,
        score=score,
        answers=answers,
        band=band_for(kind, score),
        item9_positive=item9,
    )


def started(at: datetime, **changes: Any) -> m.Session:
    """An ended session that began at `at`, with a support person and no meal recorded."""
    base = m.Session(
        **_stamp(at),
        status=m.SessionStatus.ENDED,
        sip_started_at=at,
        prescribed_dose_mg=100.0,
        taken_dose_mg=100.0,
        support_name="Sam",
    )
    return replace(base, **changes)


def bp_event(session: m.Session, minutes: int, systolic: int, diastolic: int) -> m.SessionEvent:
    assert session.sip_started_at is not None
    at = session.sip_started_at + timedelta(minutes=minutes)
    return m.SessionEvent(
        **_stamp(at),
        session_id=session.id,
        at=at,
        kind=m.EventKind.BLOOD_PRESSURE,
        systolic=systolic,
        diastolic=diastolic,
    )
