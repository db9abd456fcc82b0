"""Migrations: the head is known, the schema has no drift, and upgrades are guarded."""

from __future__ import annotations

import ast
import hashlib
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.runtime.environment import EnvironmentContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.errors import StorageError
from ketajournal.factory import open_service
from ketajournal.storage import files, migrate, schema
from ketajournal.storage import tables as _tables  # noqa: F401  (fills SQLModel.metadata)
from ketajournal.storage.dbapi import sqlite as sqlite3  # the one SQLite in this process
from ketajournal.storage.store import open_store

VERSIONS = migrate.MIGRATIONS_DIR / "versions"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


# -- head and revisions -----------------------------------------------------------------


def _revision_in(path: Path) -> str:
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["revision"]:
            return ast.literal_eval(node.value)
    raise AssertionError(f"{path.name} declares no revision")


def test_head_revision_constant_is_the_scripts_head() -> None:
    assert migrate.script_head() == schema.HEAD_REVISION


def test_known_revisions_are_the_version_files() -> None:
    files = [p for p in VERSIONS.glob("*.py") if not p.name.startswith("_")]
    assert files
    assert migrate.known_revisions() == {_revision_in(p) for p in files}


# -- drift ------------------------------------------------------------------------------


def _env_options(conn: Any) -> dict[str, Any]:
    """The options env.py hands to context.configure, captured by running env.py itself."""
    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    config.attributes["connection"] = conn
    script = ScriptDirectory.from_config(config)
    with EnvironmentContext(config, script, fn=lambda _rev, _ctx: []) as env:
        script.run_env()
        return dict(env.get_context().opts)


def migrated(path: Path, clock: FixedClock) -> Path:
    """A new journal made by running every migration (`open_store` makes a new one from
    storage/head.sql, which tests/storage/test_head_schema.py holds to this)."""
    files.ensure_private_dir(path.parent)
    files.create_private_file(path)
    migrate.migrate_file(path, clock.now(), None, created=True)
    return path


def test_migrated_database_matches_the_models(db_path: Path, clock: FixedClock) -> None:
    migrated(db_path, clock)
    engine = create_engine(f"sqlite:///{db_path}")
    try:
        with engine.connect() as conn:
            include_name = _env_options(conn)["include_name"]
            ctx = MigrationContext.configure(
                conn, opts={"include_name": include_name, "compare_type": True}
            )
            assert compare_metadata(ctx, SQLModel.metadata) == []
    finally:
        engine.dispose()


def _shape(db: Path) -> dict[str, Any]:
    """Per ordinary table: columns (name, type, NOT NULL, pk), indexes and foreign keys."""
    conn = sqlite3.connect(db)
    try:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index%' "
                "AND name != 'alembic_version'"
            )
        ]
        return {
            table: {
                "columns": {
                    (r[1], r[2].upper(), bool(r[3]), r[5])
                    for r in conn.execute(f"PRAGMA table_info('{table}')")
                },
                "indexes": {
                    (r[1], bool(r[2])) for r in conn.execute(f"PRAGMA index_list('{table}')")
                },
                "foreign_keys": {
                    (r[2], r[3], r[4], r[6])
                    for r in conn.execute(f"PRAGMA foreign_key_list('{table}')")
                },
            }
            for table in names
        }
    finally:
        conn.close()


def test_migrated_schema_equals_create_all(tmp_path: Path, clock: FixedClock) -> None:
    made = migrated(tmp_path / "migrated" / "kj.db", clock)
    created = tmp_path / "create_all.db"
    engine = create_engine(f"sqlite:///{created}")
    try:
        SQLModel.metadata.create_all(engine)
    finally:
        engine.dispose()

    expected = _shape(created)
    assert set(expected) == set(SQLModel.metadata.tables)
    assert _shape(made) == expected


# -- a database from a newer program ----------------------------------------------------


def test_newer_schema_is_refused_untouched(db_path: Path, clock: FixedClock) -> None:
    svc = open_service(db_path, clock)
    svc.journal.add("written by the newer program")
    svc.close()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.close()
    before = _sha256(db_path)

    with pytest.raises(StorageError, match="newer version") as caught:
        open_store(db_path, clock.now())

    assert str(db_path) in str(caught.value)
    assert "9999_future" in str(caught.value)
    assert _sha256(db_path) == before
    assert not (db_path.parent / "backups").exists()
    assert _query(db_path, "SELECT version_num FROM alembic_version") == [("9999_future",)]


# -- a temporary next revision --------------------------------------------------------

REVISION_NEXT = '''"""A revision that exists only for a test."""

import sqlalchemy as sa
from alembic import op

revision = "9000_test"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
{body}


def downgrade() -> None:
    raise NotImplementedError
'''

REBUILD_PLAN = """\
    with op.batch_alter_table("plan", recreate="always") as batch:
        batch.add_column(sa.Column("extra", sa.Text(), nullable=True))"""

FAIL_HALF_WAY = """\
    op.create_table("half_made", sa.Column("id", sa.Integer(), primary_key=True))
    raise RuntimeError("9000_test fails on purpose")"""


HEAD = schema.HEAD_REVISION


@pytest.fixture
def db_at_head(db_path: Path, clock: FixedClock) -> Path:
    """A journal at the current head with a plan and three dose steps (ON DELETE CASCADE)."""
    svc = open_service(db_path, clock)
    svc.plan.set(form="solution")
    for dose, reason in ((100, "start"), (125, "step up"), (150, "step up again")):
        svc.plan.add_dose_step(dose, reason)
    svc.close()
    assert _query(db_path, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    return db_path


def _use_next_revision(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, body: str) -> None:
    folder = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9000_test.py").write_text(REVISION_NEXT.format(body=body, head=HEAD))
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", folder)
    monkeypatch.setattr(schema, "HEAD_REVISION", "9000_test")
    monkeypatch.setattr(migrate, "HEAD_REVISION", "9000_test")


def test_rebuilding_a_parent_keeps_children_and_backs_up_first(
    db_at_head: Path, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use_next_revision(monkeypatch, tmp_path, REBUILD_PLAN)

    store = open_store(db_at_head, clock.now())
    try:
        assert store.schema_revision() == "9000_test"
        assert store.count(m.Plan) == 1
        assert store.count(m.DoseStep) == 3  # the rebuild of `plan` did not cascade
        assert store.integrity_problems() == []
        assert store.pragma("foreign_keys") == 1  # back on after the migration
        migration_backup = store.migration_backup
    finally:
        store.close()
    assert _query(db_at_head, "PRAGMA foreign_key_check") == []
    assert "extra" in {r[1] for r in _query(db_at_head, "PRAGMA table_info('plan')")}

    backups = sorted((db_at_head.parent / "backups").glob(f"pre-migration-{HEAD}-*.db"))
    assert len(backups) == 1
    backup = backups[0]
    assert migration_backup == str(backup)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert _query(backup, "PRAGMA integrity_check") == [("ok",)]
    assert _query(backup, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    assert _query(backup, "SELECT count(*) FROM dose_step") == [(3,)]
    assert "extra" not in {r[1] for r in _query(backup, "PRAGMA table_info('plan')")}


def test_failed_migration_changes_nothing(
    db_at_head: Path, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use_next_revision(monkeypatch, tmp_path, FAIL_HALF_WAY)

    with pytest.raises(
        StorageError, match=r"failed \(RuntimeError\); it was left as it was; a backup is at"
    ):
        open_store(db_at_head, clock.now())

    assert _query(db_at_head, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    assert _query(db_at_head, "SELECT name FROM sqlite_master WHERE name = 'half_made'") == []
    assert _query(db_at_head, "SELECT count(*) FROM plan") == [(1,)]
    assert _query(db_at_head, "SELECT count(*) FROM dose_step") == [(3,)]
    assert _query(db_at_head, "PRAGMA integrity_check") == [("ok",)]

    monkeypatch.undo()  # the program without the broken revision opens it as before
    store = open_store(db_at_head, clock.now())
    try:
        assert store.schema_revision() == HEAD
        assert store.count(m.DoseStep) == 3
    finally:
        store.close()


def test_a_pre_migration_backup_rotates_with_the_others(
    db_at_head: Path, tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It holds deleted text like any backup, so it is not kept forever: the newest ten
    backups of either kind stay, older ones are overwritten and removed."""
    folder = db_at_head.parent / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)
    older = [folder / f"ketajournal-backup-2020010{i}T000000.db" for i in range(1, 10)]
    older += [folder / f"pre-migration-0001_initial-2019010{i}T000000.db" for i in (1, 2)]
    for path in older:
        path.write_bytes(b"an old backup")
    _use_next_revision(monkeypatch, tmp_path, REBUILD_PLAN)
    svc = open_service(db_at_head, clock)  # the factory: migrates, then rotates
    svc.close()
    kept = sorted(p.name for p in folder.iterdir())
    assert len(kept) == 10
    assert f"pre-migration-{HEAD}-{clock.now():%Y%m%dT%H%M%S}.db" in kept
    assert not any(p.exists() for p in older[-2:]) and older[0].exists()  # oldest two go
