"""Deleting deletes: a deleted entry's text is gone from every file of the journal."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketajournal.clock import FixedClock
from ketajournal.factory import open_service
from tests.privacy.support import files_containing

GONE = "quokkasecret"


@pytest.mark.parametrize("fast", [True, False], ids=["fast-store", "sqlmodel-store"])
def test_a_deleted_entry_leaves_no_trace_in_any_file(
    db_path: Path, clock: FixedClock, fast: bool
) -> None:
    svc = open_service(db_path, clock)
    svc.close()
    svc = open_service(db_path, clock, fast=fast)
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


def test_editing_away_text_also_removes_it(db_path: Path, clock: FixedClock) -> None:
    svc = open_service(db_path, clock, fast=True)
    entry = svc.journal.add(f"first draft {GONE}")
    svc.journal.edit(entry.id, body="second draft, without it")
    svc.close()
    assert files_containing(db_path.parent, GONE) == []
