"""The app syncs on opening (in a worker, a quiet line in the header) and on quitting."""

from __future__ import annotations

from pathlib import Path

from ketajournal.app import KetaJournalApp, _sync_and_close
from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.factory import open_service
from ketajournal.screens.home import HomeScreen
from tests.sync.support import START, journal
from tests.tui.conftest import settle


def _two(tmp_path: Path, clock: FixedClock) -> tuple[Path, Path]:
    folder = tmp_path / "Sync"
    folder.mkdir()
    a, b = journal(tmp_path, "laptop", clock), journal(tmp_path, "desktop", clock)
    a.sync.init(folder, tmp_path / "key", name="laptop")
    b.sync.join(folder, (tmp_path / "key").read_text(), name="desktop")
    a.journal.add("written on the laptop")
    a.sync.run()
    paths = a.store.path, b.store.path
    a.close()
    b.close()
    return paths


async def test_opening_the_app_syncs_and_says_so_quietly(tmp_path: Path) -> None:
    clock = FixedClock(START)
    _, desktop = _two(tmp_path, clock)
    app = KetaJournalApp(desktop, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.sub_title == "synced just now with laptop"
        assert [e.body for e in app.svc.store.find(m.JournalEntry)] == ["written on the laptop"]


async def test_an_app_without_sync_shows_nothing_about_it(db_path: Path, clock) -> None:
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.sub_title == ""


def test_quitting_syncs_once_the_screen_is_gone(tmp_path: Path) -> None:
    clock = FixedClock(START)
    laptop, desktop = _two(tmp_path, clock)
    svc = open_service(laptop, clock)
    svc.journal.add("written just before quitting")
    _sync_and_close(svc)
    other = open_service(desktop, clock)
    other.sync.run()
    assert len(other.store.find(m.JournalEntry)) == 2
    other.close()
