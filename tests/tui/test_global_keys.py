"""Keys that work everywhere: the privacy blank and the help overlay with the contacts."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.factory import open_service
from ketajournal.screens.privacy import PrivacyScreen
from ketajournal.screens.safety import SafetyScreen
from ketajournal.screens.screen_help import ScreenHelp
from tests.tui.conftest import CANARY, screen_text, seed, settle


async def test_privacy_key_hides_every_piece_of_text_and_restores_it(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock)
    svc = open_service(db_path, clock)
    svc.plan.set(medication=f"Ketamine {CANARY}")
    svc.close()
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert CANARY in screen_text(app)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, PrivacyScreen)
        hidden = screen_text(app)
        for word in (CANARY, "Ketamine", "Prescribed", "Quit", "Welcome"):
            assert word not in hidden
        await pilot.press("f1")  # nothing may open on top of the blank
        await settle(pilot)
        assert isinstance(app.screen, PrivacyScreen)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert not isinstance(app.screen, PrivacyScreen)
        assert CANARY in screen_text(app)
        await pilot.press("f12")
        await settle(pilot)
        assert CANARY not in screen_text(app)


@pytest.mark.parametrize("section", ["home", "plan", "prepare", "journal"])
async def test_help_overlay_opens_from_every_screen(
    db_path: Path, clock: FixedClock, section: str
) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if section != "home":
            await app.run_action(f"go('{section}')")
            await settle(pilot)
        under = type(app.screen)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, SafetyScreen)
        shot = screen_text(app)
        assert "Sam" in shot and "555-0100" in shot and "Dr. Lee" in shot
        assert "emergency" in shot.lower()
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen) is under
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ScreenHelp)
        assert "About this screen" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen) is under
