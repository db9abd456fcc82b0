"""Three processes doing read-then-write transactions at once never see "database is locked"."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.factory import open_service

WORKER = Path(__file__).with_name("_concurrent_worker.py")
PROCESSES = 3
ROUNDS = 60


@pytest.mark.slow
def test_three_writers_at_once_all_succeed(db_path: Path, clock: FixedClock) -> None:
    open_service(db_path, clock).close()  # created once, so no worker races to create it

    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(db_path), str(ROUNDS), f"w{i}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(PROCESSES)
    ]
    try:
        for worker in workers:  # the barrier: every worker has the journal open ...
            assert worker.stdout.readline() == "ready\n", worker.communicate()[1]
        for worker in workers:  # ... before any is told to go
            worker.stdin.write("go\n")
            worker.stdin.flush()
        results = [worker.communicate(timeout=120) for worker in workers]
    finally:
        for worker in workers:
            worker.kill()
            worker.wait()

    for worker, (stdout, stderr) in zip(workers, results, strict=True):
        assert "locked" not in stdout + stderr
        assert "Traceback" not in stderr, stderr
        assert json.loads(stdout) == {"errors": []}
        assert worker.returncode == 0, stderr

    svc = open_service(db_path, clock)
    try:
        assert svc.store.count(m.MoodCheckin) == PROCESSES * ROUNDS
        notes = {c.note for c in svc.checkins.moods()}
        assert len(notes) == PROCESSES * ROUNDS  # every worker's every round, once
        assert svc.store.integrity_problems() == []
    finally:
        svc.close()
