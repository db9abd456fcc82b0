"""One codec between domain records and plain values (the JSON level), and back.

`fields_of` reads each record's type hints once and says what every field holds; storage
builds its column encodings on it, the export writes `to_plain`, the import reads with
`from_plain(strict=True)` (every value checked, with the path of the first bad one), and
storage reads nested values with `from_plain` (trusted: written by this codec).

Plain values: times as ISO 8601 text in UTC, ids as text, choices as their values, lists
and nested records as JSON lists and objects; everything else as it is.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import cache
from types import NoneType, UnionType
from typing import Any
from uuid import UUID

from ketajournal.domain import models as m
from ketajournal.domain import validate as v
from ketajournal.errors import ValidationError


class Kind(StrEnum):
    TEXT = "text"
    BOOL = "bool"
    INT = "int"
    FLOAT = "float"
    TIME = "time"
    UUID = "uuid"
    CHOICE = "choice"
    LIST = "list"
    RECORD = "record"
    ANY = "any"  # a setting's value: any JSON value


@dataclass(frozen=True, slots=True)
class FieldType:
    kind: Kind
    optional: bool = False
    choice: type[StrEnum] | None = None  # for CHOICE
    item: FieldType | None = None  # for LIST
    record: type[Any] | None = None  # for RECORD


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    type: FieldType
    required: bool  # no default: a plain form must carry it
    ref: str | None  # the table whose id it holds (a foreign key), from `models.ref`


_SIMPLE = {
    str: Kind.TEXT,
    bool: Kind.BOOL,
    int: Kind.INT,
    float: Kind.FLOAT,
    datetime: Kind.TIME,
    UUID: Kind.UUID,
}


def field_type(hint: Any) -> FieldType:
    if typing.get_origin(hint) in (typing.Union, UnionType):
        inner = [a for a in typing.get_args(hint) if a is not NoneType]
        base = field_type(inner[0]) if len(inner) == 1 else FieldType(Kind.ANY)
        return dataclasses.replace(base, optional=True)
    if typing.get_origin(hint) is tuple:
        return FieldType(Kind.LIST, item=field_type(typing.get_args(hint)[0]))
    if hint in _SIMPLE:
        return FieldType(_SIMPLE[hint])
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return FieldType(Kind.CHOICE, choice=hint)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return FieldType(Kind.RECORD, record=hint)
    return FieldType(Kind.ANY)


def fields_of(cls: type[Any]) -> tuple[FieldSpec, ...]:
    """Every field of a record (or nested record) type, in order: the one walker over the
    domain's type hints."""
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = _fields(cls)
    return found


_FIELDS: dict[type[Any], tuple[FieldSpec, ...]] = {}


def _fields(cls: type[Any]) -> tuple[FieldSpec, ...]:
    hints = typing.get_type_hints(cls, vars(m))
    return tuple(
        FieldSpec(
            name=f.name,
            type=field_type(hints[f.name]),
            required=f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
            ref=f.metadata.get("ref"),
        )
        for f in dataclasses.fields(cls)
    )


# -- to plain values ---------------------------------------------------------------------------


def to_plain(value: Any) -> Any:
    """A record (or any field value) as plain data."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, UUID):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_plain(x) for x in value]
    return value


# -- from plain values -------------------------------------------------------------------------


class PlainError(ValueError):
    """A plain value that does not fit its field: what is allowed, what was given, and where
    inside the value (`[2].label`)."""

    def __init__(self, allowed: str, got: Any = None, inner: str = "", missing: bool = False):
        super().__init__(allowed)
        self.allowed, self.got, self.inner, self.missing = allowed, got, inner, missing

    def within(self, step: str) -> PlainError:
        return PlainError(self.allowed, self.got, step + self.inner, self.missing)


Decode = Callable[[Any], Any]


def from_plain(cls: type[Any], data: dict[str, Any], *, strict: bool = False) -> Any:
    """A record from its plain form. `strict` checks every value and refuses unknown or
    missing fields with a PlainError; otherwise the data is trusted (this codec wrote it)
    and absent fields take their defaults."""
    return _record(cls, strict)(data)


@cache
def decoder(ftype: FieldType, strict: bool) -> Decode:
    """The function from a plain value to a field value of this type."""
    if ftype.optional:
        base = decoder(dataclasses.replace(ftype, optional=False), strict)
        return lambda x: None if x is None else base(x)
    kind = ftype.kind
    if kind is Kind.LIST:
        assert ftype.item is not None
        return _list(decoder(ftype.item, strict), strict)
    if kind is Kind.RECORD:
        assert ftype.record is not None
        return _record(ftype.record, strict)
    if kind is Kind.CHOICE:
        assert ftype.choice is not None
        return _choice(ftype.choice) if strict else ftype.choice
    if kind is Kind.TIME:
        return _time if strict else _trusted_time
    if kind is Kind.UUID:
        return _uuid if strict else UUID
    if not strict or kind is Kind.ANY:
        return _same
    return _CHECKS[kind]


def _same(x: Any) -> Any:
    return x


def _trusted_time(x: str) -> datetime:
    return datetime.fromisoformat(x)


def _record(cls: type[Any], strict: bool) -> Decode:
    found = _RECORDS.get((cls, strict))
    if found is None:
        found = _RECORDS[(cls, strict)] = _record_decoder(cls, strict)
    return found


_RECORDS: dict[tuple[type[Any], bool], Decode] = {}


def _record_decoder(cls: type[Any], strict: bool) -> Decode:
    specs = fields_of(cls)
    decoders = tuple((s.name, decoder(s.type, strict), s.required) for s in specs)
    names = ", ".join(s.name for s in specs)

    def decode(x: Any) -> Any:
        if strict:
            if not isinstance(x, dict):
                raise PlainError(f"an object with {names}", x)
            for name in x:
                if all(name != s.name for s in specs):
                    raise PlainError(f"a field of it ({names})", inner=f".{name}")
        values = {}
        for name, fn, required in decoders:
            if name not in x:
                if strict and required:
                    raise PlainError("present (it is missing)", inner=f".{name}", missing=True)
                continue
            try:
                values[name] = fn(x[name])
            except PlainError as bad:
                raise bad.within(f".{name}") from None
        return cls(**values)

    return decode


def _list(item: Decode, strict: bool) -> Decode:
    def decode(x: Any) -> tuple[Any, ...]:
        if strict and not isinstance(x, list):
            raise PlainError("a list", x)
        values = []
        for index, element in enumerate(x):
            try:
                values.append(item(element))
            except PlainError as bad:
                raise bad.within(f"[{index}]") from None
        return tuple(values)

    return decode


def _choice(enum: type[StrEnum]) -> Decode:
    allowed = "one of " + ", ".join(c.value for c in enum)

    def check(x: Any) -> StrEnum:
        try:
            return enum(x)
        except ValueError:
            raise PlainError(allowed, x) from None

    return check


def _text(x: Any) -> str:
    if not isinstance(x, str):
        raise PlainError("text", x)
    return x


def _bool(x: Any) -> bool:
    if not isinstance(x, bool):
        raise PlainError("true or false", x)
    return x


def _int(x: Any) -> int:
    if isinstance(x, bool) or not isinstance(x, int):
        raise PlainError("a whole number", x)
    if abs(x) > 2**63 - 1:
        raise PlainError("a whole number that fits in 64 bits", x)
    return x


def _float(x: Any) -> float:
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise PlainError("a number", x)
    try:
        return float(x)
    except OverflowError:
        raise PlainError("a number", x) from None


def _time(x: Any) -> datetime:
    if not isinstance(x, str):
        raise PlainError("an ISO 8601 time", x)
    try:
        parsed = datetime.fromisoformat(x)
    except ValueError:
        raise PlainError("an ISO 8601 time", x) from None
    if parsed.tzinfo is None or parsed.tzinfo.utcoffset(parsed) is None:
        raise PlainError("an ISO 8601 time with a timezone offset (naive times are ambiguous)", x)
    try:
        return v.aware(parsed, "time")  # the range every instant in the journal lies in
    except ValidationError as exc:
        raise PlainError(exc.allowed, x) from None


def _uuid(x: Any) -> UUID:
    if not isinstance(x, str):
        raise PlainError("a UUID", x)
    try:
        return UUID(x)
    except ValueError:
        raise PlainError("a UUID", x) from None


_CHECKS: dict[Kind, Decode] = {
    Kind.TEXT: _text,
    Kind.BOOL: _bool,
    Kind.INT: _int,
    Kind.FLOAT: _float,
}
