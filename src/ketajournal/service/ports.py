"""What the service layer needs from a store. The storage package provides it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar, Unpack
from uuid import UUID

from ketajournal.domain import models as m
from ketajournal.domain.query import Filters

R = TypeVar("R", bound=m.Record)


class StorePort(Protocol):
    path: Path

    def insert(self, *records: m.Record) -> None: ...
    def update(self, record: R) -> R: ...
    def delete(self, cls: type[m.Record], record_id: UUID, *, at: datetime | None = None) -> None:
        """Deletes the record; `at` (the time of the delete) orders it for sync."""
        ...

    def get(self, cls: type[R], record_id: UUID) -> R | None: ...
    def find(self, cls: type[R], **filters: Unpack[Filters]) -> list[R]: ...
    def count(self, cls: type[m.Record], **filters: Unpack[Filters]) -> int: ...
    def tag_counts(self, **filters: Unpack[Filters]) -> dict[str, int]:
        """How many journal entries carry each tag, most used first (`time_field` is
        written_at)."""
        ...

    def latest(self, cls: type[m.Record], field: str) -> Any: ...
    def ids_with_prefix(self, cls: type[m.Record], prefix: str, limit: int = 5) -> list[UUID]: ...
    def setting(self, key: str) -> m.Setting | None: ...
    def search(self, query: str, limit: int = 50, offset: int = 0) -> list[m.SearchHit]: ...
    def close(self) -> None: ...

    # Whole-journal operations (service.transfer: export, import, backup, restore).
    @property
    def head_revision(self) -> str: ...
    def backup_to(self, target: Path, *, force: bool = False) -> Path: ...
    def plain_records(
        self,
        classes: Sequence[type[m.Record]],
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[type[m.Record], list[dict[str, Any]]]:
        """Every record of these tables as plain JSON data, in the order written, read as one
        consistent snapshot (the export form); `progress(done, total)` is called as rows
        are read, when given."""
        ...

    def write_batch(self, inserts: Sequence[m.Record], updates: Sequence[m.Record]) -> None:
        """Inserts and updates (by id) in one transaction: all are written, or none."""
        ...

    def check_backup(self, path: Path) -> str:
        """The schema revision of the ketajournal database at `path`, read only; a
        StorageError naming the problem if it is none, is newer, or fails integrity_check."""
        ...

    def restore_from(self, source: Path, aside: Path) -> None:
        """Copies the journal to `aside`, then replaces its content with `source`'s."""
        ...

    # Sync (service.sync): the device-local state, this device's changes, another's merged.
    def sync_state(self) -> dict[str, str]: ...
    def set_sync_state(self, values: dict[str, str]) -> None: ...
    def sync_changes(self, after: int | None) -> tuple[list[dict[str, Any]], int]:
        """This device's changes numbered above `after`, as plain data, and the highest
        number; None: every record and tombstone (a snapshot)."""
        ...

    def apply_sync(self, changes: Sequence[dict[str, Any]], state: dict[str, str]) -> Any:
        """Another device's changes merged and `state` stored, in one transaction (an
        object with `written`, `deleted`, `older` counts and the conflict `copies`)."""
        ...
