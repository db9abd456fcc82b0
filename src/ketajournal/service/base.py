"""The context every part of the service shares: the store, the clock, and small helpers."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID, uuid4

from ketajournal.clock import Clock
from ketajournal.domain import models as m
from ketajournal.domain import rules
from ketajournal.domain import validate as v
from ketajournal.errors import NotFoundError, ValidationError
from ketajournal.service.ports import StorePort

R = TypeVar("R", bound=m.Record)


class _Clear:
    """Passed for an optional field: empty it (None always means "leave it as it is")."""

    def __repr__(self) -> str:
        return "CLEAR"


CLEAR = _Clear()
Cleared = _Clear  # for type hints: `str | Cleared | None`


def change(changes: dict[str, Any], name: str, value: Any, check: Callable[[Any], Any]) -> None:
    """Adds field `name` to `changes`: None leaves it as it is, CLEAR empties it, any other
    value is checked first (`check` returns it as it is to be stored)."""
    if value is None:
        return
    changes[name] = None if value is CLEAR else check(value)


class Context:
    def __init__(self, store: StorePort, clock: Clock) -> None:
        self.clock = clock
        self.store: StorePort = CheckedStore(store, self.now)  # type: ignore[assignment]

    def now(self) -> datetime:
        return v.aware(self.clock.now(), "clock")

    def stamp(self) -> dict[str, Any]:
        """A new record's id and created/updated times."""
        now = self.now()
        return {"id": uuid4(), "created_at": now, "updated_at": now}

    def touch(self, record: R, **changes: Any) -> R:
        """The record with `changes` applied and updated_at moved to now, stored."""
        updated = dataclasses.replace(record, updated_at=self.now(), **changes)
        return self.store.update(updated)

    def resolve(self, cls: type[R], ref: UUID | str, label: str) -> R:
        """A record by full id or by a unique prefix of it (as `git` does)."""
        if isinstance(ref, UUID):
            found = self.store.get(cls, ref)
            if found is None:
                raise NotFoundError(f"{label}: no record with id {ref}")
            return found
        cleaned = str(ref).strip().lower()
        if len(cleaned) < 4 or any(c not in "0123456789abcdef-" for c in cleaned):
            raise ValidationError(label, "an id or at least its first 4 characters", ref)
        matches = self.store.ids_with_prefix(cls, cleaned, limit=2)
        if not matches:
            raise NotFoundError(f"{label}: no record with id {cleaned}")
        if len(matches) > 1:
            raise ValidationError(label, "a longer id prefix (this one matches several)", ref)
        found = self.store.get(cls, matches[0])
        assert found is not None
        return found


class CheckedStore:
    """The store as the service uses it: every record is checked against the declared
    limits (`domain.rules`) before it is written, the same check an import makes; a delete
    is stamped with the time from the clock (its version, for sync)."""

    def __init__(self, store: StorePort, now: Callable[[], datetime]) -> None:
        self._store = store
        self._now = now

    def delete(self, cls: type[m.Record], record_id: UUID) -> None:
        self._store.delete(cls, record_id, at=self._now())

    def insert(self, *records: m.Record) -> None:
        for record in records:
            rules.check_record(record)
        self._store.insert(*records)

    def update(self, record: R) -> R:
        rules.check_record(record)
        return self._store.update(record)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)
