"""The summary's first line says the period as its reader counts days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ketajournal.domain.summary import summary_document
from ketajournal.domain.summary.audience import Audience, Reader
from tests.domain.records import T0, system_zone
from tests.domain.summary_input import make_input


@pytest.mark.parametrize(
    ("length", "said"),
    [
        (timedelta(hours=8, minutes=46), "(1 day)"),  # since this morning: not "0 days"
        (timedelta(days=1), "(1 day)"),
        (timedelta(days=1, minutes=1), "(2 days)"),
        (timedelta(days=30), "(30 days)"),  # the default range
        (timedelta(days=30, hours=8), "(31 days)"),
    ],
)
def test_the_period_counts_every_day_it_reaches_into(length: timedelta, said: str) -> None:
    data = make_input(since=T0, until=T0 + length)
    for audience in Audience:
        subtitle = summary_document(data, Reader(audience)).subtitle or ""
        assert said in subtitle, subtitle


def test_a_range_across_the_end_of_summer_time_counts_wall_clock_days() -> None:
    """25 October to 1 November in Los Angeles: 8 days on the wall, 8 days and an hour."""
    since = datetime(2026, 10, 25, 7, tzinfo=UTC)  # midnight, summer time
    until = datetime(2026, 11, 2, 8, tzinfo=UTC)  # midnight, winter time
    with system_zone("America/Los_Angeles"):
        document = summary_document(
            make_input(since=since, until=until), Reader(Audience.CLINICIAN)
        )
    assert (document.subtitle or "").startswith("2026-10-25 to 2026-11-01 (8 days)")
