"""The integration coach's own sections: intentions, insights, steps, follow-ups, themes.

No doses, blood pressure or scores here: those are added only when the person asks for
them (the clinical sections). Every text passes the audience rule with its share level.
"""

from __future__ import annotations

from datetime import timedelta

from ketajournal.domain import progress as p
from ketajournal.domain.document import (
    Block,
    Bullets,
    Chart,
    Column,
    Heading,
    Item,
    Paragraph,
    Series,
    Table,
    Tone,
)
from ketajournal.domain.models import (
    MarkerKind,
    Reflection,
    ReflectionKind,
    ReflectionStatus,
    Session,
    SessionStatus,
)
from ketajournal.domain.summary.audience import Reader, lead, session_level
from ketajournal.domain.summary.inputs import SummaryInput
from ketajournal.domain.summary.measures import chart_points, mood_trend, period_means
from ketajournal.domain.summary.sessions import step_happened
from ketajournal.domain.summary.texts import MARKER_NAME
from ketajournal.domain.summary.words import day, number
from ketajournal.text import plural

MAX_SESSIONS = 20  # sessions told in full; --all-text tells every one
MAX_THEMES = 15
FOLLOW_UPS = (ReflectionKind.WEEK, ReflectionKind.MONTH)
PENDING = (ReflectionStatus.DUE, ReflectionStatus.SNOOZED, ReflectionStatus.DRAFT)
HAPPENED = {True: "yes", False: "no", None: "not said"}


def _sessions(data: SummaryInput) -> list[Session]:
    return [
        s
        for s in data.in_range_sessions
        if s.status in (SessionStatus.ENDED, SessionStatus.RUNNING)
    ]


def _follow_ups(data: SummaryInput) -> list[Reflection]:
    return sorted(
        (r for r in data.reflections if r.kind in FOLLOW_UPS and data.in_range(r.due_at)),
        key=lambda r: r.due_at,
    )


def glance_items(data: SummaryInput, reader: Reader) -> list[Item]:
    sessions = _sessions(data)
    dates = ", ".join(day(s.sip_started_at) for s in sessions[-8:])  # type: ignore[arg-type]
    more = f" (the last 8: {dates})" if len(sessions) > 8 else (f": {dates}" if dates else "")
    items = [Item(f"{plural(len(sessions), 'session')} in this period{more}.", "Sessions:")]
    weekly = (data.until - data.since) <= timedelta(days=182)
    items.append(Item(mood_trend(period_means(data.moods, weekly), weekly)))
    follow = _follow_ups(data)
    done = [r for r in follow if r.status is ReflectionStatus.DONE]
    items.append(
        Item(
            f"{len(done)} answered, "
            f"{sum(r.status is ReflectionStatus.DISMISSED for r in follow)} dismissed, "
            f"{sum(r.status in PENDING for r in follow)} still due.",
            "Follow-ups:",
        )
    )
    said = [h for s in sessions if (h := step_happened(data, s, reader)) is not None]
    if said:
        told = (
            f"happened after {sum(said)} of the {len(said)} sessions whose follow-ups said."
            if len(said) > 1
            else f"{'happened' if said[0] else 'did not happen'} after the one session whose "
            "follow-up said."
        )
        items.append(Item(told, "Integration steps:"))
    return items


def _session_items(data: SummaryInput, reader: Reader, session: Session) -> list[Item]:
    mine = {r.kind: r for r in data.reflections_of.get(session.id, [])}
    items = []
    level = session_level(mine.values())
    if session.intention and reader.may_read(level):
        items.append(Item(session.intention.strip(), lead("Intention", level)))
    full = mine.get(ReflectionKind.FULL)
    if full and full.status is ReflectionStatus.DONE and reader.may_read(full.share_level):
        level = full.share_level
        if full.intention_touched is not None:
            items.append(Item(full.intention_touched.value, lead("Intention touched", level)))
        if full.insights and full.insights.strip():
            items.append(Item(full.insights.strip(), lead("Insights", level)))
        if full.integration_step and full.integration_step.strip():
            items.append(Item(full.integration_step.strip(), lead("Integration step", level)))
    for kind, label in (
        (ReflectionKind.WEEK, "A week later"),
        (ReflectionKind.MONTH, "A month later"),
    ):
        r = mine.get(kind)
        if r is None or r.status is not ReflectionStatus.DONE or not reader.may_read(r.share_level):
            continue
        said = f"the step happened: {HAPPENED[r.integration_step_happened]}"
        if r.insight_in_life and r.insight_in_life.strip():
            said = f"{r.insight_in_life.strip()} ({said})"
        items.append(Item(said, lead(label, r.share_level)))
    return items


def session_blocks(data: SummaryInput, reader: Reader) -> list[Block]:
    sessions = list(reversed(_sessions(data)))
    blocks: list[Block] = [Heading("Sessions, intentions and integration")]
    if not sessions:
        return [*blocks, Paragraph("No sessions in this period.")]
    shown = sessions if reader.all_text else sessions[:MAX_SESSIONS]
    if len(shown) < len(sessions):
        blocks.append(
            Paragraph(
                f"The {len(shown)} most recent of {len(sessions)} sessions, newest first "
                "(--all-text for every one).",
                Tone.MUTED,
            )
        )
    for session in shown:
        blocks.append(Heading(f"Session of {day(session.sip_started_at)}", 2))  # type: ignore[arg-type]
        items = _session_items(data, reader, session)
        blocks.append(
            Bullets(tuple(items))
            if items
            else Paragraph("Nothing from this session was shared with the coach.", Tone.MUTED)
        )
    return blocks


def follow_up_blocks(data: SummaryInput) -> list[Block]:
    follow = _follow_ups(data)
    if not follow:
        return []
    rows = []
    for r in reversed(follow):
        session = data.session_at(r.session_id)
        of = day(session.sip_started_at) if session and session.sip_started_at else "-"
        if r.status is ReflectionStatus.DONE:
            status = f"answered on {day(r.answered_at or r.due_at)}"
        elif r.status is ReflectionStatus.DISMISSED:
            status = "dismissed"
        else:
            status = "still due"
        rows.append(
            (
                day(r.due_at),
                of,
                "a week later" if r.kind is ReflectionKind.WEEK else "a month later",
                status,
            )
        )
    return [
        Heading("Follow-ups"),
        Table(
            (Column("Due"), Column("Session of"), Column("Follow-up"), Column("Status", 1.4)),
            tuple(rows),
            caption="Newest first.",
        ),
    ]


def marker_blocks(data: SummaryInput) -> list[Block]:
    months = p.marker_months(data.markers, None)
    if not months:
        return []
    kinds = list(MarkerKind)
    return [
        Heading("Progress markers"),
        Table(
            (Column("Month"), *(Column(MARKER_NAME[k.value].capitalize()) for k in kinds)),
            tuple(
                (
                    month.month.strftime("%Y-%m"),
                    *(number(month.means.get(k)) for k in kinds),
                )
                for month in reversed(months[-12:])
            ),
            caption="Monthly means, 0 (not at all) to 4 (very much); newest first.",
        ),
    ]


def theme_blocks(data: SummaryInput, reader: Reader) -> list[Block]:
    if not data.tags:
        return []
    top = list(data.tags.items())[:MAX_THEMES]
    private = " and of private ones" if reader.include_private else ""
    return [
        Heading("Themes"),
        Paragraph(
            f"Tags of the journal entries shared with the coach{private}, most used first: "
            + ", ".join(f"{tag} ({n})" for tag, n in top)
            + "."
        ),
    ]


def mood_blocks(data: SummaryInput) -> list[Block]:
    span_days = (data.until - data.since) / timedelta(days=1)
    points, what = chart_points(((c.at, float(c.mood)) for c in data.moods), span_days)
    if len(points) < 2:
        return []
    return [Chart(f"Mood, 0-10 ({what})", (Series("mood", tuple(points)),), 0, 10)]


def coach_blocks(data: SummaryInput, reader: Reader) -> list[Block]:
    return [
        *session_blocks(data, reader),
        *follow_up_blocks(data),
        *marker_blocks(data),
        *theme_blocks(data, reader),
    ]
