"""How each domain record is stored: its table (domain.kinds) and, per field, a column codec
built on the domain codec (domain.codec), without SQLAlchemy.

Times are stored as fixed-width UTC text, ids as text, choices as their values, booleans
as 0/1, lists and nested records as JSON text of their plain form (see storage.codec).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ketajournal.domain import kinds
from ketajournal.domain import models as m
from ketajournal.domain.codec import FieldType, Kind, decoder, fields_of, to_plain
from ketajournal.storage import codec

TABLE: dict[type[m.Record], str] = {k.cls: k.table for k in kinds.KINDS}
INSERT_ORDER: tuple[type[m.Record], ...] = kinds.CLASSES  # parents before children

Convert = Callable[[Any], Any]


def columns(cls: type[m.Record]) -> tuple[tuple[str, Convert, Convert], ...]:
    """For each field: (column name, to SQLite value, from SQLite value)."""
    found = _COLUMNS.get(cls)
    if found is None:
        found = _COLUMNS[cls] = tuple((f.name, *_column_codec(f.type)) for f in fields_of(cls))
    return found


_COLUMNS: dict[type[m.Record], tuple[tuple[str, Convert, Convert], ...]] = {}


def _identity(value: Any) -> Any:
    return value


def _optional(fn: Convert) -> Convert:
    return lambda v: None if v is None else fn(v)


def _column_codec(ftype: FieldType) -> tuple[Convert, Convert]:
    kind = ftype.kind
    if kind is Kind.TIME:
        return _optional(codec.dt_to_db), _optional(codec.dt_from_db)
    if kind is Kind.UUID:
        return _optional(codec.uuid_to_db), _optional(codec.uuid_from_db)
    if kind is Kind.BOOL:
        return _optional(int), _optional(bool)
    if kind is Kind.FLOAT:
        return _optional(float), _optional(float)
    if kind in (Kind.LIST, Kind.RECORD, Kind.ANY):
        decode = decoder(ftype, strict=False)
        return (
            _optional(lambda v: codec.json_to_db(to_plain(v))),
            _optional(lambda v: decode(codec.json_from_db(v))),
        )
    if kind is Kind.CHOICE:
        assert ftype.choice is not None
        return _optional(to_plain), _optional(ftype.choice)
    return _identity, _identity
