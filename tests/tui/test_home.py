"""The TUI opens on the home screen, fills it from a worker, and fails cleanly on a bad path."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from textual.widgets import Static
from textual.worker import WorkerCancelled

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.factory import open_service
from ketajournal.screens.home import HomeScreen


def _summary_text(app: KetaJournalApp) -> str:
    return str(app.screen.query_one("#summary", Static).render())


async def test_first_run_greets_and_points_to_the_plan(db_path: Path, clock: FixedClock) -> None:
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = _summary_text(app)
        assert "No plan recorded yet" in text
        assert app.theme == "ketajournal-calm"
    assert db_path.exists()


async def test_home_shows_plan_dose_and_next_due(db_path: Path, clock: FixedClock) -> None:
    svc = open_service(db_path, clock)
    svc.plan.set(form="solution", concentration_mg_per_ml=50, prescriber="Dr. [bold]Lee[/]")
    svc.plan.add_dose_step(100, "start low")
    svc.plan.add_phase("induction", 7)
    svc.close()
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = _summary_text(app)
        assert "Prescribed dose: 100 mg" in text
        assert "Next session due" in text
        assert "Dr. [bold]Lee[/]" in text  # user text shown as text, never markup


async def test_bad_database_path_exits_with_one_line_error(tmp_path: Path) -> None:
    folder = tmp_path / "a-directory"
    folder.mkdir()
    app = KetaJournalApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        # The app exits on this path, which cancels its workers at shutdown.
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 1
    assert app.error is not None and "is a directory" in app.error
    assert os.listdir(folder) == []
