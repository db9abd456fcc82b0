"""The numbers people type, read once for the app and the command line.

Each refusal is a ValidationError that names the field and the range allowed, so it can
be shown beside that field. NaN and infinity are never numbers here.
"""

from __future__ import annotations

import math

from ketajournal.errors import ValidationError


def parse_int(raw: str, field: str, low: int, high: int, *, what: str = "") -> int:
    """A whole number from `low` to `high`, from what was typed ("7", " 7 ")."""
    allowed = what or f"a whole number from {low} to {high}"
    text = raw.strip()
    if not (text.lstrip("-").isascii() and text.lstrip("-").isdigit()):
        raise ValidationError(field, allowed, raw)
    value = int(text)
    if not low <= value <= high:
        raise ValidationError(field, allowed, raw)
    return value


def parse_float(
    raw: str, field: str, low: float, high: float, *, unit: str = "", what: str = ""
) -> float:
    """A number from `low` to `high` ("7.5"; a trailing `unit`, "mg" say, is allowed)."""
    allowed = what or f"a number from {low:g} to {high:g}"
    text = raw.strip().lower()
    if unit:
        text = text.removesuffix(unit.lower()).strip()
    try:
        value = float(text)
    except ValueError:
        raise ValidationError(field, allowed, raw) from None
    if not math.isfinite(value) or not low <= value <= high:
        raise ValidationError(field, allowed, raw)
    return value


def maybe_int(raw: str, field: str, low: int, high: int) -> int | None:
    """`parse_int`, or None for an empty field."""
    return parse_int(raw, field, low, high) if raw.strip() else None


def maybe_float(raw: str, field: str, low: float, high: float, *, unit: str = "") -> float | None:
    """`parse_float`, or None for an empty field."""
    return parse_float(raw, field, low, high, unit=unit) if raw.strip() else None
