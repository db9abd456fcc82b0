"""The plain words the summaries use for trends and counts."""

from __future__ import annotations

from ketajournal.export.wording import trend
from ketajournal.text import days


def test_trend_in_words() -> None:
    assert trend([]) == "none in this range"
    assert trend([6]) == "6 (one day only: not enough for a trend)"  # the value still shows
    assert trend([4, 4.5]) == "about the same (4 → 4.5)"
    assert trend([3, 5, 7]) == "up from 3 to 7"
    assert trend([7, 2]) == "down from 7 to 2"


def test_days_counts_one_and_many() -> None:
    assert [days(n) for n in (0, 1, 2)] == ["0 days", "1 day", "2 days"]
