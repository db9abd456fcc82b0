"""The Typer application: global options, the TUI launch, and the command groups."""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    from typer._click.core import Command, Context  # Typer's own (vendored) Click

from ketajournal import __version__
from ketajournal.cli.common import State, handle_errors

# Each command and the module that holds it (in the order `--help` lists them). A module is
# imported only when one of its commands runs: the Typer path pays for one, not seven.
COMMANDS = {
    "plan": "plan",
    "contact": "plan",
    "session": "sessions",
    "reflect": "sessions",
    "mood": "entries",
    "scale": "entries",
    "journal": "entries",
    "question": "plan",
    "settings": "plan",
    "export": "export",
    "import": "data",
    "backup": "data",
    "restore": "data",
    "encrypt": "privacy",
    "decrypt": "privacy",
    "passphrase": "privacy",
    "sync": "sync",
    "doctor": "system",
    "demo": "system",
}


class LazyGroup(TyperGroup):
    """The root command group, loading a command's module only when it is asked for."""

    def list_commands(self, ctx: Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        module = COMMANDS.get(cmd_name)
        return None if module is None else _group_of(module).get_command(ctx, cmd_name)


@cache
def _group_of(module: str) -> TyperGroup:
    commands = importlib.import_module(f"ketajournal.cli.{module}").commands
    return typer.main.get_group(commands)


app = typer.Typer(
    cls=LazyGroup,
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
