"""The migrated database, the declared SQLModel tables and the domain records agree: the same
tables, the same columns in the same order, the same references."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from ketajournal.domain import kinds
from ketajournal.domain.codec import fields_of
from ketajournal.storage import tables as _tables  # noqa: F401  (fills SQLModel.metadata)
from ketajournal.storage.dbapi import sqlite
from ketajournal.storage.store import open_store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> sqlite.Connection:
    path = tmp_path_factory.mktemp("schema") / "kj.db"
    open_store(path, NOW).close()
    return sqlite.connect(str(path))


def test_the_tables_are_the_registry_in_order(migrated: sqlite.Connection) -> None:
    in_file = {
        row[0]
        for row in migrated.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'search_index%' AND name != 'alembic_version'"
        )
    }
    declared = set(SQLModel.metadata.tables)
    registry = [kind.table for kind in kinds.KINDS]
    assert in_file == declared == set(registry) | set(_tables.SYNC_TABLES)
    # parents before children: every reference points at a table registered earlier
    for index, kind in enumerate(kinds.KINDS):
        for _, target in kind.references:
            assert registry.index(target) < index, (kind.table, target)


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda k: k.table)
def test_columns_and_references_agree(migrated: sqlite.Connection, kind: kinds.RecordKind) -> None:
    fields = [f.name for f in fields_of(kind.cls)]
    in_file = [row[1] for row in migrated.execute(f"PRAGMA table_info({kind.table})")]
    declared = [c.name for c in SQLModel.metadata.tables[kind.table].columns]
    assert sorted(in_file) == sorted(declared) == sorted(fields)
    references = dict(kind.references)
    file_refs = {
        row[3]: row[2] for row in migrated.execute(f"PRAGMA foreign_key_list({kind.table})")
    }
    declared_refs = {
        key.parent.name: key.column.table.name
        for key in SQLModel.metadata.tables[kind.table].foreign_keys
    }
    assert file_refs == declared_refs == references
    nullable = {row[1]: not row[3] for row in migrated.execute(f"PRAGMA table_info({kind.table})")}
    for spec in fields_of(kind.cls):
        assert nullable[spec.name] == spec.type.optional, (kind.table, spec.name)


def test_the_store_opens_a_journal_without_sqlalchemy(tmp_path: Path) -> None:
    """Only creating or migrating a journal loads SQLAlchemy and Alembic."""
    import subprocess
    import sys

    path = tmp_path / "kj.db"
    open_store(path, NOW).close()
    code = (
        "import sys\nfrom pathlib import Path\nfrom datetime import datetime, UTC\n"
        "from ketajournal.storage.store import open_store\n"
        f"open_store(Path({str(path)!r}), datetime.now(UTC)).close()\n"
        "print('sqlalchemy' in sys.modules, 'alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
