"""CLI test helpers: invoke the real Typer app in-process, stdout and stderr apart."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from typer.testing import CliRunner, Result

from ketajournal.cli import app

Invoke = Callable[..., Result]


@pytest.fixture
def invoke() -> Invoke:
    runner = CliRunner()

    def run(args: Sequence[str], input: str | bytes | None = None, env: dict | None = None):  # noqa: A002
        return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)

    return run
