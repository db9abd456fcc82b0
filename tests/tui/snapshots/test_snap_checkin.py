"""Snapshots of the check-in hub and a PHQ-9, item by item to its result, at 80x24."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, ContentSwitcher, DataTable, Input, OptionList

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.factory import open_service
from ketajournal.screens.checkin import CheckinScreen
from ketajournal.screens.safety import SafetyScreen
from ketajournal.screens.scale import ScaleScreen
from tests.tui.conftest import settle
from tests.tui.snapshots.conftest import SnapCompare, flat, seed_journal, shown, snapshot

PHQ9 = (1, 2, 1, 2, 1, 1, 2, 1, 0)  # 11 of 27: moderate; item 9 not endorsed


def with_history(db_path: Path, clock: FixedClock) -> None:
    """The plan and contacts; a mood check-in yesterday; three scores in the last weeks."""
    seed_journal(db_path, clock)
    svc = open_service(db_path, clock)
    now = clock.now()
    svc.checkins.mood(6, anxiety=3, sleep_hours=7.5, energy=5, at=now - timedelta(days=1))
    svc.checkins.clinician_score("madrs", 22, at=now - timedelta(days=20))
    svc.checkins.scale("phq9", [1, 2, 1, 2, 1, 1, 2, 1, 1], at=now - timedelta(days=14))
    svc.checkins.scale("gad7", [1, 1, 1, 1, 1, 1, 1], at=now - timedelta(days=7))
    svc.close()


async def open_hub(pilot: Pilot[object]) -> CheckinScreen:
    await settle(pilot)
    await pilot.app.run_action("go('checkin')")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CheckinScreen)
    return screen


async def start_phq9(pilot: Pilot[object]) -> ScaleScreen:
    await open_hub(pilot)
    await pilot.press("p")  # from the mood field: a letter reaches the hub's keys
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ScaleScreen) and screen.kind is m.ScaleKind.PHQ9
    return screen


def test_checkin_hub(snap_compare: SnapCompare, db_path: Path, clock: FixedClock) -> None:
    with_history(db_path, clock)
    app = KetaJournalApp(db_path, clock)

    async def check(pilot: Pilot[object]) -> None:
        screen = await open_hub(pilot)
        assert screen.query_one("#mood", Input).has_focus
        table = screen.query_one("#scale-history", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows == [
            ["2026-02-23", "GAD-7", "7/21", "mild", "you", ""],
            ["2026-02-16", "PHQ-9", "12/27", "moderate", "you", "item 9: for your care team"],
            ["2026-02-10", "MADRS", "22/60", "-", "clinician", ""],
        ]
        text = flat(shown(app))
        assert "How are you right now?" in text
        assert "Last check-in: Sun 1 Mar, 09:00 · mood 6, anxiety 3, sleep 7.5 h, energy 5" in text
        assert "PHQ-9 depression (p)" in text and "GAD-7 anxiety (g)" in text
        assert "A score from your clinician (c)" in text
        assert "Your scale scores, newest first" in text

    snapshot(snap_compare, app, check)


def test_checkin_phq9_item(snap_compare: SnapCompare, db_path: Path, clock: FixedClock) -> None:
    seed_journal(db_path, clock)
    app = KetaJournalApp(db_path, clock)

    async def check(pilot: Pilot[object]) -> None:
        screen = await start_phq9(pilot)
        await pilot.press("1", "2")  # two items answered: on to the third
        await settle(pilot)
        assert screen.index == 2 and screen.answers[:3] == [1, 2, None]
        options = screen.query_one("#scale-answers", OptionList)
        assert options.has_focus and options.highlighted is None
        text = flat(shown(app))
        # (The screenshot leaves out the plain spaces between differently styled marks.)
        assert "PHQ-9 · item 3 of 9 ■■●○○○○○○" in text
        assert "Over the last 2 weeks" in text
        assert "3. Trouble falling or staying asleep, or sleeping too much" in text
        for n, answer in enumerate(
            ("Not at all", "Several days", "More than half the days", "Nearly every day")
        ):
            assert f"{n} {answer}" in text
        assert "Press 0 to 3, or the arrows and enter." in text
        assert "Drs. Spitzer, Williams, Kroenke" in text  # the credit, docked at the bottom

    snapshot(snap_compare, app, check)


def test_checkin_phq9_result(snap_compare: SnapCompare, db_path: Path, clock: FixedClock) -> None:
    seed_journal(db_path, clock)
    app = KetaJournalApp(db_path, clock)

    async def check(pilot: Pilot[object]) -> None:
        screen = await start_phq9(pilot)
        await pilot.press(*(str(answer) for answer in PHQ9))
        await settle(pilot)
        assert not any(isinstance(s, SafetyScreen) for s in app.screen_stack)
        assert screen.query_one("#scale-views", ContentSwitcher).current == "scale-result"
        assert screen.result is not None, "the answers were not saved"
        assert (screen.result.score, screen.result.band) == (11, "moderate")
        assert screen.query_one("#scale-done", Button).has_focus
        assert not screen.query_one("#result-flag").display
        text = flat(shown(app))
        assert "PHQ-9 · result ■■■■■■■■■" in text
        assert "Your PHQ-9 total: 11 of 27 · moderate" in text
        assert "A score of 10 to 14 is in the moderate range." in text
        assert "it is not a diagnosis" in text
        assert "Saved. It is listed in your check-in history." in text
        assert "flagged" not in text

    snapshot(snap_compare, app, check)
