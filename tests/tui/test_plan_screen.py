"""The plan screen records the plan, dose changes, schedule phases and contacts."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, TabbedContent

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.factory import open_service
from ketajournal.screens.plan import PlanScreen
from tests.tui.conftest import click, screen_text, settle


async def open_tab(pilot: Pilot[object], tab: str) -> None:
    """Switches tabs the way a person does: from the tab bar (TabbedContent follows focus)."""
    screen = pilot.app.screen
    screen.query_one("#plan-tabs ContentTabs").focus()
    screen.query_one("#plan-tabs", TabbedContent).active = tab
    await settle(pilot)


async def test_plan_dose_schedule_and_contact_from_the_keyboard(
    db_path: Path, clock: FixedClock
) -> None:
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PlanScreen)
        assert "never suggests a dose" in screen_text(app)
        # The cursor starts in the first field; Tab walks the form.
        await pilot.press(*"Ketamine HCl", "tab", "enter", "down", "enter", "tab", "5", "0")
        await pilot.press("tab", *"Dr. Lee", "tab", "space", "tab", *"160/100", "tab", "enter")
        await settle(pilot)
        assert "Plan saved." in screen_text(app)
        await open_tab(pilot, "tab-doses")
        screen.query_one("#dose-mg", Input).value = "100"
        screen.query_one("#dose-reason", Input).value = "Starting dose"
        await click(pilot, "#save-dose")
        await settle(pilot)
        assert "Dose change recorded: 100 mg." in screen_text(app)
        assert screen.query_one("#dose-table", DataTable).row_count == 1
        await open_tab(pilot, "tab-schedule")
        screen.query_one("#phase-every", Input).value = "7"
        await click(pilot, "#save-phase")
        await settle(pilot)
        await open_tab(pilot, "tab-contacts")
        screen.query_one("#contact-name", Input).value = "Sam [b]"
        screen.query_one("#contact-role", Select).value = "support"
        screen.query_one("#contact-phone", Input).value = "555-0100"
        await click(pilot, "#save-contact")
        await settle(pilot)
        assert "Sam [b]" in screen_text(app)  # user text stays text in the table
    svc = open_service(db_path, clock)
    plan = svc.plan.get()
    assert plan is not None
    assert (plan.medication, plan.form.value, plan.concentration_mg_per_ml, plan.prescriber) == (
        "Ketamine HCl",
        "solution",
        50.0,
        "Dr. Lee",
    )
    assert plan.bp_required is True
    assert (plan.bp_limit_systolic, plan.bp_limit_diastolic) == (160, 100)
    assert [s.dose_mg for s in svc.plan.dose_steps()] == [100.0]
    assert [(p.phase.value, p.interval_days) for p in svc.plan.phases()] == [("induction", 7)]
    assert [(c.name, c.role.value) for c in svc.contacts.list()] == [("Sam [b]", "support")]
    svc.close()


async def test_a_refused_value_is_shown_and_nothing_is_written(
    db_path: Path, clock: FixedClock
) -> None:
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.run_action("go('plan')")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#medication", Input).value = "Ketamine"
        await click(pilot, "#save-plan")  # no form chosen
        await settle(pilot)
        assert "Must be one of solution, troche, tablet, prolonged-release" in screen_text(app)
        await open_tab(pilot, "tab-doses")
        screen.query_one("#dose-mg", Input).value = "abc"
        await click(pilot, "#save-dose")
        await settle(pilot)
        assert "Must be a number of mg" in screen_text(app)
    svc = open_service(db_path, clock)
    assert svc.plan.get() is None and svc.plan.dose_steps() == []
    svc.close()
