"""Provides the one injectable clock every timestamp comes from."""

from __future__ import annotations

import math
import os
from datetime import UTC, datetime, timedelta
from typing import Protocol

from ketajournal.errors import ValidationError

# For end-to-end tests only: seconds the real clock is moved on, so a test in a real terminal
# need not wait out a session's phases in real time. Never set by the app itself.
TEST_CLOCK_OFFSET_ENV = "KETAJOURNAL_TEST_CLOCK_OFFSET"
_MOST_AHEAD = 86_400.0  # a day: more is never needed to skip a phase


class Clock(Protocol):
    """Something that tells the current instant as an aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock (moved on by KETAJOURNAL_TEST_CLOCK_OFFSET seconds, for tests only)."""

    def __init__(self) -> None:
        self._ahead = _test_offset()

    def now(self) -> datetime:
        return datetime.now(UTC) + self._ahead


def _test_offset() -> timedelta:
    raw = os.environ.get(TEST_CLOCK_OFFSET_ENV, "").strip()
    if not raw:
        return timedelta(0)
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not 0 <= seconds <= _MOST_AHEAD:  # NaN fails this too
        raise ValidationError(
            TEST_CLOCK_OFFSET_ENV, f"a number of seconds from 0 to {_MOST_AHEAD:g}", raw
        )
    return timedelta(seconds=seconds)


class FixedClock:
    """A clock for tests and the demo: stands still until moved."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = instant.astimezone(UTC)
