"""CLI test helpers: invoke the real Typer app in-process, stdout and stderr apart."""

from __future__ import annotations

from collections.abc import Callable

from typer.testing import Result

Invoke = Callable[..., Result]
