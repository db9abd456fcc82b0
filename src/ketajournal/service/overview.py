"""What the home screen shows: the plan at a glance, what is due, and the mood trend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from ketajournal.domain import models as m
from ketajournal.domain.schedule import NextDue, calendar_days_until

SELF_RATED = (m.ScaleKind.PHQ9, m.ScaleKind.GAD7)

if TYPE_CHECKING:
    from ketajournal.service import JournalService


@dataclass(frozen=True, slots=True)
class Overview:
    plan: m.Plan | None
    current_dose: m.DoseStep | None
    next_due: NextDue | None
    days_until_due: int | None  # calendar days; negative when overdue
    last_session_at: datetime | None
    days_since_last: int | None
    due_prompts: tuple[m.Reflection, ...]
    # The mean mood of each local day of the window, oldest first, ending today; None on a
    # day without a check-in (so a line drawn from it is scaled by time, gaps and all).
    mood_days: tuple[float | None, ...]
    mood_checkins: int  # in the window
    contacts: tuple[m.Contact, ...]
    draft: m.Session | None
    running: m.Session | None
    journal_drafts: int = 0  # journal entries written or changed but not saved yet
    scale_drafts: tuple[str, ...] = ()  # questionnaires started but not finished

    @property
    def first_run(self) -> bool:
        return self.plan is None and not self.contacts


def overview(svc: JournalService, weeks: int = 8) -> Overview:
    now = svc.ctx.now()
    last = svc.sessions.history(limit=1)
    last_at = last[0].sip_started_at if last else None
    due = svc.plan.next_due()
    today = now.astimezone().date()
    first = today - timedelta(days=7 * weeks - 1)
    moods = svc.checkins.moods(since=now - timedelta(weeks=weeks, days=1))
    by_day: dict[date, list[int]] = {}
    for mood in moods:
        day = mood.at.astimezone().date()
        if first <= day <= today:
            by_day.setdefault(day, []).append(mood.mood)
    days = tuple(
        (sum(v) / len(v)) if (v := by_day.get(first + timedelta(days=i))) else None
        for i in range(7 * weeks)
    )
    return Overview(
        plan=svc.plan.get(),
        current_dose=svc.plan.current_dose(),
        next_due=due,
        days_until_due=None if due is None else calendar_days_until(due.due_at, now),
        last_session_at=last_at,
        days_since_last=None if last_at is None else calendar_days_until(now, last_at),
        due_prompts=tuple(svc.reflections.due(now)),
        mood_days=days,
        mood_checkins=sum(len(v) for v in by_day.values()),
        contacts=tuple(svc.contacts.list()),
        draft=svc.sessions.draft(),
        running=svc.sessions.running(),
        journal_drafts=len(svc.drafts.journal_drafts()),
        scale_drafts=tuple(k.value for k in SELF_RATED if svc.drafts.scale(k) is not None),
    )
