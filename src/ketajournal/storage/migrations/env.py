"""Alembic environment: runs on the connection the application hands over (never an URL)."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlmodel import SQLModel

from ketajournal.storage import tables  # noqa: F401  (registers the tables on the metadata)

SEARCH_TABLE = "search_index"


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """The FTS5 index and its shadow tables are managed by hand, not by autogenerate."""
    return not (type_ == "table" and name is not None and name.startswith(SEARCH_TABLE))


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    include_name=include_name,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
