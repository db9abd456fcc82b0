"""Concurrency helper: N read-then-write rounds through the service, released by a barrier.

Usage: python _concurrent_worker.py DB_PATH N NAME
Prints "ready" once the journal is open, waits for a line on stdin (the test's "go"),
then prints one JSON line {"errors": [...]} and exits 1 if any round failed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ketajournal.factory import open_service


def main() -> None:
    db, rounds, name = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    svc = open_service(db)
    print("ready", flush=True)
    sys.stdin.readline()
    errors: list[str] = []
    for i in range(rounds):
        try:
            seen = len(svc.checkins.moods())  # read ...
            svc.checkins.mood(seen % 11, note=f"{name} round {i} saw {seen}")  # ... then write
        except Exception as exc:  # counted and reported: the test fails on any
            errors.append(f"{type(exc).__name__}: {exc}")
    svc.close()
    print(json.dumps({"errors": errors}), flush=True)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
