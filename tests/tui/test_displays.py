"""Honest displays, checked without an app: the home mood line is scaled by time and says
a few check-ins in words; long progress ranges are drawn as weekly or monthly means; the
session clock has its time in words and a large face for wide terminals."""

from __future__ import annotations

from datetime import date, timedelta

from ketajournal.domain import progress as p
from ketajournal.domain.session_clock import PhaseLengths, read_clock
from ketajournal.widgets.mood_line import FEW, columns, describe
from ketajournal.widgets.session_clock import elapsed_words, large

WEEKS = 8


def _days(values: dict[int, float]) -> tuple[float | None, ...]:
    """8 weeks of days, oldest first; `values` maps days ago (0 = today) to a mood."""
    return tuple(values.get(7 * WEEKS - 1 - i) for i in range(7 * WEEKS))


def test_one_check_in_is_a_sentence_not_a_full_width_block() -> None:
    shown = describe(_days({0: 6}), 76).plain
    assert "1 day with a check-in" in shown and "6 today" in shown
    assert "█" not in shown and "▁" not in shown


def test_three_check_ins_are_named_with_their_days() -> None:
    shown = describe(_days({0: 7, 1: 5, 3: 6.5}), 76).plain
    assert "7 today · 5 yesterday · 6.5 3 days ago" in shown
    assert f"a line from {FEW}" in shown


def test_the_line_is_scaled_by_time_with_gaps_for_days_without_one() -> None:
    days = _days({0: 10, 1: 0, 2: 5, 30: 8, 55: 2})
    lines = describe(days, 56).plain.splitlines()
    assert lines[0] == "Mood, last 8 weeks: 5 days with a check-in, mean 5 of 10"
    line = lines[1]
    assert len(line) == 56  # one column a day
    assert line[-1] == "█" and line[-2] == "▁" and line[0] == "▂"
    assert line.count("·") == 51  # the days without a check-in stay empty, in place
    assert lines[2].startswith("8 weeks ago") and lines[2].endswith("today")
    # Narrower: days fold into columns, the newest column ending today.
    assert len(columns(days, 28)) == 28 and columns(days, 28)[-1] == 5.0
    # Wider: each day takes more columns; the width is still time.
    assert len(describe(days, 170).plain.splitlines()[1]) == 56 * 3


def test_no_check_in_says_so() -> None:
    assert describe(_days({}), 76).plain == "No mood check-ins in the last 8 weeks yet."


def test_long_ranges_are_drawn_as_weekly_or_monthly_means() -> None:
    first = date(2024, 1, 1)
    assert p.period_for(first, first + timedelta(days=89)) == "day"
    assert p.period_for(first, first + timedelta(days=364)) == "week"
    assert p.period_for(first, first + timedelta(days=3650)) == "month"
    days = [p.DayValue(first + timedelta(days=i), float(i % 10)) for i in range(3650)]
    months = p.period_means(days, "month")
    assert len(months) == 120 and months[0].day == date(2024, 1, 1) and months[0].count == 31
    weeks = p.period_means(days[:14], "week")
    assert [w.day.weekday() for w in weeks] == [0, 0] and weeks[0].value == 3.0


def test_the_session_clock_says_its_time_in_words(clock) -> None:  # type: ignore[no-untyped-def]
    from ketajournal.domain import models as m

    start = clock.now()
    session = m.Session(
        id=__import__("uuid").uuid4(),
        created_at=start,
        updated_at=start,
        status=m.SessionStatus.RUNNING,
        sip_started_at=start,
    )
    reading = read_clock(session, PhaseLengths(), start + timedelta(minutes=20, seconds=30))
    assert elapsed_words(reading) == "20 minutes in"
    face = large("0:20:30").splitlines()
    assert len(face) == 5 and len({len(row) for row in face}) == 1  # rows line up


def test_the_mood_line_says_nothing_before_its_days_are_loaded() -> None:
    assert describe((), 76).plain == ""  # not "No mood check-ins in the last 0 weeks"
