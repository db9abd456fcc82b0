"""Settings with their defaults from the design; stored as key/value records."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ketajournal.domain import models as m
from ketajournal.domain.crisis import COUNTRIES
from ketajournal.errors import ValidationError
from ketajournal.service.base import Context

DEFAULT_SETTING_CHECKLIST = (
    "Quiet room",
    "Dim lights",
    "Blanket and pillows",
    "Eye mask",
    "Calm instrumental music",
    "Phone silenced",
)


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
_RANGES: dict[str, tuple[float, float]] = {
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


class SettingsService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def get(self) -> Settings:
        values: dict[str, Any] = {}
        for f in fields(Settings):
            stored = self._ctx.store.setting(f.name)
            if stored is not None:
                values[f.name] = (
                    tuple(stored.value) if isinstance(stored.value, list) else stored.value
                )
        return Settings(**values)

    def set(self, key: str, value: Any) -> Settings:
        names = {f.name: f for f in fields(Settings)}
        if key not in names:
            raise ValidationError("setting", "one of " + ", ".join(names), key)
        default = getattr(Settings(), key)
        value = _coerce(key, value, default)
        stored = self._ctx.store.setting(key)
        encoded = list(value) if isinstance(value, tuple) else value
        if stored is None:
            self._ctx.store.insert(m.Setting(key=key, value=encoded, **self._ctx.stamp()))
        else:
            self._ctx.touch(stored, value=encoded)
        return self.get()


def _coerce(key: str, value: Any, default: Any) -> Any:
    if isinstance(default, bool):
        if isinstance(value, str) and value.lower() in (
            "on",
            "true",
            "yes",
            "1",
            "off",
            "false",
            "no",
            "0",
        ):
            return value.lower() in ("on", "true", "yes", "1")
        if isinstance(value, bool):
            return value
        raise ValidationError(key, "on or off", value)
    if isinstance(default, tuple):
        items = [str(x).strip() for x in (value.split(",") if isinstance(value, str) else value)]
        items = [x for x in items if x]
        if not items or any(len(x) > 80 for x in items):
            raise ValidationError(key, "a list of short items", None)
        return tuple(items)
    if isinstance(default, int | float):
        try:
            number = type(default)(value)
        except (TypeError, ValueError):
            raise ValidationError(key, "a number", value) from None
        low, high = _RANGES[key]
        if not low <= number <= high:
            raise ValidationError(key, f"from {low:g} to {high:g}", value)
        return number
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(key, "some text", value)
    if key == "country":
        code = value.strip().upper()
        if code not in COUNTRIES:
            raise ValidationError(
                key, "a country code with a known crisis line: " + ", ".join(COUNTRIES), value
            )
        return code
    return value.strip()
