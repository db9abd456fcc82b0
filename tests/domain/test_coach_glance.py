"""The coach's "At a glance": whether integration steps happened, said as people say it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ketajournal.domain import models as m
from ketajournal.domain.summary.coach import glance_items
from tests.domain.records import T0, days, reflection
from tests.domain.summary_input import make_input, started


def follow_up(session: m.Session, happened: bool) -> m.Reflection:
    answered = session.sip_started_at + days(7)  # type: ignore[operator]
    return replace(
        reflection(session.id, answered_at=answered, due_at=answered),
        kind=m.ReflectionKind.WEEK,
        integration_step_happened=happened,
    )


@pytest.mark.parametrize(
    ("happened", "said"),
    [
        ((True,), "happened after the one session whose follow-up said."),
        ((False,), "did not happen after the one session whose follow-up said."),
        ((True, False, True), "happened after 2 of the 3 sessions whose follow-ups said."),
    ],
)
def test_integration_steps_are_counted_in_plain_words(
    happened: tuple[bool, ...], said: str
) -> None:
    sessions = [started(T0 - days(40 - 10 * n)) for n in range(len(happened))]
    data = make_input(
        sessions=sessions,
        reflections=[follow_up(s, h) for s, h in zip(sessions, happened, strict=True)],
    )
    steps = [i for i in glance_items(data) if i.lead == "Integration steps:"]
    assert [i.text for i in steps] == [said]
