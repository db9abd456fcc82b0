"""Time-zone helper: writes or reads one journal entry in whatever TZ the process runs in.

Usage: python _tz_entry.py write DB_PATH LOCAL_ISO   -> prints "<id> <written_at in UTC>"
       python _tz_entry.py read DB_PATH ID           -> prints "<written_at in UTC> <in local>"
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID

from ketajournal.factory import open_service


def main() -> None:
    action, db, arg = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    svc = open_service(db)
    try:
        if action == "write":
            local = datetime.fromisoformat(arg).astimezone()  # aware, in this process's TZ
            entry = svc.journal.add("written in one zone", written_at=local)
            print(entry.id, entry.written_at.astimezone(UTC).isoformat())
        else:
            entry = svc.journal.get(UUID(arg))
            written = entry.written_at
            print(written.astimezone(UTC).isoformat(), written.astimezone().isoformat())
    finally:
        svc.close()


if __name__ == "__main__":
    main()
