"""The "Needs attention" section as its reader sees it: every self-harm answer and crisis
reading with its value, counts that match the dates beside them, and no "nothing needs
attention" above an earlier self-harm answer."""

from __future__ import annotations

from datetime import timedelta

from ketajournal.domain import models as m
from ketajournal.domain.summary import summary_document
from ketajournal.domain.summary.audience import Audience, Reader
from ketajournal.export.markdown import render_markdown
from tests.domain.records import T0, days
from tests.domain.summary_input import make_input, scale, started

PHQ9 = m.ScaleKind.PHQ9


def attention_text(**records: object) -> str:
    text = render_markdown(summary_document(make_input(**records), Reader(Audience.CLINICIAN)))
    return text.split("## Needs attention", 1)[1].split("\n## ", 1)[0]


def item9(value: int, at_day: int) -> m.ScaleResult:
    return scale(PHQ9, 8 + value, T0 + days(at_day), (1, 1, 1, 1, 1, 1, 1, 1, value))


def test_every_self_harm_answer_is_shown_with_its_value() -> None:
    # The most serious answer is the oldest of five: it must not fold into "and 2 more".
    text = attention_text(scales=[item9(3, -5), *(item9(1, d) for d in (-4, -3, -2, -1))])
    assert text.count("Thoughts of death or self-harm (PHQ-9 item 9):") == 5
    assert "answered 3 (nearly every day) on 2026-02-25" in text
    assert "more like this" not in text


def test_a_self_harm_answer_before_the_period_leads_the_section() -> None:
    text = attention_text(since=T0 - days(2), scales=[item9(2, -3)])
    assert "Nothing in this period needs attention" not in text
    first = text.strip().splitlines()[0]
    assert "PHQ-9 item 9" in first and "answered 2 (more than half the days)" in first
    assert "on 2026-02-27" in first
    assert "Nothing else in this period needs attention." in text


def test_nothing_needs_attention_when_nothing_does() -> None:
    text = attention_text(scales=[scale(PHQ9, 4, T0, (1, 1, 1, 1, 0, 0, 0, 0, 0))])
    assert text.strip().startswith("Nothing in this period needs attention.")


def test_the_count_of_the_rest_matches_the_dates_beside_it() -> None:
    # Five worse scores; the two not shown in full were both on one day: "And 2 more like
    # this" names that day with a count rather than one date for two results.
    half_hour = timedelta(minutes=30)
    results = [
        scale(PHQ9, score, T0 + at)
        for score, at in (
            (1, days(-12)),
            (7, days(-10)),
            (13, days(-10) + half_hour),
            (19, days(-8)),
            (2, days(-7)),
            (8, days(-6)),
            (14, days(-5)),
        )
    ]
    text = attention_text(since=T0 - days(30), scales=results)
    assert text.count("Worse scores:") == 3
    assert "And 2 more like this, on 2026-02-20 (2)." in text


def test_the_coach_given_clinical_details_reads_what_needs_attention_first() -> None:
    data = make_input(scales=[item9(2, -1)])
    with_details = render_markdown(summary_document(data, Reader(Audience.COACH, False, True)))
    headings = [line for line in with_details.splitlines() if line.startswith("## ")]
    assert headings[0] == "## Needs attention", headings
    assert "answered 2 (more than half the days)" in with_details.split("\n## ", 2)[1]
    without = render_markdown(summary_document(data, Reader(Audience.COACH)))
    assert "Needs attention" not in without and "answered 2" not in without


def test_a_self_harm_answer_before_the_period_leads_beside_other_concerns() -> None:
    session = started(T0, taken_dose_mg=125.0)  # the dose differs from the plan: a concern
    text = attention_text(since=T0 - days(2), scales=[item9(2, -3)], sessions=[session])
    lines = text.strip().splitlines()
    assert "PHQ-9 item 9" in lines[0] and "answered 2 (more than half the days)" in lines[0]
    assert any("Dose differed from the plan" in line for line in lines[1:])
    assert "needs attention." not in text  # neither "nothing" nor "nothing else"
