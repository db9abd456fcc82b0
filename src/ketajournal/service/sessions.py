"""Dosing sessions: the preparation draft, the timed phases, events during, and the end."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from ketajournal.domain import models as m
from ketajournal.domain import rules
from ketajournal.domain import validate as v
from ketajournal.domain.rules import PREPARATION_STEPS
from ketajournal.errors import NotFoundError, ValidationError
from ketajournal.service.base import CLEAR, Cleared, Context, change
from ketajournal.service.plan import PlanService
from ketajournal.service.reflections import ReflectionService

PHASE_FIELD = {
    m.SessionPhase.SIP: "sip_started_at",
    m.SessionPhase.EXPERIENCE: "experience_started_at",
    m.SessionPhase.REST: "rest_started_at",
}
_RECORDED_AFTER = timedelta(minutes=10)  # a start this far back is "recorded after the fact"
_CLOCK_SKEW = timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One session and everything recorded for it, for browsing past sessions."""

    session: m.Session
    events: tuple[m.SessionEvent, ...]
    reflections: tuple[m.Reflection, ...]


@dataclass(frozen=True, slots=True)
class Preparation:
    """Fields of the preparation draft: None leaves a field as it is; CLEAR empties it."""

    timing_checks: Sequence[m.ChecklistItem] | None = None
    last_meal_at: datetime | Cleared | None = None
    medications_today: Sequence[str] | None = None
    setting_checklist: Sequence[m.ChecklistItem] | None = None
    support_contact_id: UUID | None = None
    support_name: str | None = None
    intention: str | None = None
    mood_before: int | Cleared | None = None
    anxiety_before: int | Cleared | None = None
    blood_pressure: tuple[int, int] | Cleared | None = None
    taken_dose_mg: float | None = None
    skipped_steps: Sequence[str] | None = None
    planned_at: datetime | None = None


class SessionService:
    def __init__(self, ctx: Context, plan: PlanService, reflections: ReflectionService) -> None:
        self._ctx = ctx
        self._plan = plan
        self._reflections = reflections

    # -- reading ------------------------------------------------------------------------

    def get(self, ref: UUID | str) -> m.Session:
        return self._ctx.resolve(m.Session, ref, "session")

    def history(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[m.Session]:
        """Started sessions (running or ended), newest first.

        Sessions that never started have no start time and sort after every started one
        (SQLite puts NULL last in descending order), so the limit can go to the query.
        """
        found = self._ctx.store.find(
            m.Session,
            time_field="sip_started_at",
            since=v.maybe_aware(since, "since"),
            until=v.maybe_aware(until, "until"),
            order_by="sip_started_at",
            descending=True,
            limit=None if limit is None else offset + limit,
        )
        started = [s for s in found if s.sip_started_at is not None]
        end = None if limit is None else offset + limit
        return started[offset:end]

    def running(self) -> m.Session | None:
        found = self._ctx.store.find(
            m.Session,
            where={"status": m.SessionStatus.RUNNING},
            order_by="sip_started_at",
            descending=True,
            limit=1,
        )
        return found[0] if found else None

    def draft(self) -> m.Session | None:
        found = self._ctx.store.find(
            m.Session,
            where={"status": m.SessionStatus.PREPARING},
            order_by="updated_at",
            descending=True,
            limit=1,
        )
        return found[0] if found else None

    def last_ended(self) -> m.Session | None:
        found = self._ctx.store.find(
            m.Session,
            where={"status": m.SessionStatus.ENDED},
            order_by="sip_started_at",
            descending=True,
            limit=1,
        )
        return found[0] if found else None

    def record(self, ref: UUID | str) -> SessionRecord:
        """A session with everything recorded for it: its events and its reflections."""
        session = self.get(ref)
        return SessionRecord(
            session,
            tuple(self.events(session.id)),
            tuple(self._reflections.for_session(session.id)),
        )

    def page(self, limit: int = 50, offset: int = 0) -> m.Page[SessionRecord]:
        """Started sessions, newest first, each with its events and reflections."""
        v.rating(limit, "limit", 1, 1000)
        found = self.history(limit=limit + 1, offset=offset)
        items = tuple(
            SessionRecord(s, tuple(self.events(s.id)), tuple(self._reflections.for_session(s.id)))
            for s in found[:limit]
        )
        return m.Page(items=items, offset=offset, has_more=len(found) > limit)

    def of_hit(self, hit: m.SearchHit) -> m.Session | None:
        """The session a search hit on an intention, a session note or a reflection is
        part of (None for a journal entry, or a record removed since)."""
        if hit.kind == "intention":
            return self._ctx.store.get(m.Session, hit.ref_id)
        owner: m.SessionEvent | m.Reflection | None = None
        if hit.kind == "note":
            owner = self._ctx.store.get(m.SessionEvent, hit.ref_id)
        elif hit.kind == "reflection":
            owner = self._ctx.store.get(m.Reflection, hit.ref_id)
        return None if owner is None else self._ctx.store.get(m.Session, owner.session_id)

    def events(self, session_id: UUID) -> list[m.SessionEvent]:
        return self._ctx.store.find(m.SessionEvent, where={"session_id": session_id}, order_by="at")

    # -- preparation --------------------------------------------------------------------

    def prepare(self, prefill: bool = True) -> m.Session:
        """The preparation draft: the one in progress, or a new one.

        A new draft is pre-filled from the last session (medications, support person) for a
        form that shows them to be confirmed; `prefill=False` leaves them empty, for a session
        recorded in one step, where only what is given may be recorded.
        """
        existing = self.draft()
        if existing is not None:
            return existing
        last = self.last_ended() if prefill else None
        settings_items = self._setting_items()
        draft = m.Session(
            **self._ctx.stamp(),
            status=m.SessionStatus.PREPARING,
            medications_today=last.medications_today if last else (),
            setting_checklist=tuple(m.ChecklistItem(label=x) for x in settings_items),
            support_contact_id=last.support_contact_id if last else None,
            support_name=last.support_name if last else None,
        )
        self._ctx.store.insert(draft)
        return draft

    def update_draft(self, session_id: UUID, prep: Preparation) -> m.Session:
        session = self._require_status(session_id, m.SessionStatus.PREPARING)
        return self._ctx.touch(session, **self._validated(prep))

    def discard(self, session_id: UUID) -> None:
        """Removes a preparation that will not become a session, and everything it held:
        its intention leaves the search index too (a cancelled one keeps them)."""
        session = self._require_status(session_id, m.SessionStatus.PREPARING)
        self._ctx.store.delete(m.Session, session.id)

    def cancel(self, session_id: UUID) -> m.Session:
        session = self._require_status(session_id, m.SessionStatus.PREPARING)
        return self._ctx.touch(session, status=m.SessionStatus.CANCELLED)

    def begin(
        self, session_id: UUID, taken_dose_mg: float, at: datetime | None = None
    ) -> m.Session:
        """The dose is taken: the session runs from `at` (default now), sip phase first.

        The prescribed dose is copied from the plan as it stood at that time; a different
        taken dose is recorded as given (and flagged for the care team), never changed.
        """
        session = self._require_status(session_id, m.SessionStatus.PREPARING)
        self._refuse_second_running()
        start = self._start_time(at)
        prescribed = self._plan.dose_at(start)
        session = self._ctx.touch(
            session,
            status=m.SessionStatus.RUNNING,
            taken_dose_mg=rules.check(
                m.Session, "taken_dose_mg", taken_dose_mg, "dose", required=True
            ),
            prescribed_dose_mg=prescribed.dose_mg if prescribed else None,
            sip_started_at=start,
            recorded_after=start < self._ctx.now() - _RECORDED_AFTER,
        )
        self._event(session.id, m.EventKind.PHASE, start, phase=m.SessionPhase.SIP)
        return session

    def start(
        self, taken_dose_mg: float, prep: Preparation | None = None, at: datetime | None = None
    ) -> m.Session:
        """Prepares and begins in one step (the command line's `session start`)."""
        self._refuse_second_running()
        # Check everything first, so a refused start leaves no draft behind.
        rules.check(m.Session, "taken_dose_mg", taken_dose_mg, "dose", required=True)
        self._start_time(at)
        if prep is not None:
            self._validated(prep)
        draft = self.prepare(prefill=False)
        if prep is not None:
            draft = self.update_draft(draft.id, prep)
        return self.begin(draft.id, taken_dose_mg, at=at)

    # -- while it runs ------------------------------------------------------------------

    def advance(
        self, session_id: UUID, to: m.SessionPhase | str | None = None, at: datetime | None = None
    ) -> m.Session:
        """Moves to the next phase (or `to`), recording when. Earlier than planned is fine."""
        session = self._require_status(session_id, m.SessionStatus.RUNNING)
        current = current_phase(session)
        order = list(m.SessionPhase)
        target = v.choice(to, m.SessionPhase, "phase") if to else None
        if target is None:
            if current is m.SessionPhase.REST:
                raise ValidationError(
                    "phase", "earlier than rest (the last phase); end the session instead"
                )
            target = order[order.index(current) + 1]
        if order.index(target) <= order.index(current):
            raise ValidationError("phase", f"a phase after {current.value}", target.value)
        when = self._at(at, session, "at")
        changes: dict[str, Any] = {PHASE_FIELD[target]: when}
        if target is m.SessionPhase.REST and session.experience_started_at is None:
            changes["experience_started_at"] = when
        session = self._ctx.touch(session, **changes)
        self._event(session.id, m.EventKind.PHASE, when, phase=target)
        return session

    def note(
        self, text: str, session_id: UUID | None = None, at: datetime | None = None
    ) -> m.SessionEvent:
        session = self._target(session_id)
        body = v.text(text, "note")  # a note must say something
        return self._event(session.id, m.EventKind.NOTE, self._at(at, session, "at"), text=body)

    def mark(
        self,
        sensation: str | m.Sensation,
        severity: str | m.Severity = m.Severity.MILD,
        session_id: UUID | None = None,
        at: datetime | None = None,
        text: str | None = None,
    ) -> m.SessionEvent:
        # The values first: a wrong sensation is reported as such, running session or not.
        kind = v.choice(sensation, m.Sensation, "sensation")
        level = v.choice(severity, m.Severity, "severity")
        note = rules.check(m.SessionEvent, "text", text, "note")
        session = self._target(session_id)
        return self._event(
            session.id,
            m.EventKind.MARK,
            self._at(at, session, "at"),
            sensation=kind,
            severity=level,
            text=note,
        )

    def blood_pressure(
        self,
        systolic: int,
        diastolic: int,
        session_id: UUID | None = None,
        at: datetime | None = None,
    ) -> m.SessionEvent:
        session = self._target(session_id)
        sys_, dia = v.blood_pressure(systolic, diastolic)
        return self._event(
            session.id,
            m.EventKind.BLOOD_PRESSURE,
            self._at(at, session, "at"),
            systolic=sys_,
            diastolic=dia,
        )

    def end(self, session_id: UUID | None = None, at: datetime | None = None) -> m.Session:
        """Ends the running session and schedules its reflection and follow-ups."""
        session = self._require_running(session_id)
        when = self._at(at, session, "at")
        changes: dict[str, Any] = {"status": m.SessionStatus.ENDED, "ended_at": when}
        for phase in (m.SessionPhase.EXPERIENCE, m.SessionPhase.REST):
            if getattr(session, PHASE_FIELD[phase]) is None:
                changes[PHASE_FIELD[phase]] = when if phase is m.SessionPhase.REST else None
        changes = {k: val for k, val in changes.items() if val is not None or k == "status"}
        session = self._ctx.touch(session, **changes)
        self._reflections.schedule_for(session)
        return session

    # -- helpers ------------------------------------------------------------------------

    def _setting_items(self) -> tuple[str, ...]:
        stored = self._ctx.store.setting("setting_checklist")
        if stored is not None and isinstance(stored.value, list):
            return tuple(str(x) for x in stored.value)
        from ketajournal.domain.settings import DEFAULT_SETTING_CHECKLIST

        return DEFAULT_SETTING_CHECKLIST

    def _validated(self, prep: Preparation) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if prep.timing_checks is not None:
            out["timing_checks"] = _checklist(prep.timing_checks, "timing")
        change(out, "last_meal_at", prep.last_meal_at, self._meal)
        if prep.medications_today is not None:
            out["medications_today"] = tuple(
                rules.label(x, "medications today") for x in prep.medications_today if x.strip()
            )
        if prep.setting_checklist is not None:
            out["setting_checklist"] = _checklist(prep.setting_checklist, "setting checklist")
        if prep.support_contact_id is not None:
            contact = self._ctx.store.get(m.Contact, prep.support_contact_id)
            if contact is None:
                raise NotFoundError(f"support: no contact with id {prep.support_contact_id}")
            out["support_contact_id"] = contact.id
            out["support_name"] = contact.name
        elif prep.support_name is not None:
            out["support_name"] = rules.check(
                m.Session, "support_name", prep.support_name.strip() or None, "support"
            )
        if prep.intention is not None:
            out["intention"] = rules.check(m.Session, "intention", prep.intention)
        change(
            out,
            "mood_before",
            prep.mood_before,
            lambda r: rules.check(m.Session, "mood_before", r, "mood"),
        )
        change(
            out,
            "anxiety_before",
            prep.anxiety_before,
            lambda r: rules.check(m.Session, "anxiety_before", r, "anxiety"),
        )
        if prep.blood_pressure is CLEAR:
            out["bp_before_systolic"] = out["bp_before_diastolic"] = None
        elif prep.blood_pressure is not None:
            out["bp_before_systolic"], out["bp_before_diastolic"] = v.blood_pressure(
                *prep.blood_pressure  # type: ignore[misc]
            )
        if prep.taken_dose_mg is not None:
            out["taken_dose_mg"] = rules.check(
                m.Session, "taken_dose_mg", prep.taken_dose_mg, "dose"
            )
        if prep.skipped_steps is not None:
            for step in prep.skipped_steps:
                if step not in PREPARATION_STEPS:
                    raise ValidationError(
                        "skipped step", "one of " + ", ".join(PREPARATION_STEPS), step
                    )
            out["skipped_steps"] = tuple(dict.fromkeys(prep.skipped_steps))
        if prep.planned_at is not None:
            out["planned_at"] = v.aware(prep.planned_at, "planned at")
        return out

    def _meal(self, at: datetime) -> datetime:
        meal = v.aware(at, "last meal")
        if meal > self._ctx.now():
            raise ValidationError("last meal", "a time in the past")
        return meal

    def _require_status(self, session_id: UUID, status: m.SessionStatus) -> m.Session:
        session = self._ctx.store.get(m.Session, session_id)
        if session is None:
            raise NotFoundError(f"session: no record with id {session_id}")
        if session.status is not status:
            raise ValidationError("session", f"a {status.value} session", session.status.value)
        return session

    def _require_running(self, session_id: UUID | None) -> m.Session:
        if session_id is not None:
            return self._require_status(session_id, m.SessionStatus.RUNNING)
        running = self.running()
        if running is None:
            raise NotFoundError(
                "session: none is running (start one with `ketajournal session start`)"
            )
        return running

    def _target(self, session_id: UUID | None) -> m.Session:
        """The session an event belongs to: the one given, else the running one."""
        if session_id is None:
            return self._require_running(None)
        session = self._ctx.store.get(m.Session, session_id)
        if session is None:
            raise NotFoundError(f"session: no record with id {session_id}")
        if session.sip_started_at is None:
            raise ValidationError("session", "a session that has started", session.status.value)
        return session

    def _refuse_second_running(self) -> None:
        running = self.running()
        if running is not None:
            raise ValidationError(
                "session", f"ended first: session {str(running.id)[:8]} is still running"
            )

    def _start_time(self, at: datetime | None) -> datetime:
        start = v.aware(at, "at") if at else self._ctx.now()
        if start > self._ctx.now() + _CLOCK_SKEW:
            raise ValidationError("at", "a time that is not in the future")
        return start

    def _at(self, at: datetime | None, session: m.Session, label: str) -> datetime:
        when = v.aware(at, label) if at else self._ctx.now()
        if session.sip_started_at is not None and when < session.sip_started_at:
            raise ValidationError(label, "a time after the session started")
        if when > self._ctx.now() + _CLOCK_SKEW:
            raise ValidationError(label, "a time that is not in the future")
        return when

    def _event(
        self, session_id: UUID, kind: m.EventKind, at: datetime, **fields: Any
    ) -> m.SessionEvent:
        event = m.SessionEvent(
            **self._ctx.stamp(), session_id=session_id, at=at, kind=kind, **fields
        )
        self._ctx.store.insert(event)
        return event


def current_phase(session: m.Session) -> m.SessionPhase:
    """The latest phase the session has recorded entering."""
    if session.rest_started_at is not None:
        return m.SessionPhase.REST
    if session.experience_started_at is not None:
        return m.SessionPhase.EXPERIENCE
    return m.SessionPhase.SIP


def _checklist(items: Sequence[m.ChecklistItem], field: str) -> tuple[m.ChecklistItem, ...]:
    out = []
    for item in items:
        out.append(m.ChecklistItem(label=v.label(item.label, field), done=bool(item.done)))
    return tuple(out)
