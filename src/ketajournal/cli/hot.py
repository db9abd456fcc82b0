"""Runs the everyday quick commands without importing Typer (~75 ms of imports, and more to
build the commands).

`dispatch` recognises exactly these command lines, with an optional leading `--db PATH`:

    mood N [--anxiety N] [--sleep H] [--energy N] [--note-file F] [--at WHEN]
    journal add [--title T] [--tag T]... [--share L] [--session ID] [--file F] [--at WHEN]
    journal search QUERY [--limit N] [--json]
    plan next [--json]
    export data [--format json] [--out FILE] [--force]
    sync [--status] [--snapshot] [--prune] [--json]

Anything else (help, an unknown option, a positional that starts with a dash, a missing
value) returns None and the full Typer command line handles it, with its own messages.
Both paths call the same functions in `ketajournal.cli.quick`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

from ketajournal.errors import KetaJournalError
from ketajournal.paths import resolve_db_path

# command words -> (positional names, valued options, flag options, repeatable options)
SPECS: dict[tuple[str, ...], tuple[tuple[str, ...], set[str], set[str], set[str]]] = {
    ("mood",): (
        ("value",),
        {"--anxiety", "--sleep", "--energy", "--note-file", "--at"},
        set(),
        set(),
    ),
    ("journal", "add"): (
        (),
        {"--title", "--tag", "--share", "--session", "--file", "--at"},
        set(),
        {"--tag"},
    ),
    ("journal", "search"): (("query",), {"--limit"}, {"--json"}, set()),
    ("plan", "next"): ((), set(), {"--json"}, set()),
    ("export", "data"): ((), {"--format", "--out"}, {"--force"}, set()),
    ("sync",): ((), set(), {"--json", "--status", "--snapshot", "--prune"}, set()),
}


def parse(argv: Sequence[str]) -> tuple[tuple[str, ...], str | None, dict[str, Any]] | None:
    """(command, --db value, arguments) for a quick command line, else None."""
    args = list(argv)
    db: str | None = None
    if args and args[0] == "--db" and len(args) > 1:
        db, args = args[1], args[2:]
    elif args and args[0].startswith("--db="):
        db, args = args[0][5:], args[1:]
    for words, (positional, valued, flags, repeatable) in SPECS.items():
        if tuple(args[: len(words)]) != words:
            continue
        rest = args[len(words) :]
        values: dict[str, Any] = {name: [] for name in repeatable}
        found: list[str] = []
        i = 0
        while i < len(rest):
            token = rest[i]
            name, eq, inline = token.partition("=")
            if name in valued and token.startswith("--"):
                if eq:
                    value = inline
                elif i + 1 < len(rest):
                    value, i = rest[i + 1], i + 1
                else:
                    return None
                if name in repeatable:
                    values[name].append(value)
                elif name in values:
                    return None  # given twice: let Typer decide
                else:
                    values[name] = value
            elif token in flags:
                values[token] = True
            elif token.startswith("-") or len(found) >= len(positional):
                return None
            else:
                found.append(token)
            i += 1
        if len(found) != len(positional):
            return None
        values.update(zip(positional, found, strict=True))
        return words, db, {k.lstrip("-").replace("-", "_"): v for k, v in values.items()}
    return None


def dispatch(argv: Sequence[str]) -> int | None:
    """Runs a quick command and returns its exit code, or None to defer to Typer."""
    parsed = parse(argv)
    if parsed is None:
        return None
    words, db, kwargs = parsed
    from ketajournal.cli import quick

    commands: dict[tuple[str, ...], Callable[..., None]] = {
        ("mood",): quick.mood,
        ("journal", "add"): lambda path, tag, **kw: quick.journal_add(path, tags=tag, **kw),
        ("journal", "search"): quick.journal_search,
        ("plan", "next"): quick.plan_next,
        ("export", "data"): quick.export_json,
        ("sync",): quick.sync_now,
    }
    if words == ("export", "data"):
        if kwargs.pop("format", "json") != "json":
            return None  # csv, or a format to refuse: the full command line
        kwargs["out_path"] = kwargs.pop("out", None)
    if "json" in kwargs:
        kwargs["as_json"] = kwargs.pop("json")
    try:
        for name, convert in quick.PARSERS.get(words, {}).items():
            if name in kwargs:
                kwargs[name] = convert(kwargs[name])
        commands[words](resolve_db_path(db), **kwargs)
    except (KetaJournalError, OSError) as exc:
        from ketajournal.text import safe_text

        if isinstance(exc, OSError):  # a full or read-only disk met outside the store
            from ketajournal.errors import disk_error

            error = disk_error(exc)
            if error is None:
                raise
            exc = error
        print(f"ketajournal: {safe_text(str(exc))}", file=sys.stderr)
        return exc.exit_code
    return 0
