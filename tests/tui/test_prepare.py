"""The preparation wizard: a full keyboard walk, resuming a draft, deviations, inert text."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Input, RadioButton, RadioSet, TextArea

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.domain.summary.attention import needs_attention
from ketajournal.factory import open_service
from ketajournal.screens.prepare import PrepareScreen
from ketajournal.screens.session import SessionScreen
from ketajournal.service.sessions import Preparation
from ketajournal.service.summary import gather, reader_for
from ketajournal.text import safe_text
from tests.tui.conftest import click, screen_text, seed, settle


async def _open_wizard(app: KetaJournalApp, pilot: object) -> PrepareScreen:
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("p")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, PrepareScreen)
    return app.screen


def _stored(db_path: Path, clock: FixedClock) -> m.Session:
    svc = open_service(db_path, clock)
    sessions = svc.store.find(m.Session, order_by="created_at")
    svc.close()
    assert len(sessions) == 1
    return sessions[0]


async def test_the_whole_preparation_with_the_keyboard(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock, bp=True)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_wizard(app, pilot)
        assert "Step 1 of 8 · Timing" in screen_text(app)
        await pilot.press("space", "tab", "space", "ctrl+n")  # two timing checks
        assert "Step 2 of 8 · Body" in screen_text(app)
        await pilot.press(*"-5h", "tab", *"sertraline 50 mg", "ctrl+n")
        await pilot.press("space", "tab", "space", "ctrl+n")  # setting: first two ready
        # Support opens with the cursor already on the first person (Sam), so Enter chooses
        # Sam at once; "down" first would move on to Dr. Lee.
        await pilot.press("enter", "ctrl+n")
        await pilot.press(*"I am open to what comes up", "ctrl+n")
        await pilot.press("4", "tab", "6", "tab", *"120/80", "ctrl+n")
        await settle(pilot)  # the dose step's body is built after its title (seen in CI)
        assert "Your prescribed dose: 150 mg" in screen_text(app)
        await pilot.press("ctrl+n")  # the prescribed dose is pre-filled
        await settle(pilot)
        review = screen_text(app)
        assert "Step 8 of 8 · Review" in review
        assert "Sam" in review and "sertraline 50 mg" in review and "150 mg" in review
        await pilot.press("enter")  # Begin session: the calm session view opens
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
    s = _stored(db_path, clock)
    assert s.status is m.SessionStatus.RUNNING
    assert [c.done for c in s.timing_checks] == [True, True, False, False]
    assert s.last_meal_at == clock.now() - timedelta(hours=5)
    assert s.medications_today == ("sertraline 50 mg",)
    assert [c.done for c in s.setting_checklist][:3] == [True, True, False]
    assert s.support_name == "Sam" and s.support_contact_id is not None
    assert s.intention == "I am open to what comes up"
    assert (s.mood_before, s.anxiety_before) == (4, 6)
    assert (s.bp_before_systolic, s.bp_before_diastolic) == (120, 80)
    assert s.taken_dose_mg == s.prescribed_dose_mg == 150.0 and not s.dose_differs
    assert s.sip_started_at == clock.now() and s.skipped_steps == ()


async def test_closing_mid_way_loses_nothing_and_reopening_continues(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_wizard(app, pilot)
        await pilot.press("space", "ctrl+n")
        await pilot.press(*"07:30", "ctrl+n")  # saved on every step change
        await settle(pilot)
        # Typing without moving on is saved too, shortly after the typing stops.
        app.screen.query_one("#new-item", Input).focus()
        await pilot.press("tab")
        await settle(pilot)
        app.exit()
    again = KetaJournalApp(db_path, clock)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Continue your preparation" in screen_text(again)
        screen = await _open_wizard(again, pilot)
        text = screen_text(again)
        assert "Step 3 of 8 · Setting" in text  # the first step not yet done
        await pilot.press("escape")  # back to Body: what was typed is there
        assert screen.query_one("#last-meal", Input).value.endswith("07:30")
    s = _stored(db_path, clock)
    assert s.status is m.SessionStatus.PREPARING
    assert s.timing_checks[0].done is True
    assert s.last_meal_at is not None


async def test_a_relative_meal_time_stays_the_time_it_named(
    db_path: Path, clock: FixedClock
) -> None:
    """ "-4h" means four hours before it was typed, not before each pass through the step."""
    seed(db_path, clock)
    typed_at = clock.now()
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_wizard(app, pilot)
        await pilot.press("ctrl+n", *"-4h", "ctrl+n")
        await settle(pilot)
        clock.advance(timedelta(minutes=7))
        await pilot.press("escape")  # back to Body, then on again, minutes later
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        app.exit()
    assert _stored(db_path, clock).last_meal_at == typed_at - timedelta(hours=4)


async def test_up_and_down_move_along_the_ticks(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_wizard(app, pilot)
        await pilot.press("space", "down", "space", "down", "down", "up", "space", "ctrl+n")
        await settle(pilot)
        app.exit()
    assert [c.done for c in _stored(db_path, clock).timing_checks] == [True, True, True, False]


SUPPORT = 3  # the index of the Support step
CHOSEN = "▐●▌"  # a chosen person's radio button, as it reads on screen


def _draft_with_support(db_path: Path, clock: FixedClock, name: str) -> dict[str, m.Contact]:
    """A saved draft where `name` was chosen as the support person; the contacts by name."""
    svc = open_service(db_path, clock)
    contacts = {c.name: c for c in svc.contacts.list()}
    draft = svc.sessions.prepare()
    svc.sessions.update_draft(draft.id, Preparation(support_contact_id=contacts[name].id))
    svc.close()
    return contacts


async def _support_step(app: KetaJournalApp, pilot: object) -> PrepareScreen:
    screen = await _open_wizard(app, pilot)
    screen.show_step(SUPPORT)
    await settle(pilot)  # type: ignore[arg-type]
    assert "Step 4 of 8 · Support" in screen_text(app)
    assert screen.query_one("#support-choice", RadioSet).has_focus
    return screen


async def _review_support(app: KetaJournalApp, pilot: object, screen: PrepareScreen) -> str:
    """The Support row of the Review step, as shown."""
    screen.show_step(7)
    await settle(pilot)  # type: ignore[arg-type]
    text = screen_text(app)
    return text[text.index("Support  ") :].split("│")[0].strip()


async def test_support_opens_on_the_first_person_so_enter_chooses_them(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _support_step(app, pilot)
        assert CHOSEN not in screen_text(app)  # nobody chosen yet
        await pilot.press("enter")  # no "down" needed first
        await settle(pilot)
        text = screen_text(app)
        assert text.count(CHOSEN) == 1 and f"{CHOSEN} Sam (support)" in text
        assert await _review_support(app, pilot, screen) == "Support      Sam"
        await pilot.press("escape")  # back to Dose: the draft is saved on every step change
        await settle(pilot)
    s = _stored(db_path, clock)
    assert s.support_name == "Sam" and s.support_contact_id is not None


async def test_a_draft_s_support_person_is_shown_chosen_once_and_can_be_changed(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock)
    contacts = _draft_with_support(db_path, clock, "Sam")
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _support_step(app, pilot)
        text = screen_text(app)
        assert text.count(CHOSEN) == 1 and f"{CHOSEN} Sam (support)" in text
        assert await _review_support(app, pilot, screen) == "Support      Sam"
        # Choosing someone else moves the one ●; it does not add a second. With the mouse
        # (it does not depend on where the cursor starts) and with the keyboard.
        screen.show_step(SUPPORT)
        await settle(pilot)
        people = list(screen.query_one("#support-choice", RadioSet).query(RadioButton))
        await click(pilot, people[1])
        await settle(pilot)
        text = screen_text(app)
        assert text.count(CHOSEN) == 1 and f"{CHOSEN} Dr. Lee (clinician)" in text
        await pilot.press("up", "enter")
        await settle(pilot)
        text = screen_text(app)
        assert text.count(CHOSEN) == 1 and f"{CHOSEN} Sam (support)" in text
        await pilot.press("down", "enter")
        await settle(pilot)
        text = screen_text(app)
        assert text.count(CHOSEN) == 1 and f"{CHOSEN} Dr. Lee (clinician)" in text
        assert await _review_support(app, pilot, screen) == "Support      Dr. Lee"
        await pilot.press("escape")  # back to Dose: the draft is saved on every step change
        await settle(pilot)
    s = _stored(db_path, clock)
    assert s.support_contact_id == contacts["Dr. Lee"].id and s.support_name == "Dr. Lee"


async def test_support_opens_on_the_person_already_chosen(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock)
    contacts = _draft_with_support(db_path, clock, "Dr. Lee")  # the second in the list
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _support_step(app, pilot)
        await pilot.press("enter")  # the cursor is on Dr. Lee: choosing again changes nothing
        await settle(pilot)
        text = screen_text(app)
        assert text.count(CHOSEN) == 1 and f"{CHOSEN} Dr. Lee (clinician)" in text
        await pilot.press("up", "space")  # one up is Sam
        await settle(pilot)
        text = screen_text(app)
        assert text.count(CHOSEN) == 1 and f"{CHOSEN} Sam (support)" in text
        await pilot.press("ctrl+n")
        await settle(pilot)
    s = _stored(db_path, clock)
    assert s.support_contact_id == contacts["Sam"].id and s.support_name == "Sam"


async def test_skipped_steps_are_remembered(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_wizard(app, pilot)
        await click(pilot, "#skip")
        await click(pilot, "#skip")
        await settle(pilot)
        assert "Step 3 of 8" in screen_text(app)
    s = _stored(db_path, clock)
    assert s.skipped_steps == ("timing", "body")


async def test_a_different_dose_is_recorded_as_given_and_flagged(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_wizard(app, pilot)
        screen.show_step(6)
        await settle(pilot)
        dose = screen.query_one("#dose-taken", Input)
        dose.value = "175"
        await settle(pilot)
        assert "differs from your prescribed 150 mg" in screen_text(app)
        assert "flagged for your care team" in screen_text(app)
        assert dose.value == "175"  # never corrected
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert "Differs from the prescribed 150 mg" in screen_text(app)
        await click(pilot, "#begin")
        await settle(pilot)
    s = _stored(db_path, clock)
    assert s.taken_dose_mg == 175.0 and s.prescribed_dose_mg == 150.0 and s.dose_differs
    svc = open_service(db_path, clock)
    data = gather(svc, reader_for("clinician"), "all", None)
    kinds = [c.kind.value for c in needs_attention(data).concerns]
    assert "dose-differs" in kinds and kinds.count("dose-differs") == 1
    svc.close()


async def test_markup_and_escape_sequences_in_an_intention_are_inert(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock)
    hostile = "[/] [bold]x \x1b]52;c;SGVsbG8=\x07 \x1b[2J end"
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_wizard(app, pilot)
        screen.show_step(4)
        screen.query_one("#intention", TextArea).text = hostile
        screen.show_step(7)
        await settle(pilot)
        text = screen_text(app)
        assert "[/] [bold]x" in text and "end" in text
        assert "\x1b" not in text and "\x07" not in text
        await click(pilot, "#begin")
        await settle(pilot)
    # typed or pasted controls are replaced as they arrive (as in the journal editor)
    assert _stored(db_path, clock).intention == safe_text(hostile)


async def test_prepare_during_a_session_opens_the_session(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        svc = open_service(db_path, clock)
        svc.sessions.start(150)  # e.g. from the command line, while the app is open
        svc.close()
        await pilot.press("p")
        await settle(pilot)
        from ketajournal.screens.session import SessionScreen

        assert isinstance(app.screen, SessionScreen)
    svc = open_service(db_path, clock)
    assert svc.sessions.draft() is None  # no second preparation was created
    svc.close()
