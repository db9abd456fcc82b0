"""Finds what the care team should hear about: where what happened differs from the plan.

These are observations for the person to raise with their team, never advice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from ketajournal.domain.models import (
    EventKind,
    Reflection,
    ScaleKind,
    ScaleResult,
    SchedulePhase,
    Session,
    SessionEvent,
    Severity,
)
from ketajournal.domain.schedule import minimum_gap

# A session up to this much earlier than the interval is not "too close" (same weekday,
# earlier hour); a gap up to this much longer than the interval is not a missed session.
EARLY_TOLERANCE = timedelta(hours=12)
MISSED_GRACE = timedelta(days=2)


class FlagKind(StrEnum):
    DOSE_DIFFERS = "dose-differs"
    TOO_CLOSE = "too-close"
    SEVERE_SIDE_EFFECT = "severe-side-effect"
    PHQ9_ITEM9 = "phq9-item9"
    MISSED_SESSION = "missed-session"


@dataclass(frozen=True, slots=True)
class Flag:
    kind: FlagKind
    at: datetime
    detail: str
    ref_id: UUID | None = None


def _fmt_mg(value: float) -> str:
    return f"{value:g} mg"


def dose_flags(sessions: Sequence[Session]) -> list[Flag]:
    return [
        Flag(
            FlagKind.DOSE_DIFFERS,
            s.started_at or s.created_at,
            f"took {_fmt_mg(s.taken_dose_mg or 0)}; plan said {_fmt_mg(s.prescribed_dose_mg or 0)}",
            s.id,
        )
        for s in sessions
        if s.dose_differs
    ]


def spacing_flags(
    sessions: Sequence[Session], phases: Sequence[SchedulePhase], now: datetime
) -> list[Flag]:
    """Sessions closer together than the schedule allows, and sessions missed."""
    starts = sorted((s.started_at, s.id) for s in sessions if s.started_at is not None)
    flags: list[Flag] = []
    for (prev, _), (cur, cur_id) in zip(starts, starts[1:], strict=False):
        gap = minimum_gap(phases, cur)
        if gap is None:
            continue
        actual = cur - prev
        if actual < gap - EARLY_TOLERANCE:
            days = actual.total_seconds() / 86400
            flags.append(
                Flag(
                    FlagKind.TOO_CLOSE,
                    cur,
                    f"{days:.1f} days after the previous session; schedule: every {gap.days} days",
                    cur_id,
                )
            )
        flags.extend(_missed_between(prev, cur, gap))
    if starts:
        gap = minimum_gap(phases, now)
        if gap is not None:
            flags.extend(_missed_between(starts[-1][0], now, gap))
    return flags


def _missed_between(prev: datetime, cur: datetime, gap: timedelta) -> list[Flag]:
    """One flag if due dates passed by more than the grace with no session between."""
    if gap.total_seconds() <= 0:
        return []
    # Due dates prev+k*gap that went by more than the grace: k*gap < cur-prev-grace, so
    # ceil((cur-prev-grace)/gap) - 1 of them (exact: timedelta // timedelta is an int).
    missed = -((prev + MISSED_GRACE - cur) // gap) - 1
    if missed < 1:
        return []
    plural = "session" if missed == 1 else "sessions"
    return [
        Flag(FlagKind.MISSED_SESSION, prev + gap, f"{missed} {plural} missed after {prev:%Y-%m-%d}")
    ]


def side_effect_flags(
    events: Sequence[SessionEvent], reflections: Sequence[Reflection] = ()
) -> list[Flag]:
    flags = [
        Flag(
            FlagKind.SEVERE_SIDE_EFFECT,
            e.at,
            f"severe {e.sensation.value if e.sensation else 'side effect'} during the session",
            e.session_id,
        )
        for e in events
        if e.kind is EventKind.MARK and e.severity is Severity.SEVERE
    ]
    marked = {(f.ref_id, f.detail.split()[1]) for f in flags}
    for r in reflections:
        for effect in r.side_effects:
            key = (r.session_id, effect.sensation.value)
            if effect.severity is Severity.SEVERE and key not in marked:
                marked.add(key)
                flags.append(
                    Flag(
                        FlagKind.SEVERE_SIDE_EFFECT,
                        r.answered_at or r.due_at,
                        f"severe {effect.sensation.value} reported afterwards",
                        r.session_id,
                    )
                )
    return flags


def scale_flags(results: Sequence[ScaleResult]) -> list[Flag]:
    return [
        Flag(
            FlagKind.PHQ9_ITEM9,
            r.at,
            "PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered above 0",
            r.id,
        )
        for r in results
        if r.scale is ScaleKind.PHQ9 and r.item9_positive
    ]


def care_team_flags(
    *,
    sessions: Sequence[Session],
    phases: Sequence[SchedulePhase],
    events: Sequence[SessionEvent],
    reflections: Sequence[Reflection],
    scales: Sequence[ScaleResult],
    now: datetime,
) -> list[Flag]:
    """Every flag, oldest first."""
    flags = (
        dose_flags(sessions)
        + spacing_flags(sessions, phases, now)
        + side_effect_flags(events, reflections)
        + scale_flags(scales)
    )
    return sorted(flags, key=lambda f: f.at)
