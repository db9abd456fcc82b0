"""The written text a reader may read, gathered through the one audience rule.

Every text here has passed `Reader.may_read` with its share level (see `audience`); nothing
else in the summary carries text the person wrote, except the clinical facts of sessions
(support person, medications) in the clinician's summary.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from ketajournal.domain.models import (
    EventKind,
    Reflection,
    ReflectionKind,
    ReflectionStatus,
    Session,
    ShareLevel,
)
from ketajournal.domain.summary.audience import Reader, marker_level, session_level
from ketajournal.domain.summary.inputs import SummaryInput
from ketajournal.domain.summary.words import day, moment

SOURCE = {
    ReflectionKind.IMMEDIATE: "reflection right after",
    ReflectionKind.FULL: "reflection the next day",
    ReflectionKind.WEEK: "follow-up a week later",
    ReflectionKind.MONTH: "follow-up a month later",
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
MARKER_NAME = {
    "perspective": "a shift in perspective",
    "self-patience": "patience with oneself",
    "stress-response": "responding to stress in a new way",
    "openness": "openness in relationships",
    "hobbies": "motivation for hobbies",
}
PRIVATE_NOTE = "private, included at the person's request"
MAX_TEXTS = 20  # texts in the appendix, newest first; --all-text gives every one


@dataclass(frozen=True, slots=True)
class Written:
    at: datetime
    what: str  # "journal entry · A small win", "reflection the next day, session of ..."
    text: str
    level: ShareLevel

    @property
    def meta(self) -> str:
        private = f" ({PRIVATE_NOTE})" if self.level is ShareLevel.PRIVATE else ""
        return f"{day(self.at)} · {self.what}{private}"


def reflection_text(reflection: Reflection, omit: Collection[str] = ()) -> str:
    parts = []
    if reflection.intention_touched is not None and "intention_touched" not in omit:
        parts.append(f"Intention touched: {reflection.intention_touched.value}")
    for name, label in WRITTEN:
        value = getattr(reflection, name)
        if value and value.strip() and name not in omit:
            parts.append(f"{label}: {value.strip()}")
    return "\n".join(parts)


def session_text(data: SummaryInput, session: Session, with_intention: bool = True) -> str:
    """The session's own words: intention, notes, and notes on marked sensations."""
    lines = (
        [f"Intention: {session.intention.strip()}"] if with_intention and session.intention else []
    )
    for event in data.events_of.get(session.id, []):
        if not event.text or not event.text.strip():
            continue
        if event.kind is EventKind.NOTE:
            lines.append(f"Note at {moment(event.at)[-5:]}: {event.text.strip()}")
        elif event.kind is EventKind.MARK:
            what = event.sensation.value if event.sensation else "sensation"
            severity = f" ({event.severity.value})" if event.severity else ""
            lines.append(f"{what}{severity} at {moment(event.at)[-5:]}: {event.text.strip()}")
    return "\n".join(lines)


def shared_texts(
    data: SummaryInput,
    reader: Reader,
    *,
    omit: Collection[str] = (),
    with_intentions: bool = True,
) -> tuple[list[Written], int]:
    """The texts this reader may read in the range, newest first (at most MAX_TEXTS unless
    --all-text), and how many there are in all.

    `omit` leaves out reflection parts another section already shows (the coach's summary
    shows insights and integration steps by session); `with_intentions` likewise.
    """
    found = [
        Written(
            e.written_at,
            "journal entry"
            + (f" · {e.title.strip()}" if e.title and e.title.strip() else "")
            + (f" · tags: {', '.join(e.tags)}" if e.tags else ""),
            e.body,
            e.share_level,
        )
        for e in data.entries
        if reader.may_read(e.share_level)
    ]
    for session in data.in_range_sessions:
        assert session.sip_started_at is not None
        mine = data.reflections_of.get(session.id, [])
        level = session_level(mine)
        text = session_text(data, session, with_intentions)
        if text and reader.may_read(level):
            found.append(
                Written(session.sip_started_at, "the session, in its own words", text, level)
            )
    for reflection in data.reflections:
        at = reflection.answered_at or reflection.due_at
        if (
            reflection.status is ReflectionStatus.DONE
            and data.in_range(at)
            and reader.may_read(reflection.share_level)
            and (text := reflection_text(reflection, omit))
        ):
            parent = data.session_at(reflection.session_id)
            of = (
                f", session of {day(parent.sip_started_at)}"
                if parent and parent.sip_started_at
                else ""
            )
            found.append(Written(at, SOURCE[reflection.kind] + of, text, reflection.share_level))
    for marker in data.markers:
        level = marker_level(marker, data.reflection_by_id)
        if marker.note and marker.note.strip() and reader.may_read(level):
            name = MARKER_NAME.get(marker.marker.value, marker.marker.value)
            found.append(
                Written(
                    marker.at,
                    f"progress marker: {name}, {marker.value} of 4",
                    marker.note.strip(),
                    level,
                )
            )
    others = len(found) - sum(1 for e in data.entries if reader.may_read(e.share_level))
    ordered = sorted(found, key=lambda w: w.at, reverse=True)
    return (ordered if reader.all_text else ordered[:MAX_TEXTS]), others + data.entry_count
