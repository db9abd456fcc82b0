"""Brings a database to the current schema with the bundled Alembic migrations.

Guardrails: a backup before any migration of an existing database; foreign keys off while
a migration runs (a batch rebuild of a parent table would otherwise cascade-delete its
children) and `foreign_key_check` clean before commit; a database from a newer program
refused untouched.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, text

from ketajournal.errors import StorageError
from ketajournal.storage import failures, files
from ketajournal.storage.backup import backup_connection
from ketajournal.storage.engine import make_engine, writer
from ketajournal.storage.schema import APPLICATION_ID, HEAD_REVISION, VERSION_TABLE

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def current_revision(conn: Connection) -> str | None:
    exists = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :n"),
        {"n": VERSION_TABLE},
    ).first()
    if exists is None:
        return None
    row = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).first()
    return None if row is None else str(row[0])


def _has_tables(conn: Connection) -> bool:
    return (
        conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        ).first()
        is not None
    )


def _alembic_config():  # type: ignore[no-untyped-def]
    # Alembic costs ~150 ms to import; only a database that needs migrating pays it.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def script_head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def migrate_file(
    path: Path, now: datetime, key: str | None, *, created: bool, to: str = "head"
) -> str | None:
    """Brings the journal at `path` to the current schema (giving a file this process has
    just `created` its schema); returns the pre-migration backup, if one was made. A file
    we created is removed again if that fails: never a half-made journal. `to` stops at an
    older revision (tests make journals of earlier versions with it)."""
    engine = make_engine(path, key)
    try:
        with failures.translated(path):
            return upgrade(engine, path, now, key, created=created, to=to)
    except BaseException:
        if created:
            engine.dispose()
            files.remove_with_side_files(path)
        raise
    finally:
        engine.dispose()


def upgrade(
    engine: Engine,
    db_path: Path,
    now: datetime,
    key: str | None = None,
    *,
    created: bool = False,
    to: str = "head",
) -> str | None:
    """Migrates to head if needed. Returns the path of the pre-migration backup, if any.

    Only a file this process has just `created` may be given the schema: any other
    database without ketajournal's schema version (even an empty one) is another
    program's, and is refused untouched."""
    with engine.connect() as conn:
        current = current_revision(conn)
        populated = _has_tables(conn)
        app_id = conn.exec_driver_sql("PRAGMA application_id").scalar()
    if app_id not in (0, APPLICATION_ID) or (current is None and (populated or not created)):
        raise StorageError(
            f"{db_path}: is an SQLite database but not a ketajournal journal (no ketajournal "
            "schema); it was left untouched. Point --db at a journal, or at a new file"
        )
    if current == HEAD_REVISION:
        return None
    if current is not None and current not in known_revisions():
        raise StorageError(
            f"{db_path}: was written by a newer version of ketajournal (schema {current}); "
            f"this version knows up to {HEAD_REVISION}. Upgrade ketajournal to open it."
        )
    backup = None
    if current is not None:
        name = f"pre-migration-{current}-{now:%Y%m%dT%H%M%S}.db"
        backup = str(_backup(engine, db_path.parent / "backups" / name, key))
    try:
        _run_upgrade(engine, to)
    except StorageError:
        raise
    except Exception as exc:  # a failed revision: SQLite rolled the whole migration back
        kept = f"; a backup is at {backup}" if backup else ""
        raise StorageError(
            f"{db_path}: updating the journal to schema {HEAD_REVISION} failed "
            f"({type(exc).__name__}); it was left as it was{kept}"
        ) from exc
    return backup


def _backup(engine: Engine, target: Path, key: str | None) -> Path:
    raw = engine.raw_connection()
    try:
        return backup_connection(raw.driver_connection, target, key)
    finally:
        raw.close()


def _run_upgrade(engine: Engine, to: str = "head") -> None:
    from alembic import command

    config = _alembic_config()
    with writer(engine).connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        # Set on the raw connection, outside any transaction: SQLite ignores it inside one,
        # and SQLAlchemy would open one on the first statement it runs.
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, to)
                # Marks the file as a journal (`file` and other tools read it): set in the
                # same transaction, so a journal never has the schema without the mark.
                conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise StorageError(
                        f"migration left {len(problems)} broken references; nothing was changed"
                    )
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
