"""The app's promises about keys and words: quitting keeps every draft, f2 names the screen
as people know it, a person's own keymap applies, the palette has no screenshot, text
typed fast after Tab lands in the next field, and the session says what it measures."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, TextArea

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.factory import open_service
from ketajournal.screens.confirm import ConfirmDialog
from ketajournal.screens.journal import JournalScreen
from ketajournal.screens.journal_entry import JournalEntryScreen
from ketajournal.screens.plan import PlanScreen
from ketajournal.screens.scale import ScaleScreen
from ketajournal.screens.screen_help import ScreenHelp
from ketajournal.screens.session import SessionScreen, bp_reminder
from tests.tui.conftest import screen_text, seed, settle


def _flat(app: KetaJournalApp) -> str:
    return " ".join(screen_text(app).split())


async def test_ctrl_q_keeps_a_draft_typed_a_moment_ago(db_path: Path, clock: FixedClock) -> None:
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(JournalScreen())
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, JournalEntryScreen)
        await pilot.press(*"typed just now")
        await pilot.press("ctrl+q")  # well before the quiet moment a draft waits for
        await settle(pilot)
    assert app.return_code == 0
    svc = open_service(db_path, clock)
    kept = svc.drafts.journal(None)
    svc.close()
    assert kept is not None and kept.draft.body == "typed just now"


async def test_a_half_answered_phq9_is_offered_back(db_path: Path, clock: FixedClock) -> None:
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c", "p")
        await settle(pilot)
        await pilot.press("1", "2", "1")
        await settle(pilot)
        assert "item 4 of 9" in screen_text(app)
        await pilot.press("ctrl+q")
        await settle(pilot)
    again = KetaJournalApp(db_path, clock)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Unfinished: PHQ-9 (c)" in _flat(again)
        await pilot.press("c", "p")
        await settle(pilot)
        assert isinstance(again.screen, ConfirmDialog)
        assert "answered 3 of 9 items" in _flat(again)
        await pilot.press("y")
        await settle(pilot)
        scale = again.screen
        assert isinstance(scale, ScaleScreen) and scale.answers[:4] == [1, 2, 1, None]
        assert "item 4 of 9" in screen_text(again)
        await pilot.press("0", "0", "0", "0", "0", "0")  # the rest: the score is saved
        await settle(pilot)
        assert "Your PHQ-9 total: 4 of 27" in screen_text(again)
    svc = open_service(db_path, clock)
    results, kept = svc.checkins.scales(), svc.drafts.scale("phq9")
    svc.close()
    assert [r.answers for r in results] == [(1, 2, 1, 0, 0, 0, 0, 0, 0)] and kept is None


async def test_starting_again_drops_the_earlier_answers(db_path: Path, clock: FixedClock) -> None:
    svc = open_service(db_path, clock)
    svc.drafts.keep_scale("gad7", [3, 3])
    svc.close()
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c", "g")
        await settle(pilot)
        await pilot.press("n")  # start again
        await settle(pilot)
        assert "GAD-7 · item 1 of 7" in screen_text(app)
    svc = open_service(db_path, clock)
    assert svc.drafts.scale("gad7") is None
    svc.close()


async def test_f2_names_the_screen_as_people_know_it_and_how_to_switch_tabs(
    db_path: Path, clock: FixedClock
) -> None:
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        app.push_screen(JournalEntryScreen(None))
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ScreenHelp)
        text = _flat(app)
        assert "About this screen: Journal entry" in text and "JournalEntry" not in text
        await pilot.press("escape", "escape")
        await settle(pilot)
        await app.run_action("go('plan')")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("f2")
        await settle(pilot)
        text = _flat(app)
        assert "About this screen: Treatment plan and contacts" in text
        assert "To switch tabs, press 1 to 4" in text
        await pilot.press("escape")
        await settle(pilot)
        await app.run_action("go('progress')")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert "1-4 Range" in _flat(app)  # the keys as shown, not "1"


async def test_digits_switch_the_plans_tabs_outside_a_field(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("4")  # typed into the medication field: its own
        assert app.screen.query_one("#medication", Input).value == "Ketamine HCl4"
        app.screen.query_one("#save-plan").focus()
        await pilot.press("4")
        await settle(pilot)
        assert app.screen.query_one("#plan-tabs").active == "tab-contacts"  # type: ignore[attr-defined]


async def test_a_keymap_in_the_config_folder_remaps_by_binding_id(
    db_path: Path, clock: FixedClock, private_paths: Path
) -> None:
    keymap = private_paths / "config" / "ketajournal" / "keymap.toml"
    keymap.parent.mkdir(parents=True)
    keymap.write_text('"home.journal" = "J"\n')
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert not isinstance(app.screen, JournalScreen)  # j is no longer the journal
        await pilot.press("J")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)


async def test_a_broken_keymap_changes_nothing_and_says_so(
    db_path: Path, clock: FixedClock, private_paths: Path
) -> None:
    keymap = private_paths / "config" / "ketajournal" / "keymap.toml"
    keymap.parent.mkdir(parents=True)
    keymap.write_text('"home.journal" = \n')
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert any("not a keymap" in str(n.message) for n in app._notifications)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)


async def test_the_palette_offers_no_screenshot(db_path: Path, clock: FixedClock) -> None:
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        from textual.app import App

        builtin = [command.title for command in App.get_system_commands(app, app.screen)]
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Screenshot" in builtin  # Textual offers it; this app does not
        assert "Screenshot" not in titles and "Quit" in titles


async def test_text_typed_fast_after_tab_lands_in_the_next_field(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(JournalEntryScreen(None))
        await settle(pilot)
        await pilot.press("shift+tab")  # to the title
        # As a text expander (or tmux) sends them: every key at once, the way the terminal
        # driver hands keys to the app, none waiting for the one before to be handled.
        burst = [*"Title", "tab", *"body text"]
        for key in burst:
            character = "\t" if key == "tab" else key
            app.post_message(events.Key("space" if key == " " else key, character))
        await settle(pilot)
        screen = app.screen
        assert screen.query_one("#entry-title", Input).value == "Title"
        assert screen.query_one("#entry-body", TextArea).text == "body text"


async def test_a_tick_typed_fast_after_tab_ticks_the_box_it_was_meant_for(
    db_path: Path, clock: FixedClock
) -> None:
    """Space on a checkbox is resolved as a binding once the key is handled: a Tab moving
    the focus meanwhile would tick the next box instead (and untick it with the next space)."""
    from ketajournal.screens.prepare import PrepareScreen

    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PrepareScreen)
        for key, character in (("space", " "), ("tab", "\t"), ("space", " ")):
            app.post_message(events.Key(key, character))
        await settle(pilot)
        ticks = [box.value for box in app.screen.query_one("#step-timing").query("Checkbox")]
        assert ticks == [True, True, False, False]


async def test_the_session_says_its_time_and_the_reminder_its_minute(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock, bp=True)
    svc = open_service(db_path, clock)
    svc.settings.set("bp_prompt_minutes", 25)
    svc.sessions.start(150)
    svc.close()
    clock.advance(timedelta(minutes=26))
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert "26 minutes in" in screen_text(app)
        messages = [str(n.message) for n in app._notifications]
        assert any(message.startswith("About 25 minutes in:") for message in messages)
        assert not any("40 minutes" in message for message in messages)


@pytest.mark.parametrize(
    ("minutes", "said"),
    [(1, "About 1 minute in:"), (40, "About 40 minutes in:"), (90, "About 1 hour 30 minutes in:")],
)
def test_the_reminder_says_its_minute_as_people_do(minutes: int, said: str) -> None:
    assert bp_reminder(minutes).startswith(said)


async def test_the_other_sensation_is_named(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock)
    svc = open_service(db_path, clock)
    session = svc.sessions.start(150)
    svc.close()
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("m", "8")
        await settle(pilot)
        assert "What was it?" in screen_text(app)
        await pilot.press(*"tingling lips", "enter")
        await settle(pilot)
        assert "How strong is it (tingling lips)?" in screen_text(app)
        await pilot.press("1")
        await settle(pilot)
        assert "Marked tingling lips (mild)" in screen_text(app)
    svc = open_service(db_path, clock)
    marks = [
        (e.sensation, e.text) for e in svc.sessions.events(session.id) if e.kind is m.EventKind.MARK
    ]
    svc.close()
    assert marks == [(m.Sensation.OTHER, "tingling lips")]
