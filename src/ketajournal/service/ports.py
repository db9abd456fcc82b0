"""What the service layer needs from a store. The storage package provides it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar
from uuid import UUID

from ketajournal.domain import models as m

R = TypeVar("R", bound=m.Record)


class StorePort(Protocol):
    path: Path

    def insert(self, *records: m.Record) -> None: ...
    def update(self, record: R) -> R: ...
    def delete(self, cls: type[m.Record], record_id: UUID) -> None: ...
    def get(self, cls: type[R], record_id: UUID) -> R | None: ...
    def find(
        self,
        cls: type[R],
        *,
        where: dict[str, Any] | None = None,
        time_field: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        order_by: str | None = None,
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
        tag: str | None = None,
        share_levels: Sequence[str] | None = None,
    ) -> list[R]: ...
    def count(self, cls: type[m.Record]) -> int: ...
    def latest(self, cls: type[m.Record], field: str) -> Any: ...
    def ids_with_prefix(self, cls: type[m.Record], prefix: str, limit: int = 5) -> list[UUID]: ...
    def setting(self, key: str) -> m.Setting | None: ...
    def search(self, query: str, limit: int = 50, offset: int = 0) -> list[m.SearchHit]: ...
    def close(self) -> None: ...
