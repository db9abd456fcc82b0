"""A new journal made at the current schema in one transaction, from `head.sql`, without
loading SQLAlchemy or Alembic (about a second of a first start's 1.3 s on this machine).

`head.sql` is not written by hand: it is what the migrations make of an empty file (its
tables, indexes, triggers, full-text index settings and rows), dumped by

    python -m ketajournal.storage.head

after a migration is added (tests/storage/test_head_schema.py fails until it is). A
journal's schema is always the migrations'; this is the shortcut to their result, as a
Rails application loads `schema.rb` for a new database instead of replaying every
migration. Only a file this process has just created is given it.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from ketajournal.storage import failures, files
from ketajournal.storage.dbapi import sqlite
from ketajournal.storage.schema import APPLICATION_ID, HEAD_REVISION
from ketajournal.storage.versions import write_state

SCRIPT = Path(__file__).with_name("head.sql")
HEADER = """\
-- A new ketajournal journal at schema {revision}: what the migrations make of an empty file.
-- Written by `python -m ketajournal.storage.head`; do not edit (a test compares the two).
"""


def create(conn: sqlite.Connection, path: Path) -> None:
    """Gives the empty file at `path`, just created and opened as `conn`, the schema at
    head, all or nothing; on any failure `conn` is closed and the file removed again (never
    a half-made journal). Each journal gets its own device id for sync."""
    try:
        with failures.translated(path):
            conn.executescript("BEGIN IMMEDIATE;\n" + SCRIPT.read_text(encoding="utf-8"))
            write_state(conn, _device(str(uuid.uuid4())))
            conn.execute("COMMIT")
    except BaseException:
        conn.close()
        files.remove_with_side_files(path)
        raise


def _device(device: str) -> dict[str, str]:
    """A journal's own id for sync (set up anew by `sync init` and `sync join` too)."""
    return {"device": device}


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, bytes):
        return f"X'{value.hex()}'"
    return "'" + str(value).replace("'", "''") + "'"


def dump(conn: sqlite.Connection) -> str:
    """The script that makes a journal like the one open as `conn` (a new one, made by the
    migrations): its schema in the order SQLite keeps it, the rows of its tables, each
    full-text index's settings, and the application id."""
    shadow = {
        name for (name,) in conn.execute("SELECT name FROM pragma_table_list WHERE type = 'shadow'")
    }
    virtual = [
        name
        for (name,) in conn.execute("SELECT name FROM pragma_table_list WHERE type = 'virtual'")
    ]
    lines = [HEADER.format(revision=HEAD_REVISION)]
    schema = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    for _kind, name, sql in schema:
        if name not in shadow:
            lines.append(f"{sql};")
    for kind, name, _sql in schema:
        if kind != "table" or name in shadow or name in virtual:
            continue
        for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid'):
            lines.append(f'INSERT INTO "{name}" VALUES ({", ".join(map(_literal, row))});')
    for name in virtual:  # settings are set through the index, as the migrations set them
        for key, value in conn.execute(f"SELECT k, v FROM \"{name}_config\" WHERE k != 'version'"):
            lines.append(
                f'INSERT INTO "{name}"("{name}", rank) VALUES ({_literal(key)}, {_literal(value)});'
            )
    lines.append(f"PRAGMA application_id = {APPLICATION_ID};")
    return "\n".join(lines) + "\n"


def migrated_script(folder: Path) -> str:
    """The script for what the migrations make of a new file in `folder` (run for real)."""
    from datetime import UTC, datetime

    from ketajournal.storage.migrate import migrate_file

    path = folder / "kj.db"
    files.create_private_file(path)
    migrate_file(path, datetime.now(UTC), None, created=True)
    conn = sqlite.connect(str(path), isolation_level=None)
    try:
        write_state(conn, _device(str(uuid.UUID(int=0))))  # `create` gives each its own
        return dump(conn)
    finally:
        conn.close()


def main() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        SCRIPT.write_text(migrated_script(Path(folder)), encoding="utf-8")
    print(f"wrote {SCRIPT}")


if __name__ == "__main__":
    main()
