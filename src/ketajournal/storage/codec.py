"""Encodes values the way they are stored in SQLite, without importing SQLAlchemy.

Both the SQLModel column types and the stdlib-sqlite3 fast path use these functions, so a
row written by either path is byte-for-byte the same.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from uuid import UUID


def dt_to_db(value: datetime) -> str:
    """`YYYY-MM-DD HH:MM:SS.ffffff` in UTC: fixed width (the year always has four digits,
    which strftime's %Y does not promise), so text order is time order and SQLite's date
    functions read it too."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError("naive datetime refused: store aware UTC instants only")
    return value.astimezone(UTC).isoformat(" ", "microseconds")[:26]


def dt_from_db(value: str) -> datetime:
    # fromisoformat reads this fixed format in C; strptime would import _strptime and
    # calendar (~3 ms per process) and parse each row ~10x slower.
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError:
        # Older versions wrote years before 1000 without padding ("999-01-01 ..."): read
        # them, so such a record can be shown and deleted.
        return datetime.fromisoformat(value.zfill(26)).replace(tzinfo=UTC)


def uuid_to_db(value: UUID) -> str:
    return str(value)


def uuid_from_db(value: str) -> UUID:
    return UUID(value)


def json_to_db(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_from_db(value: str) -> object:
    return json.loads(value)
