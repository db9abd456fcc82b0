"""A writer killed with SIGKILL mid-stream loses no acknowledged row and corrupts nothing."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ketajournal.domain import models as m
from ketajournal.storage.dbapi import sqlite as sqlite3  # the one SQLite in this process
from ketajournal.storage.store import open_store

WRITER = Path(__file__).with_name("_writer.py")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.slow
@pytest.mark.parametrize("trial", range(10))
def test_sigkill_loses_no_acknowledged_write(trial: int, tmp_path: Path) -> None:
    db = tmp_path / "journal" / "kj.db"
    stderr_log = tmp_path / "writer.stderr"
    delay = random.Random(trial).uniform(0.3, 1.5)

    with stderr_log.open("w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(db)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        try:
            first = proc.stdout.readline()  # the store is open and one row is committed
            assert first.endswith("\n"), stderr_log.read_text()
            with pytest.raises(subprocess.TimeoutExpired):
                proc.wait(timeout=delay)  # the writer must still be running when killed
            proc.send_signal(signal.SIGKILL)
            rest = proc.stdout.read()
        finally:
            proc.kill()
            proc.wait()
            proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL

    # Only whole lines count: a line is printed only after its commit returned.
    lines = [line for line in (first + rest).splitlines(keepends=True) if line.endswith("\n")]
    counters = [int(line) for line in lines]
    assert counters == list(range(1, len(counters) + 1))
    acknowledged = counters[-1]
    assert acknowledged >= 3, "the writer should have committed a few rows before the kill"

    store = open_store(db, NOW)
    try:
        assert store.integrity_problems() == []
        rows = store.count(m.MoodCheckin)
    finally:
        store.close()
    assert rows >= acknowledged, f"lost {acknowledged - rows} acknowledged rows"
    assert rows in (acknowledged, acknowledged + 1), (rows, acknowledged)


def test_store_runs_with_durable_settings(db_path: Path) -> None:
    """WAL and synchronous=FULL are what make an acknowledged commit survive a kill."""
    store = open_store(db_path, NOW)
    try:
        assert store.pragma("journal_mode") == "wal"
        assert store.pragma("synchronous") == 2  # FULL
        assert store.pragma("busy_timeout") == 5000
        assert store.pragma("foreign_keys") == 1
    finally:
        store.close()


def test_journal_put_back_in_wal_mode_when_reopened(db_path: Path) -> None:
    open_store(db_path, NOW).close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode = DELETE").fetchone() == ("delete",)
    conn.close()

    store = open_store(db_path, NOW)
    try:
        assert store.pragma("journal_mode") == "wal"
    finally:
        store.close()
