"""Every record can be found and fixed from the app: contacts, dose steps and schedule phases
changed or removed (after asking), an optional field emptied for real, a session's
reflection opened from a search hit, a preparation discarded only after asking."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, Select, TabbedContent

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.factory import open_service
from ketajournal.screens.confirm import ConfirmDialog
from ketajournal.screens.home import HomeScreen
from ketajournal.screens.journal import JournalScreen
from ketajournal.screens.plan import PlanScreen
from ketajournal.screens.prepare import PrepareScreen
from ketajournal.screens.reflect import ReflectScreen
from ketajournal.screens.sessions import SessionsScreen
from ketajournal.service import JournalService
from ketajournal.service.reflections import ReflectionAnswers
from ketajournal.service.sessions import Preparation
from ketajournal.widgets.record_tab import RecordTab
from tests.tui.conftest import click, screen_text, seed, settle


def _read(db_path: Path, clock: FixedClock) -> JournalService:
    return open_service(db_path, clock)


def _row(tab: RecordTab[m.Contact], name: str) -> int:
    """The table row of the contact called `name`. `seed` adds both contacts at the fixed
    clock's one instant, and the store breaks that tie by the (random) id: the order on
    screen changes from run to run, so a row is found by its name, not its place."""
    rows = [i for i, contact in enumerate(tab.records) if contact.name == name]
    assert len(rows) == 1, (name, [c.name for c in tab.records])
    return rows[0]


async def _plan(app: KetaJournalApp, pilot: Pilot[object], tab: str = "tab-plan") -> PlanScreen:
    await settle(pilot)
    await pilot.press("t")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, PlanScreen)
    if tab != "tab-plan":
        screen.query_one("#plan-tabs", TabbedContent).active = tab
        await settle(pilot)
    return screen


async def test_clearing_the_prescriber_in_the_app_clears_it(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _plan(app, pilot)
        assert screen.query_one("#prescriber", Input).value == "Dr. Lee"
        screen.query_one("#prescriber", Input).value = ""
        screen.query_one("#concentration", Input).value = ""
        screen.query_one("#save-plan", Button).press()
        await settle(pilot)
        assert "Plan saved." in screen_text(app)
        assert screen.query_one("#prescriber", Input).value == ""  # not filled back in
        screen.query_one("#medication", Input).value = ""  # needed: said at the field
        screen.query_one("#save-plan", Button).press()
        await settle(pilot)
        assert "Must be some text (it is empty)" in screen_text(app)
    svc = _read(db_path, clock)
    plan = svc.plan.get()
    svc.close()
    assert plan is not None
    assert (plan.prescriber, plan.concentration_mg_per_ml, plan.medication) == (
        None,
        None,
        "Ketamine HCl",
    )


async def test_a_contact_is_corrected_with_enter_and_removed_with_d(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _plan(app, pilot, "tab-contacts")
        contacts = screen.query_one("#contacts", RecordTab)
        table = screen.query_one("#contact-table", DataTable)
        table.focus()
        table.move_cursor(row=_row(contacts, "Sam"))  # the support person
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_one("#contact-phone", Input).value == "555-0100"
        assert "Change this contact:" in screen_text(app)
        screen.query_one("#contact-phone", Input).value = "555-0111"
        screen.query_one("#contact-note", Input).value = "in the next room"
        screen.query_one("#save-contact", Button).press()
        await settle(pilot)
        assert "Contact changed: Sam." in screen_text(app)
        table.focus()
        table.move_cursor(row=_row(contacts, "Dr. Lee"))
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "Remove clinician Dr. Lee?" in " ".join(screen_text(app).split())
        await pilot.press("n")  # kept: nothing removed without a yes
        await settle(pilot)
        assert table.row_count == 2
        await pilot.press("d", "y")
        await settle(pilot)
        assert "Contact removed." in screen_text(app) and table.row_count == 1
    svc = _read(db_path, clock)
    contacts = svc.contacts.list()
    svc.close()
    assert [(c.name, c.phone, c.note) for c in contacts] == [
        ("Sam", "555-0111", "in the next room")
    ]


async def test_dose_steps_and_phases_are_corrected_and_removed(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _plan(app, pilot, "tab-doses")
        table = screen.query_one("#dose-table", DataTable)
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_one("#dose-mg", Input).value == "150"
        screen.query_one("#dose-mg", Input).value = "abc"
        screen.query_one("#save-dose", Button).press()
        await settle(pilot)
        assert "Must be a number of mg (got 'abc')" in screen_text(app)  # at the field
        screen.query_one("#dose-mg", Input).value = "125"
        screen.query_one("#save-dose", Button).press()
        await settle(pilot)
        assert "Dose change corrected: 125 mg" in screen_text(app)

        screen.query_one("#plan-tabs", TabbedContent).active = "tab-schedule"
        await settle(pilot)
        phases = screen.query_one("#phase-table", DataTable)
        phases.focus()
        await pilot.press("enter")
        await settle(pilot)
        screen.query_one("#phase", Select).value = "maintenance"
        screen.query_one("#phase-every", Input).value = "14"
        screen.query_one("#save-phase", Button).press()
        await settle(pilot)
        assert "Schedule phase corrected: maintenance, every 14 days." in screen_text(app)
        phases.focus()
        await pilot.press("d", "y")
        await settle(pilot)
        assert "Schedule phase removed." in screen_text(app)
    svc = _read(db_path, clock)
    steps, phases_left = svc.plan.dose_steps(), svc.plan.phases()
    svc.close()
    assert [s.dose_mg for s in steps] == [125.0] and phases_left == []


async def test_a_search_hit_on_a_reflection_opens_its_session_and_the_reflection(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock)
    svc = open_service(db_path, clock)
    older = svc.sessions.start(150, Preparation(intention="be kind to the lighthouse keeper"))
    clock.advance(timedelta(hours=2))
    svc.sessions.end(older.id)
    full = svc.reflections.of_kind(older.id, m.ReflectionKind.FULL)
    svc.reflections.save_draft(full.id, ReflectionAnswers(insights="the lighthouse again"))
    clock.advance(timedelta(days=7))
    newer = svc.sessions.start(150)
    clock.advance(timedelta(hours=2))
    svc.sessions.end(newer.id)
    svc.close()
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)
        await pilot.press("slash", *"lighthouse", "enter")
        await settle(pilot)
        text = screen_text(app)
        assert "2 results for lighthouse" in text and "Reflection · Mon 2 Mar 2026" in text
        screen = app.screen
        rows = screen.query_one("#journal-list").rows  # type: ignore[attr-defined]
        screen.query_one("#journal-list").highlighted = next(  # type: ignore[attr-defined]
            i for i, r in enumerate(rows) if r.kind == "reflection"
        )
        await pilot.press("enter")
        await settle(pilot)
        browser = app.screen
        assert isinstance(browser, SessionsScreen)
        shown = screen_text(app)
        assert "Session of Mon 2 Mar 2026, 09:00" in shown  # the older one, not the latest
        assert "be kind to the lighthouse keeper" in shown
        await pilot.press("enter")  # from the session to its prompts
        await pilot.press("down", "enter")  # the next-day reflection
        await settle(pilot)
        assert isinstance(app.screen, ReflectScreen)
        assert app.screen.reflection_id == full.id
        assert "the lighthouse again" in screen_text(app)


async def test_past_sessions_are_listed_from_home(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock)
    svc = open_service(db_path, clock)
    for _ in range(3):
        session = svc.sessions.start(150)
        svc.sessions.note("soft light", session_id=session.id)
        clock.advance(timedelta(hours=2))
        svc.sessions.end(session.id)
        clock.advance(timedelta(days=7))
    svc.close()
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, SessionsScreen)
        text = screen_text(app)
        assert "3 sessions, newest first." in text and "reflections 0 of 4" in text
        assert "note: soft light" in text


async def test_discarding_a_preparation_asks_then_removes_its_intention(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock)
    svc = open_service(db_path, clock)
    draft = svc.sessions.prepare()
    svc.sessions.update_draft(draft.id, Preparation(intention="MY CAREFUL INTENTION"))
    svc.close()
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PrepareScreen)
        screen.show_step(len(screen.steps) - 1)
        await settle(pilot)
        await click(pilot, "#discard")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # a slip costs nothing
        await settle(pilot)
        assert app.screen is screen
        await click(pilot, "#discard")
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    svc = _read(db_path, clock)
    try:
        assert svc.journal.search("careful") == []
        assert svc.sessions.draft() is None
        assert svc.store.find(m.Session) == []
    finally:
        svc.close()
