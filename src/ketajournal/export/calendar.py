"""Upcoming sessions and reflection follow-ups as an iCalendar file (RFC 5545).

Only neutral titles go in: a calendar is often synced to someone else's server, so no
journal text, dose or contact ever does. The CLI gathers the dates from the service and
passes plain data here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ketajournal.text import safe_text

SESSION_TITLE = "Session due (ketajournal)"
FOLLOW_UP_TITLE = "Reflection follow-up due (ketajournal)"
PRODID = "-//ketajournal//ketajournal export//EN"
_MAX_OCTETS = 75


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    key: str  # stable identity: the same event gets the same UID in every export
    start: datetime  # timezone-aware
    title: str
    minutes: int = 30
    description: str = ""


def upcoming_sessions(
    first_due: datetime,
    phases: Sequence[tuple[datetime, int]],
    now: datetime,
    weeks: int,
) -> list[datetime]:
    """The dates sessions are due from `first_due` for `weeks` weeks after `now`.

    phases: (starts_at, interval_days); the interval in force at each date is used. An
    overdue first date is shown as due now.
    """
    ordered = sorted(phases, key=lambda p: p[0])
    if not ordered:
        return []
    until = now + timedelta(weeks=weeks)
    at = max(first_due, now)
    dates: list[datetime] = []
    while at < until and len(dates) < 1000:
        dates.append(at)
        started = [p for p in ordered if p[0] <= at]
        interval = (started[-1] if started else ordered[0])[1]
        at += timedelta(days=max(1, interval))
    return dates


def session_events(dates: Sequence[datetime]) -> list[CalendarEvent]:
    return [
        CalendarEvent(
            key=f"session-due-{d.astimezone(UTC):%Y%m%d}",
            start=d,
            title=SESSION_TITLE,
            minutes=120,
            description="A session is due by your plan. Open ketajournal for the details.",
        )
        for d in dates
    ]


def follow_up_event(key: str, due: datetime, now: datetime) -> CalendarEvent:
    return CalendarEvent(
        key=f"reflection-{key}",
        start=max(due, now),
        title=FOLLOW_UP_TITLE,
        description="A reflection is waiting in ketajournal.",
    )


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    cleaned = safe_text(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return cleaned.replace("\n", "\\n")


def fold(line: str) -> list[str]:
    """Split a content line into lines of at most 75 octets, never inside a character."""
    out: list[str] = []
    current, size, limit = "", 0, _MAX_OCTETS
    for char in line:
        n = len(char.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = " ", 1, _MAX_OCTETS
        current += char
        size += n
    out.append(current)
    return out


def _utc(when: datetime) -> str:
    if when.tzinfo is None:
        when = when.astimezone()
    return when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _uid(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@ketajournal"


def render_calendar(
    events: Sequence[CalendarEvent], *, now: datetime, name: str = "ketajournal"
) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    stamp = _utc(now)
    for event in sorted(events, key=lambda e: (e.start, e.key)):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_uid(event.key)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(event.start)}",
            f"DURATION:PT{max(1, event.minutes)}M",
            f"SUMMARY:{escape_text(event.title)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        lines += ["TRANSP:TRANSPARENT", "CLASS:PRIVATE", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(f"{part}\r\n" for line in lines for part in fold(line))
