"""Storage: SQLModel tables, the engine, migrations and queries. Knows nothing of the UI."""

from __future__ import annotations
