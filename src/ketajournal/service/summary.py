"""Gathers the records of a range and builds the check-in summary document for one reader."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ketajournal.domain import models as m
from ketajournal.domain import validate as v
from ketajournal.domain.document import Document
from ketajournal.domain.summary import Audience, Reader, SummaryInput, summary_document
from ketajournal.domain.summary.texts import MAX_TEXTS
from ketajournal.errors import ValidationError

if TYPE_CHECKING:
    from ketajournal.service import JournalService

DEFAULT_DAYS = 30
AUDIENCES = tuple(a.value for a in Audience)
EVERYTHING = "all"  # `--since all`: from the first record on


def default_since(svc: JournalService, reader: Reader, until: datetime) -> datetime:
    """Since the last check-in with this reader (the last of their questions answered), else
    the last 30 days. A coach's or a private question ticked off says nothing of when the
    clinician last saw the person, and must not shorten the clinician's summary."""
    answered = [
        q.done_at
        for q in svc.questions.list(include_done=True)
        if q.done_at and q.share_level == reader.own and q.done_at < until
    ]
    last = max(answered, default=None)  # the last before the end of the range
    return last if last is not None else until - timedelta(days=DEFAULT_DAYS)


def first_record_at(svc: JournalService, until: datetime) -> datetime:
    """When the journal begins: its earliest dated record (a day before `until` if empty)."""
    starts = []
    for cls, name in (
        (m.Session, "sip_started_at"),
        (m.JournalEntry, "written_at"),
        (m.MoodCheckin, "at"),
        (m.ScaleResult, "at"),
        (m.ProgressMarker, "at"),
        (m.DoseStep, "effective_at"),
    ):
        found = svc.ctx.store.find(cls, time_field=name, until=until, order_by=name, limit=1)
        if found and getattr(found[0], name) is not None:
            starts.append(getattr(found[0], name))
    return min(starts) if starts else until - timedelta(days=1)


def reader_for(
    audience: str,
    *,
    include_private: bool = False,
    include_clinical: bool = False,
    all_text: bool = False,
) -> Reader:
    cleaned = audience.strip().lower()
    if cleaned not in AUDIENCES:
        raise ValidationError("for", "coach or clinician", audience)
    who = Audience(cleaned)
    if include_clinical and who is Audience.CLINICIAN:
        include_clinical = False  # the clinician's summary is clinical already
    return Reader(who, include_private, include_clinical, all_text)


def gather(
    svc: JournalService, reader: Reader, since: datetime | str | None, until: datetime | None
) -> SummaryInput:
    now = svc.ctx.now()
    # By default the range ends just after now: what was written this instant is included.
    end = now + timedelta(microseconds=1)
    # A summary tells what happened: a range ends at now at the latest (`--until today`
    # or a later day would otherwise stretch the default range past what has happened).
    until = min(v.aware(until, "until"), end) if until else end
    if since == EVERYTHING:
        since = first_record_at(svc, until)
    elif isinstance(since, str):
        raise ValidationError("since", "a time, or 'all'", since)
    since = v.aware(since, "since") if since else default_since(svc, reader, until)
    if since >= until:
        raise ValidationError("since", "a time before --until")
    store = svc.ctx.store
    levels = [level.value for level in reader.levels]
    sessions = [
        s
        for s in store.find(
            m.Session, time_field="sip_started_at", until=until, order_by="sip_started_at"
        )
        if s.sip_started_at is not None
    ]
    settings = svc.settings.get()
    return SummaryInput(
        generated_at=now,
        since=since,
        until=until,
        plan=svc.plan.get(),
        dose_steps=tuple(svc.plan.dose_steps()),
        phases=tuple(svc.plan.phases()),
        meal_gap_hours=settings.meal_gap_hours,
        sessions=tuple(sessions),
        events=tuple(
            store.find(m.SessionEvent, time_field="at", since=since, until=until, order_by="at")
        ),
        reflections=tuple(store.find(m.Reflection)),
        scales=tuple(store.find(m.ScaleResult, time_field="at", until=until, order_by="at")),
        moods=tuple(svc.checkins.moods(since=since, until=until)),
        markers=tuple(svc.checkins.markers(since, until)),
        questions=tuple(svc.questions.list()),
        entries=tuple(
            store.find(
                m.JournalEntry,
                time_field="written_at",
                since=since,
                until=until,
                order_by="written_at",
                descending=True,
                # The summary shows the newest few unless every one is asked for.
                limit=None if reader.all_text else MAX_TEXTS,
                share_levels=levels,
            )
        ),
        entry_count=store.count(
            m.JournalEntry, time_field="written_at", since=since, until=until, share_levels=levels
        ),
        tags=store.tag_counts(since=since, until=until, share_levels=levels),
        next_due=svc.plan.next_due(),
    )


def build_summary(
    svc: JournalService,
    *,
    audience: str = "clinician",
    since: datetime | str | None = None,
    until: datetime | None = None,
    include_private: bool = False,
    include_clinical: bool = False,
    all_text: bool = False,
) -> Document:
    """The check-in summary for `audience` over [since, until) as a document to render.

    `since`: a time, `"all"` (from the first record), or None (since the last check-in,
    else the last 30 days).
    """
    reader = reader_for(
        audience,
        include_private=include_private,
        include_clinical=include_clinical,
        all_text=all_text,
    )
    return summary_document(gather(svc, reader, since, until), reader)
