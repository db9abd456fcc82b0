"""The Typer application: global options, the TUI launch, and the command groups."""

from __future__ import annotations

from typing import Annotated

import typer

from ketajournal import __version__
from ketajournal.cli import data, entries, export, plan, privacy, sessions, system
from ketajournal.cli.common import NumberArgsCommand, State, handle_errors

app = typer.Typer(
    name="ketajournal",
    help=(
        "A private, local-first companion for at-home oral ketamine therapy.\n\n"
        "Run without a command to open the app. It is a journal, not medical advice: "
        "it never suggests a dose."
    ),
    no_args_is_help=False,
    # A bug's traceback must never show local variables: they may hold journal text.
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        print(f"ketajournal {__version__}")
        raise typer.Exit()


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="PATH",
        help="Journal database to use (default: $KETAJOURNAL_DB, else the user data folder).",
        show_default=False,
    ),
]


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: DbOption = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    ctx.obj = State(db=db)
    if ctx.invoked_subcommand is None:
        _open_tui(ctx.obj)


@handle_errors
def _open_tui(state: State) -> None:
    from ketajournal.factory import preflight

    preflight(state.db_path)  # a bad path is a one-line error, not a flash of the UI
    # Textual costs ~300 ms to import; only the TUI pays for it.
    from ketajournal.app import run_app

    code = run_app(state.db_path)
    raise typer.Exit(code)


system.register(app)
app.add_typer(plan.plan_app, name="plan")
app.add_typer(plan.contact_app, name="contact")
app.add_typer(sessions.session_app, name="session")
app.command("reflect")(sessions.reflect)
app.command("mood", cls=NumberArgsCommand)(entries.mood)
app.command("scale")(entries.scale)
app.add_typer(entries.journal_app, name="journal")
app.add_typer(plan.question_app, name="question")
app.add_typer(plan.settings_app, name="settings")
app.add_typer(export.export_app, name="export")
privacy.register(app)
data.register(app)
