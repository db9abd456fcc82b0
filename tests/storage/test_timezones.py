"""Times are aware instants: naive ones are refused, and the reader's time zone changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from uuid import uuid4

import pytest

from ketajournal.domain import models as m
from ketajournal.errors import ValidationError
from ketajournal.service import JournalService
from ketajournal.storage import snapshot
from ketajournal.storage.dbapi import sqlite

HELPER = Path(__file__).with_name("_tz_entry.py")
NAIVE = datetime(2026, 1, 1, 12)


def test_service_refuses_naive_datetimes(svc: JournalService) -> None:
    with pytest.raises(ValidationError, match="timezone-aware"):
        svc.checkins.mood(5, at=NAIVE)
    with pytest.raises(ValidationError, match="timezone-aware"):
        svc.journal.add("a thought", written_at=NAIVE)

    assert svc.store.count(m.MoodCheckin) == 0
    assert svc.store.count(m.JournalEntry) == 0


def test_store_refuses_naive_datetimes_too(svc: JournalService) -> None:
    """Below the service, the column type still refuses a naive time; nothing is written."""
    good = svc.checkins.mood(5)
    with pytest.raises(ValueError, match="naive datetime refused"):
        svc.store.insert(replace(good, id=uuid4(), at=NAIVE))
    assert svc.store.count(m.MoodCheckin) == 1


def _run(tz: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(HELPER), *args],
        env={**os.environ, "TZ": tz},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.slow
def test_instant_survives_a_change_of_local_time_zone(db_path: Path) -> None:
    # 21:30 on 1 March in New York (EST, UTC-5) is 02:30 on 2 March in UTC.
    entry_id, written = _run(
        "America/New_York", "write", str(db_path), "2026-03-01T21:30:00"
    ).split()
    assert written == "2026-03-02T02:30:00+00:00"

    read_utc, read_local = _run("Asia/Tokyo", "read", str(db_path), entry_id).split()
    assert read_utc == written
    assert read_local == "2026-03-02T11:30:00+09:00"  # the reader's zone really was Tokyo


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("2026-03-02 09:00:00.000000", "2026-03-02T09:00:00+00:00"),
        ("2026-03-02 09:00:00.123456", "2026-03-02T09:00:00.123456+00:00"),
        ("0001-01-01 00:00:00.000000", "0001-01-01T00:00:00+00:00"),
        # Older versions wrote years before 1000 unpadded.
        ("999-01-01 00:00:00.000000", "0999-01-01T00:00:00+00:00"),
        ("99-12-31 23:59:59.500000", "0099-12-31T23:59:59.500000+00:00"),
        ("not a time", "not a time"),
    ],
)
def test_the_export_reads_stored_times_as_isoformat_writes_them(stored: str, expected: str) -> None:
    """The export turns stored times into ISO text in SQL; it must say what Python would."""
    sql = f"SELECT {snapshot._iso_time_sql('?')}"
    conn = sqlite.connect(":memory:")
    try:
        (shown,) = conn.execute(sql, (stored,) * sql.count("?")).fetchone()
    finally:
        conn.close()
    assert shown == expected
    if stored[0].isdigit() and len(stored) == 26:
        assert shown == datetime.fromisoformat(stored + "+00:00").isoformat()
