"""Sync through a folder: a version for every record (and a tombstone for every delete), and
the device-local sync state.

Revision ID: 0004_sync
Revises: 0003_summary_fields
Create Date: 2026-12-03

`sync_version` holds, per record (by its sync identity: the id; a setting's key; "plan"
for the one plan), the version of its last write (a hybrid logical clock and the device
that wrote it), the version vector of the writes it includes, whether it is deleted, and
the local change number it was written under (0: it came from another device). The
records already in the journal are adopted here, at the time they were last changed, by
a device id made for this journal, so the first sync carries them.

`sync_state` is key/value text that never leaves this journal: the device id, the clock,
the change counter, the folder, the sync key, how far each other device was applied.
"""

from __future__ import annotations

import uuid

from alembic import op

revision = "0004_sync"
down_revision = "0003_summary_fields"
branch_labels = None
depends_on = None

# The tables as they are at this revision (a migration never reads the live registry).
TABLES = (
    "plan",
    "dose_step",
    "schedule_phase",
    "contact",
    "setting",
    "session",
    "session_event",
    "reflection",
    "journal_entry",
    "mood_checkin",
    "scale_result",
    "progress_marker",
    "question",
)
IDENT = {"plan": "'plan'", "setting": "key"}
# Microseconds since 1970 of a stored time ('2026-03-02 09:00:00.000000').
HLC_SQL = (
    "CAST(strftime('%s', substr(updated_at, 1, 19)) AS INTEGER) * 1000000"
    " + CAST(coalesce(nullif(substr(updated_at, 21, 6), ''), '0') AS INTEGER)"
)


def upgrade() -> None:
    op.execute(
        "CREATE TABLE sync_version ("
        " kind VARCHAR NOT NULL, ident VARCHAR NOT NULL, hlc INTEGER NOT NULL,"
        " device VARCHAR NOT NULL, vv TEXT NOT NULL, deleted BOOLEAN NOT NULL,"
        " seq INTEGER NOT NULL, PRIMARY KEY (kind, ident))"
    )
    op.execute("CREATE INDEX ix_sync_version_seq ON sync_version (seq)")
    op.execute("CREATE TABLE sync_state (key VARCHAR NOT NULL PRIMARY KEY, value TEXT NOT NULL)")
    device = str(uuid.uuid4())
    for table in TABLES:
        ident = IDENT.get(table, "id")
        # INSERT OR IGNORE: of two plans (an older import could add a second), the first.
        op.execute(
            "INSERT OR IGNORE INTO sync_version (kind, ident, hlc, device, vv, deleted, seq) "
            f"SELECT '{table}', {ident}, {HLC_SQL}, '{device}', "
            f"json_object('{device}', {HLC_SQL}), 0, 1 FROM {table} "
            # drafts of unsaved work (settings "draft:...") stay on this computer
            + ("WHERE key NOT LIKE 'draft:%' " if table == "setting" else "")
            + "ORDER BY created_at"
        )
    op.execute(f"INSERT INTO sync_state VALUES ('device', '{device}')")
    op.execute(
        "INSERT INTO sync_state SELECT 'hlc', CAST(coalesce(max(hlc), 0) AS TEXT) FROM sync_version"
    )
    op.execute("INSERT INTO sync_state VALUES ('seq', '1')")


def downgrade() -> None:
    op.execute("DROP TABLE sync_state")
    op.execute("DROP INDEX ix_sync_version_seq")
    op.execute("DROP TABLE sync_version")
