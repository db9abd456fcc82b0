"""Parses the times people type: ISO 8601, `now`, `today HH:MM`, `yesterday HH:MM`, `-2h`.

Times without an offset are in the local timezone; the result is always an aware UTC instant.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from ketajournal.domain.validate import TIME_RANGE, aware
from ketajournal.errors import ValidationError

ALLOWED = "ISO 8601 (2026-03-02T18:30), now, today HH:MM, yesterday HH:MM, or -2h / -30m / -1d"
_RELATIVE = re.compile(r"^-\s*(\d+(?:\.\d+)?)\s*([mhd])$")
_DAY_TIME = re.compile(r"^(today|yesterday)(?:\s+(\d{1,2}):(\d{2}))?$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def local_zone() -> tzinfo:
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


def parse_when(
    raw: str, now: datetime, field: str = "time", zone: tzinfo | None = None
) -> datetime:
    """`raw` as an aware UTC datetime, relative to `now` (aware), inside the range every
    part of the journal handles (`validate.aware`)."""
    try:
        parsed = _parse(raw, now, field, zone)
    except OverflowError:  # -999999999d, or a date at the edge of what Python can hold
        raise ValidationError(field, TIME_RANGE, raw) from None
    return aware(parsed, field)


def _parse(raw: str, now: datetime, field: str, zone: tzinfo | None) -> datetime:
    text = raw.strip().lower()
    zone = zone or local_zone()
    if not text:
        raise ValidationError(field, ALLOWED)
    if text == "now":
        return now.astimezone(UTC)
    if match := _RELATIVE.match(text):
        amount = float(match.group(1))
        return (now - timedelta(**{_UNITS[match.group(2)]: amount})).astimezone(UTC)
    if match := _DAY_TIME.match(text):
        day = now.astimezone(zone).date()
        if match.group(1) == "yesterday":
            day -= timedelta(days=1)
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
        parsed = parsed.replace(tzinfo=zone)
    return parsed.astimezone(UTC)


def _at(day: date, clock_time: time, zone: tzinfo) -> datetime:
    return datetime.combine(day, clock_time).replace(tzinfo=zone).astimezone(UTC)
