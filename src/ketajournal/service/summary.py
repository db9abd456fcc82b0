"""Gathers the check-in summary for a date range and an audience."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ketajournal.domain import models as m
from ketajournal.domain import summary as s
from ketajournal.domain import validate as v
from ketajournal.errors import ValidationError

if TYPE_CHECKING:
    from ketajournal.service import JournalService

DEFAULT_DAYS = 30
AUDIENCES = ("coach", "clinician")
REFLECTION_SOURCE = {
    m.ReflectionKind.IMMEDIATE: "reflection (right after)",
    m.ReflectionKind.FULL: "reflection (next day)",
    m.ReflectionKind.WEEK: "follow-up (a week later)",
    m.ReflectionKind.MONTH: "follow-up (a month later)",
}
WRITTEN = (
    ("fragments", "Fragments"),
    ("insights", "Insights"),
    ("emotions", "Emotions"),
    ("images_memories", "Images or memories"),
    ("what_was_hard", "What was hard"),
    ("integration_step", "Integration step"),
    ("insight_in_life", "How the insight showed up"),
)


def default_since(svc: JournalService, until: datetime) -> datetime:
    """Since the last check-in (the last answered question), else the last 30 days."""
    answered = [q.done_at for q in svc.questions.list(include_done=True) if q.done_at]
    last = max(answered, default=None)
    return last if last is not None and last < until else until - timedelta(days=DEFAULT_DAYS)


def build_summary(
    svc: JournalService,
    *,
    audience: str = "clinician",
    since: datetime | None = None,
    until: datetime | None = None,
    include_private: bool = False,
) -> s.Summary:
    if audience not in AUDIENCES:
        raise ValidationError("for", "coach or clinician", audience)
    now = svc.ctx.now()
    # By default the range ends just after now: what was written this instant is included.
    until = v.aware(until, "until") if until else now + timedelta(microseconds=1)
    since = v.aware(since, "since") if since else default_since(svc, until)
    if since >= until:
        raise ValidationError("since", "a time before --until")
    levels = {m.ShareLevel(audience)} | ({m.ShareLevel.PRIVATE} if include_private else set())

    sessions = list(reversed(svc.sessions.list(since=since, until=until)))
    rows: list[s.SessionRow] = []
    shared: list[s.SharedText] = []
    steps: list[s.IntegrationStep] = []
    for session in sessions:
        events = svc.sessions.events(session.id)
        reflections = {r.kind: r for r in svc.reflections.for_session(session.id)}
        rows.append(_row(session, events, reflections.get(m.ReflectionKind.IMMEDIATE)))
        for r in reflections.values():
            if r.status is m.ReflectionStatus.DONE and r.share_level in levels:
                text = _written(r)
                if text:
                    shared.append(
                        s.SharedText(
                            r.answered_at or r.due_at,
                            REFLECTION_SOURCE[r.kind],
                            None,
                            text,
                            r.share_level,
                        )
                    )
        full = reflections.get(m.ReflectionKind.FULL)
        if full is not None and full.integration_step and session.sip_started_at:
            happened = [
                r.integration_step_happened
                for k in (m.ReflectionKind.WEEK, m.ReflectionKind.MONTH)
                if (r := reflections.get(k)) is not None and r.integration_step_happened is not None
            ]
            steps.append(
                s.IntegrationStep(
                    session.sip_started_at,
                    full.integration_step,
                    happened[-1] if happened else None,
                )
            )
    entries = svc.journal.page(
        limit=10_000, since=since, until=until, share_levels=sorted(levels)
    ).items
    shared += [
        s.SharedText(e.written_at, "journal entry", e.title, e.body, e.share_level) for e in entries
    ]
    by_day: dict[object, list[int]] = {}
    for mood in svc.checkins.moods(since=since, until=until):
        by_day.setdefault(mood.at.date(), []).append(mood.mood)
    mood_points = tuple(
        (datetime.combine(day, datetime.min.time(), tzinfo=now.tzinfo), sum(vals) / len(vals))  # type: ignore[arg-type]
        for day, vals in sorted(by_day.items(), key=lambda kv: str(kv[0]))
    )
    scores = svc.checkins.scales(since=since, until=until)
    return s.Summary(
        generated_at=now,
        since=since,
        until=until,
        audience=audience,
        include_private=include_private,
        plan=svc.plan.get(),
        current_dose=svc.plan.dose_at(until),
        dose_steps=tuple(svc.plan.dose_steps()),
        schedule=tuple(svc.plan.phases()),
        sessions=tuple(rows),
        mood=mood_points,
        phq9=tuple(_points(scores, m.ScaleKind.PHQ9)),
        gad7=tuple(_points(scores, m.ScaleKind.GAD7)),
        clinician_scores=tuple(
            (r.at, r.scale.value.upper(), r.score) for r in scores if r.rated_by == "clinician"
        ),
        flags=tuple(svc.flags(since=since, until=until)),
        shared=tuple(sorted(shared, key=lambda t: t.at)),
        integration_steps=tuple(steps),
        open_questions=tuple(q.text for q in svc.questions.list()),
    )


def _points(results: list[m.ScaleResult], kind: m.ScaleKind) -> list[s.ScorePoint]:
    return [
        s.ScorePoint(r.at, r.score, r.band, r.item9_positive) for r in results if r.scale is kind
    ]


def _written(reflection: m.Reflection) -> str:
    parts = []
    for field, label in WRITTEN:
        value = getattr(reflection, field)
        if value:
            parts.append(f"{label}: {value.strip()}")
    if reflection.intention_touched is not None:
        parts.insert(0, f"Intention touched: {reflection.intention_touched.value}")
    return "\n".join(parts)


def _row(
    session: m.Session, events: list[m.SessionEvent], immediate: m.Reflection | None
) -> s.SessionRow:
    worst: dict[str, str] = {}
    order = [sev.value for sev in m.Severity]
    for e in events:
        if e.kind is m.EventKind.MARK and e.sensation and e.severity:
            key = e.sensation.value
            if key not in worst or order.index(e.severity.value) > order.index(worst[key]):
                worst[key] = e.severity.value
    if immediate is not None:
        for effect in immediate.side_effects:
            key = effect.sensation.value
            if key not in worst or order.index(effect.severity.value) > order.index(worst[key]):
                worst[key] = effect.severity.value
    bp = []
    if session.bp_before_systolic and session.bp_before_diastolic:
        bp.append(f"before {session.bp_before_systolic}/{session.bp_before_diastolic}")
    bp += [
        f"during {e.systolic}/{e.diastolic}"
        for e in events
        if e.kind is m.EventKind.BLOOD_PRESSURE and e.systolic and e.diastolic
    ]
    assert session.sip_started_at is not None
    return s.SessionRow(
        started_at=session.sip_started_at,
        taken_mg=session.taken_dose_mg,
        prescribed_mg=session.prescribed_dose_mg,
        intensity=immediate.intensity if immediate else None,
        dissociation=immediate.dissociation if immediate else None,
        side_effects=tuple(worst.items()),
        mood_before=session.mood_before,
        mood_after=immediate.mood_after if immediate else None,
        anxiety_before=session.anxiety_before,
        anxiety_after=immediate.anxiety_after if immediate else None,
        support=session.support_name,
        blood_pressure=tuple(bp),
        recorded_after=session.recorded_after,
    )
