"""Encodes values the way they are stored in SQLite, without importing SQLAlchemy.

Both the SQLModel column types and the stdlib-sqlite3 fast path use these functions, so a
row written by either path is byte-for-byte the same.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from uuid import UUID

# Fixed width, so text order is time order; SQLite's date functions read it too.
_DT_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def dt_to_db(value: datetime) -> str:
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError("naive datetime refused: store aware UTC instants only")
    return value.astimezone(UTC).strftime(_DT_FORMAT)


def dt_from_db(value: str) -> datetime:
    # fromisoformat reads this fixed format in C; strptime would import _strptime and
    # calendar (~3 ms per process) and parse each row ~10x slower.
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def uuid_to_db(value: UUID) -> str:
    return str(value)


def uuid_from_db(value: str) -> UUID:
    return UUID(value)


def json_to_db(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_from_db(value: str) -> object:
    return json.loads(value)
