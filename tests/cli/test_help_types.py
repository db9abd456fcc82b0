"""Every command's --help names each option's type as people know it (<int>, <float>, ...)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import typer.main

from ketajournal.cli import app
from tests.cli.conftest import Invoke

KNOWN = {"<int>", "<float>", "<str>", "<path>"}


def command_paths(group: Any, ctx: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Each command's words, sub-commands of lazily loaded groups included (Typer's own
    click, so no isinstance against `click`)."""
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        if hasattr(command, "list_commands"):
            inner = command.context_class(command, parent=ctx)
            yield from command_paths(command, inner, (*path, name))
        else:
            yield (*path, name)


def test_every_option_shows_a_type_people_know(invoke: Invoke) -> None:
    root = typer.main.get_command(app)
    paths = list(command_paths(root, root.context_class(root)))
    assert ("mood",) in paths and ("plan", "dose") in paths
    for path in paths:
        result = invoke([*path, "--help"], env={"COLUMNS": "120"})
        assert result.exit_code == 0, path
        shown = set(re.findall(r"<[a-z_]+>", result.stdout))
        assert shown <= KNOWN, (path, shown - KNOWN)


def test_numbers_are_named_as_numbers(invoke: Invoke) -> None:
    text = invoke(["mood", "--help"], env={"COLUMNS": "120"}).stdout
    assert re.search(r"N\s+<int>", text), text
    assert re.search(r"--sleep\s+<float>", text), text
    assert re.search(r"--anxiety\s+<int>", text), text
    text = invoke(["plan", "dose", "--help"], env={"COLUMNS": "120"}).stdout
    assert "<float>" in text, text
