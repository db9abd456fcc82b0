"""The stdlib-sqlite3 store writes and reads exactly what the SQLModel store does."""

from __future__ import annotations

import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.service import JournalService
from ketajournal.service.demo import write_demo
from ketajournal.storage.dbapi import sqlite as sqlite3  # the one SQLite in this process
from ketajournal.storage.fast import FastStore, open_fast_store
from ketajournal.storage.records import TABLE
from ketajournal.storage.store import open_store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    try:
        tables = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in TABLE.values()}
        tables["search_index"] = sorted(
            conn.execute("SELECT kind, ref_id, title, body FROM search_index").fetchall()
        )
        return tables
    finally:
        conn.close()


def _fresh(path: Path) -> None:
    open_store(path, NOW).close()  # created and migrated by the SQLModel store


def test_a_demo_year_is_byte_identical_through_both_stores(tmp_path: Path) -> None:
    full, fast = tmp_path / "full.db", tmp_path / "fast.db"
    _fresh(full)
    _fresh(fast)
    clock = FixedClock(NOW)
    svc = JournalService(open_store(full, NOW), clock)
    write_demo(svc, years=1, seed=3)
    svc.close()
    store = open_fast_store(fast)
    assert isinstance(store, FastStore)
    svc = JournalService(store, clock)
    write_demo(svc, years=1, seed=3)
    svc.close()
    a, b = _dump(full), _dump(fast)
    assert a["journal_entry"] and a["session"] and a["reflection"]
    assert a == b


@pytest.mark.parametrize("cls", list(TABLE))
def test_both_stores_read_back_equal_records(tmp_path: Path, cls: type[m.Record]) -> None:
    db = tmp_path / "kj.db"
    _fresh(db)
    svc = JournalService(open_store(db, NOW), FixedClock(NOW))
    write_demo(svc, years=1, seed=5)
    svc.settings.set("sip_minutes", 12)
    svc.close()
    full, fast = open_store(db, NOW), open_fast_store(db)
    assert fast is not None
    try:
        expected = full.find(cls, order_by="created_at")
        assert expected, f"the demo wrote no {cls.__name__}"
        assert fast.find(cls, order_by="created_at") == expected
        one = expected[len(expected) // 2]
        assert fast.get(cls, one.id) == full.get(cls, one.id) == one
        assert fast.count(cls) == full.count(cls)
        assert fast.latest(cls, "created_at") == full.latest(cls, "created_at") is not None
    finally:
        full.close()
        fast.close()


def test_updates_and_deletes_match(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dbs = {"full": tmp_path / "full.db", "fast": tmp_path / "fast.db"}
    for path in dbs.values():
        _fresh(path)
    for kind, path in dbs.items():
        ids = (uuid.UUID(int=n, version=4) for n in range(1, 1000))  # the same ids both runs
        monkeypatch.setattr("ketajournal.service.base.uuid4", lambda ids=ids: next(ids))
        clock = FixedClock(NOW)
        store = open_store(path, NOW) if kind == "full" else open_fast_store(path)
        svc = JournalService(store, clock)  # type: ignore[arg-type]
        svc.plan.set(form="troche", prescriber="Dr. A")
        svc.plan.set(concentration_mg_per_ml=25)
        keep = svc.journal.add("keep me", tags=["a"])
        gone = svc.journal.add("delete me zephyr")
        svc.journal.edit(keep.id, body="kept and edited", tags=["b", "c"], share_level="coach")
        svc.journal.delete(gone.id)
        svc.questions.done(svc.questions.add("q?").id, answer="yes")
        svc.close()
    assert _dump(dbs["full"]) == _dump(dbs["fast"])


def test_fast_store_never_creates_or_migrates(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    assert open_fast_store(missing) is None
    assert not missing.exists()
    old = tmp_path / "old.db"
    _fresh(old)
    conn = sqlite3.connect(old)
    conn.execute("UPDATE alembic_version SET version_num = '0000_older'")
    conn.commit()
    conn.close()
    assert open_fast_store(old) is None


@pytest.mark.slow
def test_quick_cli_commands_write_the_rows_the_full_path_writes(tmp_path: Path) -> None:
    """`mood` and `journal add` through the hot path vs the service on the SQLModel store."""
    hot = tmp_path / "hot.db"
    _fresh(hot)
    env_cmd = [sys.executable, "-m", "ketajournal", "--db", str(hot)]
    subprocess.run([*env_cmd, "mood", "6", "--anxiety", "3", "--sleep", "7.5"], check=True)
    subprocess.run(
        [*env_cmd, "journal", "add", "--title", "T", "--tag", "x", "--share", "coach"],
        input=b"body text",
        check=True,
    )
    fast = open_fast_store(hot)
    assert fast is not None
    mood = fast.find(m.MoodCheckin)[0]
    entry = fast.find(m.JournalEntry)[0]
    fast.close()
    full = tmp_path / "full.db"
    _fresh(full)
    store = open_store(full, NOW)
    store.insert(mood, entry)
    store.close()
    assert _dump(hot) == _dump(full)
