"""The schema revision this program writes, readable without importing Alembic.

A test checks it against the migrations' real head, so it cannot drift.
"""

from __future__ import annotations

HEAD_REVISION = "0001_initial"
VERSION_TABLE = "alembic_version"
