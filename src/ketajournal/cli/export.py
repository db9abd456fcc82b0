"""`export` commands: the check-in summary and the support-person guide."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ketajournal.cli.common import err, handle_errors, service, when
from ketajournal.cli.progress import Progress
from ketajournal.errors import ValidationError
from ketajournal.export import FORMATS, render

export_app = typer.Typer(help="Summaries and copies for your care team.", no_args_is_help=True)
# The commands of this module, loaded when one of them runs (see cli.root).
commands = typer.Typer()
commands.add_typer(export_app, name="export")

PAPERS = ("a4", "letter")
OutOption = Annotated[
    Path | None,
    typer.Option("--out", metavar="FILE", help="Write to FILE (0600) instead of stdout."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")]
EncryptOption = Annotated[
    bool,
    typer.Option(
        "--encrypt",
        help="Write only an age-encrypted copy (FILE.age), with a passphrase asked twice.",
    ),
]


PaperOption = Annotated[
    str, typer.Option("--paper", help="Page size for --format pdf: a4 (default) or letter.")
]


def _emit(
    text: str | bytes, out: Path | None, force: bool, what: str, encrypt: bool = False
) -> None:
    if out is None:
        if encrypt:
            raise ValidationError("--out", "given with --encrypt: --out FILE")
        if isinstance(text, bytes):  # never binary on a terminal or a pipe by accident
            raise ValidationError("--out", "given for a PDF (it is binary): --out FILE")
        sys.stdout.write(text)
        return
    from ketajournal.output import write_private

    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if encrypt:
        from ketajournal.encryption import (
            ask_passphrase_twice,
            encrypt_for_sharing,
            with_age_suffix,
        )

        out = with_age_suffix(out)
        if (out.exists() or out.is_symlink()) and not force:  # before asking anything
            raise ValidationError("out", "a new file (it exists; add --force to replace it)")
        data = encrypt_for_sharing(data, ask_passphrase_twice())  # only ciphertext is written
    path = write_private(out, data, force=force)
    err(f"{what} written to {path}")


def _paper(value: str) -> str:
    paper = value.strip().lower()
    if paper not in PAPERS:
        raise ValidationError("paper", "a4 or letter", value)
    return paper


def _format(value: str) -> str:
    fmt = value.strip().lower().removeprefix(".")
    fmt = {"markdown": "md", "htm": "html"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise ValidationError("format", "md or html, or pdf with --out FILE", value)
    return fmt


@export_app.command("summary")
@handle_errors
def summary(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="md (default), html or pdf.")] = "md",
    audience: Annotated[str, typer.Option("--for", help="clinician (default) or coach.")] = (
        "clinician"
    ),
    since: Annotated[
        str | None,
        typer.Option(
            metavar="WHEN",
            help="From when: a time, or 'all' for everything. Default: your last check-in "
            "with this reader (their last question ticked off), or 30 days.",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(metavar="WHEN", help="Up to when (a day alone: its end). Default: now."),
    ] = None,
    include_private: Annotated[
        bool, typer.Option("--include-private", help="Also include text marked private.")
    ] = False,
    include_clinical: Annotated[
        bool,
        typer.Option(
            "--include-clinical",
            help="For the coach: also include doses, blood pressure and scores.",
        ),
    ] = False,
    all_text: Annotated[
        bool,
        typer.Option("--all-text", help="Every shared text, not only the 20 newest."),
    ] = False,
    out: OutOption = None,
    force: ForceOption = False,
    paper: PaperOption = "a4",
    encrypt: EncryptOption = False,
) -> None:
    """The check-in summary: what needs attention, questions, dose, sessions, progress."""
    kind = _format(fmt)
    size = _paper(paper)
    if kind == "pdf" and out is None:
        _emit(b"", None, force, "Summary")
    from ketajournal.service.summary import EVERYTHING, build_summary

    everything = since is not None and since.strip().lower() in (EVERYTHING, "everything")
    # The journal first (an encrypted one asks for its passphrase), then the bar.
    with service(ctx) as svc, Progress("Writing the summary"):
        try:
            start = EVERYTHING if everything else when(since, "since", svc)
        except ValidationError as exc:
            raise ValidationError("since", f"{exc.allowed}, or all (everything)", since) from None
        report = build_summary(
            svc,
            audience=audience,
            since=start,
            until=when(until, "until", svc, end_of_day=True),
            include_private=include_private,
            include_clinical=include_clinical,
            all_text=all_text,
        )
        text = render(kind, report, size)
    _emit(text, out, force, "Summary", encrypt)


@export_app.command("support-guide")
@handle_errors
def support_guide_command(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="md (default), html or pdf.")] = "md",
    out: OutOption = None,
    force: ForceOption = False,
    paper: PaperOption = "a4",
    encrypt: EncryptOption = False,
) -> None:
    """The one-page guide for whoever sits in the next room, with your contacts."""
    kind = _format(fmt)
    size = _paper(paper)
    if kind == "pdf" and out is None:
        _emit(b"", None, force, "Support-person guide")
    from ketajournal.domain.support_guide import guide_document, support_guide

    with service(ctx) as svc:
        settings = svc.settings.get()
        guide = support_guide(
            svc.contacts.list(),
            svc.plan.get(),
            settings.sip_minutes + settings.experience_minutes,
            settings.country,
        )
    with Progress("Writing the guide"):
        text = render(kind, guide_document(guide), size)
    _emit(text, out, force, "Support-person guide", encrypt)


RECENT_SESSIONS = 10  # follow-ups of older sessions are long past; these are the ones to show


@export_app.command("calendar")
@handle_errors
def calendar_command(
    ctx: typer.Context,
    weeks: Annotated[
        int, typer.Option("--weeks", min=1, max=52, help="How far ahead (default 8 weeks).")
    ] = 8,
    out: OutOption = None,
    force: ForceOption = False,
) -> None:
    """Sessions due and reflection follow-ups as an iCalendar (.ics) file, no journal text."""
    from datetime import timedelta

    from ketajournal.domain.models import ReflectionStatus
    from ketajournal.export.calendar import (
        follow_up_event,
        render_calendar,
        session_events,
        upcoming_sessions,
    )

    with service(ctx) as svc:
        now = svc.ctx.now()
        until = now + timedelta(weeks=weeks)
        phases = [(p.starts_at, p.interval_days) for p in svc.plan.phases()]
        due = svc.plan.next_due()
        events = []
        if due is not None and phases:
            events += session_events(upcoming_sessions(due.due_at, phases, now, weeks))
        pending = (ReflectionStatus.DUE, ReflectionStatus.SNOOZED, ReflectionStatus.DRAFT)
        for session in svc.sessions.history(limit=RECENT_SESSIONS):
            for reflection in svc.reflections.for_session(session.id):
                if reflection.status not in pending:
                    continue
                at = reflection.snoozed_until or reflection.due_at
                if at < until:
                    events.append(follow_up_event(str(reflection.id), at, now))
    _emit(render_calendar(events, now=now), out, force, "Calendar")


from ketajournal.cli.data import export_data  # noqa: E402  (the whole journal, beside summaries)

export_app.command("data")(export_data)
