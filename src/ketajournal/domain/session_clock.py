"""The session clock, derived from stored timestamps and the current instant, never counted.

A phase starts when the person moves on (recorded), or on its own once the previous phase
has lasted its planned length (derived here; the app records it at that derived time). So
a closed terminal, a crash or a killed process loses nothing: reading the clock again from
the stored times gives the same phase and elapsed time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ketajournal.domain.models import Session, SessionPhase


@dataclass(frozen=True, slots=True)
class PhaseLengths:
    sip_minutes: int = 15
    experience_minutes: int = 120
    sip_cue_minutes: int = 2
    bp_prompt_minutes: int = 40


@dataclass(frozen=True, slots=True)
class ClockReading:
    phase: SessionPhase
    elapsed: timedelta  # since the session started
    phase_elapsed: timedelta
    sip_progress: float  # 0..1 through the planned sip phase
    sip_cue: bool  # a gentle cue to sip, for the first seconds of each cue interval
    unrecorded: tuple[tuple[SessionPhase, datetime], ...]  # phases begun but not yet stored
    next_change: tuple[SessionPhase, datetime] | None  # the next phase and when it begins
    bp_prompt_due: bool  # past the blood pressure prompt time


CUE_SECONDS = 20  # how long each sip cue stays up


def read_clock(session: Session, lengths: PhaseLengths, now: datetime) -> ClockReading:
    """Where the session stands at `now`. The session must have started."""
    start = session.sip_started_at
    if start is None:
        raise ValueError("the session has not started")
    sip_len = timedelta(minutes=lengths.sip_minutes)
    exp_len = timedelta(minutes=lengths.experience_minutes)
    unrecorded: list[tuple[SessionPhase, datetime]] = []

    experience = session.experience_started_at
    if experience is None and now >= start + sip_len:
        experience = start + sip_len
        unrecorded.append((SessionPhase.EXPERIENCE, experience))
    rest = session.rest_started_at
    if rest is None and experience is not None and now >= experience + exp_len:
        rest = experience + exp_len
        unrecorded.append((SessionPhase.REST, rest))

    if rest is not None:
        phase, began, next_change = SessionPhase.REST, rest, None
    elif experience is not None:
        phase, began = SessionPhase.EXPERIENCE, experience
        next_change = (SessionPhase.REST, experience + exp_len)
    else:
        phase, began = SessionPhase.SIP, start
        next_change = (SessionPhase.EXPERIENCE, start + sip_len)

    elapsed = max(now - start, timedelta(0))
    cue_every = timedelta(minutes=max(lengths.sip_cue_minutes, 1))
    in_cycle = elapsed % cue_every
    return ClockReading(
        phase=phase,
        elapsed=elapsed,
        phase_elapsed=max(now - began, timedelta(0)),
        sip_progress=min(1.0, elapsed / sip_len) if phase is SessionPhase.SIP else 1.0,
        sip_cue=phase is SessionPhase.SIP and in_cycle < timedelta(seconds=CUE_SECONDS),
        unrecorded=tuple(unrecorded),
        next_change=next_change,
        bp_prompt_due=elapsed >= timedelta(minutes=lengths.bp_prompt_minutes),
    )


def clock_text(span: timedelta) -> str:
    """H:MM:SS for an elapsed time."""
    seconds = int(span.total_seconds())
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
