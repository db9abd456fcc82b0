"""Writes a deterministic, realistic, made-up journey, so newcomers and benchmarks have data.

Everything here is invented. The doses are a fictional clinician's plan recorded as a
person would record it; the program never proposes doses.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from typing import Any, TypeVar

from ketajournal.domain import models as m
from ketajournal.domain import scales
from ketajournal.domain.settings import DEFAULT_SETTING_CHECKLIST
from ketajournal.service import JournalService
from ketajournal.service.demo_text import (
    EMOTIONS,
    FRAGMENTS,
    HARD,
    IMAGES,
    INSIGHTS,
    INTEGRATION_STEPS,
    INTENTIONS,
    JOURNAL_OPENERS,
    JOURNAL_SENTENCES,
    JOURNAL_TITLES,
    MOOD_NOTES,
    QUESTIONS,
    SESSION_NOTES,
    TAGS,
)

R = TypeVar("R", bound=m.Record)
ENTRIES_PER_YEAR = 1000  # ten years: ~10,000 journal entries
SEARCH_WORD = "zephyr"  # in ~1% of entries, for benchmarks


class _Builder:
    def __init__(self, seed: int, now: datetime) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.records: list[m.Record] = []

    def stamp(self, at: datetime) -> dict[str, Any]:
        return {
            "id": uuid.UUID(int=self.rng.getrandbits(128), version=4),
            "created_at": at,
            "updated_at": at,
        }

    def add(self, record: R) -> R:
        self.records.append(record)
        return record

    def pick(self, options: tuple[str, ...] | list[str]) -> str:
        return options[self.rng.randrange(len(options))]

    def clamp(self, value: float, low: int = 0, high: int = 10) -> int:
        return max(low, min(high, round(value)))


def _improvement(progress: float) -> float:
    """0 at the start, ~1 after the first months, with a gentle plateau afterwards."""
    return min(1.0, progress * 6) * 0.8 + min(1.0, progress) * 0.2


def write_demo(svc: JournalService, *, years: int = 1, seed: int = 7) -> dict[str, int]:
    now = svc.ctx.now().replace(hour=20, minute=0, second=0, microsecond=0) - timedelta(days=1)
    b = _Builder(seed, now)
    start = (now - timedelta(days=365 * years)).replace(hour=9)
    total_days = (now - start).days

    plan = b.add(
        m.Plan(
            **b.stamp(start - timedelta(days=14)),
            medication="Ketamine HCl (compounded)",
            form=m.MedicationForm.SOLUTION,
            concentration_mg_per_ml=50.0,
            prescriber="Dr. Rivera (demo clinician)",
            bp_required=True,
            notes="Swish and hold, then swallow, as the clinic explained. "
            "First session supervised.",
        )
    )
    contacts = [
        b.add(
            m.Contact(
                **b.stamp(start - timedelta(days=14)),
                name="Alex",
                role=m.Role.SUPPORT,
                phone="555-0101",
                note="Partner; in the next room during sessions",
            )
        ),
        b.add(
            m.Contact(
                **b.stamp(start - timedelta(days=14)),
                name="Dr. Rivera",
                role=m.Role.CLINICIAN,
                phone="555-0102",
                note="Clinic line, weekdays 9-5",
            )
        ),
        b.add(
            m.Contact(
                **b.stamp(start - timedelta(days=14)),
                name="Jordan",
                role=m.Role.COACH,
                phone="555-0103",
                note="Integration coach",
            )
        ),
        b.add(
            m.Contact(
                **b.stamp(start - timedelta(days=14)),
                name="Local emergency number",
                role=m.Role.EMERGENCY,
                phone="911 / 112",
                note="Or the nearest emergency department",
            )
        ),
    ]
    support = contacts[0]

    # Titration: start low, go slow; later a gentler maintenance dose (a fictional plan).
    steps = [
        (0, 100.0, "Starting dose set at intake: start low, go slow"),
        (14, 150.0, "Clinician increased after two well-tolerated sessions"),
        (42, 200.0, "Clinician increased after the week-6 check-in"),
    ]
    if total_days > 200:
        steps.append((180, 175.0, "Maintenance: slightly lower dose, less nausea"))
    for year in range(1, years):
        steps.append(
            (365 * year + 30, 175.0 if year % 2 else 160.0, "Yearly review with Dr. Rivera")
        )
    dose_steps = [
        b.add(
            m.DoseStep(
                **b.stamp(start + timedelta(days=d)),
                plan_id=plan.id,
                effective_at=start + timedelta(days=d),
                dose_mg=mg,
                reason=why,
            )
        )
        for d, mg, why in steps
    ]

    phases = [(0, m.Phase.INDUCTION, 7), (56, m.Phase.MAINTENANCE, 14)]
    if total_days > 240:
        phases.append((240, m.Phase.MAINTENANCE, 21))
    if total_days > 400:
        phases.append((400, m.Phase.MAINTENANCE, 28))
    phase_records = [
        b.add(
            m.SchedulePhase(
                **b.stamp(start + timedelta(days=d)),
                plan_id=plan.id,
                phase=p,
                interval_days=every,
                starts_at=start + timedelta(days=d),
            )
        )
        for d, p, every in phases
    ]

    def dose_at(at: datetime) -> float:
        return [s.dose_mg for s in dose_steps if s.effective_at <= at][-1]

    def interval_at(at: datetime) -> int:
        return [p.interval_days for p in phase_records if p.starts_at <= at][-1]

    # Sessions along the schedule, with a little life in it: a late one, a missed one.
    session_count = 0
    day = start
    while day < now - timedelta(hours=6):
        progress = (day - start).days / max(total_days, 1)
        _session(b, day, progress, dose_at(day), support, session_count)
        session_count += 1
        step = interval_at(day)
        jitter = b.rng.choice([0, 0, 0, 0, 1, -1, 2])
        if b.rng.random() < 0.04:
            jitter += step  # a missed session
        day = (day + timedelta(days=step + jitter)).replace(hour=b.rng.choice([9, 10, 14, 17]))

    # Daily life between sessions.
    for offset in range(total_days + 1):
        day = start + timedelta(days=offset)
        progress = offset / max(total_days, 1)
        if b.rng.random() < 0.88:
            _mood(b, day, progress)
        if offset % 14 == 0:
            _scales(b, day, progress, first=offset == 0)
    for n in range(ENTRIES_PER_YEAR * years):
        at = start + timedelta(seconds=b.rng.uniform(0, total_days * 86400))
        _journal(b, at, n)
    for text in QUESTIONS:
        asked = now - timedelta(days=b.rng.randint(1, 40))
        done = asked + timedelta(days=3) if b.rng.random() < 0.5 else None
        b.add(
            m.Question(
                **b.stamp(asked),
                text=text,
                done_at=done,
                answer="Discussed at the check-in." if done else None,
            )
        )

    svc.store.insert(*b.records)
    counts: dict[str, int] = {}
    for record in b.records:
        name = type(record).__name__
        counts[name] = counts.get(name, 0) + 1
    return {
        "sessions": counts.get("Session", 0),
        "journal entries": counts.get("JournalEntry", 0),
        "mood check-ins": counts.get("MoodCheckin", 0),
        "scale results": counts.get("ScaleResult", 0),
        "reflections": counts.get("Reflection", 0),
        "session events": counts.get("SessionEvent", 0),
    }


def _session(
    b: _Builder, at: datetime, progress: float, prescribed: float, support: m.Contact, index: int
) -> None:
    better = _improvement(progress)
    taken = prescribed if b.rng.random() > 0.05 else prescribed - 25  # rarely, less than planned
    sip = at + timedelta(minutes=b.rng.randint(0, 20))
    experience = sip + timedelta(minutes=b.rng.randint(12, 16))
    rest = experience + timedelta(minutes=b.rng.randint(60, 110))
    ended = rest + timedelta(minutes=b.rng.randint(20, 60))
    live = ended > b.now
    session = m.Session(
        **b.stamp(at - timedelta(hours=2)),
        status=m.SessionStatus.RUNNING if live else m.SessionStatus.ENDED,
        planned_at=at,
        timing_checks=(
            m.ChecklistItem(label="Free for the next few hours", done=True),
            m.ChecklistItem(label="No driving today", done=True),
            m.ChecklistItem(label="Someone knows the session time", done=True),
        ),
        last_meal_at=at - timedelta(hours=b.rng.choice([3, 4, 5, 6])),
        medications_today=("sertraline 50 mg",)
        if index % 3
        else ("sertraline 50 mg", "ondansetron"),
        setting_checklist=tuple(
            m.ChecklistItem(label=x, done=b.rng.random() < 0.9) for x in DEFAULT_SETTING_CHECKLIST
        ),
        support_contact_id=support.id,
        support_name=support.name,
        intention=b.pick(INTENTIONS),
        mood_before=b.clamp(3.5 + 3 * better + b.rng.gauss(0, 1)),
        anxiety_before=b.clamp(6.5 - 3 * better + b.rng.gauss(0, 1)),
        bp_before_systolic=b.rng.randint(112, 132),
        bp_before_diastolic=b.rng.randint(70, 84),
        prescribed_dose_mg=prescribed,
        taken_dose_mg=taken,
        skipped_steps=("setting",) if b.rng.random() < 0.05 else (),
        sip_started_at=sip,
        experience_started_at=experience,
        rest_started_at=None if live else rest,
        ended_at=None if live else ended,
    )
    b.add(session)
    for phase, when in (
        (m.SessionPhase.SIP, sip),
        (m.SessionPhase.EXPERIENCE, experience),
        (m.SessionPhase.REST, rest),
    ):
        if when <= b.now:
            b.add(
                m.SessionEvent(
                    **b.stamp(when),
                    session_id=session.id,
                    at=when,
                    kind=m.EventKind.PHASE,
                    phase=phase,
                )
            )
    bp_at = sip + timedelta(minutes=40)
    b.add(
        m.SessionEvent(
            **b.stamp(bp_at),
            session_id=session.id,
            at=bp_at,
            kind=m.EventKind.BLOOD_PRESSURE,
            systolic=b.rng.randint(122, 146),
            diastolic=b.rng.randint(76, 92),
        )
    )
    marks: list[m.SideEffect] = []
    for _ in range(b.rng.choice([0, 1, 1, 2, 3])):
        sensation = b.rng.choice(list(m.Sensation)[:7])
        severity = (
            m.Severity.SEVERE
            if b.rng.random() < 0.03
            else b.rng.choice([m.Severity.MILD, m.Severity.MILD, m.Severity.MODERATE])
        )
        when = experience + timedelta(minutes=b.rng.randint(2, 50))
        b.add(
            m.SessionEvent(
                **b.stamp(when),
                session_id=session.id,
                at=when,
                kind=m.EventKind.MARK,
                sensation=sensation,
                severity=severity,
            )
        )
        marks.append(
            m.SideEffect(
                sensation=sensation,
                severity=severity,
                duration_minutes=b.rng.choice([10, 20, 30, 45]),
            )
        )
    for _ in range(b.rng.choice([1, 2, 3])):
        when = experience + timedelta(minutes=b.rng.randint(5, 80))
        b.add(
            m.SessionEvent(
                **b.stamp(when),
                session_id=session.id,
                at=when,
                kind=m.EventKind.NOTE,
                text=b.pick(SESSION_NOTES),
            )
        )
    if not live:
        _reflections(b, session, ended, marks, better)


def _reflections(
    b: _Builder, session: m.Session, ended: datetime, marks: list[m.SideEffect], better: float
) -> None:
    due = {
        m.ReflectionKind.IMMEDIATE: ended,
        m.ReflectionKind.FULL: ended + timedelta(hours=18),
        m.ReflectionKind.WEEK: ended + timedelta(days=7),
        m.ReflectionKind.MONTH: ended + timedelta(days=30),
    }
    share = b.rng.choice([m.ShareLevel.PRIVATE, m.ShareLevel.COACH, m.ShareLevel.CLINICIAN])
    for kind, when in due.items():
        if when > b.now:
            b.add(
                m.Reflection(
                    **b.stamp(ended),
                    session_id=session.id,
                    kind=kind,
                    status=m.ReflectionStatus.DUE,
                    due_at=when,
                )
            )
            continue
        answered = when + timedelta(hours=b.rng.randint(0, 20))
        if kind is not m.ReflectionKind.IMMEDIATE and b.rng.random() < 0.12:
            b.add(
                m.Reflection(
                    **b.stamp(ended),
                    session_id=session.id,
                    kind=kind,
                    status=m.ReflectionStatus.DISMISSED,
                    due_at=when,
                )
            )
            continue
        fields: dict[str, Any] = {}
        if kind is m.ReflectionKind.IMMEDIATE:
            fields = dict(
                intensity=b.clamp(b.rng.gauss(6, 1.5)),
                dissociation=b.clamp(b.rng.gauss(5, 2)),
                mood_after=b.clamp(5 + 3 * better + b.rng.gauss(0, 1)),
                anxiety_after=b.clamp(4 - 2 * better + b.rng.gauss(0, 1)),
                side_effects=tuple(marks),
                fragments=b.pick(FRAGMENTS),
            )
        elif kind is m.ReflectionKind.FULL:
            fields = dict(
                intention_touched=b.rng.choice(list(m.IntentionTouched)),
                insights=b.pick(INSIGHTS),
                emotions=b.pick(EMOTIONS),
                images_memories=b.pick(IMAGES),
                what_was_hard=b.pick(HARD),
                integration_step=b.pick(INTEGRATION_STEPS),
                share_level=share,
            )
        else:
            happened = b.rng.random() < 0.45 + 0.4 * better
            fields = dict(
                insight_in_life=b.pick(INSIGHTS),
                integration_step_happened=happened,
                share_level=share,
            )
        reflection = b.add(
            m.Reflection(
                **b.stamp(ended),
                session_id=session.id,
                kind=kind,
                status=m.ReflectionStatus.DONE,
                due_at=when,
                answered_at=answered,
                **fields,
            )
        )
        if kind in (m.ReflectionKind.WEEK, m.ReflectionKind.MONTH):
            for marker in m.MarkerKind:
                b.add(
                    m.ProgressMarker(
                        **b.stamp(answered),
                        at=answered,
                        marker=marker,
                        value=b.clamp(1 + 2.5 * better + b.rng.gauss(0, 0.7), 0, 4),
                        reflection_id=reflection.id,
                    )
                )


def _mood(b: _Builder, day: datetime, progress: float) -> None:
    better = _improvement(progress)
    at = day.replace(hour=21) + timedelta(minutes=b.rng.randint(0, 90))
    if at > b.now:
        return
    b.add(
        m.MoodCheckin(
            **b.stamp(at),
            at=at,
            mood=b.clamp(3.5 + 3.5 * better + b.rng.gauss(0, 1.2)),
            anxiety=b.clamp(6.5 - 3.5 * better + b.rng.gauss(0, 1.2)),
            sleep_hours=round(max(3.0, min(10.0, 6 + 1.2 * better + b.rng.gauss(0, 0.8))), 1),
            energy=b.clamp(3.5 + 3 * better + b.rng.gauss(0, 1.3)),
            note=b.pick(MOOD_NOTES) if b.rng.random() < 0.35 else None,
        )
    )


def _scales(b: _Builder, day: datetime, progress: float, first: bool) -> None:
    better = _improvement(progress)
    at = day.replace(hour=19)
    if at > b.now:
        return
    for kind, items, top in ((m.ScaleKind.PHQ9, 9, 2.1), (m.ScaleKind.GAD7, 7, 1.9)):
        mean = top - 1.5 * better
        answers = [max(0, min(3, round(b.rng.gauss(mean, 0.6)))) for _ in range(items)]
        if kind is m.ScaleKind.PHQ9:
            answers[8] = 1 if first else 0  # item 9 at intake only: flagged, then it eased
        scored = scales.score_answers(kind, answers)
        b.add(
            m.ScaleResult(
                **b.stamp(at),
                at=at,
                scale=kind,
                score=scored.score,
                answers=tuple(answers),
                band=scored.band,
                item9_positive=scored.item9_positive,
            )
        )


def _journal(b: _Builder, at: datetime, n: int) -> None:
    sentences = [b.pick(JOURNAL_OPENERS)] + [
        b.pick(JOURNAL_SENTENCES) for _ in range(b.rng.randint(3, 6))
    ]
    if n % 100 == 37:
        sentences.insert(2, f"A warm {SEARCH_WORD} came through the open window.")
    tags = tuple(sorted(set(b.rng.sample(TAGS, b.rng.choice([0, 1, 1, 2, 3])))))
    share = b.rng.choice(
        [m.ShareLevel.PRIVATE, m.ShareLevel.PRIVATE, m.ShareLevel.COACH, m.ShareLevel.CLINICIAN]
    )
    b.add(
        m.JournalEntry(
            **b.stamp(at),
            written_at=at,
            title=b.pick(JOURNAL_TITLES),
            body=" ".join(sentences),
            tags=tags,
            share_level=share,
        )
    )
