"""The clinician's "At a glance" dose line, for a period before, during and without a plan."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ketajournal.domain.summary.clinical import glance_items
from tests.domain.records import T0, days, phase, step
from tests.domain.summary_input import make_input


def dose_line(**records: object) -> str:
    [item] = [i for i in glance_items(make_input(**records), []) if i.lead == "Dose:"]
    return item.text


@pytest.mark.parametrize(
    ("steps", "said"),
    [
        # A period that ends before the plan's first dose: not "no dose in the plan".
        (
            (step(T0 + days(10), 100), step(T0 + days(40), 150)),
            "none prescribed yet in this period; the first, 100 mg, from 2026-03-12.",
        ),
        ((step(T0 - days(10), 100),), "100 mg prescribed since 2026-02-20; no dose was taken"),
        ((), "no prescribed dose is recorded in the plan."),
    ],
)
def test_the_dose_line_says_what_was_prescribed_by_the_end_of_the_period(
    steps: tuple, said: str
) -> None:
    assert dose_line(since=T0 - days(30), until=T0, dose_steps=steps).startswith(said)


@pytest.mark.parametrize(
    ("length", "said"),
    [(days(1), "less than one expected"), (days(4), "about 1 expected"), (days(28), "about 4 ")],
)
def test_the_sessions_expected_are_never_about_zero(length: timedelta, said: str) -> None:
    data = make_input(since=T0, until=T0 + length, phases=[phase(T0 - days(60), 7)])
    [item] = [i for i in glance_items(data, []) if i.lead == "Sessions:"]
    assert said in item.text, item.text
