"""Helpers for the sync tests: journals on one machine, a folder each, and a sync tool."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.factory import open_service
from ketajournal.service import JournalService
from ketajournal.service.transfer import export_document

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def journal(
    tmp_path: Path, name: str, clock: FixedClock | None = None, **kw: Any
) -> JournalService:
    return open_service(tmp_path / name / "kj.db", clock or FixedClock(START), **kw)


def records(svc: JournalService) -> dict[str, list[dict[str, Any]]]:
    """What `export data --format json` holds (the export time aside), each table by id
    (the order rows were written in is each journal's own)."""
    found = export_document(svc.store, START)["records"]
    found["setting"] = [r for r in found["setting"] if not r["key"].startswith("draft:")]
    return {table: sorted(rows, key=lambda r: r["id"]) for table, rows in found.items()}


def bodies(svc: JournalService) -> dict[str, str]:
    return {str(e.id): e.body for e in svc.store.find(m.JournalEntry)}


def copy_folder(source: Path, target: Path) -> None:
    """What a sync tool does: every file of `source`'s sync folder, complete, in `target`."""
    shutil.copytree(source, target, dirs_exist_ok=True)


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def tick(clock: FixedClock) -> None:
    clock.advance(timedelta(seconds=1))
