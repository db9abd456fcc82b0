"""The check-in summary as one document, for the clinician or for the integration coach.

Built once from the records of a range (`SummaryInput`) for one reader (`Reader`); the
exporters render the `Document` as Markdown, HTML or PDF. The first page answers: anything
to worry about, what dose, what happened, is the person better; the person's questions
come right after "Needs attention"; what they wrote comes last, newest first and capped.
"""

from __future__ import annotations

import math
from datetime import time, timedelta

from ketajournal.domain.document import (
    Block,
    Bullets,
    Document,
    Heading,
    Item,
    Paragraph,
    Quote,
    Tone,
)
from ketajournal.domain.models import ShareLevel
from ketajournal.domain.summary import clinical, coach
from ketajournal.domain.summary.attention import needs_attention
from ketajournal.domain.summary.audience import AUDIENCE_NAME, Audience, Reader, lead
from ketajournal.domain.summary.inputs import SummaryInput
from ketajournal.domain.summary.sessions import session_facts, step_happened
from ketajournal.domain.summary.spacing import wall_clock
from ketajournal.domain.summary.texts import shared_texts
from ketajournal.domain.summary.words import DISCLAIMER, day, moment
from ketajournal.text import days, plural

ADDED_BY_THE_PERSON = "The person chose to include their doses, blood pressure and scores for you."
COACH_SHOWN = ("insights", "integration_step", "insight_in_life", "intention_touched")


def summary_document(data: SummaryInput, reader: Reader) -> Document:
    title = f"Check-in summary for {AUDIENCE_NAME[reader.audience]}"
    # Its length in days as the clock on the wall counts them (a week across the end of
    # summer time is 7 days, not 7 and an hour), rounded up: a range within one day is
    # "1 day" (not "0 days"), 30 days and 8 hours are 31, exactly 30 days are 30.
    wall = wall_clock(data.until) - wall_clock(data.since)
    length = max(1, math.ceil(wall / timedelta(days=1)))
    subtitle = f"{period(data)} ({days(length)}) · written {day(data.generated_at)}"
    blocks: list[Block] = [Paragraph(DISCLAIMER, Tone.MUTED)]
    if reader.audience is Audience.CLINICIAN:
        blocks += _clinician(data, reader)
    else:
        blocks += _coach(data, reader)
    return Document(title, tuple(blocks), subtitle=subtitle, footer=title)


def period(data: SummaryInput) -> str:
    """The range as its reader reads it: the first and the last day it holds, and the time
    it starts when not at midnight (a range since a check-in at 14:05 leaves out the
    morning of that day, and says so)."""
    start = data.since.astimezone()
    since = day(start) if start.time() == time(0) else moment(start)
    return f"{since} to {day(data.until - timedelta(microseconds=1))}"


def _clinician(data: SummaryInput, reader: Reader) -> list[Block]:
    facts = session_facts(data)
    return [
        *clinical.attention_blocks(needs_attention(data)),
        *question_blocks(data, reader),
        Heading("At a glance"),
        Bullets(tuple(clinical.glance_items(data, facts))),
        *clinical.plan_blocks(data),
        *clinical.session_blocks(facts),
        *clinical.measure_blocks(data),
        *clinical.checkin_blocks(data),
        *clinical.dose_outcome_blocks(data),
        *step_blocks(data, reader),
        *appendix_blocks(data, reader),
    ]


def _coach(data: SummaryInput, reader: Reader) -> list[Block]:
    blocks: list[Block] = []
    if reader.include_clinical:
        # What needs attention leads, as in the clinician's summary: a self-harm answer or a
        # crisis reading is not left for the end of a document read for its insights.
        blocks += [
            *clinical.attention_blocks(needs_attention(data)),
            Paragraph(ADDED_BY_THE_PERSON, Tone.MUTED),
        ]
    blocks += [
        *question_blocks(data, reader),
        Heading("At a glance"),
        Bullets(tuple(coach.glance_items(data, reader))),
        *coach.mood_blocks(data),
        *coach.coach_blocks(data, reader),
    ]
    if reader.include_clinical:
        facts = session_facts(data)
        blocks += [
            Heading("Clinical details, added by the person"),
            Paragraph(ADDED_BY_THE_PERSON, Tone.MUTED),
            Heading("Dose and sessions at a glance", 2),
            Bullets(tuple(clinical.glance_items(data, facts))),
            *clinical.plan_blocks(data),
            *clinical.session_blocks(facts),
            *clinical.measure_blocks(data),
            *clinical.checkin_blocks(data),
        ]
    return blocks + appendix_blocks(data, reader, omit=COACH_SHOWN, with_intentions=False)


def question_blocks(data: SummaryInput, reader: Reader) -> list[Block]:
    mine = [q for q in data.questions if reader.may_read(q.share_level)]
    heading = Heading(f"Questions for {AUDIENCE_NAME[reader.audience]}")
    if not mine:
        return [heading, Paragraph("None this time.")]
    return [
        heading,
        Bullets(
            tuple(
                Item(q.text.strip(), "Private:" if q.share_level is ShareLevel.PRIVATE else None)
                for q in mine
            )
        ),
    ]


def step_blocks(data: SummaryInput, reader: Reader) -> list[Block]:
    """Integration steps the reader may read, with whether they happened."""
    from ketajournal.domain.models import ReflectionKind, ReflectionStatus

    items = []
    for session in data.in_range_sessions:
        mine = {r.kind: r for r in data.reflections_of.get(session.id, [])}
        full = mine.get(ReflectionKind.FULL)
        if (
            full is None
            or full.status is not ReflectionStatus.DONE
            or not full.integration_step
            or not reader.may_read(full.share_level)
        ):
            continue
        happened = {True: "happened", False: "did not happen", None: "not reported yet"}[
            step_happened(data, session, reader)
        ]
        items.append(
            Item(
                f"{full.integration_step.strip()} ({happened})",
                lead(day(session.sip_started_at), full.share_level),  # type: ignore[arg-type]
            )
        )
    if not items:
        return []
    return [Heading("Integration steps"), Bullets(tuple(items))]


def appendix_blocks(
    data: SummaryInput,
    reader: Reader,
    omit: tuple[str, ...] = (),
    with_intentions: bool = True,
) -> list[Block]:
    shown, total = shared_texts(data, reader, omit=omit, with_intentions=with_intentions)
    who = AUDIENCE_NAME[reader.audience]
    private = (
        " and private text (included at the person's request)" if reader.include_private else ""
    )
    blocks: list[Block] = [Heading(f"Written for {who}{private}")]
    if not shown:
        return [*blocks, Paragraph(f"Nothing was shared with {who} in this period.")]
    left = total - len(shown)
    note = f"Newest first: {plural(len(shown), 'text')}"
    if left:
        note += f"; {left} older left out (add --all-text to include every one)"
    blocks.append(Paragraph(note + ".", Tone.MUTED))
    blocks += [Quote(t.meta, t.text) for t in shown]
    return blocks


__all__ = ["Audience", "Reader", "SummaryInput", "summary_document"]
