"""Parses the times people type: `13:30`, `now`, `yesterday 20:00`, `-2h`, ISO 8601.

Times without an offset are in the local timezone, with the offset in force on that day
(daylight saving included); the result is always an aware UTC instant.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from ketajournal.domain.validate import TIME_RANGE, aware
from ketajournal.errors import ValidationError

# In plain words, with examples a person can copy.
ALLOWED = "a day or time, for example 13:30, -3h, yesterday 20:00, -30d or 2026-03-02"
NEEDS_TIME = "a time of day too, for example 13:30, -3h or yesterday 20:00"
_RELATIVE = re.compile(r"^-\s*(\d+(?:\.\d+)?)\s*([mhd])$")
_DAY_TIME = re.compile(r"^(today|yesterday|tomorrow)(?:\s+(\d{1,2}):(\d{2}))?$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def parse_when(
    raw: str,
    now: datetime,
    field: str = "time",
    zone: tzinfo | None = None,
    *,
    need_time: bool = False,
    future: bool = False,
    end_of_day: bool = False,
) -> datetime:
    """`raw` as an aware UTC datetime, relative to `now` (aware), inside the range every
    part of the journal handles (`validate.aware`).

    A bare clock time (`13:30`) is today's. A day alone (`yesterday`, `2026-03-02`) means
    its start, unless `need_time`: then it is refused, naming what to add, or `end_of_day`
    (the end of a range, as in `--until 2026-03-02`): then its end, so that the day is in
    the range. `tomorrow` is read only where a time to come makes sense (`future`)."""
    text = raw.strip().lower()
    if need_time and (text in ("today", "yesterday", "tomorrow") or _is_date(text)):
        raise ValidationError(field, NEEDS_TIME, raw)
    if not future and text.startswith("tomorrow"):
        raise ValidationError(field, ALLOWED, raw)
    try:
        parsed = _parse(raw, now, field, zone)
        if end_of_day and (text in ("today", "yesterday", "tomorrow") or _is_date(text)):
            parsed = _at(parsed.astimezone(zone).date() + timedelta(days=1), time(0, 0), zone)
    except OverflowError:  # -999999999d, or a date at the edge of what Python can hold
        raise ValidationError(field, TIME_RANGE, raw) from None
    return aware(parsed, field)


def _is_date(text: str) -> bool:
    """A real calendar day without a time ("2026-03-02"; not "2026-13-45")."""
    if not _DATE_ONLY.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _parse(raw: str, now: datetime, field: str, zone: tzinfo | None) -> datetime:
    text = raw.strip().lower()
    if not text:
        raise ValidationError(field, ALLOWED)
    if text == "now":
        return now.astimezone(UTC)
    if match := _RELATIVE.match(text):
        amount = float(match.group(1))
        return (now - timedelta(**{_UNITS[match.group(2)]: amount})).astimezone(UTC)
    if match := _CLOCK.match(text):
        text = f"today {match.group(1)}:{match.group(2)}"
    if match := _DAY_TIME.match(text):
        day = now.astimezone(zone).date()  # zone None: the system's local time
        day += timedelta(days={"today": 0, "yesterday": -1, "tomorrow": 1}[match.group(1)])
        if match.group(2) is None:
            return _at(day, time(0, 0), zone)
        hour, minute = int(match.group(2)), int(match.group(3))
        if hour > 23 or minute > 59:
            raise ValidationError(field, ALLOWED, raw)
        return _at(day, time(hour, minute), zone)
    try:
        parsed = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise ValidationError(field, ALLOWED, raw) from None
    if parsed.tzinfo is None:
        return _wall_clock(parsed, zone)
    return parsed.astimezone(UTC)


def _at(day: date, clock_time: time, zone: tzinfo | None) -> datetime:
    return _wall_clock(datetime.combine(day, clock_time), zone)


def _wall_clock(naive: datetime, zone: tzinfo | None) -> datetime:
    """A time on the clock where the person is: in `zone` when given, else by the system's
    rules for that very date. Not today's offset: 23:30 on a summer evening typed in winter
    is 23:30 summer time, not an hour later."""
    local = naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()
    return local.astimezone(UTC)
