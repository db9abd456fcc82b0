"""Shared wording and small formatters for every export format."""

from __future__ import annotations

from datetime import datetime

from ketajournal.domain.flags import FlagKind

FLAG_TITLE = {
    FlagKind.DOSE_DIFFERS: "Dose differed from the plan",
    FlagKind.TOO_CLOSE: "Sessions closer than the schedule",
    FlagKind.SEVERE_SIDE_EFFECT: "Severe side effect",
    FlagKind.PHQ9_ITEM9: "PHQ-9 item 9 above 0",
    FlagKind.MISSED_SESSION: "Missed session",
}
DISCLAIMER = (
    "Written by the person in their own journal (ketajournal). It records the plan their "
    "care team set; it is not medical advice and never suggests a dose. Flags point out "
    "where what happened differs from the plan, for discussion."
)
SESSION_COLUMNS = (
    "Date",
    "Dose taken / prescribed",
    "Intensity",
    "Dissociation",
    "Side effects",
    "Mood before / after",
    "Anxiety before / after",
    "Support",
    "Blood pressure",
)


def day(when: datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d")


def mg(value: float | None) -> str:
    return "-" if value is None else f"{value:g} mg"


def pair(a: object, b: object) -> str:
    return f"{'-' if a is None else a} / {'-' if b is None else b}"


def trend(values: list[float]) -> str:
    """A plain-words trend: first against last, for someone skimming."""
    if not values:
        return "none in this range"
    if len(values) < 2:
        return f"{values[0]:g} (one day only: not enough for a trend)"
    first, last = values[0], values[-1]
    if abs(last - first) < 1:
        return f"about the same ({first:g} → {last:g})"
    return f"{'up' if last > first else 'down'} from {first:g} to {last:g}"
