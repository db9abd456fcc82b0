"""Shared command-line plumbing: the state every command gets, errors, and output."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from ketajournal.errors import KetaJournalError
from ketajournal.paths import resolve_db_path

if TYPE_CHECKING:
    from ketajournal.service import JournalService

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class State:
    db: str | None = None

    @property
    def db_path(self) -> Path:
        return resolve_db_path(self.db)


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    if not isinstance(obj, State):
        obj = State()
        ctx.find_root().obj = obj
    return obj


@contextmanager
def service(ctx: typer.Context) -> Iterator[JournalService]:
    from ketajournal.factory import open_service

    svc = open_service(state(ctx).db_path)
    try:
        yield svc
    finally:
        svc.close()


def fail(message: str, code: int = 1) -> typer.Exit:
    """Prints one line to stderr; returns the Exit to raise."""
    err(f"ketajournal: {message}")
    return typer.Exit(code)


def handle_errors(fn: F) -> F:
    """Turns a KetaJournalError into one line on stderr and its exit code; no traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except KetaJournalError as exc:
            raise fail(str(exc), exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


def err(message: str) -> None:
    print(message, file=sys.stderr)


def out(text: str = "") -> None:
    print(text)


def emit_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
