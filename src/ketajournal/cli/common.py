"""Typer plumbing shared by the commands: global state, the journal, and error handling.

The helpers that need no Typer live in `ketajournal.cli.io` and are re-exported here.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from typer.core import TyperCommand

from ketajournal.cli.io import (  # noqa: F401  (re-exported for the command modules)
    amount,
    blood_pressure,
    bold,
    dose,
    emit_json,
    err,
    highlight,
    integer,
    local,
    mg,
    number,
    one_line,
    open_journal,
    out,
    read_text,
    short_id,
    to_json,
    when,
    whole,
)
from ketajournal.errors import KetaJournalError, disk_error
from ketajournal.paths import resolve_db_path

if TYPE_CHECKING:
    from ketajournal.service import JournalService

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


@dataclasses.dataclass
class State:
    db: str | None = None

    @property
    def db_path(self) -> Path:
        return resolve_db_path(self.db)


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


@contextmanager
def service(ctx: typer.Context) -> Iterator[JournalService]:
    with open_journal(state(ctx).db_path) as svc:
        yield svc


class NumberArgsCommand(TyperCommand):
    """A command whose positional number may be negative: `mood -1` reaches the value's own
    check (one line naming the field and what is allowed), not "No such option: -1"."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, list(args))  # the parser consumes its list
        except Exception as exc:  # Click's NoSuchOption, as Typer vendors it
            name = getattr(exc, "option_name", None)
            if type(exc).__name__ != "NoSuchOption" or not re.fullmatch(r"-\d.*", str(name)):
                raise
        ctx.ignore_unknown_options = True  # the unknown "option" was a negative number
        return super().parse_args(ctx, args)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Prints one line to stderr; returns the Exit to raise."""
    err(f"ketajournal: {message}")
    return typer.Exit(code)


def typed(parse: Callable[[str], T]) -> Callable[[str], T]:
    """A parser for a Typer option (`parser=`): the option shows its real type in --help, and
    a bad value is the same one line as anywhere (Typer parses before the command runs)."""

    def checked(raw: str) -> T:
        try:
            return parse(raw)
        except KetaJournalError as exc:
            raise fail(str(exc), exc.exit_code) from None

    # Typer names the option's type in --help after the parser ("<int>"): the type `parse`
    # returns ("int", "float"; annotations are text here), not this wrapper's name.
    returns = parse.__annotations__.get("return")
    named = returns if isinstance(returns, str) else getattr(returns, "__name__", "value")
    checked.__name__ = named
    return checked


def handle_errors(fn: F) -> F:
    """Turns a KetaJournalError into one line on stderr and its exit code; no traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except KetaJournalError as exc:
            raise fail(str(exc), exc.exit_code) from None
        except OSError as exc:  # a full or read-only disk met outside the store
            error = disk_error(exc)
            if error is None:
                raise
            raise fail(str(error), error.exit_code) from None

    return wrapper  # type: ignore[return-value]


DOSE = typed(dose)  # a dose in mg, for the options and arguments that take one
