"""What a store can be asked for: the filters of `find`, `count` and `tag_counts`, declared
once for the service's port (service.ports) and the store (storage.store)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypedDict


class Filters(TypedDict, total=False):
    """All optional; none given: every record, in the order written."""

    where: dict[str, Any] | None  # field = value (None: IS NULL)
    time_field: str | None  # the field `since` and `until` apply to
    since: datetime | None  # inclusive
    until: datetime | None  # exclusive
    order_by: str | None
    descending: bool
    limit: int | None
    offset: int
    tag: str | None  # journal entries carrying this tag
    share_levels: Sequence[str] | None  # journal entries at these levels
