"""Crash-test helper: adds mood check-ins forever, printing a running count after each commit.

Usage: python _writer.py DB_PATH
"""

from __future__ import annotations

import sys
from pathlib import Path

from ketajournal.factory import open_service


def main() -> None:
    svc = open_service(Path(sys.argv[1]))
    acknowledged = 0
    while True:
        svc.checkins.mood(acknowledged % 11, note=f"row {acknowledged + 1}")
        acknowledged += 1  # the insert's commit has returned: this row is durable
        print(acknowledged, flush=True)


if __name__ == "__main__":
    main()
