"""The check-in hub and the PHQ-9/GAD-7 screens, driven with the keyboard."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, DataTable, Static

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.factory import open_service
from ketajournal.screens.checkin import CheckinScreen
from ketajournal.screens.home import HomeScreen
from ketajournal.screens.safety import SafetyScreen
from ketajournal.screens.scale import ScaleScreen
from tests.tui.conftest import screen_text, seed, settle


async def _open(app: KetaJournalApp, pilot: Pilot[object]) -> CheckinScreen:
    await settle(pilot)
    assert isinstance(app.screen, HomeScreen)
    await pilot.press("c")  # home's check-in key
    await settle(pilot)
    assert isinstance(app.screen, CheckinScreen)
    return app.screen


async def _start(app: KetaJournalApp, pilot: Pilot[object], key: str) -> ScaleScreen:
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(app.screen, ScaleScreen)
    return app.screen


def _scales(db_path: Path, clock: FixedClock, kind: str | None = None) -> list[m.ScaleResult]:
    svc = open_service(db_path, clock)
    try:
        return svc.checkins.scales(kind)
    finally:
        svc.close()


async def test_a_mood_check_in_is_stored_with_all_its_fields(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        # The letters of the note (a "p", a "g") are typed, not taken as keys.
        note = "slept poorly, [bold]gentle[/] walk"
        await pilot.press("6", "tab", "3", "tab", "7", ".", "5", "tab", "5", "tab", *note)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        text = screen_text(app)
        assert "Saved at" in text and "mood 6, anxiety 3, sleep 7.5 h, energy 5" in text
    svc = open_service(db_path, clock)
    moods = svc.checkins.moods()
    svc.close()
    assert len(moods) == 1
    mood = moods[0]
    assert (mood.mood, mood.anxiety, mood.sleep_hours, mood.energy) == (6, 3, 7.5, 5)
    assert mood.note == note and mood.at == clock.now()


async def test_a_mood_out_of_range_is_refused_in_one_line(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        await pilot.press("tab", "4", "enter")  # anxiety without a mood
        await settle(pilot)
        assert "Mood: must be a whole number from 0 to 10 (the one needed)" in screen_text(app)
        assert screen.focused is screen.query_one("#mood")  # back to the field it is about
        await pilot.press("1", "2", "enter")
        await settle(pilot)
        note = screen.query_one("#mood-error", Static)  # right under the row, one line
        assert note.has_class("-error") and note.size.height == 1
        assert "Mood: must be a whole number from 0 to 10 (got '12')" in screen_text(app)
        await pilot.press("backspace", "backspace", "7")
        await settle(pilot)
        assert not note.has_class("-error")  # changed: the refusal is gone
    svc = open_service(db_path, clock)
    assert svc.checkins.moods() == []
    svc.close()


async def test_a_full_phq9_item_by_item(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        scale = await _start(app, pilot, "p")  # from the mood field: letters reach the keys
        text = screen_text(app)
        assert "PHQ-9 · item 1 of 9" in text
        assert "Over the last 2 weeks" in text and "Little interest or pleasure" in text
        assert "Not at all" in text and "Nearly every day" in text
        await pilot.press("1", "2")
        assert "item 3 of 9" in screen_text(app)
        assert "Trouble falling or staying asleep" in screen_text(app)
        await pilot.press("1", "2")
        await pilot.press("down", "down", "enter")  # item 5 with the arrows: 1 Several days
        await pilot.press("1", "2", "1", "0")
        await settle(pilot)
        assert not any(isinstance(s, SafetyScreen) for s in app.screen_stack)
        text = screen_text(app)
        assert "Your PHQ-9 total: 11 of 27 · moderate" in text
        assert "A score of 10 to 14 is in the moderate range." in text
        assert "it is not a diagnosis" in text
        assert "Saved." in text and "flagged" not in text
        await pilot.press("enter")  # Done: back to the hub, whose history now lists it
        await settle(pilot)
        assert isinstance(app.screen, CheckinScreen) and app.screen is not scale
        assert "11/27" in screen_text(app)
    (result,) = _scales(db_path, clock)
    assert result.scale is m.ScaleKind.PHQ9 and result.rated_by == "self"
    assert result.answers == (1, 2, 1, 2, 1, 1, 2, 1, 0)
    assert (result.score, result.band, result.item9_positive) == (11, "moderate", False)


async def test_a_gad7(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        await _start(app, pilot, "g")
        text = screen_text(app)
        assert "GAD-7 · item 1 of 7" in text and "Feeling nervous, anxious or on edge" in text
        await pilot.press("2", "2", "1", "1", "0", "1")
        assert "item 7 of 7" in screen_text(app)
        await pilot.press("2")
        await settle(pilot)
        text = screen_text(app)
        assert "Your GAD-7 total: 9 of 21 · mild" in text
        assert "A score of 5 to 9 is in the mild range." in text
    (result,) = _scales(db_path, clock, "gad7")
    assert result.answers == (2, 2, 1, 1, 0, 1, 2)
    assert (result.score, result.band) == (9, "mild")


async def test_phq9_item_9_shows_contacts_at_once_and_is_flagged(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        scale = await _start(app, pilot, "p")
        await pilot.press(*"00000000")
        assert "item 9 of 9" in screen_text(app)
        await pilot.press("1")
        # At once, before anything else: the safety overlay, over the question.
        assert isinstance(app.screen, SafetyScreen)
        assert scale.query_one("#scale-views", ContentSwitcher).current == "scale-question"
        await settle(pilot)
        text = screen_text(app)
        assert "Sam" in text and "555-0100" in text
        assert "Dr. Lee" in text and "555-0199" in text
        assert "emergency" in text and "crisis line" in text
        # Already stored, even before the overlay is closed: the flag must not be lost.
        (result,) = _scales(db_path, clock)
        assert result.item9_positive and result.answers == (0,) * 8 + (1,)
        assert (result.score, result.band) == (1, "minimal")
        await pilot.press("escape")  # the person continues: to the result
        await settle(pilot)
        assert app.screen is scale
        assert scale.query_one("#scale-views", ContentSwitcher).current == "scale-result"
        text = screen_text(app)
        assert "Your PHQ-9 total: 1 of 27 · minimal" in text
        assert "flagged for your care team" in text


async def test_going_back_changes_an_earlier_answer(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        await _start(app, pilot, "p")
        await pilot.press("3", "2")
        assert "item 3 of 9" in screen_text(app)
        await pilot.press("escape")
        text = screen_text(app)
        assert "item 2 of 9" in text and "Your answer so far: 2 More than half the days" in text
        await pilot.press("1")  # changed: 2 -> 1
        await pilot.press("backspace", "backspace")  # backspace goes back too
        assert "item 1 of 9" in screen_text(app)
        await pilot.press("enter")  # the earlier answer is highlighted: enter keeps 3
        await pilot.press("enter")  # and keeps the changed 1
        assert "item 3 of 9" in screen_text(app)
        await pilot.press(*"0000000")
        await settle(pilot)
        assert "Your PHQ-9 total: 4 of 27 · minimal" in screen_text(app)
    (result,) = _scales(db_path, clock)
    assert result.answers == (3, 1, 0, 0, 0, 0, 0, 0, 0)


async def test_leaving_at_the_first_item_stores_nothing(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        hub = await _open(app, pilot)
        await _start(app, pilot, "g")
        await pilot.press("1", "escape", "escape")
        await settle(pilot)
        assert app.screen is hub
    assert _scales(db_path, clock) == []


async def test_a_madrs_score_with_a_date(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        await pilot.press("c")  # from the mood field to the clinician score
        assert app.focused is screen.query_one("#clinician-score")
        await pilot.press("2", "2", "tab", *"2026-02-20", "enter")
        await settle(pilot)
        text = screen_text(app)
        assert "Recorded: MADRS 22, 2026-02-20." in text
        table = screen.query_one("#scale-history", DataTable)
        assert [str(c) for c in table.get_row_at(0)][:5] == [
            "2026-02-20",
            "MADRS",
            "22/60",
            "-",
            "clinician",
        ]
    (result,) = _scales(db_path, clock, "madrs")
    assert result.score == 22 and result.rated_by == "clinician"
    assert result.answers is None and result.band is None and result.note is None
    assert result.at == datetime(2026, 2, 20).astimezone().astimezone(UTC)


async def test_an_out_of_range_clinician_score_is_refused(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        await pilot.press("c", "7", "0", "enter")
        await settle(pilot)
        message = "MADRS score: must be a whole number from 0 to 60 (got '70')"
        assert message in screen_text(app)
        note = screen.query_one("#clinician-error", Static)
        assert note.has_class("-error") and note.size.height == 1
        assert "\n" not in str(note.render())
        await pilot.press("tab", *"next week", "enter")  # a date it cannot read
        await settle(pilot)
        assert "Date: must be a day or time, for example" in screen_text(app)
        # A date out of the range every part handles: one line, nothing stored, no freeze.
        await pilot.press("shift+tab", "backspace", "backspace", "2", "2", "tab")
        await pilot.press(*["backspace"] * 9, *"0999-01-01", "enter")
        await settle(pilot)
        assert "Date: must be a date and time from 1900 to 2200" in screen_text(app)
    assert _scales(db_path, clock) == []


async def test_the_history_lists_past_scores_newest_first(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock)
    svc = open_service(db_path, clock)
    svc.checkins.scale("phq9", [1, 2, 1, 2, 1, 1, 2, 1, 1], at=clock.now() - timedelta(days=14))
    svc.checkins.scale("gad7", [1, 1, 1, 1, 1, 1, 1], at=clock.now() - timedelta(days=7))
    svc.checkins.clinician_score("cadss", 40, at=clock.now() - timedelta(days=20))
    svc.close()
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        table = screen.query_one("#scale-history", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        day = (clock.now() - timedelta(days=7)).astimezone().strftime("%Y-%m-%d")
        assert rows[0] == [day, "GAD-7", "7/21", "mild", "you", ""]
        assert rows[1][1:] == ["PHQ-9", "12/27", "moderate", "you", "item 9: for your care team"]
        assert rows[2][1:5] == ["CADSS", "40/92", "-", "clinician"]
        text = screen_text(app)
        assert "GAD-7" in text and "moderate" in text and "40/92" in text


async def test_an_empty_history_says_how_to_start(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        assert "No scale scores yet: press p for a PHQ-9" in screen_text(app)
