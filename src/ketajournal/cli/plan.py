"""`plan`, `contact`, `settings` and `question` commands."""

from __future__ import annotations

from typing import Annotated

import typer

from ketajournal.cli import quick
from ketajournal.cli.common import (
    NumberArgsCommand,
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
from ketajournal.text import safe_text

plan_app = typer.Typer(help="The treatment plan your care team set.", no_args_is_help=True)
contact_app = typer.Typer(help="Your care team and support people.", no_args_is_help=True)
settings_app = typer.Typer(help="Settings (phase lengths, follow-ups, ...).", no_args_is_help=True)
question_app = typer.Typer(help="Questions for your next check-in.", no_args_is_help=True)
# The commands of this module, loaded when one of them runs (see cli.root).
commands = typer.Typer()
commands.add_typer(plan_app, name="plan")
commands.add_typer(contact_app, name="contact")
commands.add_typer(question_app, name="question")
commands.add_typer(settings_app, name="settings")

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document.")]


# -- plan -----------------------------------------------------------------------------------


@plan_app.command("show")
@handle_errors
def plan_show(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Show the plan: medication, dose history, schedule."""
    with service(ctx) as svc:
        plan = svc.plan.get()
        steps = svc.plan.dose_steps()
        phases = svc.plan.phases()
        current = svc.plan.current_dose()
    if as_json:
        emit_json(
            {
                "plan": plan,
                "dose_steps": steps,
                "schedule": phases,
                "current_dose_mg": current.dose_mg if current else None,
            }
        )
        return
    if plan is None:
        out("No plan recorded yet. Record the one your care team set with `ketajournal plan set`.")
        return
    conc = f", {plan.concentration_mg_per_ml:g} mg/mL" if plan.concentration_mg_per_ml else ""
    out(f"{safe_text(plan.medication)} ({plan.form.value}{conc})")
    if plan.prescriber:
        out(f"prescriber     {safe_text(plan.prescriber)}")
    out(f"current dose   {mg(current.dose_mg if current else None)} (set by your care team)")
    limit = (
        f"; limit {plan.bp_limit_systolic}/{plan.bp_limit_diastolic}"
        if plan.bp_limit_systolic and plan.bp_limit_diastolic
        else ""
    )
    out(f"blood pressure {'asked for' if plan.bp_required else 'not asked for'}{limit}")
    out("")
    out("dose history")
    for step in steps:
        day = local(step.effective_at, "%Y-%m-%d")
        out(f"  {day}  {mg(step.dose_mg):>8}  {one_line(step.reason)}")
    out("schedule")
    for phase in phases:
        out(
            f"  from {local(phase.starts_at, '%Y-%m-%d')}  {phase.phase.value:<11} every "
            f"{phase.interval_days} days"
        )


@plan_app.command("set")
@handle_errors
def plan_set(
    ctx: typer.Context,
    medication: Annotated[str | None, typer.Option(help="Medication name.")] = None,
    form: Annotated[
        str | None, typer.Option(help="solution, troche, tablet or prolonged-release.")
    ] = None,
    concentration: Annotated[
        float | None,
        typer.Option(
            parser=typed(amount("concentration", "a number of mg/mL")),
            help="Concentration in mg/mL.",
        ),
    ] = None,
    prescriber: Annotated[str | None, typer.Option(help="Who prescribed it.")] = None,
    bp: Annotated[
        bool | None,
        typer.Option(
            "--bp-required/--no-bp-required", help="Does the team ask for blood pressure?"
        ),
    ] = None,
    bp_limit: Annotated[
        str | None,
        typer.Option(
            "--bp-limit",
            metavar="SYS/DIA",
            help="The highest reading your care team accepts (summaries flag readings above "
            "it); 'none' removes it.",
        ),
    ] = None,
) -> None:
    """Record (or change) the plan your care team set."""
    from ketajournal.service.base import CLEAR

    limit = (
        CLEAR
        if bp_limit is not None and bp_limit.strip().lower() == "none"
        else blood_pressure(bp_limit, "bp-limit")
    )
    with service(ctx) as svc:
        plan = svc.plan.set(
            medication=medication,
            form=form,
            concentration_mg_per_ml=concentration,
            prescriber=prescriber,
            bp_required=bp,
            bp_limit=limit,
        )
    err(f"Plan saved: {safe_text(plan.medication)} ({plan.form.value}).")


@plan_app.command("dose", cls=NumberArgsCommand)
@handle_errors
def plan_dose(
    ctx: typer.Context,
    dose: Annotated[
        float,
        typer.Argument(
            parser=typed(amount("dose", "a number of mg greater than 0")),
            help="The dose the clinician set, in mg.",
        ),
    ],
    reason: Annotated[str, typer.Option(help="Why, as the clinician told you.")],
    effective: Annotated[str | None, typer.Option(metavar="WHEN", help="From when.")] = None,
) -> None:
    """Record a dose change your clinician made (never a suggestion of ours)."""
    with service(ctx) as svc:
        step = svc.plan.add_dose_step(
            dose,
            reason,
            when(effective, "effective", svc),
        )
    err(f"Dose step recorded: {mg(step.dose_mg)} from {local(step.effective_at)}.")


@plan_app.command("schedule")
@handle_errors
def plan_schedule(
    ctx: typer.Context,
    every: Annotated[
        int, typer.Option(parser=typed(whole("every", 1, 365)), help="Days between sessions.")
    ],
    phase: Annotated[str, typer.Option(help="induction or maintenance.")] = "induction",
    start: Annotated[str | None, typer.Option(metavar="WHEN", help="When it starts.")] = None,
) -> None:
    """Record a schedule phase: sessions every DAYS from START."""
    with service(ctx) as svc:
        record = svc.plan.add_phase(
            phase,
            every,
            when(start, "start", svc),  # type: ignore[arg-type]
        )
    err(
        f"Schedule: {record.phase.value}, every {record.interval_days} days "
        f"from {local(record.starts_at, '%Y-%m-%d')}."
    )


@plan_app.command("next")
@handle_errors
def plan_next(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """When the next session is due (for status bars: use --json)."""
    quick.plan_next(state(ctx).db_path, as_json=as_json)


# -- contacts -------------------------------------------------------------------------------


@contact_app.command("add")
@handle_errors
def contact_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Their name.")],
    role: Annotated[str, typer.Option(help="support, clinician, after-hours, coach or emergency.")],
    phone: Annotated[str | None, typer.Option(help="Phone number.")] = None,
    note: Annotated[str | None, typer.Option(help="A short note (hours, relation).")] = None,
) -> None:
    """Add a contact with a role."""
    with service(ctx) as svc:
        contact = svc.contacts.add(name, role, phone=phone, note=note)
    err(f"Contact added: {safe_text(contact.name)} ({contact.role.value})")
    out(str(contact.id))


@contact_app.command("list")
@handle_errors
def contact_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List contacts."""
    with service(ctx) as svc:
        contacts = svc.contacts.list()
    if as_json:
        emit_json(contacts)
        return
    for c in contacts:
        out(
            f"{short_id(c.id)}  {c.role.value:<10} {one_line(c.name, 30):<30} "
            f"{one_line(c.phone or '', 20):<20} {one_line(c.note, 40)}"
        )


@contact_app.command("remove")
@handle_errors
def contact_remove(
    ctx: typer.Context, contact_id: Annotated[str, typer.Argument(metavar="ID")]
) -> None:
    """Remove a contact."""
    with service(ctx) as svc:
        svc.contacts.remove(contact_id)
    err("Contact removed.")


# -- settings -------------------------------------------------------------------------------


@settings_app.command("show")
@handle_errors
def settings_show(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Show every setting."""
    with service(ctx) as svc:
        settings = svc.settings.get()
    if as_json:
        emit_json(settings)
        return
    import dataclasses

    for f in dataclasses.fields(settings):
        value = getattr(settings, f.name)
        shown = ", ".join(value) if isinstance(value, tuple) else value
        out(f"{f.name:<28} {safe_text(str(shown))}")


@settings_app.command("set")
@handle_errors
def settings_set(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="A setting name (see `settings show`).")],
    value: Annotated[str, typer.Argument(help="Its new value (lists: comma-separated).")],
) -> None:
    """Change a setting, for example `settings set sip_minutes 12`."""
    with service(ctx) as svc:
        svc.settings.set(key, value)
    err(f"Setting saved: {key}.")


# -- questions ------------------------------------------------------------------------------


@question_app.command("add")
@handle_errors
def question_add(
    ctx: typer.Context,
    file: Annotated[
        str | None, typer.Option("--file", metavar="FILE|-", help="Read it from FILE.")
    ] = None,
    share: Annotated[
        str,
        typer.Option(
            "--for",
            metavar="WHO",
            help="Whose check-in it is for: clinician (default), coach, or private.",
        ),
    ] = "clinician",
) -> None:
    """Add a question for the next check-in (text from stdin, --file or $EDITOR)."""
    text = read_text("question", file, db_path=state(ctx).db_path)
    with service(ctx) as svc:
        question = svc.questions.add(text or "", share_level=share.strip().lower())
    level = question.share_level.value
    who = "kept private" if level == "private" else f"for the {level}"
    err(f"Question added ({who}): {short_id(question.id)}")
    out(str(question.id))


@question_app.command("list")
@handle_errors
def question_list(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Include answered ones.")] = False,
    as_json: JsonOption = False,
) -> None:
    """List open questions."""
    with service(ctx) as svc:
        questions = svc.questions.list(include_done=all_)
    if as_json:
        emit_json(questions)
        return
    for q in questions:
        mark = "x" if q.done_at else " "
        out(f"[{mark}] {short_id(q.id)}  {q.share_level.value:<9}  {one_line(q.text, 56)}")


@question_app.command("done")
@handle_errors
def question_done(
    ctx: typer.Context, question_id: Annotated[str, typer.Argument(metavar="ID")]
) -> None:
    """Tick a question off after the appointment."""
    with service(ctx) as svc:
        svc.questions.done(question_id)
    err("Question ticked off.")
