"""The words every screen and command share: times typed and refused in plain words,
numbers read once (never NaN or infinity), dates and counts as people say them."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from ketajournal.domain.when import parse_when
from ketajournal.errors import ValidationError
from ketajournal.numbers import maybe_int, parse_float, parse_int
from ketajournal.text import (
    due_label,
    local_day,
    local_when,
    minutes_in,
    plural,
    time_today_or_day,
)
from tests.domain.records import system_zone

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)  # a Monday afternoon


@pytest.fixture(autouse=True)
def utc() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TZ", "UTC")
        time.tzset()
        yield
    time.tzset()


def test_a_bare_clock_time_is_today() -> None:
    assert parse_when("13:30", NOW) == NOW.replace(hour=13, minute=30)
    assert parse_when("yesterday 20:00", NOW) == NOW.replace(hour=20) - timedelta(days=1)


def test_a_day_alone_is_refused_where_a_time_is_needed() -> None:
    for raw in ("yesterday", "today", "2026-03-01"):
        with pytest.raises(ValidationError) as caught:
            parse_when(raw, NOW, "last meal", need_time=True)
        assert str(caught.value).startswith(
            "last meal: must be a time of day too, for example 13:30, -3h or yesterday 20:00"
        )
    # Where a day is enough (a filter, a dose change from a date) it is its start.
    assert parse_when("yesterday", NOW, "since") == datetime(2026, 3, 1, tzinfo=UTC)


def test_an_unreadable_time_is_refused_in_plain_words_with_examples() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_when("2026-13-45", NOW, "last meal")
    message = str(caught.value)
    assert message == (
        "last meal: must be a day or time, for example 13:30, -3h, yesterday 20:00, -30d or "
        "2026-03-02 (got '2026-13-45')"
    )
    assert "ISO" not in message


def test_tomorrow_only_where_a_time_to_come_makes_sense() -> None:
    with pytest.raises(ValidationError):
        parse_when("tomorrow", NOW, "at")
    assert parse_when("tomorrow", NOW, "from when", future=True) == datetime(2026, 3, 3, tzinfo=UTC)
    assert parse_when("tomorrow 09:00", NOW, "starting", future=True) == datetime(
        2026, 3, 3, 9, tzinfo=UTC
    )


@pytest.mark.parametrize("raw", ["nan", "inf", "-inf", "1e999", "abc", "", "7 mg mg"])
def test_a_number_is_never_nan_infinity_or_text(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_float(raw, "dose", 0.001, 10_000, unit="mg")
    assert str(caught.value).startswith("dose: must be a number from 0.001 to 10000")


def test_numbers_as_typed() -> None:
    assert parse_float(" 150 mg ", "dose", 0.001, 10_000, unit="mg") == 150.0
    assert parse_float("7.5", "sleep", 0, 24) == 7.5
    assert parse_int(" 7 ", "mood", 0, 10) == 7
    assert maybe_int("  ", "mood", 0, 10) is None
    for raw in ("11", "-1", "7.0", "٣", "1_0"):
        with pytest.raises(ValidationError, match="mood: must be a whole number from 0 to 10"):
            parse_int(raw, "mood", 0, 10)
    assert not math.isnan(parse_float("0", "x", 0, 1))


def test_days_times_and_counts_as_people_say_them() -> None:
    at = datetime(2026, 3, 2, 9, 5, tzinfo=UTC)
    assert local_day(at) == "Mon 2 Mar"
    assert local_day(at, year=True, weekday=False) == "2 Mar 2026"
    assert local_when(at) == "Mon 2 Mar, 09:05"
    assert time_today_or_day(at, NOW) == "09:05"
    assert time_today_or_day(at - timedelta(days=1), NOW) == "yesterday 09:05"
    assert time_today_or_day(at - timedelta(days=3), NOW) == "Fri 27 Feb, 09:05"
    assert [due_label(d) for d in (0, 1, 6, -1, -3)] == [
        "today",
        "tomorrow",
        "in 6 days",
        "overdue by 1 day",
        "overdue by 3 days",
    ]
    assert [minutes_in(n) for n in (0, 1, 20, 60, 95)] == [
        "under a minute in",
        "1 minute in",
        "20 minutes in",
        "1 hour in",
        "1 hour 35 minutes in",
    ]
    assert (plural(1, "entry", "entries"), plural(2, "entry", "entries")) == (
        "1 entry",
        "2 entries",
    )


def test_a_time_typed_in_winter_for_a_summer_day_keeps_that_days_offset() -> None:
    """Typed on 4 December (PST, -8) for 25 October (PDT, -7): the clock time people mean,
    not an hour later. The same for a relative day across the change."""
    with system_zone("America/Los_Angeles"):
        winter = datetime(2026, 12, 4, 18, 0, tzinfo=UTC)
        assert parse_when("2026-10-25T23:30", winter) == datetime(2026, 10, 26, 6, 30, tzinfo=UTC)
        assert parse_when("2026-10-25", winter) == datetime(2026, 10, 25, 7, 0, tzinfo=UTC)
        after_the_change = datetime(2026, 11, 1, 20, 0, tzinfo=UTC)  # 12:00 PST
        assert parse_when("yesterday 20:00", after_the_change) == datetime(
            2026, 11, 1, 3, 0, tzinfo=UTC
        )
        assert parse_when("13:30", after_the_change) == datetime(2026, 11, 1, 21, 30, tzinfo=UTC)
        assert local_day(parse_when("2026-10-25T23:30", winter)) == "Sun 25 Oct"


@pytest.mark.parametrize(
    ("raw", "end"),
    [
        ("2026-03-02", datetime(2026, 3, 3, tzinfo=UTC)),  # a day alone: its end
        ("today", datetime(2026, 3, 3, tzinfo=UTC)),
        ("yesterday", datetime(2026, 3, 2, tzinfo=UTC)),
        ("2026-03-02T10:00", datetime(2026, 3, 2, 10, tzinfo=UTC)),  # a time: itself
        ("yesterday 20:00", datetime(2026, 3, 1, 20, tzinfo=UTC)),
        ("-2h", NOW - timedelta(hours=2)),
    ],
)
def test_the_end_of_a_range_given_as_a_day_is_the_end_of_that_day(raw: str, end: datetime) -> None:
    assert parse_when(raw, NOW, "until", end_of_day=True) == end
