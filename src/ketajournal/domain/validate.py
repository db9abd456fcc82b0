"""Checks values at the service boundary; each failure names the field and what is allowed."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from enum import StrEnum
from typing import TypeVar
from uuid import UUID

from ketajournal.errors import ValidationError

E = TypeVar("E", bound=StrEnum)

_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_TEXT = 1_000_000  # characters; a journal entry longer than this is almost surely a mistake
MAX_LABEL = 200


# Every instant the journal holds lies in this range: wide enough for any real journal (and
# a birth date), narrow enough that every part can handle it in every time zone (UTC-12 to
# UTC+14): stored as fixed-width text, read back, shown as local time, exported.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2201, 1, 1, tzinfo=UTC)  # the first instant no longer allowed
TIME_RANGE = "a date and time from 1900 to 2200"


def aware(value: datetime, field: str) -> datetime:
    """Rejects naive datetimes and instants outside EARLIEST..LATEST; returns the instant in
    UTC. The one check of every instant the CLI, the app and imports give the journal."""
    if not isinstance(value, datetime):
        raise ValidationError(field, "a date and time", type(value).__name__)
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValidationError(field, "a timezone-aware date and time (naive times are ambiguous)")
    try:
        instant = value.astimezone(UTC)
    except OverflowError:  # year 1 east of UTC, year 9999 west of it
        raise ValidationError(field, TIME_RANGE, value.isoformat()) from None
    if not EARLIEST <= instant < LATEST:
        raise ValidationError(field, TIME_RANGE, value.isoformat())
    return instant


def maybe_aware(value: datetime | None, field: str) -> datetime | None:
    return None if value is None else aware(value, field)


def rating(value: int, field: str, low: int = 0, high: int = 10) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(field, f"a whole number from {low} to {high}", value)
    return value


def maybe_rating(value: int | None, field: str, low: int = 0, high: int = 10) -> int | None:
    return None if value is None else rating(value, field, low, high)


def positive_mg(value: float, field: str = "dose") -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value <= 0
        or value > 10_000
    ):
        raise ValidationError(field, "a number of mg greater than 0", value)
    return float(value)


def bounded_float(value: float | None, field: str, low: float, high: float) -> float | None:
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not low <= value <= high
    ):
        raise ValidationError(field, f"a number from {low:g} to {high:g}", value)
    return float(value)


def choice(value: object, enum: type[E], field: str) -> E:
    if isinstance(value, enum):
        return value
    try:
        return enum(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise ValidationError(field, f"one of {allowed}", value) from None


def text(value: str | None, field: str, *, required: bool = True, limit: int = MAX_TEXT) -> str:
    """Free text: must not be empty when required. Never echoes the text in an error."""
    if value is not None and not isinstance(value, str):
        raise ValidationError(field, "text")
    if value is None or not value.strip():
        if required:
            raise ValidationError(field, "some text (it is empty)")
        return ""
    if len(value) > limit:
        raise ValidationError(field, f"at most {limit} characters")
    if "\x00" in value:
        raise ValidationError(field, "text without NUL characters")
    if _SURROGATE.search(value):  # undecodable bytes in an argument, or "\ud800" in JSON
        raise ValidationError(field, "valid UTF-8 text (it holds bytes that are not)")
    return value


def optional_text(value: str | None, field: str, limit: int = MAX_TEXT) -> str | None:
    return text(value, field, required=False, limit=limit) or None


def label(value: str, field: str) -> str:
    """A short single-line name (medication, contact, tag)."""
    cleaned = text(value, field, limit=MAX_LABEL).strip()
    if "\n" in cleaned or "\r" in cleaned:
        raise ValidationError(field, "a single line")
    return cleaned


def tag(value: str) -> str:
    cleaned = label(value, "tag").lstrip("#@").lower()
    if not cleaned or any(ch.isspace() for ch in cleaned) or "," in cleaned:
        raise ValidationError("tag", "a word without spaces or commas", value)
    return cleaned


def blood_pressure(systolic: int, diastolic: int) -> tuple[int, int]:
    rating(systolic, "blood pressure (systolic)", 50, 260)
    rating(diastolic, "blood pressure (diastolic)", 30, 160)
    if diastolic >= systolic:
        raise ValidationError("blood pressure", "systolic above diastolic, as SYS/DIA")
    return systolic, diastolic


def parse_blood_pressure(raw: str, field: str = "blood pressure") -> tuple[int, int]:
    """A reading typed as SYS/DIA ("128/84", spaces allowed), checked as a reading."""
    parts = raw.replace(" ", "").split("/")
    if len(parts) != 2 or not all(p.isascii() and p.isdigit() for p in parts):
        raise ValidationError(field, "SYS/DIA, for example 120/80", raw)
    return blood_pressure(int(parts[0]), int(parts[1]))


def uuid(value: UUID | str, field: str = "id") -> UUID:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise ValidationError(field, "a record id", value) from None
