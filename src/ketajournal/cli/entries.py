"""`mood`, `scale` and `journal` commands: the quick, everyday entries."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ketajournal.cli import quick
from ketajournal.cli.common import (
    NumberArgsCommand,
    bold,
    emit_json,
    err,
    handle_errors,
    integer,
    local,
    one_line,
    out,
    service,
    short_id,
    state,
    typed,
    when,
    whole,
)
from ketajournal.domain import models as m
from ketajournal.domain import scales as scale_texts
from ketajournal.errors import ValidationError
from ketajournal.text import safe_text

journal_app = typer.Typer(help="Your journal: write, list, show, search.", no_args_is_help=True)
MOOD = quick.PARSERS[("mood",)]
# The commands of this module, loaded when one of them runs (see cli.root).
commands = typer.Typer()
commands.add_typer(journal_app, name="journal")

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document.")]
FileOption = Annotated[
    str | None, typer.Option("--file", metavar="FILE|-", help="Read the text from FILE or stdin.")
]


@handle_errors
def mood(
    ctx: typer.Context,
    value: Annotated[
        int,
        typer.Argument(
            metavar="N", parser=typed(MOOD["value"]), help="Mood now, 0 (worst) to 10 (best)."
        ),
    ],
    anxiety: Annotated[
        int | None, typer.Option(parser=typed(MOOD["anxiety"]), help="Anxiety, 0-10.")
    ] = None,
    sleep: Annotated[
        float | None, typer.Option(parser=typed(MOOD["sleep"]), help="Hours slept.")
    ] = None,
    energy: Annotated[
        int | None, typer.Option(parser=typed(MOOD["energy"]), help="Energy, 0-10.")
    ] = None,
    note_file: Annotated[
        str | None, typer.Option(metavar="FILE|-", help="A note, from FILE or stdin.")
    ] = None,
    at: Annotated[str | None, typer.Option(metavar="WHEN", help="When (default: now).")] = None,
) -> None:
    """Log a quick mood check-in."""
    quick.mood(
        state(ctx).db_path,
        value,
        anxiety=anxiety,
        sleep=sleep,
        energy=energy,
        note_file=note_file,
        at=at,
    )


@handle_errors
def scale(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(metavar="SCALE", help="phq9, gad7, madrs or cadss.")],
    answers: Annotated[
        str | None, typer.Option(help="PHQ-9/GAD-7 answers 0-3, comma-separated, in item order.")
    ] = None,
    score: Annotated[
        int | None,
        typer.Option(
            parser=typed(whole("score", 0, 92)), help="MADRS/CADSS total your clinician gave."
        ),
    ] = None,
    at: Annotated[str | None, typer.Option(metavar="WHEN", help="When (default: now).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Fill in the PHQ-9 or GAD-7 (item by item, or --answers), or record a clinician score."""
    name = kind.strip().lower().replace("-", "")
    with service(ctx) as svc:
        if name in ("madrs", "cadss"):
            if score is None:
                raise ValidationError("score", f"the {name.upper()} total your clinician gave")
            result = svc.checkins.clinician_score(
                name,
                score,
                at=when(at, "at", svc),  # type: ignore[arg-type]
            )
        else:
            if name not in ("phq9", "gad7"):
                raise ValidationError("scale", "one of phq9, gad7, madrs, cadss", kind)
            values = _parse_answers(answers) if answers is not None else _ask(m.ScaleKind(name))
            result = svc.checkins.scale(name, values, at=when(at, "at", svc))
        contacts = svc.contacts.list() if result.item9_positive else []
        country = svc.settings.get().country
    if as_json:
        emit_json(result)
    else:
        band = f" ({result.band})" if result.band else ""
        out(f"{result.scale.value.upper()} score {result.score}{band}")
    if result.item9_positive:
        _crisis(contacts, country)


def _parse_answers(raw: str) -> list[int]:
    try:
        return [int(part) for part in raw.replace(" ", "").split(",")]
    except ValueError:
        raise ValidationError("answers", "comma-separated numbers 0-3", raw) from None


def _ask(kind: m.ScaleKind) -> list[int]:
    """Asks item by item on the terminal, or reads one answer per line from piped stdin."""
    interactive = sys.stdin.isatty()
    if interactive:
        stem = scale_texts.PHQ9_STEM if kind is m.ScaleKind.PHQ9 else scale_texts.GAD7_STEM
        err(stem)
        err("  ".join(f"{i} {c}" for i, c in enumerate(scale_texts.ANSWER_CHOICES)))
    values = []
    for index, item in enumerate(scale_texts.items_for(kind), start=1):
        if interactive:
            sys.stderr.write(f"{index}. {item} [0-3]: ")
            sys.stderr.flush()
        line = sys.stdin.readline()
        if not line:
            raise ValidationError(f"answers (item {index})", "0, 1, 2 or 3 (input ended)")
        values.append(integer(line.strip(), f"answers (item {index})", 0, 3))
    return values  # type: ignore[return-value]


def _crisis(contacts: list[m.Contact], country: str) -> None:
    """Shown whatever the total: PHQ-9 item 9 above 0. Always on the terminal (stderr)."""
    from ketajournal.domain.contacts import CRISIS_ORDER, ordered
    from ketajournal.domain.crisis import crisis_guidance

    err("")
    err("You answered that you have had thoughts of being better off dead or of hurting")
    err("yourself. Please reach out now; you do not have to carry this alone.")
    err(crisis_guidance(country))
    for c in ordered(contacts, CRISIS_ORDER):
        phone = f"  {safe_text(c.phone)}" if c.phone else ""
        err(f"  {c.role.value:<11} {safe_text(c.name)}{phone}")
    if not contacts:
        err("  (No contacts recorded yet: add your care team with `ketajournal contact add`.)")
    err("This answer is flagged in your summary for your care team.")


# -- journal --------------------------------------------------------------------------------


@journal_app.command("add")
@handle_errors
def journal_add(
    ctx: typer.Context,
    title: Annotated[str | None, typer.Option(help="A title.")] = None,
    tag: Annotated[list[str] | None, typer.Option(help="A tag (repeat for several).")] = None,
    share: Annotated[str, typer.Option(help="private, coach or clinician.")] = "private",
    session_id: Annotated[str | None, typer.Option("--session", metavar="ID")] = None,
    file: FileOption = None,
    at: Annotated[str | None, typer.Option(metavar="WHEN", help="When (default: now).")] = None,
) -> None:
    """Write a journal entry (text from stdin, --file or $EDITOR; never an argument)."""
    quick.journal_add(
        state(ctx).db_path,
        title=title,
        tags=tag or (),
        share=share,
        session=session_id,
        file=file,
        at=at,
    )


@journal_app.command("edit")
@handle_errors
def journal_edit(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(metavar="ID")],
    title: Annotated[str | None, typer.Option(help='A new title ("" removes it).')] = None,
    tag: Annotated[
        list[str] | None, typer.Option(help="The tags, replacing the old ones (repeat).")
    ] = None,
    no_tags: Annotated[bool, typer.Option("--no-tags", help="Remove every tag.")] = False,
    share: Annotated[str | None, typer.Option(help="private, coach or clinician.")] = None,
    session_id: Annotated[str | None, typer.Option("--session", metavar="ID")] = None,
    no_session: Annotated[
        bool, typer.Option("--no-session", help="Unlink it from its session.")
    ] = False,
    file: FileOption = None,
) -> None:
    """Correct an entry. New text comes from stdin or --file (never an argument); with no
    other change asked for, $EDITOR opens on the text as it is. --title, --tag and --share
    change those alone."""
    from ketajournal.cli.io import read_text
    from ketajournal.service.base import CLEAR

    if tag and no_tags:
        raise ValidationError("tags", "either --tag or --no-tags, not both")
    if session_id and no_session:
        raise ValidationError("session", "either --session or --no-session, not both")
    others = title is not None or share is not None or bool(tag) or no_tags
    others = others or session_id is not None or no_session
    db_path = state(ctx).db_path
    with service(ctx) as svc:
        entry = svc.journal.get(entry_id)
        body: str | None = None
        if file is not None or not sys.stdin.isatty():
            # Piped or from a file: new text, or (with other changes) none at all.
            body = read_text("body", file, db_path=db_path, required=not others)
        elif not others:
            # The editor, on the text as it is: leaving it unchanged changes nothing.
            body = read_text("body", None, db_path=db_path, template=entry.body, required=False)
            if body is None:
                err("Nothing changed; the entry is as it was.")
                return
        edited = svc.journal.edit(
            entry.id,
            body=body,
            title=title,
            tags=[] if no_tags else tag or None,
            share_level=share,
            session_id=CLEAR if no_session else session_id,  # type: ignore[arg-type]
        )
    err(f"Entry {short_id(edited.id)} saved.")


@journal_app.command("list")
@handle_errors
def journal_list(
    ctx: typer.Context,
    tag: Annotated[str | None, typer.Option(help="Only entries with this tag.")] = None,
    share: Annotated[str | None, typer.Option(help="Only this share level.")] = None,
    since: Annotated[str | None, typer.Option(metavar="WHEN")] = None,
    until: Annotated[
        str | None, typer.Option(metavar="WHEN", help="Up to when (a day alone: its end).")
    ] = None,
    limit: Annotated[
        int, typer.Option(parser=typed(whole("limit", 1, 10_000)), help="How many, newest first.")
    ] = 20,
    as_json: JsonOption = False,
) -> None:
    """List entries, newest first."""
    with service(ctx) as svc:
        page = svc.journal.page(
            limit=limit,
            tag=tag,
            share_levels=[share] if share else None,
            since=when(since, "since", svc),
            until=when(until, "until", svc, end_of_day=True),
        )
    if as_json:
        emit_json({"entries": page.items, "has_more": page.has_more})
        return
    for e in page.items:
        tags = " ".join(f"#{safe_text(t)}" for t in e.tags)
        out(
            f"{short_id(e.id)}  {local(e.written_at)}  {bold(one_line(e.title or '', 30))}  "
            f"{one_line(e.body, 40)}  {tags}"
        )


@journal_app.command("show")
@handle_errors
def journal_show(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(metavar="ID")],
    as_json: JsonOption = False,
) -> None:
    """Show one entry."""
    with service(ctx) as svc:
        entry = svc.journal.get(entry_id)
    if as_json:
        emit_json(entry)
        return
    out(bold(safe_text(entry.title or "(untitled)")))
    meta = f"{local(entry.written_at)}  share: {entry.share_level.value}"
    if entry.tags:
        meta += "  " + " ".join(f"#{safe_text(t)}" for t in entry.tags)
    out(meta)
    out("")
    out(safe_text(entry.body))


@journal_app.command("search")
@handle_errors
def journal_search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="Words to find (all must match; calm* for prefix).")],
    limit: Annotated[
        int,
        typer.Option(parser=typed(quick.PARSERS[("journal", "search")]["limit"]), help="At most."),
    ] = 50,
    as_json: JsonOption = False,
) -> None:
    """Search journal entries, reflections, intentions and session notes."""
    quick.journal_search(state(ctx).db_path, query, limit=limit, as_json=as_json)


@journal_app.command("delete")
@handle_errors
def journal_delete(
    ctx: typer.Context,
    entry_id: Annotated[str, typer.Argument(metavar="ID")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an entry, its text and its search index entry."""
    with service(ctx) as svc:
        entry = svc.journal.get(entry_id)
        if not yes:
            if not sys.stdin.isatty():
                raise ValidationError("confirmation", "--yes when not run from a terminal")
            answer = input(f"Delete entry {short_id(entry.id)} for good? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                err("Kept.")
                return
        svc.journal.delete(entry.id)
    err("Entry deleted.")


commands.command("mood", cls=NumberArgsCommand)(mood)
commands.command("scale")(scale)
