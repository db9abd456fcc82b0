"""The app shell and home: first run, the plan at a glance, failure on a bad path, theme."""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import Static

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.factory import open_service
from ketajournal.screens.home import HomeScreen
from ketajournal.screens.plan import PlanScreen
from ketajournal.screens.prepare import PrepareScreen
from tests.tui.conftest import screen_text, seed, settle


def _text(app: KetaJournalApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_first_run_greets_and_leads_to_the_plan(db_path: Path, clock: FixedClock) -> None:
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Set up your plan and contacts (t)" in _text(app, "#greeting")
        assert "No schedule recorded yet" in _text(app, "#next-card")
        assert "No session recorded yet" in _text(app, "#since-card")
        assert app.theme == "ketajournal-calm"
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert db_path.exists()


async def test_home_shows_dose_next_due_and_mood_trend(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock)
    svc = open_service(db_path, clock)
    svc.plan.set(prescriber="Dr. [bold]Lee[/]")
    for mood in (3, 5, 6):
        svc.checkins.mood(mood)
    svc.close()
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        card = _text(app, "#next-card")
        assert "Prescribed dose 150 mg" in card
        assert "Due " in card and "(today)" in card
        mood = " ".join(screen_text(app).split())
        # Three check-ins on one day: one day, said in words, not a line across the width.
        assert "Mood, last 8 weeks: 1 day with a check-in (a line from 4) 4.7 today" in mood
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PrepareScreen)


async def test_a_bad_database_path_exits_with_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "a-directory"
    folder.mkdir()
    app = KetaJournalApp(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert app.return_code == 1
    assert app.error is not None and "is a directory" in app.error
    assert os.listdir(folder) == []


async def test_a_chosen_theme_is_remembered(db_path: Path, clock: FixedClock) -> None:
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await settle(pilot)
    again = KetaJournalApp(db_path, clock)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_command_palette_lists_every_main_action(db_path: Path, clock: FixedClock) -> None:
    from ketajournal.commands import ACTIONS
    from ketajournal.sections import SECTIONS

    titles = {title for title, _, _ in ACTIONS}
    assert {s.title for s in SECTIONS} <= titles  # the one registry: every section is there
    for wanted in (
        "Prepare for a session",
        "Past sessions",
        "Treatment plan and contacts",
        "Help and contacts",
        "Hide the screen",
    ):
        assert wanted in titles
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.run_action("go('plan')")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        await app.run_action("go('home')")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_choosing_an_action_with_arrows_and_enter(db_path: Path, clock: FixedClock) -> None:
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*["down"] * 7, "enter")  # the eighth: the plan
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press(*["up"] * 7, "enter")  # back up to the first: prepare
        await settle(pilot)
        assert isinstance(app.screen, PrepareScreen)


async def test_due_prompts_are_listed_on_home(db_path: Path, clock: FixedClock) -> None:
    from datetime import timedelta

    seed(db_path, clock)
    svc = open_service(db_path, clock)
    svc.sessions.start(150)
    clock.advance(timedelta(hours=2))
    svc.sessions.end()
    svc.close()
    clock.advance(timedelta(days=1))  # the immediate and the full reflection are due
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        card = _text(app, "#since-card")
        assert "Waiting (r): a few words after the session, +1" in " ".join(card.split())
