"""Helpers for the command-line tests: a runner bound to one journal, snapshots, processes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from ketajournal.cli import app
from ketajournal.domain import models as m
from ketajournal.factory import open_service
from ketajournal.storage.dbapi import sqlite as sqlite3  # the one SQLite in this process
from tests.cli.conftest import Invoke
from tests.hostile import TERMINAL_UNSAFE

# Every stored record type (Plan, Session, JournalEntry, ...), found rather than listed.
RECORD_CLASSES: tuple[type[m.Record], ...] = tuple(
    cls
    for cls in vars(m).values()
    if isinstance(cls, type) and issubclass(cls, m.Record) and cls is not m.Record
)

# What must never reach a terminal from user text: C0 and C1 controls, bidi overrides.
UNSAFE = TERMINAL_UNSAFE


class Journal:
    """Runs `ketajournal --db PATH ...` in-process against one database file."""

    def __init__(self, invoke: Invoke, path: Path) -> None:
        self.invoke = invoke
        self.path = path

    def __call__(
        self, *args: str, input: str | bytes | None = None, env: dict | None = None
    ) -> Result:  # noqa: A002
        return self.invoke(["--db", str(self.path), *args], input=input, env=env)

    def ok(self, *args: str, input: str | bytes | None = None) -> Result:  # noqa: A002
        result = self(*args, input=input)
        assert result.exit_code == 0, (args, result.exit_code, result.stderr)
        return result

    def json(self, *args: str, input: str | bytes | None = None) -> Any:  # noqa: A002
        return json.loads(self.ok(*args, "--json", input=input).stdout)

    def short_id(self, result: Result) -> str:
        """The id a command reported: a full id on stdout, or `Saved: 1a2b3c4d` on stderr."""
        found = re.findall(r"\b[0-9a-f]{8}(?=-[0-9a-f]{4}-)", result.stdout) or re.findall(
            r"\b[0-9a-f]{8}\b", result.stderr
        )
        assert found, (result.stdout, result.stderr)
        return found[-1]


def module_invoke() -> Invoke:
    """The `invoke` fixture's runner, for module-scoped fixtures that build a template."""
    runner = CliRunner()

    def run(args: Sequence[str], input: str | bytes | None = None, env: dict | None = None):
        return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)

    return run


def record_counts(path: Path) -> dict[str, int]:
    """How many records of each type the journal holds, read through the service's store."""
    svc = open_service(path)
    try:
        return {cls.__name__: svc.store.count(cls) for cls in RECORD_CLASSES}
    finally:
        svc.close()


def rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (search index included), read with the standard library."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith("sqlite_")
        ]
        return {
            t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables
        }
    finally:
        conn.close()


def snapshot(path: Path) -> tuple[dict[str, int], dict[str, list[tuple[Any, ...]]]]:
    """Record counts and full contents: equal snapshots mean nothing was written."""
    return record_counts(path), rows(path)


def run_process(
    *args: str, input: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:  # noqa: A002
    """`python -m ketajournal ARGS` as a real process (through `main()`), bytes captured."""
    return subprocess.run(
        [sys.executable, "-m", "ketajournal", *args],
        input=input,
        stdin=subprocess.DEVNULL if input is None else None,
        capture_output=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )


def assert_inert(*outputs: str | bytes) -> None:
    """No control character (but tab and newline) or bidi override in what was printed."""
    for output in outputs:
        text = output.decode("utf-8", "replace") if isinstance(output, bytes) else output
        assert not UNSAFE.search(text), repr(UNSAFE.findall(text))


def assert_one_line_error(stderr: str, field: str, allowed: str = "") -> str:
    """Exactly one line on stderr, `ketajournal: FIELD: ...ALLOWED...`, and no traceback."""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    line = lines[0]
    assert line.startswith(f"ketajournal: {field}: "), line
    assert allowed in line, line
    assert "Traceback" not in stderr
    return line


def ids(documents: Sequence[dict[str, Any]]) -> list[str]:
    return [d["id"] for d in documents]


def seed(path: Path, *, running: bool = False) -> dict[str, str]:
    """A journal with one of everything (and a running session if asked); returns ids."""
    from datetime import timedelta

    svc = open_service(path)
    try:
        now = svc.ctx.now()
        svc.plan.set(form="solution", concentration_mg_per_ml=50.0)
        svc.plan.add_dose_step(100.0, "first dose", now - timedelta(days=10))
        svc.plan.add_phase("induction", 7, now - timedelta(days=10))
        contact = svc.contacts.add("Sam", "support", phone="555-0100")
        ended = svc.sessions.start(100.0, at=now - timedelta(days=3))
        svc.sessions.note("first colours", at=now - timedelta(days=3) + timedelta(minutes=30))
        svc.sessions.end(at=now - timedelta(days=3) + timedelta(hours=2))
        entry = svc.journal.add("calm morning by the lake", title="Lake", tags=["calm"])
        question = svc.questions.add("Ask about nausea")
        svc.checkins.mood(5, anxiety=3)
        svc.checkins.scale("phq9", [0] * 9)
        svc.checkins.marker("openness", 2)
        svc.settings.set("sip_minutes", 20)
        found = {
            "contact": str(contact.id),
            "ended": str(ended.id),
            "entry": str(entry.id),
            "question": str(question.id),
        }
        if running:
            found["running"] = str(svc.sessions.start(100.0).id)
        return found
    finally:
        svc.close()
