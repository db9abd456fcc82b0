"""The check-in summary's small formatters and fixed sentences, for every format at once."""

from __future__ import annotations

from datetime import datetime, timedelta

from ketajournal.text import plural

DISCLAIMER = (
    "Written by the person in their own journal (ketajournal). It records the plan their "
    "care team set; it is not medical advice and never suggests a dose. Where what happened "
    "differs from the plan, it says so, for discussion."
)
AHA = "the American Heart Association's categories"
SCALE_NAME = {"phq9": "PHQ-9", "gad7": "GAD-7", "madrs": "MADRS", "cadss": "CADSS"}


def day(when: datetime) -> str:
    """The local calendar day: 2026-10-31."""
    return when.astimezone().strftime("%Y-%m-%d")


def moment(when: datetime) -> str:
    """The local day and time: 2026-10-31 09:30."""
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def mg(value: float | None) -> str:
    return "-" if value is None else f"{value:g} mg"


def number(value: float | None, digits: int = 1) -> str:
    """A mean for people: 6.8, 7 (not 7.0), '-' for none."""
    if value is None:
        return "-"
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def span(delta: timedelta, exact: bool = False) -> str:
    """A length of time in words: '45 minutes', '5 hours', '2 days 5 hours', '16 days'.

    `exact` keeps the hours of longer spans too ('55 days 19 hours'), where rounding to
    days would blur a boundary the sentence is about.
    """
    minutes = round(delta.total_seconds() / 60)
    if minutes < 90:
        return plural(minutes, "minute")
    hours = round(delta.total_seconds() / 3600)
    if hours < 48:
        return plural(hours, "hour")
    whole, rest = divmod(hours, 24)
    if (whole < 3 or exact) and rest:
        return f"{plural(whole, 'day')} {plural(rest, 'hour')}"
    return plural(round(hours / 24), "day")


def hours(value: float) -> str:
    """Hours with one decimal where it matters: '3 hours', '2.5 hours'."""
    text = number(value)
    return f"{text} hour" if text == "1" else f"{text} hours"


def change_words(change: float, lower_is_better: bool) -> str:
    """'better' or 'worse' for a change of a score whose direction has a meaning."""
    if change == 0:
        return "unchanged"
    return "better" if (change < 0) == lower_is_better else "worse"
