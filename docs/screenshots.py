"""Regenerates the README's screenshots (SVG, Textual's own screenshot) from the demo.

    .venv/bin/python docs/screenshots.py

Deterministic: the demo journey with its default seed, seen at a fixed instant.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.worker import WorkerCancelled

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.factory import open_service
from ketajournal.service.demo import write_demo

DOCS = Path(__file__).resolve().parent
NOW = datetime(2026, 11, 27, 19, 30, tzinfo=UTC)
SIZE = (100, 30)


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def shoot(db: Path, clock: FixedClock, name: str, go: str | None = None) -> None:
    app = KetaJournalApp(db, clock)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        if go:
            app.action_go(go)
            await _settle(pilot)
        await pilot.pause(0.5)
        app.save_screenshot(str(DOCS / f"{name}.svg"))
        print(f"wrote docs/{name}.svg")


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        svc = open_service(db, FixedClock(NOW - timedelta(minutes=30)))
        write_demo(svc, years=1)
        svc.close()
        clock = FixedClock(NOW)
        await shoot(db, clock, "screenshot-home")
        await shoot(db, clock, "screenshot-journal", "journal")
        svc = open_service(db, FixedClock(NOW - timedelta(minutes=38)))
        svc.sessions.start(175)  # 38 minutes before NOW: in the experience phase
        svc.close()
        await shoot(db, clock, "screenshot-session")


if __name__ == "__main__":
    asyncio.run(main())
