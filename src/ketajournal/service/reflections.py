"""Reflections: the capture right after a session, the full one next day, and follow-ups."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any
from uuid import UUID

from ketajournal.domain import models as m
from ketajournal.domain import rules
from ketajournal.domain import validate as v
from ketajournal.errors import NotFoundError, ValidationError
from ketajournal.service.base import Cleared, Context, change

_INCLUSIVE = timedelta(microseconds=1)  # a prompt due exactly now is due
OPEN_STATUSES = (m.ReflectionStatus.DUE, m.ReflectionStatus.DRAFT, m.ReflectionStatus.SNOOZED)
TEXT_FIELDS = m.REFLECTION_TEXTS
RATING_FIELDS = ("intensity", "dissociation", "mood_after", "anxiety_after")


@dataclass(frozen=True, slots=True)
class ReflectionAnswers:
    """What the person wrote or rated: None leaves a field as it is; CLEAR empties a rating
    or a choice, and empty text empties a text."""

    intensity: int | Cleared | None = None
    dissociation: int | Cleared | None = None
    mood_after: int | Cleared | None = None
    anxiety_after: int | Cleared | None = None
    side_effects: Sequence[m.SideEffect] | None = None
    fragments: str | None = None
    intention_touched: str | m.IntentionTouched | Cleared | None = None
    insights: str | None = None
    emotions: str | None = None
    images_memories: str | None = None
    what_was_hard: str | None = None
    integration_step: str | None = None
    insight_in_life: str | None = None
    integration_step_happened: bool | Cleared | None = None
    share_level: str | m.ShareLevel | None = None
    markers: Mapping[m.MarkerKind | str, int] | None = None


class ReflectionService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def schedule_for(self, session: m.Session) -> list[m.Reflection]:
        """Creates the four prompts of a session that has ended, unless they exist."""
        if self._ctx.store.find(m.Reflection, where={"session_id": session.id}, limit=1):
            return self.for_session(session.id)
        from ketajournal.service.settings import SettingsService

        settings = SettingsService(self._ctx).get()
        ended = session.ended_at or self._ctx.now()
        due = {
            m.ReflectionKind.IMMEDIATE: ended,
            m.ReflectionKind.FULL: ended + timedelta(hours=settings.full_reflection_after_hours),
            m.ReflectionKind.WEEK: ended + timedelta(days=settings.followup_week_days),
            m.ReflectionKind.MONTH: ended + timedelta(days=settings.followup_month_days),
        }
        records = [
            m.Reflection(
                **self._ctx.stamp(),
                session_id=session.id,
                kind=kind,
                status=m.ReflectionStatus.DUE,
                due_at=when,
            )
            for kind, when in due.items()
        ]
        self._ctx.store.insert(*records)
        return records

    def for_session(self, session_id: UUID) -> list[m.Reflection]:
        found = self._ctx.store.find(
            m.Reflection, where={"session_id": session_id}, order_by="due_at"
        )
        order = list(m.ReflectionKind)
        return sorted(found, key=lambda r: order.index(r.kind))

    def of_kind(self, session_id: UUID, kind: m.ReflectionKind | str) -> m.Reflection:
        wanted = v.choice(kind, m.ReflectionKind, "reflection kind")
        for reflection in self.for_session(session_id):
            if reflection.kind is wanted:
                return reflection
        raise NotFoundError(f"reflection: the session has no {wanted.value} reflection")

    def get(self, ref: UUID | str) -> m.Reflection:
        return self._ctx.resolve(m.Reflection, ref, "reflection")

    def due(self, now: datetime | None = None) -> list[m.Reflection]:
        """Prompts that are due now: not done or dismissed, and not snoozed past now."""
        at = v.aware(now, "now") if now else self._ctx.now()
        found: list[m.Reflection] = []
        for status in OPEN_STATUSES:  # open prompts are few; each query uses (status, due_at)
            found += self._ctx.store.find(
                m.Reflection,
                where={"status": status},
                time_field="due_at",
                until=at + _INCLUSIVE,
                order_by="due_at",
            )
        return sorted(
            (r for r in found if r.snoozed_until is None or r.snoozed_until <= at),
            key=lambda r: (r.due_at, str(r.id)),
        )

    def save_draft(self, reflection_id: UUID, answers: ReflectionAnswers) -> m.Reflection:
        """Saves what is typed so far; the prompt stays open."""
        reflection = self._open(reflection_id)
        changes = self._validated(reflection, answers)
        if reflection.status is not m.ReflectionStatus.DRAFT:
            changes["status"] = m.ReflectionStatus.DRAFT
        return self._ctx.touch(reflection, **changes)

    def answer(self, reflection_id: UUID, answers: ReflectionAnswers) -> m.Reflection:
        """Completes the prompt with these answers (and any progress markers given)."""
        reflection = self._open(reflection_id, allow_done=True)
        changes = self._validated(reflection, answers)
        now = self._ctx.now()
        # Markers are checked before anything is stored, so a bad one leaves the prompt open.
        markers = [
            m.ProgressMarker(
                **self._ctx.stamp(),
                at=now,
                marker=v.choice(kind, m.MarkerKind, "progress marker"),
                value=rules.check(m.ProgressMarker, "value", value, f"progress marker {kind}"),
                reflection_id=reflection.id,
            )
            for kind, value in (answers.markers or {}).items()
        ]
        reflection = self._ctx.touch(
            reflection,
            status=m.ReflectionStatus.DONE,
            answered_at=now,
            snoozed_until=None,
            **changes,
        )
        if markers:
            self._ctx.store.insert(*markers)
        return reflection

    def snooze(self, reflection_id: UUID, until: datetime) -> m.Reflection:
        reflection = self._open(reflection_id)
        when = v.aware(until, "until")
        if when <= self._ctx.now():
            raise ValidationError("until", "a time in the future")
        return self._ctx.touch(reflection, status=m.ReflectionStatus.SNOOZED, snoozed_until=when)

    def dismiss(self, reflection_id: UUID) -> m.Reflection:
        reflection = self._open(reflection_id)
        return self._ctx.touch(reflection, status=m.ReflectionStatus.DISMISSED)

    def _open(self, reflection_id: UUID, allow_done: bool = False) -> m.Reflection:
        reflection = self._ctx.store.get(m.Reflection, reflection_id)
        if reflection is None:
            raise NotFoundError(f"reflection: no record with id {reflection_id}")
        if reflection.status is m.ReflectionStatus.DISMISSED or (
            reflection.status is m.ReflectionStatus.DONE and not allow_done
        ):
            raise ValidationError("reflection", "an open prompt", reflection.status.value)
        return reflection

    def _validated(self, reflection: m.Reflection, answers: ReflectionAnswers) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in RATING_FIELDS:
            change(out, name, getattr(answers, name), partial(rules.check, m.Reflection, name))
        for name in TEXT_FIELDS:
            value = getattr(answers, name)
            if value is not None:
                out[name] = rules.check(m.Reflection, name, value)
        if answers.side_effects is not None:
            out["side_effects"] = tuple(
                m.SideEffect(
                    sensation=v.choice(e.sensation, m.Sensation, "sensation"),
                    severity=v.choice(e.severity, m.Severity, "severity"),
                    duration_minutes=rules.check(
                        m.SideEffect, "duration_minutes", e.duration_minutes, "duration (minutes)"
                    ),
                )
                for e in answers.side_effects
            )
        change(
            out,
            "intention_touched",
            answers.intention_touched,
            lambda t: v.choice(t, m.IntentionTouched, "intention touched"),
        )
        change(out, "integration_step_happened", answers.integration_step_happened, bool)
        if answers.share_level is not None:
            out["share_level"] = v.choice(answers.share_level, m.ShareLevel, "share")
        return out
