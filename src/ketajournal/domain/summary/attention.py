"""What needs the care team's attention in a range, most serious first, and what was checked.

Observations for the person to raise with their team, never advice. The rules:

- PHQ-9 item 9 above 0: every answer in the range with its value, and the last one before.
- Worsening: PHQ-9 up 5 or more points (GAD-7 4 or more) from the previous result or from
  the best result of the eight weeks before, or a move into a worse band.
- Blood pressure: above the care team's limits when the plan has them; otherwise stage 2
  of the American Heart Association's categories (140 or more systolic, or 90 or more
  diastolic). A hypertensive crisis reading (above 180 or above 120) is always flagged.
- Severe side effects, and doses taken that differ from the plan.
- Spacing (see `spacing`), and preparation: a dose inside the meal gap, no support person, or
  no blood pressure reading in an ended session when the care team asks for one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum
from uuid import UUID

from ketajournal.domain.models import (
    EventKind,
    ScaleKind,
    ScaleResult,
    Session,
    SessionStatus,
    Severity,
)
from ketajournal.domain.scales import ANSWER_CHOICES, GAD7_BANDS, PHQ9_BANDS
from ketajournal.domain.summary import spacing
from ketajournal.domain.summary.inputs import SummaryInput
from ketajournal.domain.summary.words import AHA, day, hours, mg, span
from ketajournal.text import plural

PRIOR_WEEKS = 8
RISE = {ScaleKind.PHQ9: 5, ScaleKind.GAD7: 4}  # points that count as worsening
BANDS = {ScaleKind.PHQ9: PHQ9_BANDS, ScaleKind.GAD7: GAD7_BANDS}
NAME = {ScaleKind.PHQ9: "PHQ-9", ScaleKind.GAD7: "GAD-7"}
STAGE_2 = (140, 90)  # AHA: stage 2 hypertension from 140 systolic or 90 diastolic
CRISIS = (180, 120)  # AHA: a hypertensive crisis above 180 systolic or above 120 diastolic


class Level(IntEnum):
    URGENT = 0
    HIGH = 1
    MODERATE = 2
    LOW = 3


class Kind(StrEnum):
    ITEM9 = "phq9-item9"
    BP_CRISIS = "bp-crisis"
    WORSENING = "worsening"
    BP_HIGH = "bp-high"
    SEVERE_SIDE_EFFECT = "severe-side-effect"
    DOSE_DIFFERS = "dose-differs"
    MISSED = "missed-session"
    LATE = "late-session"
    EARLY = "early-session"
    MEAL_GAP = "meal-gap"
    NO_SUPPORT = "no-support"
    NO_BP = "no-bp"


TITLE = {
    Kind.ITEM9: "Thoughts of death or self-harm (PHQ-9 item 9)",
    Kind.BP_CRISIS: "Blood pressure in the hypertensive crisis range",
    Kind.WORSENING: "Worse scores",
    Kind.BP_HIGH: "High blood pressure",
    Kind.SEVERE_SIDE_EFFECT: "Severe side effect",
    Kind.DOSE_DIFFERS: "Dose differed from the plan",
    Kind.MISSED: "Missed session",
    Kind.LATE: "Late session",
    Kind.EARLY: "Early session",
    Kind.MEAL_GAP: "Dose inside the meal gap",
    Kind.NO_SUPPORT: "No support person named",
    Kind.NO_BP: "No blood pressure reading",
}
LEVEL = {
    Kind.ITEM9: Level.URGENT,
    Kind.BP_CRISIS: Level.URGENT,
    Kind.WORSENING: Level.HIGH,
    Kind.BP_HIGH: Level.HIGH,
    Kind.SEVERE_SIDE_EFFECT: Level.HIGH,
    Kind.DOSE_DIFFERS: Level.MODERATE,
    Kind.MISSED: Level.MODERATE,
    Kind.LATE: Level.LOW,
    Kind.EARLY: Level.LOW,
    Kind.MEAL_GAP: Level.LOW,
    Kind.NO_SUPPORT: Level.LOW,
    Kind.NO_BP: Level.LOW,
}


@dataclass(frozen=True, slots=True)
class Concern:
    kind: Kind
    at: datetime
    text: str
    level: Level
    ref_id: UUID | None = None

    @property
    def title(self) -> str:
        return TITLE[self.kind]


def concern(kind: Kind, at: datetime, text: str, ref_id: UUID | None = None) -> Concern:
    return Concern(kind, at, text, LEVEL[kind], ref_id)


@dataclass(frozen=True, slots=True)
class Attention:
    concerns: tuple[Concern, ...]  # most serious first, newest first within a level
    checked: tuple[str, ...]  # what was looked at, so "nothing" means something
    item9_before: ScaleResult | None  # the last positive item 9 before the range


# -- scales ------------------------------------------------------------------------------------


def item9_value(result: ScaleResult) -> int | None:
    return result.answers[8] if result.answers and len(result.answers) == 9 else None


def item9_words(result: ScaleResult) -> str:
    value = item9_value(result)
    answer = f"{value} ({ANSWER_CHOICES[value].lower()})" if value is not None else "above 0"
    return f"answered {answer} on {day(result.at)} (PHQ-9 total {result.score})"


def item9_concerns(data: SummaryInput) -> tuple[list[Concern], ScaleResult | None]:
    positive = [r for r in data.self_rated(ScaleKind.PHQ9) if r.item9_positive]
    before = [r for r in positive if r.at < data.since]
    found = [
        concern(Kind.ITEM9, r.at, item9_words(r), r.id) for r in positive if data.in_range(r.at)
    ]
    return found, before[-1] if before else None


def band_rank(scale: ScaleKind, band: str | None) -> int:
    names = [name for _, name in BANDS[scale]]
    return names.index(band) if band in names else -1


def worsening(results: list[ScaleResult], data: SummaryInput, scale: ScaleKind) -> list[Concern]:
    """One concern per result in range that rose by the threshold or into a worse band.

    A move into a worse band without a rise of the threshold is a smaller matter (moderate)
    than a real rise (high).
    """
    found = []
    start = 0  # the first result inside the eight weeks before the current one
    for index, result in enumerate(results):
        while results[start].at < result.at - timedelta(weeks=PRIOR_WEEKS):
            start += 1
        if not data.in_range(result.at) or index == 0:
            continue
        previous = results[index - 1]
        prior = results[start:index]
        best = min(prior, key=lambda r: (r.score, -r.at.timestamp()), default=None)
        rise = None
        if result.score - previous.score >= RISE[scale]:
            rise = (
                f"up {result.score - previous.score} points from {previous.score} "
                f"on {day(previous.at)}"
            )
        elif best is not None and result.score - best.score >= RISE[scale]:
            rise = (
                f"{result.score - best.score} points above the best of the previous "
                f"{PRIOR_WEEKS} weeks ({best.score} on {day(best.at)})"
            )
        reasons = [rise] if rise else []
        if band_rank(scale, result.band) > band_rank(scale, previous.band):
            reasons.append(f"into a worse band, from {previous.band} to {result.band}")
        if reasons:
            text = f"{NAME[scale]} {result.score} ({result.band}) on {day(result.at)}: "
            level = Level.HIGH if rise else Level.MODERATE
            found.append(
                Concern(Kind.WORSENING, result.at, text + "; ".join(reasons), level, result.id)
            )
    return found


# -- blood pressure ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reading:
    systolic: int
    diastolic: int
    at: datetime | None  # None: taken before the dose (the preparation's reading)
    session: Session

    @property
    def when(self) -> str:
        if self.at is None or self.session.sip_started_at is None:
            return "before the dose"
        minutes = round((self.at - self.session.sip_started_at).total_seconds() / 60)
        return f"{plural(minutes, 'minute')} after the dose"

    @property
    def value(self) -> str:
        return f"{self.systolic}/{self.diastolic}"


def readings(data: SummaryInput, session: Session) -> list[Reading]:
    found = []
    if session.bp_before_systolic and session.bp_before_diastolic:
        found.append(
            Reading(session.bp_before_systolic, session.bp_before_diastolic, None, session)
        )
    found += [
        Reading(e.systolic, e.diastolic, e.at, session)
        for e in data.events_of.get(session.id, [])
        if e.kind is EventKind.BLOOD_PRESSURE and e.systolic and e.diastolic
    ]
    return found


def aha_category(systolic: int, diastolic: int) -> str:
    """The American Heart Association's category of one reading (2017 guideline)."""
    if systolic > CRISIS[0] or diastolic > CRISIS[1]:
        return "hypertensive crisis"
    if systolic >= STAGE_2[0] or diastolic >= STAGE_2[1]:
        return "stage 2 hypertension"
    if systolic >= 130 or diastolic >= 80:
        return "stage 1 hypertension"
    if systolic >= 120:
        return "elevated"
    return "normal"


def bp_concern(reading: Reading, limits: tuple[int, int] | None, session: str) -> Concern | None:
    """`session`: how the reading's session is named (`SummaryInput.session_when`)."""
    where = f"{reading.value}, {reading.when} (session of {session})"
    at = reading.at or reading.session.sip_started_at
    assert at is not None
    ref = reading.session.id
    if reading.systolic > CRISIS[0] or reading.diastolic > CRISIS[1]:
        return concern(
            Kind.BP_CRISIS,
            at,
            f"{where}: above {CRISIS[0]}/{CRISIS[1]}, a hypertensive crisis by {AHA}",
            ref,
        )
    if limits is not None:
        if reading.systolic > limits[0] or reading.diastolic > limits[1]:
            return concern(
                Kind.BP_HIGH,
                at,
                f"{where}: above the care team's limit of {limits[0]}/{limits[1]}",
                ref,
            )
        return None
    if reading.systolic >= STAGE_2[0] or reading.diastolic >= STAGE_2[1]:
        return concern(
            Kind.BP_HIGH,
            at,
            f"{where}: stage 2 hypertension by {AHA} ({STAGE_2[0]}/{STAGE_2[1]} or higher)",
            ref,
        )
    return None


def bp_asked(data: SummaryInput) -> bool:
    """Whether the care team asks for a reading in each session (the plan says so)."""
    return data.plan is not None and data.plan.bp_required


def bp_limits(data: SummaryInput) -> tuple[int, int] | None:
    plan = data.plan
    if plan is None or plan.bp_limit_systolic is None or plan.bp_limit_diastolic is None:
        return None
    return plan.bp_limit_systolic, plan.bp_limit_diastolic


# -- sessions ----------------------------------------------------------------------------------


def severe_effects(data: SummaryInput, session: Session) -> list[Concern]:
    """A severe side effect once per sensation and session, marked or reported afterwards."""
    started = session.sip_started_at
    assert started is not None
    found: dict[str, Concern] = {}
    for event in data.events_of.get(session.id, []):
        if event.kind is EventKind.MARK and event.severity is Severity.SEVERE:
            name = event.sensation.value if event.sensation else "side effect"
            found.setdefault(
                name,
                concern(
                    Kind.SEVERE_SIDE_EFFECT,
                    event.at,
                    f"severe {name} during the session of {data.session_when(session)}",
                    session.id,
                ),
            )
    for reflection in data.reflections_of.get(session.id, []):
        for effect in reflection.side_effects:
            if effect.severity is not Severity.SEVERE:
                continue
            lasted = (
                f", lasting {span(timedelta(minutes=effect.duration_minutes))}"
                if effect.duration_minutes
                else ""
            )
            name = effect.sensation.value
            if name in found:
                if lasted and "lasting" not in found[name].text:
                    old = found[name]
                    found[name] = concern(old.kind, old.at, old.text + lasted, session.id)
                continue
            found[name] = concern(
                Kind.SEVERE_SIDE_EFFECT,
                started,
                f"severe {name} after the session of {data.session_when(session)}{lasted}",
                session.id,
            )
    return list(found.values())


def session_concerns(data: SummaryInput, session: Session) -> list[Concern]:
    started = session.sip_started_at
    assert started is not None
    of = data.session_when(session)
    found = [c for r in readings(data, session) if (c := bp_concern(r, bp_limits(data), of))]
    found += severe_effects(data, session)
    if session.dose_differs:
        found.append(
            concern(
                Kind.DOSE_DIFFERS,
                started,
                f"session of {of}: took {mg(session.taken_dose_mg)}; the plan said "
                f"{mg(session.prescribed_dose_mg)}",
                session.id,
            )
        )
    if session.last_meal_at is not None:
        gap = (started - session.last_meal_at).total_seconds() / 3600
        if 0 <= gap < data.meal_gap_hours:
            found.append(
                concern(
                    Kind.MEAL_GAP,
                    started,
                    f"session of {of}: the dose came {hours(gap)} after the last "
                    f"meal (the meal gap in the settings: {hours(data.meal_gap_hours)})",
                    session.id,
                )
            )
    if bp_asked(data) and session.status is SessionStatus.ENDED and not readings(data, session):
        found.append(
            concern(
                Kind.NO_BP,
                started,
                f"session of {of}: none recorded, though the care team asks for one",
                session.id,
            )
        )
    if session.support_name is None and session.support_contact_id is None:
        found.append(
            concern(
                Kind.NO_SUPPORT,
                started,
                f"session of {of}: nobody was named as the support person",
                session.id,
            )
        )
    return found


SPACING_KIND = {
    spacing.Verdict.MISSED: Kind.MISSED,
    spacing.Verdict.LATE: Kind.LATE,
    spacing.Verdict.EARLY: Kind.EARLY,
}


def needs_attention(data: SummaryInput) -> Attention:
    """Every concern of the range, most serious first, and what was checked."""
    found, item9_before = item9_concerns(data)
    scores = {scale: data.self_rated(scale) for scale in RISE}
    for scale, results in scores.items():
        found += worsening(results, data, scale)
    sessions = [
        s
        for s in data.in_range_sessions
        if s.status in (SessionStatus.ENDED, SessionStatus.RUNNING)
    ]
    for session in sessions:
        found += session_concerns(data, session)
    starts = [s.sip_started_at for s in data.sessions if s.sip_started_at is not None]
    found += [
        concern(SPACING_KIND[f.verdict], f.at, f.text)
        for f in spacing.spacing_flags(
            starts, data.phases, data.since, data.until, data.generated_at
        )
    ]
    ordered = sorted(found, key=lambda c: (c.level, -c.at.timestamp()))
    return Attention(tuple(ordered), _checked(data, sessions, scores), item9_before)


def _checked(
    data: SummaryInput, sessions: list[Session], scores: dict[ScaleKind, list[ScaleResult]]
) -> tuple[str, ...]:
    in_range = {scale: [r for r in rs if data.in_range(r.at)] for scale, rs in scores.items()}
    phq9, gad7 = len(in_range[ScaleKind.PHQ9]), len(in_range[ScaleKind.GAD7])
    count = sum(len(readings(data, s)) for s in sessions)
    limits = bp_limits(data)
    against = f"the care team's limit of {limits[0]}/{limits[1]}" if limits else AHA
    schedule = "the schedule" if data.phases else "no schedule (none recorded)"
    return (
        f"PHQ-9 item 9 in {plural(phq9, 'result')}",
        f"worse scores in {plural(phq9, 'PHQ-9 result')} and {plural(gad7, 'GAD-7 result')}",
        f"{plural(count, 'blood pressure reading')} against {against}",
        f"side effects, doses, {'blood pressure taken, ' if bp_asked(data) else ''}meal gap and "
        f"support person in {plural(len(sessions), 'session')}",
        f"spacing against {schedule}",
    )
