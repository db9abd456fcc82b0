"""`export` commands: the check-in summary and the support-person guide."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ketajournal.cli.common import err, handle_errors, service, when
from ketajournal.errors import ValidationError

export_app = typer.Typer(help="Summaries and copies for your care team.", no_args_is_help=True)

FORMATS = ("md", "html")
OutOption = Annotated[
    Path | None,
    typer.Option("--out", metavar="FILE", help="Write to FILE (0600) instead of stdout."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")]


def _emit(text: str, out: Path | None, force: bool, what: str) -> None:
    if out is None:
        sys.stdout.write(text)
        return
    from ketajournal.output import write_private

    path = write_private(out, text.encode("utf-8"), force=force)
    err(f"{what} written to {path}")


def _format(value: str) -> str:
    fmt = value.strip().lower().removeprefix(".")
    fmt = {"markdown": "md", "htm": "html"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise ValidationError("format", "md or html", value)
    return fmt


@export_app.command("summary")
@handle_errors
def summary(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="md (default) or html.")] = "md",
    audience: Annotated[str, typer.Option("--for", help="coach or clinician.")] = "clinician",
    since: Annotated[
        str | None, typer.Option(metavar="WHEN", help="Default: the last check-in, or 30 days.")
    ] = None,
    until: Annotated[str | None, typer.Option(metavar="WHEN", help="Default: now.")] = None,
    include_private: Annotated[
        bool, typer.Option("--include-private", help="Also include text marked private.")
    ] = False,
    out: OutOption = None,
    force: ForceOption = False,
) -> None:
    """The check-in summary: plan, doses, sessions, trends, flags, shared text, questions."""
    kind = _format(fmt)
    from ketajournal.service.summary import build_summary

    with service(ctx) as svc:
        report = build_summary(
            svc,
            audience=audience.strip().lower(),
            since=when(since, "since", svc),
            until=when(until, "until", svc),
            include_private=include_private,
        )
    if kind == "html":
        from ketajournal.export.html import render_html

        text = render_html(report)
    else:
        from ketajournal.export.markdown import render_markdown

        text = render_markdown(report)
    _emit(text, out, force, "Summary")


@export_app.command("support-guide")
@handle_errors
def support_guide_command(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="md (default) or html.")] = "md",
    out: OutOption = None,
    force: ForceOption = False,
) -> None:
    """The one-page guide for whoever sits in the next room, with your contacts."""
    kind = _format(fmt)
    from ketajournal.domain.support_guide import support_guide

    with service(ctx) as svc:
        settings = svc.settings.get()
        guide = support_guide(
            svc.contacts.list(), svc.plan.get(), settings.sip_minutes + settings.experience_minutes
        )
    if kind == "html":
        from ketajournal.export.html import render_guide_html

        text = render_guide_html(guide)
    else:
        from ketajournal.export.markdown import render_guide_markdown

        text = render_guide_markdown(guide)
    _emit(text, out, force, "Support-person guide")
