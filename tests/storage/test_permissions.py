"""The journal's folder is 0700 and its files (database, WAL, backups) 0600, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.factory import open_service
from ketajournal.storage.dbapi import sqlite as sqlite3  # the one SQLite in this process


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.usefixtures("permissive_umask")
def test_new_journal_is_private(tmp_path: Path, clock: FixedClock) -> None:
    db = tmp_path / "not" / "yet" / "there" / "kj.db"
    svc = open_service(db, clock)
    try:
        svc.checkins.mood(6)
        svc.journal.add("a private thought")
        side_files = [Path(f"{db}-wal"), Path(f"{db}-shm")]
        for side in side_files:
            assert side.exists(), f"{side.name} should exist while the store is open"

        assert _mode(db.parent) == 0o700
        assert _mode(db) == 0o600
        for side in side_files:
            assert _mode(side) == 0o600, side.name
    finally:
        svc.close()


@pytest.mark.usefixtures("permissive_umask")
def test_backup_is_private_and_complete(tmp_path: Path, clock: FixedClock) -> None:
    db = tmp_path / "journal" / "kj.db"
    target = tmp_path / "elsewhere" / "copy.db"
    svc = open_service(db, clock)
    try:
        for mood in range(5):
            svc.checkins.mood(mood)
        svc.journal.add("written before the backup")
        assert svc.store.backup_to(target) == target
        expected = svc.store.count(m.MoodCheckin)
    finally:
        svc.close()

    assert _mode(target) == 0o600
    assert _mode(target.parent) == 0o700
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("SELECT count(*) FROM mood_checkin").fetchone() == (expected,)
        assert conn.execute("SELECT count(*) FROM journal_entry").fetchone() == (1,)
    finally:
        conn.close()
    assert expected == 5
