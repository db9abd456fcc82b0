"""One past session in words: a row for the list, and everything recorded for it.

Pure functions from a `SessionRecord` to Content, so they are tested without an app. All
of the person's text is shown inert (`safe_text`), never as markup.
"""

from __future__ import annotations

from textual.content import Content

from ketajournal.domain import models as m
from ketajournal.service.sessions import SessionRecord
from ketajournal.text import PROMPT_TITLE, local_day, local_time, local_when, plural, safe_text

Parts = list[Content | str | tuple[str, str]]

STATUS_WORD = {
    m.ReflectionStatus.DUE: "waiting",
    m.ReflectionStatus.DRAFT: "draft",
    m.ReflectionStatus.DONE: "done",
    m.ReflectionStatus.SNOOZED: "snoozed",
    m.ReflectionStatus.DISMISSED: "set aside",
}


def _one_line(text: str | None) -> str:
    return " ".join(safe_text(text or "").split())


def _dose(session: m.Session) -> str:
    if session.taken_dose_mg is None:
        return "dose not recorded"
    text = f"{session.taken_dose_mg:g} mg"
    if session.dose_differs and session.prescribed_dose_mg is not None:
        text += f" (prescribed {session.prescribed_dose_mg:g} mg)"
    return text


def list_row(record: SessionRecord) -> Content:
    """Its date and dose, then how far its reflections have come."""
    s = record.session
    when = local_when(s.sip_started_at, year=True) if s.sip_started_at else "not started"
    done = sum(r.status is m.ReflectionStatus.DONE for r in record.reflections)
    if s.status is m.SessionStatus.RUNNING:
        state: tuple[str, str] = ("running now", "bold $warning")
    elif record.reflections:
        state = (f"reflections {done} of {len(record.reflections)}", "$text-muted")
    else:
        state = ("no reflections", "$text-muted")
    return Content.assemble(
        (when, "bold"), "  ", (_dose(record.session), "$accent" if s.dose_differs else ""), "  ",
        state,
    )  # fmt: skip


def prompt_row(r: m.Reflection) -> Content:
    """A reflection prompt of the session, to open: what it is, and where it stands."""
    status = STATUS_WORD[r.status]
    if r.status is m.ReflectionStatus.DONE and r.answered_at is not None:
        status += f" {local_day(r.answered_at)}"
    elif r.status in (m.ReflectionStatus.DUE, m.ReflectionStatus.DRAFT):
        status += f", due {local_day(r.due_at)}"
    summary = ""
    if r.kind is m.ReflectionKind.IMMEDIATE:
        ratings = [
            f"{name} {value}"
            for name, value in (
                ("intensity", r.intensity),
                ("dissociation", r.dissociation),
                ("mood", r.mood_after),
            )
            if value is not None
        ]
        summary = ", ".join(ratings) or _one_line(r.fragments)
    elif r.kind is m.ReflectionKind.FULL:
        summary = _one_line(r.insights or r.integration_step)
    else:
        summary = _one_line(r.insight_in_life)
    return Content.assemble(
        (f"{PROMPT_TITLE[r.kind.value]:<12}", "bold"), (f"{status:<22}", "$text-muted"), summary
    )


def detail(record: SessionRecord) -> Content:
    """The preparation, what happened during the session, and when it ended."""
    s = record.session
    parts: Parts = []

    def row(label: str, value: str) -> None:
        if value:
            parts.extend([(f"{label:<14}", "bold"), value, "\n"])

    when = local_when(s.sip_started_at, year=True) if s.sip_started_at else "not started"
    parts.extend([("Session of ", "$text-muted"), (when, "bold $primary"), "\n"])
    row("Dose", _dose(s))
    row("Intention", _one_line(s.intention))
    if s.last_meal_at is not None:
        row("Last meal", local_when(s.last_meal_at))
    row("Medications", ", ".join(_one_line(x) for x in s.medications_today))
    row("Support", _one_line(s.support_name))
    before = []
    if s.mood_before is not None:
        before.append(f"mood {s.mood_before}")
    if s.anxiety_before is not None:
        before.append(f"anxiety {s.anxiety_before}")
    if s.bp_before_systolic and s.bp_before_diastolic:
        before.append(f"BP {s.bp_before_systolic}/{s.bp_before_diastolic}")
    row("Before", ", ".join(before))
    if s.skipped_steps:
        row("Skipped", ", ".join(s.skipped_steps))
    happened = [e for e in record.events if e.kind is not m.EventKind.PHASE]
    if happened:
        parts.append(("\nDuring the session\n", "bold $primary"))
        for event in happened:
            parts.extend([(f"{local_time(event.at)}  ", "$text-muted"), _event(event), "\n"])
    if s.ended_at is not None:
        parts.append((f"\nEnded {local_when(s.ended_at)}", "$text-muted"))
    elif s.status is m.SessionStatus.RUNNING:
        parts.append(("\nThe session is running now.", "bold $warning"))
    return Content.assemble(*parts).rstrip()


def _event(event: m.SessionEvent) -> str:
    if event.kind is m.EventKind.NOTE:
        return f"note: {_one_line(event.text)}"
    if event.kind is m.EventKind.BLOOD_PRESSURE:
        return f"blood pressure {event.systolic}/{event.diastolic}"
    name = (event.sensation or m.Sensation.OTHER).value.replace("-", " ")
    if event.text:
        name += f" ({_one_line(event.text)})"
    severity = f" ({event.severity.value})" if event.severity else ""
    return f"{name}{severity}"


def count_line(shown: int, more: bool) -> str:
    if shown == 0:
        return "No sessions yet. They are listed here once one has begun."
    which = plural(shown, "session")
    return f"{which}{' shown' if more else ''}, newest first. Enter on a reflection opens it."
