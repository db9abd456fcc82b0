"""Errors show at their field, which keeps its label; an invalid step does not advance; a
dialog keeps what was typed; times are refused in plain words; the focused field is
marked so it can be seen in every theme and at 16 colours."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from rich.color import ColorSystem
from textual.color import Color
from textual.widgets import Input, Static

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.factory import open_service
from ketajournal.screens.bp_dialog import BloodPressureDialog
from ketajournal.screens.prepare import PrepareScreen
from ketajournal.screens.session import SessionScreen
from ketajournal.widgets.form import Field
from tests.tui.conftest import click, screen_text, seed, settle


async def _wizard_at(app: KetaJournalApp, pilot: object, step: str) -> PrepareScreen:
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("p")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, PrepareScreen)
    screen.show_step(next(i for i, s in enumerate(screen.steps) if s.key == step))
    await settle(pilot)  # type: ignore[arg-type]
    return screen


def _field(screen: PrepareScreen, widget_id: str) -> Field:
    field = screen.query_one(f"#{widget_id}").parent.parent  # type: ignore[union-attr]
    assert isinstance(field, Field)
    return field


async def test_a_mood_of_12_is_named_at_its_field_and_next_does_not_move_on(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock, bp=True)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _wizard_at(app, pilot, "ratings")
        await pilot.press("1", "2", "tab", "6", "tab", *"120/80", "ctrl+n")
        await settle(pilot)
        text = screen_text(app)
        assert "Step 6 of 8 · How you feel" in text  # still here
        mood = _field(screen, "mood-before")
        assert mood.has_class("-error")
        assert "Must be a whole number from 0 to 10 (got '12')" in text
        # The labels stay beside the fields once something is typed.
        assert "Mood" in text and "Anxiety" in text and "Blood pressure" in text
        assert screen.focused is screen.query_one("#mood-before")  # back to the field
        await pilot.press("backspace", "backspace", "7")
        assert not mood.has_class("-error")  # changed: the refusal goes
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert "Step 7 of 8 · Dose" in screen_text(app)
    svc = open_service(db_path, clock)
    draft = svc.sessions.draft()
    svc.close()
    assert draft is not None and (draft.mood_before, draft.anxiety_before) == (7, 6)
    assert (draft.bp_before_systolic, draft.bp_before_diastolic) == (120, 80)


async def test_times_are_refused_in_plain_words_and_a_day_alone_needs_a_time(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _wizard_at(app, pilot, "body")
        await pilot.press(*"2026-13-45", "ctrl+n")
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "Step 2 of 8 · Body" in text
        assert "Must be a day or time, for example 13:30, -3h, yesterday 20:00" in text
        assert "ISO" not in text
        field = screen.query_one("#last-meal", Input)
        field.value = "yesterday"  # midnight is not when anyone ate
        await pilot.press("ctrl+n")
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "Must be a time of day too, for example 13:30, -3h or yesterday 20:00" in text
        field.value = "yesterday 20:00"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert "Step 3 of 8" in screen_text(app)
        screen.show_step(len(screen.steps) - 1)
        await settle(pilot)
        # Shown with its day: "20:00" alone would read as this evening.
        assert "yesterday 20:00" in screen_text(app)
    svc = open_service(db_path, clock)
    draft = svc.sessions.draft()
    svc.close()
    assert draft is not None
    assert draft.last_meal_at == clock.now().replace(hour=20) - timedelta(days=1)


async def test_begin_goes_back_to_a_refused_value(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _wizard_at(app, pilot, "dose")
        screen.query_one("#dose-taken", Input).value = "lots"
        screen.show_step(len(screen.steps) - 1)
        await settle(pilot)
        await click(pilot, "#begin")
        await settle(pilot)
        assert isinstance(app.screen, PrepareScreen)
        assert "Step 7 of 8 · Dose" in screen_text(app)
        assert "Must be a number of mg greater than 0 (got 'lots')" in screen_text(app)


async def test_the_blood_pressure_dialog_stays_open_with_the_reading_kept(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock, bp=True)
    svc = open_service(db_path, clock)
    svc.sessions.start(150)
    svc.close()
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("P", *"80/120", "enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, BloodPressureDialog)  # still open
        assert dialog.query_one(Input).value == "80/120"  # nothing to type again
        problem = str(dialog.query_one("#dialog-problem", Static).render())
        assert "systolic above diastolic" in problem
        dialog.query_one(Input).value = "128/84"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert "Blood pressure 128/84 recorded" in screen_text(app)
    svc = open_service(db_path, clock)
    session = svc.sessions.running()
    assert session is not None
    readings = [
        (e.systolic, e.diastolic)
        for e in svc.sessions.events(session.id)
        if e.kind is m.EventKind.BLOOD_PRESSURE
    ]
    svc.close()
    assert readings == [(128, 84)]


async def test_the_focused_field_is_marked_not_shaded(db_path: Path, clock: FixedClock) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        medication = next(line for line in lines if line.startswith("Medication"))
        prescriber = next(line for line in lines if line.startswith("Prescriber"))
        assert "▌" in medication and "▌" not in prescriber  # the bar moves with the focus
        await pilot.press("tab", "tab", "tab")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        assert "▌" in next(line for line in lines if line.startswith("Prescriber"))
        assert "▌" not in next(line for line in lines if line.startswith("Medication"))
        label = app.screen.focused.parent.query_one("Label")  # type: ignore[union-attr]
        assert label.styles.text_style.bold  # and its label stands out too


async def test_the_focus_mark_shows_in_every_theme_at_16_colours(
    db_path: Path, clock: FixedClock
) -> None:
    """The bar is the accent colour on the screen's background: after both are brought down
    to the 16 standard colours (a basic terminal), they must still differ."""
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        themes = sorted(app.available_themes)
        assert "ketajournal-calm" in themes and len(themes) > 5
        for theme in themes:
            app.theme = theme
            variables = app.theme_variables
            bar = Color.parse(variables["accent"]).rich_color.downgrade(ColorSystem.STANDARD)
            under = Color.parse(variables["background"]).rich_color.downgrade(ColorSystem.STANDARD)
            assert bar != under, theme
