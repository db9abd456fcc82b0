"""The settings, their defaults from the design, and the one rule each value must meet.

Both ways a setting reaches the journal read these rules: `settings set` (through the
service, from what was typed) and an import (a stored value, checked strictly).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

from ketajournal.domain import drafts
from ketajournal.domain.crisis import COUNTRIES
from ketajournal.errors import ValidationError

DEFAULT_SETTING_CHECKLIST = (
    "Quiet room",
    "Dim lights",
    "Blanket and pillows",
    "Eye mask",
    "Calm instrumental music",
    "Phone silenced",
)
MAX_CHECKLIST_ITEMS = 50
MAX_CHECKLIST_ITEM = 80  # characters
MAX_TEXT_SETTING = 200


@dataclass(frozen=True, slots=True)
class Settings:
    sip_minutes: int = 15
    sip_cue_minutes: int = 2
    experience_minutes: int = 120
    meal_gap_hours: float = 4.0
    bp_prompt_minutes: int = 40
    full_reflection_after_hours: int = 18
    followup_week_days: int = 7
    followup_month_days: int = 30
    breathe_in_seconds: float = 4.0
    breathe_out_seconds: float = 6.0
    breathing_pacer: bool = False
    reduce_motion: bool = False
    theme: str = "ketajournal-calm"
    country: str = ""  # for its emergency number and crisis line (domain.crisis); "" if unset
    setting_checklist: tuple[str, ...] = DEFAULT_SETTING_CHECKLIST


# Allowed ranges, so a typo cannot make a 0-minute sip or a negative follow-up.
RANGES: dict[str, tuple[float, float]] = {
    "sip_minutes": (1, 60),
    "sip_cue_minutes": (1, 15),
    "experience_minutes": (1, 480),
    "meal_gap_hours": (0, 24),
    "bp_prompt_minutes": (1, 240),
    "full_reflection_after_hours": (1, 96),
    "followup_week_days": (1, 30),
    "followup_month_days": (7, 180),
    "breathe_in_seconds": (1, 20),
    "breathe_out_seconds": (1, 20),
}
DEFAULTS = Settings()
NAMES = tuple(f.name for f in fields(Settings))
_TRUE = ("on", "true", "yes", "1")
_FALSE = ("off", "false", "no", "0")


def known(key: object) -> str:
    if key not in NAMES:
        raise ValidationError("setting", "one of " + ", ".join(NAMES), key)
    return str(key)


def coerce(key: str, value: Any) -> Any:
    """The value of setting `key` from what was typed or given (text is parsed: "on",
    "20", "a, b"), checked against its rule; a ValidationError names the setting."""
    default = getattr(DEFAULTS, known(key))
    if isinstance(default, bool):
        if isinstance(value, str) and value.lower() in _TRUE + _FALSE:
            return value.lower() in _TRUE
        if isinstance(value, bool):
            return value
        raise ValidationError(key, "on or off", value)
    if isinstance(default, tuple):
        raw = value.split(",") if isinstance(value, str) else value
        if not isinstance(raw, list | tuple):
            raise ValidationError(key, "a list of short items", value)
        items = [str(x).strip() for x in raw]
        items = [x for x in items if x]
        if (
            not items
            or len(items) > MAX_CHECKLIST_ITEMS
            or any(len(x) > MAX_CHECKLIST_ITEM or "\n" in x for x in items)
        ):
            raise ValidationError(
                key,
                f"a list of 1 to {MAX_CHECKLIST_ITEMS} items of at most "
                f"{MAX_CHECKLIST_ITEM} characters",
            )
        return tuple(items)
    if isinstance(default, int | float):
        if isinstance(value, bool):
            raise ValidationError(key, "a number", value)
        try:
            number = type(default)(value)
        except (TypeError, ValueError, OverflowError):
            raise ValidationError(key, "a number", value) from None
        low, high = RANGES[key]
        if not math.isfinite(number) or not low <= number <= high:
            raise ValidationError(key, f"from {low:g} to {high:g}", value)
        return number
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT_SETTING:
        raise ValidationError(key, f"some text (at most {MAX_TEXT_SETTING} characters)", value)
    if key == "country":
        code = value.strip().upper()
        if code not in COUNTRIES:
            raise ValidationError(
                key, "a country code with a known crisis line: " + ", ".join(COUNTRIES), value
            )
        return code
    return value.strip()


def check_stored(key: object, value: object) -> None:
    """Refuses a stored (imported) setting whose value is not exactly what `settings set`
    would store: the right JSON type (a number, never text that looks like one) and within
    its rule. A draft (`domain.drafts`) is checked by its own rule."""
    if drafts.is_draft(key):
        drafts.check(str(key), value)
        return
    name = known(key)
    default = getattr(DEFAULTS, name)
    if isinstance(default, tuple):
        shape_ok = isinstance(value, list) and all(isinstance(x, str) for x in value)
    elif isinstance(default, bool):
        shape_ok = isinstance(value, bool)
    elif isinstance(default, int):
        shape_ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(default, float):
        shape_ok = isinstance(value, int | float) and not isinstance(value, bool)
    else:
        shape_ok = isinstance(value, str)
    if not shape_ok:
        raise ValidationError(name, f"a value like its default ({_plain(default)})", value)
    canonical = coerce(name, value)
    if _plain(canonical) != value:
        raise ValidationError(name, f"stored as `settings set` stores it ({_plain(canonical)})")


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value
