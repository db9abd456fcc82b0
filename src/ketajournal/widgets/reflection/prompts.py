"""Which reflection prompt opens, with all its form needs, and how it is saved or closed.

Plain functions of the service (no Textual), run by the reflection screen in workers.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from uuid import UUID

from ketajournal.domain import models as m
from ketajournal.service import JournalService
from ketajournal.service.reflections import OPEN_STATUSES, ReflectionAnswers
from ketajournal.text import local_when
from ketajournal.widgets.reflection.base import ReflectionContext

SNOOZE_FOR = timedelta(days=1)
FOLLOW_UPS = (m.ReflectionKind.WEEK, m.ReflectionKind.MONTH)
FINISHED = {
    m.ReflectionKind.IMMEDIATE: "Saved. Rest now; the fuller reflection can wait until tomorrow.",
    m.ReflectionKind.FULL: "Your reflection is saved. Be gentle with yourself today.",
    m.ReflectionKind.WEEK: "Thank you. Your follow-up is saved.",
    m.ReflectionKind.MONTH: "Thank you. Your follow-up is saved.",
}
NOTHING_YET = (
    "Nothing to reflect on yet. When a session ends, its reflection prompts wait for you here: "
    "a short capture right after, a fuller reflection the next day, and two follow-ups."
)
SESSION_RUNNING = (
    "A session is running. Reflection can wait until you have rested; the prompts appear "
    "here once the session has ended."
)


def choose(svc: JournalService, wanted: UUID | None, now: datetime) -> m.Reflection | None:
    """The prompt asked for; else the earliest due; else one of the last session's."""
    if wanted is not None:
        return svc.reflections.get(wanted)
    due = svc.reflections.due(now)
    if due:
        return due[0]
    last = svc.sessions.last_ended()
    if last is None:
        return None
    prompts = svc.reflections.for_session(last.id) or svc.reflections.schedule_for(last)
    reached = [
        r for r in prompts if r.due_at <= now and r.status is not m.ReflectionStatus.DISMISSED
    ]
    still_open = [r for r in reached if r.status in OPEN_STATUSES]
    if still_open:
        return still_open[0]
    return reached[0] if reached else prompts[0]


def open_prompt(svc: JournalService, wanted: UUID | None) -> ReflectionContext | str:
    """Everything the prompt's form needs; or, with no prompt to open, why, in words."""
    now = svc.ctx.now()
    reflection = choose(svc, wanted, now)
    if reflection is None:
        return SESSION_RUNNING if svc.sessions.running() is not None else NOTHING_YET
    session = svc.sessions.get(reflection.session_id)
    siblings = tuple(svc.reflections.for_session(session.id))
    by_kind = {r.kind: r for r in siblings}
    marks = tuple(e for e in svc.sessions.events(session.id) if e.kind is m.EventKind.MARK)
    markers: dict[m.MarkerKind, int] = {}
    if reflection.kind in FOLLOW_UPS and reflection.status is m.ReflectionStatus.DONE:
        for marker in svc.checkins.markers():  # oldest first: the latest value wins
            if marker.reflection_id == reflection.id:
                markers[marker.marker] = marker.value
    return ReflectionContext(
        reflection=reflection,
        session=session,
        marks=marks,
        siblings=siblings,
        immediate=by_kind.get(m.ReflectionKind.IMMEDIATE),
        full=by_kind.get(m.ReflectionKind.FULL),
        markers=markers,
        now=now,
    )


def close_prompt(svc: JournalService, r: m.Reflection, how: str, answers: ReflectionAnswers) -> str:
    """Finishes, snoozes or sets aside the prompt (what was typed kept first); a calm word."""
    if how == "finish":
        was_open = svc.reflections.get(r.id).status in OPEN_STATUSES
        svc.reflections.answer(r.id, answers)
        return FINISHED[r.kind] if was_open else "Your changes are saved."
    svc.reflections.save_draft(r.id, replace(answers, markers=None))
    if how == "snooze":
        until = svc.ctx.now() + SNOOZE_FOR
        svc.reflections.snooze(r.id, until)
        return f"Snoozed until {local_when(until)}. What you wrote is kept."
    svc.reflections.dismiss(r.id)
    return "This follow-up is set aside. What you wrote is kept."


def save_answers(svc: JournalService, r: m.Reflection, answers: ReflectionAnswers) -> m.Reflection:
    """A draft of an open prompt; a finished one is revised through `answer`."""
    if r.status is m.ReflectionStatus.DONE:
        return svc.reflections.answer(r.id, answers)
    return svc.reflections.save_draft(r.id, answers)
