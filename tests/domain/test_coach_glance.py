"""The coach's "At a glance": whether integration steps happened, said as people say it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ketajournal.domain import models as m
from ketajournal.domain.summary.audience import Audience, Reader
from ketajournal.domain.summary.coach import glance_items
from tests.domain.records import T0, days, reflection
from tests.domain.summary_input import make_input, started

COACH = Reader(Audience.COACH)


def follow_up(
    session: m.Session, happened: bool, level: m.ShareLevel = m.ShareLevel.COACH
) -> m.Reflection:
    answered = session.sip_started_at + days(7)  # type: ignore[operator]
    return replace(
        reflection(session.id, answered_at=answered, due_at=answered),
        kind=m.ReflectionKind.WEEK,
        integration_step_happened=happened,
        share_level=level,
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
    steps = [i for i in glance_items(data, COACH) if i.lead == "Integration steps:"]
    assert [i.text for i in steps] == [said]


def test_a_private_follow_up_is_not_counted_for_the_coach() -> None:
    """Not even as a number: "1 of the 2 sessions" would tell the coach a private answer."""
    shared, private = started(T0 - days(30)), started(T0 - days(20))
    data = make_input(
        sessions=[shared, private],
        reflections=[follow_up(shared, True), follow_up(private, False, m.ShareLevel.PRIVATE)],
    )
    steps = [i.text for i in glance_items(data, COACH) if i.lead == "Integration steps:"]
    assert steps == ["happened after the one session whose follow-up said."]
    told = [i.text for i in glance_items(data, Reader(Audience.COACH, include_private=True))]
    assert "happened after 1 of the 2 sessions whose follow-ups said." in told
