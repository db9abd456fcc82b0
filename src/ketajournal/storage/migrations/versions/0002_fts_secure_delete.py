"""The search index forgets deleted and edited text at once (FTS5 secure-delete).

Revision ID: 0002_fts_secure_delete
Revises: 0001_initial
Create Date: 2026-11-27

Without it, FTS5 keeps the words of a deleted or edited entry in its index segments until
they happen to be merged, so a deleted sentence could still be read in the file. With it
(SQLite 3.44+, here through SQLCipher's SQLite), every delete and update removes the old
words from the index straight away; `secure_delete` (a connection pragma) then zeroes the
freed space. Older SQLite versions refuse to write an index with this setting, so the
journal is only ever opened with the SQLite bundled with sqlcipher3.
"""

from __future__ import annotations

from alembic import op

revision = "0002_fts_secure_delete"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("INSERT INTO search_index(search_index, rank) VALUES ('secure-delete', 1)")


def downgrade() -> None:
    op.execute("INSERT INTO search_index(search_index, rank) VALUES ('secure-delete', 0)")
