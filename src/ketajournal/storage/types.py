"""Column types: aware UTC datetimes, UUIDs as text, and JSON as text."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import String, Text
from sqlalchemy.types import TypeDecorator

from ketajournal.storage import codec


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as fixed-width UTC text; naive values are refused."""

    impl = String(26)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> str | None:
        return None if value is None else codec.dt_to_db(value)

    def process_result_value(self, value: str | None, dialect: Any) -> datetime | None:
        return None if value is None else codec.dt_from_db(value)


class UUIDText(TypeDecorator[UUID]):
    """A UUID stored in its canonical hyphenated text form."""

    impl = String(36)
    cache_ok = True

    def process_bind_param(self, value: UUID | str | None, dialect: Any) -> str | None:
        if value is None:
            return None
        return codec.uuid_to_db(value if isinstance(value, UUID) else UUID(str(value)))

    def process_result_value(self, value: str | None, dialect: Any) -> UUID | None:
        return None if value is None else codec.uuid_from_db(value)


class JSONText(TypeDecorator[Any]):
    """A JSON document stored as compact UTF-8 text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else codec.json_to_db(value)

    def process_result_value(self, value: str | None, dialect: Any) -> Any:
        return None if value is None else codec.json_from_db(value)
