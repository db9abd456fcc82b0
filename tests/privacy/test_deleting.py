"""Deleting deletes: a deleted entry's text is gone from every file of the journal."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketajournal.clock import FixedClock
from ketajournal.factory import open_service
from tests.privacy.support import files_containing

GONE = "quokkasecret"


def test_a_deleted_entry_leaves_no_trace_in_any_file(db_path: Path, clock: FixedClock) -> None:
    svc = open_service(db_path, clock)
    svc.close()
    svc = open_service(db_path, clock)
    for i in range(30):  # other entries share the index pages with it
        svc.journal.add(f"an ordinary day {i}", tags=["daily"])
    entry = svc.journal.add(f"a very private line {GONE}", title=f"about {GONE}", tags=[GONE])
    contact = svc.contacts.add(f"Kim {GONE}", "support", note=f"note {GONE}")
    assert files_containing(db_path.parent, GONE)  # it is there to begin with (in clear)
    svc.journal.delete(entry.id)
    svc.contacts.remove(contact.id)
    # while the journal is still open: the database, its WAL and its SHM
    assert files_containing(db_path.parent, GONE) == []
    assert svc.journal.search(GONE) == []
    assert len(svc.journal.page().items) == 30
    svc.close()
    assert files_containing(db_path.parent, GONE) == []


def test_editing_away_text_removes_it_at_once(db_path: Path, clock: FixedClock) -> None:
    open_service(db_path, clock).close()
    svc = open_service(db_path, clock)  # as the app holds it, for hours
    entry = svc.journal.add(f"first draft {GONE}")
    svc.journal.edit(entry.id, body="second draft, without it")
    # not only when the app quits: while the journal is still open
    assert files_containing(db_path.parent, GONE) == []
    svc.close()
    assert files_containing(db_path.parent, GONE) == []


def test_backups_keep_deleted_text_until_pruned(
    db_path: Path, clock: FixedClock, invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Said plainly (doctor, README): an earlier backup holds what was deleted since;
    `backup --prune` removes every one of them, with their copies."""
    svc = open_service(db_path, clock)
    entry = svc.journal.add(f"a very private line {GONE}")
    svc.close()
    db = ["--db", str(db_path)]
    monkeypatch.setenv("KETAJOURNAL_EXPORT_PASSPHRASE_FILE", str(_key(db_path)))
    assert invoke([*db, "backup"]).exit_code == 0
    assert invoke([*db, "backup", "--encrypt"]).exit_code == 0  # with an .age copy
    svc = open_service(db_path, clock)
    svc.journal.delete(entry.id)
    svc.close()
    folder = db_path.parent / "backups"
    assert [p.parent for p in files_containing(db_path.parent, GONE)] == [folder, folder]
    before_restore = db_path.with_name(f"{db_path.name}.before-restore-20200101T000000")
    before_restore.write_bytes(
        (folder / sorted(p.name for p in folder.glob("*.db"))[0]).read_bytes()
    )
    doctor = invoke([*db, "doctor"])
    assert "text deleted since included; `ketajournal backup --prune`" in doctor.stderr
    pruned = invoke([*db, "backup", "--prune"])
    assert pruned.exit_code == 0, pruned.stderr
    assert "removed 3 older backups (overwritten, then deleted)" in pruned.stderr
    assert files_containing(db_path.parent, GONE) == []
    assert [p.name for p in folder.iterdir()] == [Path(pruned.stdout.strip()).name]


def _key(db_path: Path) -> Path:
    path = db_path.parent.parent / "export.key"
    path.write_text("share me\n")
    return path
