"""`session` and `reflect` commands."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from ketajournal.cli.common import (
    amount,
    blood_pressure,
    emit_json,
    err,
    handle_errors,
    local,
    mg,
    one_line,
    out,
    read_text,
    service,
    short_id,
    state,
    typed,
    when,
    whole,
)
from ketajournal.domain import models as m
from ketajournal.domain import validate as v
from ketajournal.errors import NotFoundError, ValidationError
from ketajournal.service.reflections import ReflectionAnswers
from ketajournal.service.sessions import Preparation
from ketajournal.text import safe_text

session_app = typer.Typer(help="Dosing sessions: start, notes, marks, end.", no_args_is_help=True)
# The commands of this module, loaded when one of them runs (see cli.root).
commands = typer.Typer()
commands.add_typer(session_app, name="session")

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document.")]
AtOption = Annotated[
    str | None, typer.Option("--at", metavar="WHEN", help="When it happened (default: now).")
]
SessionOption = Annotated[
    str | None, typer.Option("--session", metavar="ID", help="Session (default: the running one).")
]


@session_app.command("start")
@handle_errors
def start(
    ctx: typer.Context,
    dose: Annotated[
        float,
        typer.Option(
            parser=typed(amount("dose", "a number of mg greater than 0")),
            help="The dose you are taking, in mg.",
        ),
    ],
    support: Annotated[str | None, typer.Option(help="Who is nearby (a contact's name).")] = None,
    last_meal: Annotated[str | None, typer.Option(metavar="WHEN", help="Your last meal.")] = None,
    mood: Annotated[
        int | None, typer.Option(parser=typed(whole("mood", 0, 10)), help="Mood before, 0-10.")
    ] = None,
    anxiety: Annotated[
        int | None,
        typer.Option(parser=typed(whole("anxiety", 0, 10)), help="Anxiety before, 0-10."),
    ] = None,
    bp: Annotated[str | None, typer.Option(metavar="SYS/DIA", help="Blood pressure.")] = None,
    med: Annotated[
        list[str] | None,
        typer.Option(
            "--med",
            metavar="TEXT",
            help="A medication or supplement taken today (repeat for each).",
        ),
    ] = None,
    intention_file: Annotated[
        str | None, typer.Option(metavar="FILE|-", help="Read your intention from FILE or stdin.")
    ] = None,
    at: AtOption = None,
) -> None:
    """Start a session (or record one after the fact with --at)."""
    intention = (
        read_text("intention", intention_file, db_path=state(ctx).db_path)
        if intention_file
        else None
    )
    with service(ctx) as svc:
        contact = svc.contacts.find_by_name(support) if support else None
        prep = Preparation(
            last_meal_at=when(last_meal, "last meal", svc),
            mood_before=mood,
            anxiety_before=anxiety,
            blood_pressure=blood_pressure(bp),
            intention=intention,
            medications_today=med,
            support_contact_id=contact.id if contact else None,
            support_name=None if contact else support,
        )
        session = svc.sessions.start(dose, prep, at=when(at, "at", svc))
    err(
        f"Session {short_id(session.id)} started at {local(session.sip_started_at)}; "
        f"dose taken {mg(session.taken_dose_mg)}."
    )
    if session.prescribed_dose_mg is None:
        err("No prescribed dose is recorded in the plan; the dose is recorded as you gave it.")
    elif session.dose_differs:
        err(
            f"Note: your plan says {mg(session.prescribed_dose_mg)}. The dose is recorded as "
            "given and will be flagged for your care team to discuss."
        )
    out(str(session.id))


@session_app.command("note")
@handle_errors
def note(
    ctx: typer.Context,
    file: Annotated[str | None, typer.Option("--file", metavar="FILE|-")] = None,
    session_id: SessionOption = None,
    at: AtOption = None,
) -> None:
    """Jot a timestamped note (text from stdin, --file or $EDITOR)."""
    text = read_text("note", file, db_path=state(ctx).db_path)
    with service(ctx) as svc:
        sid = svc.sessions.get(session_id).id if session_id else None
        event = svc.sessions.note(text or "", session_id=sid, at=when(at, "at", svc))
    err(f"Note saved at {local(event.at, '%H:%M')}.")


@session_app.command("mark")
@handle_errors
def mark(
    ctx: typer.Context,
    sensation: Annotated[
        str,
        typer.Argument(
            help="nausea, dizziness, blurry-vision, numbness, dissociation, headache, "
            "anxiety or other."
        ),
    ],
    severity: Annotated[str, typer.Option(help="mild, moderate or severe.")] = "mild",
    session_id: SessionOption = None,
    at: AtOption = None,
) -> None:
    """Mark a sensation or side effect with its severity."""
    with service(ctx) as svc:
        sid = svc.sessions.get(session_id).id if session_id else None
        event = svc.sessions.mark(sensation, severity, session_id=sid, at=when(at, "at", svc))
    err(
        f"Marked {event.sensation.value if event.sensation else ''} "
        f"({event.severity.value if event.severity else ''}) at {local(event.at, '%H:%M')}."
    )
    if event.severity is m.Severity.SEVERE:
        err("Severe: if you need help, ask your support person or call your care team.")


@session_app.command("bp")
@handle_errors
def bp_reading(
    ctx: typer.Context,
    reading: Annotated[str, typer.Argument(metavar="SYS/DIA")],
    session_id: SessionOption = None,
    at: AtOption = None,
) -> None:
    """Record a blood pressure reading during the session."""
    with service(ctx) as svc:
        sid = svc.sessions.get(session_id).id if session_id else None
        systolic, diastolic = blood_pressure(reading)  # type: ignore[misc]
        svc.sessions.blood_pressure(systolic, diastolic, session_id=sid, at=when(at, "at", svc))
    err("Blood pressure recorded.")


@session_app.command("phase")
@handle_errors
def phase(
    ctx: typer.Context,
    to: Annotated[
        str | None, typer.Argument(help="experience or rest (default: the next).")
    ] = None,
    at: AtOption = None,
) -> None:
    """Move the running session to its next phase."""
    with service(ctx) as svc:
        running = svc.sessions.running()
        if running is None:
            raise NotFoundError("session: none is running")
        session = svc.sessions.advance(running.id, to, at=when(at, "at", svc))
    current = "rest" if session.rest_started_at else "experience"
    err(f"Now in the {current} phase.")


@session_app.command("end")
@handle_errors
def end(ctx: typer.Context, at: AtOption = None) -> None:
    """End the running session; its reflection prompts become due."""
    with service(ctx) as svc:
        session = svc.sessions.end(at=when(at, "at", svc))
    minutes = (session.ended_at - session.sip_started_at).total_seconds() / 60  # type: ignore[operator]
    err(
        f"Session {short_id(session.id)} ended after {minutes:.0f} minutes. Rest; no driving "
        "today. Reflect when you are ready: `ketajournal reflect`."
    )


@session_app.command("list")
@handle_errors
def list_(
    ctx: typer.Context,
    limit: Annotated[
        int, typer.Option(parser=typed(whole("limit", 1, 100_000)), help="How many, newest first.")
    ] = 20,
    as_json: JsonOption = False,
) -> None:
    """List sessions, newest first."""
    with service(ctx) as svc:
        sessions = svc.sessions.history(limit=limit)
    if as_json:
        emit_json(sessions)
        return
    for s in sessions:
        flag = "  differs from plan" if s.dose_differs else ""
        out(
            f"{short_id(s.id)}  {local(s.sip_started_at)}  {s.status.value:<8} "
            f"taken {mg(s.taken_dose_mg):>7}  prescribed {mg(s.prescribed_dose_mg):>7}{flag}"
        )


@session_app.command("show")
@handle_errors
def show(
    ctx: typer.Context,
    session_id: Annotated[str, typer.Argument(metavar="ID")],
    as_json: JsonOption = False,
) -> None:
    """Show one session with its events and reflections."""
    with service(ctx) as svc:
        session = svc.sessions.get(session_id)
        events = svc.sessions.events(session.id)
        reflections = svc.reflections.for_session(session.id)
    if as_json:
        emit_json({"session": session, "events": events, "reflections": reflections})
        return
    out(f"session {session.id} ({session.status.value})")
    out(f"started   {local(session.sip_started_at)}   ended {local(session.ended_at)}")
    out(f"dose      taken {mg(session.taken_dose_mg)}, prescribed {mg(session.prescribed_dose_mg)}")
    out(
        f"before    mood {session.mood_before if session.mood_before is not None else '-'}, "
        f"anxiety {session.anxiety_before if session.anxiety_before is not None else '-'}"
    )
    if session.support_name:
        out(f"support   {safe_text(session.support_name)}")
    if session.intention:
        out(f"intention {one_line(session.intention, 66)}")
    for e in events:
        detail = {
            m.EventKind.NOTE: lambda e: one_line(e.text, 60),
            m.EventKind.MARK: lambda e: f"{e.sensation.value} ({e.severity.value})",
            m.EventKind.PHASE: lambda e: f"phase: {e.phase.value}",
            m.EventKind.BLOOD_PRESSURE: lambda e: f"blood pressure {e.systolic}/{e.diastolic}",
        }[e.kind](e)
        out(f"  {local(e.at, '%H:%M')}  {detail}")
    for r in reflections:
        out(f"  reflection {r.kind.value:<9} {r.status.value:<9} due {local(r.due_at, '%Y-%m-%d')}")


# -- reflect --------------------------------------------------------------------------------

SECTIONS = {
    "fragments": "fragments",
    "intention touched": "intention_touched",
    "insights": "insights",
    "emotions": "emotions",
    "images or memories": "images_memories",
    "what was hard": "what_was_hard",
    "integration step": "integration_step",
}
TEMPLATE = "".join(f"## {title.capitalize()}\n\n" for title in SECTIONS)
_HEADING = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)


def parse_sections(text: str) -> dict[str, str]:
    """`## Heading` sections to reflection fields; text without headings is fragments."""
    parts = _HEADING.split(text)
    found: dict[str, str] = {}
    if parts[0].strip():
        found["fragments"] = parts[0].strip()
    for title, body in zip(parts[1::2], parts[2::2], strict=True):
        field = SECTIONS.get(title.strip().lower().rstrip(":"))
        if field is None:
            allowed = ", ".join(t.capitalize() for t in SECTIONS)
            raise ValidationError("heading", f"one of {allowed}", title)
        if body.strip():
            found[field] = body.strip()
    # Checked here, before anything is saved: a bad section must not leave the ratings
    # saved alone (`reflect` writes the immediate reflection first, then the full one).
    for field, value in found.items():
        if field == "intention_touched":
            found[field] = v.choice(value, m.IntentionTouched, "intention touched").value
        else:
            v.optional_text(value, field.replace("_", " "))
    return found


@handle_errors
def reflect(
    ctx: typer.Context,
    session_id: Annotated[
        str | None, typer.Argument(metavar="[SESSION]", help="Default: the last ended session.")
    ] = None,
    intensity: Annotated[
        int | None,
        typer.Option(parser=typed(whole("intensity", 0, 10)), help="How intense, 0-10."),
    ] = None,
    dissociation: Annotated[
        int | None,
        typer.Option(parser=typed(whole("dissociation", 0, 10)), help="How dissociative, 0-10."),
    ] = None,
    mood: Annotated[
        int | None, typer.Option(parser=typed(whole("mood", 0, 10)), help="Mood after, 0-10.")
    ] = None,
    anxiety: Annotated[
        int | None,
        typer.Option(parser=typed(whole("anxiety", 0, 10)), help="Anxiety after, 0-10."),
    ] = None,
    share: Annotated[
        str | None, typer.Option(help="Who may read the written parts: private, coach, clinician.")
    ] = None,
    file: Annotated[
        str | None,
        typer.Option("--file", metavar="FILE|-", help="Read the written parts from FILE."),
    ] = None,
    no_text: Annotated[bool, typer.Option("--no-text", help="Ratings only.")] = False,
) -> None:
    """Reflect on a session: ratings, then the written parts (stdin, --file or $EDITOR).

    Plain text is kept as fragments. `## Insights`, `## Emotions`, `## Images or memories`,
    `## What was hard`, `## Integration step` and `## Intention touched` (yes/partly/no)
    sections fill the full reflection too.
    """
    text = (
        None
        if no_text
        else read_text(
            "reflection", file, db_path=state(ctx).db_path, template=TEMPLATE, required=False
        )
    )
    sections = parse_sections(text) if text else {}
    with service(ctx) as svc:
        session = svc.sessions.get(session_id) if session_id else svc.sessions.last_ended()
        if session is None:
            raise NotFoundError("session: none has ended yet")
        immediate = svc.reflections.of_kind(session.id, m.ReflectionKind.IMMEDIATE)
        ratings = ReflectionAnswers(
            intensity=intensity,
            dissociation=dissociation,
            mood_after=mood,
            anxiety_after=anxiety,
            fragments=sections.pop("fragments", None),
            share_level=share,
            side_effects=_marked_side_effects(svc.sessions.events(session.id))
            if not immediate.side_effects
            else None,
        )
        full = svc.reflections.of_kind(session.id, m.ReflectionKind.FULL) if sections else None
        svc.reflections.answer(immediate.id, ratings)
        if full is not None:
            written = ReflectionAnswers(share_level=share, **sections)  # type: ignore[arg-type]
            svc.reflections.answer(full.id, written)
    saved = "ratings and full reflection" if sections else "reflection"
    err(f"Saved the {saved} for session {short_id(session.id)}.")


def _marked_side_effects(events: list[m.SessionEvent]) -> tuple[m.SideEffect, ...]:
    """The side effects marked during the session, most severe mark per sensation."""
    order = list(m.Severity)
    worst: dict[m.Sensation, m.Severity] = {}
    for e in events:
        if e.kind is m.EventKind.MARK and e.sensation and e.severity:
            current = worst.get(e.sensation)
            if current is None or order.index(e.severity) > order.index(current):
                worst[e.sensation] = e.severity
    return tuple(m.SideEffect(sensation=s, severity=v) for s, v in worst.items())


commands.command("reflect")(reflect)
