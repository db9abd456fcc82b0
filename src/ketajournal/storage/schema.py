"""The schema revision this program writes, readable without importing Alembic.

A test checks it against the migrations' real head, so it cannot drift.
"""

from __future__ import annotations

HEAD_REVISION = "0004_sync"
VERSION_TABLE = "alembic_version"
# SQLite's application_id of a journal ("KJRN"), set when it is created or migrated.
# Journals from before it are known by their schema version table.
APPLICATION_ID = 0x4B4A524E

BUSY_TIMEOUT_MS = 5000
# Every connection gets these (see storage/engine.py for the reasons). WAL is not here: it
# is switched on only once the file is known to be a ketajournal database at this schema,
# because the switch rewrites the file header and a refused file must stay untouched.
CONNECTION_PRAGMAS = (
    "foreign_keys = ON",
    f"busy_timeout = {BUSY_TIMEOUT_MS}",
    "synchronous = FULL",
    "secure_delete = ON",
)
