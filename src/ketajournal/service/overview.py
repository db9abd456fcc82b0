"""What the home screen shows: the plan at a glance, what is due, and the mood trend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ketajournal.domain import models as m
from ketajournal.domain.schedule import NextDue, calendar_days_until

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
    mood_trend: tuple[float, ...]  # daily mean mood, oldest first, days without one left out
    contacts: tuple[m.Contact, ...]
    draft: m.Session | None
    running: m.Session | None

    @property
    def first_run(self) -> bool:
        return self.plan is None and not self.contacts


def overview(svc: JournalService, weeks: int = 8) -> Overview:
    now = svc.ctx.now()
    last = svc.sessions.history(limit=1)
    last_at = last[0].sip_started_at if last else None
    due = svc.plan.next_due()
    moods = svc.checkins.moods(since=now - timedelta(weeks=weeks))
    by_day: dict[object, list[int]] = {}
    for mood in moods:
        by_day.setdefault(mood.at.astimezone().date(), []).append(mood.mood)
    trend = tuple(sum(v) / len(v) for _, v in sorted(by_day.items(), key=lambda kv: str(kv[0])))
    return Overview(
        plan=svc.plan.get(),
        current_dose=svc.plan.current_dose(),
        next_due=due,
        days_until_due=None if due is None else calendar_days_until(due.due_at, now),
        last_session_at=last_at,
        days_since_last=None if last_at is None else calendar_days_until(now, last_at),
        due_prompts=tuple(svc.reflections.due(now)),
        mood_trend=trend,
        contacts=tuple(svc.contacts.list()),
        draft=svc.sessions.draft(),
        running=svc.sessions.running(),
    )
