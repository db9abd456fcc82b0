"""A new journal is made from storage/head.sql: exactly what the migrations make of an empty
file, made without SQLAlchemy or Alembic, all or nothing, with its own device id."""

from __future__ import annotations

import signal
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ketajournal.clock import FixedClock
from ketajournal.errors import StorageError
from ketajournal.storage import head
from ketajournal.storage.dbapi import sqlite as sqlite3  # the one SQLite in this process
from ketajournal.storage.store import open_store
from tests.storage.test_migrations import migrated

ZERO_DEVICE = str(uuid.UUID(int=0))


def _contents(db: Path) -> dict[str, Any]:
    """The whole file as SQL sees it: every schema entry, every table's rows (the full-text
    index's own tables included), the pragmas a journal is known by."""
    conn = sqlite3.connect(db)
    try:
        schema = sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
        tables = [row[1] for row in schema if row[0] == "table"]
        rows = {
            name: sorted(conn.execute(f'SELECT * FROM "{name}"'), key=repr)
            for name in tables
            if name != "search_index"  # its rows are the content table's
        }
        pragmas = {
            name: conn.execute(f"PRAGMA {name}").fetchall()
            for name in ("application_id", "user_version", "integrity_check", "foreign_key_check")
        }
        return {"schema": schema, "rows": rows, "pragmas": pragmas}
    finally:
        conn.close()


def _device(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT value FROM sync_state WHERE key = 'device'").fetchone()[0]
    finally:
        conn.close()


def test_head_sql_is_what_the_migrations_make(tmp_path: Path) -> None:
    expected = head.migrated_script(tmp_path)
    assert head.SCRIPT.read_text(encoding="utf-8") == expected, (
        "storage/head.sql is not what the migrations make of a new file: "
        "run `python -m ketajournal.storage.head` and commit it"
    )


def test_a_new_journal_is_the_migrated_one_with_its_own_device(
    tmp_path: Path, clock: FixedClock
) -> None:
    made = migrated(tmp_path / "migrated" / "kj.db", clock)
    new, other = tmp_path / "new" / "kj.db", tmp_path / "other" / "kj.db"
    for path in (new, other):
        open_store(path, clock.now()).close()

    devices = [_device(path) for path in (made, new, other)]
    assert len(set(devices)) == 3 and ZERO_DEVICE not in devices
    assert all(uuid.UUID(d).version == 4 for d in devices)

    expected, found = _contents(made), _contents(new)
    for contents, device in ((expected, devices[0]), (found, devices[1])):
        state = contents["rows"]["sync_state"]
        assert ("device", device) in state
        contents["rows"]["sync_state"] = sorted(
            (key, "<device>" if key == "device" else value) for key, value in state
        )
    assert found == expected
    assert found["pragmas"]["integrity_check"] == [("ok",)]
    assert ("secure-delete", 1) in found["rows"]["search_index_config"]


def test_a_new_journal_loads_neither_sqlalchemy_nor_alembic(tmp_path: Path) -> None:
    code = (
        "import sys; from datetime import datetime, UTC; from pathlib import Path\n"
        "from ketajournal.storage.store import open_store\n"
        f"open_store(Path({str(tmp_path / 'kj.db')!r}), datetime.now(UTC)).close()\n"
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'sqlmodel') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert (tmp_path / "kj.db").exists()


def test_a_failed_creation_leaves_no_file_and_a_later_one_works(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.sql"
    script = head.SCRIPT.read_text(encoding="utf-8")
    broken.write_text(script.replace("PRAGMA application_id", "CREATE TABLE plan (id);\nPRAGMA"))
    monkeypatch.setattr(head, "SCRIPT", broken)
    db = tmp_path / "journal" / "kj.db"

    with pytest.raises(sqlite3.OperationalError, match="table plan already exists"):
        open_store(db, clock.now())
    assert sorted(p.name for p in db.parent.iterdir()) == []

    monkeypatch.undo()
    open_store(db, clock.now()).close()
    assert _contents(db)["pragmas"]["integrity_check"] == [("ok",)]


def test_a_journal_killed_while_being_made_is_made_anew(tmp_path: Path) -> None:
    """SIGKILL inside the transaction that makes a new journal leaves an empty file and
    SQLite's rollback journal; the next command makes the journal instead of refusing it."""
    db = tmp_path / "journal" / "kj.db"
    code = (
        "import os, signal; from datetime import datetime, UTC; from pathlib import Path\n"
        "from ketajournal.storage import head, store\n"
        "head.write_state = lambda conn, values: os.kill(os.getpid(), signal.SIGKILL)\n"
        f"store.open_store(Path({str(db)!r}), datetime.now(UTC))\n"
    )
    killed = subprocess.run([sys.executable, "-c", code], capture_output=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert db.stat().st_size == 0 and Path(f"{db}-journal").is_file()

    open_store(db, datetime.now(UTC)).close()
    assert _contents(db)["pragmas"]["integrity_check"] == [("ok",)]
    assert not Path(f"{db}-journal").exists()


def test_an_empty_file_alone_is_still_refused(tmp_path: Path) -> None:
    db = tmp_path / "kj.db"
    db.touch()
    with pytest.raises(StorageError, match="is an empty file, not a ketajournal database"):
        open_store(db, datetime.now(UTC))
    assert db.stat().st_size == 0
