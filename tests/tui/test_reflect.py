"""The reflection screen: the capture, the full reflection, follow-ups, drafts, inert text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, RadioSet, TextArea

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.factory import open_service
from ketajournal.screens.home import HomeScreen
from ketajournal.screens.reflect import ReflectScreen
from ketajournal.service.reflections import ReflectionAnswers
from ketajournal.service.sessions import Preparation
from ketajournal.widgets.reflection.base import pressed
from tests.tui.conftest import click, screen_text, settle

HOSTILE = "[/] [bold]x \x1b]52;c;SGVsbG8= \x07 end"


@dataclass(frozen=True)
class Prompts:
    session: UUID
    immediate: UUID
    full: UUID
    week: UUID
    month: UUID


def _session(
    db_path: Path,
    clock: FixedClock,
    *,
    intention: str = "I am open to what comes up",
    full: ReflectionAnswers | None = None,
    fragments: str | None = None,
    other: str | None = None,
) -> Prompts:
    """A 100 mg session with a moderate nausea mark; its four prompts are scheduled."""
    svc = open_service(db_path, clock)
    svc.plan.set(medication="Ketamine HCl", form="solution")
    svc.plan.add_dose_step(100, "start")
    s = svc.sessions.start(100, Preparation(intention=intention))
    clock.advance(timedelta(minutes=30))
    svc.sessions.mark("nausea", "moderate")
    if other is not None:
        svc.sessions.mark("other", "mild", text=other)
    clock.advance(timedelta(minutes=60))
    svc.sessions.end()
    by_kind = {r.kind: r.id for r in svc.reflections.for_session(s.id)}
    if fragments is not None:
        svc.reflections.save_draft(
            by_kind[m.ReflectionKind.IMMEDIATE], ReflectionAnswers(fragments=fragments)
        )
    if full is not None:
        svc.reflections.answer(by_kind[m.ReflectionKind.FULL], full)
    svc.close()
    return Prompts(s.id, *(by_kind[k] for k in m.ReflectionKind))


def _stored(db_path: Path, clock: FixedClock, reflection_id: UUID) -> m.Reflection:
    svc = open_service(db_path, clock)
    try:
        return svc.reflections.get(reflection_id)
    finally:
        svc.close()


def _due(db_path: Path, clock: FixedClock) -> list[UUID]:
    svc = open_service(db_path, clock)
    try:
        return [r.id for r in svc.reflections.due(clock.now())]
    finally:
        svc.close()


async def _open(
    app: KetaJournalApp, pilot: Pilot[object], reflection_id: UUID | None = None
) -> ReflectScreen:
    await settle(pilot)
    app.push_screen(ReflectScreen(reflection_id))
    await settle(pilot)
    assert isinstance(app.screen, ReflectScreen)
    return app.screen


def _notes(app: KetaJournalApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_the_immediate_capture_with_the_keyboard(db_path: Path, clock: FixedClock) -> None:
    p = _session(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)  # nothing asked for: the earliest due prompt
        assert screen.ctx is not None and screen.ctx.reflection.id == p.immediate
        text = screen_text(app)
        local = clock.now().astimezone() - timedelta(minutes=90)
        assert f"Session of {local:%a} {local.day} {local:%b} {local.year}" in text
        assert "100 mg taken" in text and "Right after:" in text
        assert "Nausea" in text  # pre-filled from the mark during the session
        assert not screen.query_one("#dismiss").display  # only follow-ups can be skipped
        await pilot.press("6", "tab", "5", "tab", "7", "tab", "3", "tab")
        await pilot.press("right", "enter")  # nausea: moderate -> severe
        await pilot.press("tab", *"45", "tab", "tab")  # lasted 45 min; past "add a sensation"
        await pilot.press(*"warm, a door", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any("Rest now" in note for note in _notes(app))
    r = _stored(db_path, clock, p.immediate)
    assert r.status is m.ReflectionStatus.DONE
    assert (r.intensity, r.dissociation, r.mood_after, r.anxiety_after) == (6, 5, 7, 3)
    assert r.side_effects == (
        m.SideEffect(sensation=m.Sensation.NAUSEA, severity=m.Severity.SEVERE, duration_minutes=45),
    )
    assert r.fragments == "warm, a door"


async def test_a_rating_out_of_range_is_named_and_not_finished(
    db_path: Path, clock: FixedClock
) -> None:
    p = _session(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, p.immediate)
        await pilot.press("1", "2", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert "Must be a whole number from 0 to 10 (got '12')" in screen_text(app)
        await pilot.press("escape")  # said once more, rather than lost silently
        await settle(pilot)
        assert app.screen is screen
        assert "Press escape again to leave without it" in " ".join(screen_text(app).split())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    stored = _stored(db_path, clock, p.immediate)
    assert stored.status is not m.ReflectionStatus.DONE and stored.intensity is None


async def test_the_full_reflection_stores_every_field_and_the_share_level(
    db_path: Path, clock: FixedClock
) -> None:
    p = _session(db_path, clock, fragments="a corridor, warm")
    clock.advance(timedelta(hours=20))
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, p.full)
        text = screen_text(app)
        assert "Your intention: I am open to what comes up" in text
        assert "What you noted right after: a corridor, warm" in text
        await pilot.press("right", "enter")  # intention touched: partly
        await pilot.press("tab", *"rest", "tab", *"relief", "tab", *"a lake")
        await pilot.press("tab", *"nausea", "tab", *"walk")
        await pilot.press("tab", "down", "enter")  # share with: coach
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    r = _stored(db_path, clock, p.full)
    assert r.status is m.ReflectionStatus.DONE
    assert r.intention_touched is m.IntentionTouched.PARTLY
    assert (r.insights, r.emotions, r.images_memories) == ("rest", "relief", "a lake")
    assert (r.what_was_hard, r.integration_step) == ("nausea", "walk")
    assert r.share_level is m.ShareLevel.COACH


async def test_a_follow_up_stores_the_markers_and_the_step_and_is_no_longer_due(
    db_path: Path, clock: FixedClock
) -> None:
    p = _session(db_path, clock, full=ReflectionAnswers(integration_step="Walk after lunch"))
    clock.advance(timedelta(days=8))
    assert p.week in _due(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, p.week)
        assert "The step you chose: Walk after lunch" in screen_text(app)
        assert screen.query_one("#dismiss").display
        await pilot.press("enter")  # did it happen: yes
        await pilot.press("tab", *"I paused")
        await pilot.press("tab", "right", "right", "right", "enter")  # perspective: 3
        await pilot.press("tab", "right", "right", "enter")  # patience with myself: 2
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        screen = await _open(app, pilot, p.week)  # reopened: as it was answered
        assert str(screen.query_one("#finish", Button).label) == "Save changes"
        assert pressed(screen.query_one("#marker-perspective", RadioSet)) == 3
        assert pressed(screen.query_one("#step-happened", RadioSet)) == 0
    r = _stored(db_path, clock, p.week)
    assert r.status is m.ReflectionStatus.DONE
    assert r.integration_step_happened is True
    assert r.insight_in_life == "I paused"
    svc = open_service(db_path, clock)
    markers = {x.marker: x.value for x in svc.checkins.markers() if x.reflection_id == p.week}
    due = [x.id for x in svc.reflections.due(clock.now())]
    svc.close()
    assert markers == {m.MarkerKind.PERSPECTIVE: 3, m.MarkerKind.SELF_PATIENCE: 2}
    assert p.week not in due


async def test_snooze_hides_the_prompt_until_the_clock_passes(
    db_path: Path, clock: FixedClock
) -> None:
    p = _session(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, p.immediate)
        await click(pilot, "#snooze")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any(note.startswith("Snoozed until") for note in _notes(app))
    assert _stored(db_path, clock, p.immediate).status is m.ReflectionStatus.SNOOZED
    assert p.immediate not in _due(db_path, clock)
    clock.advance(timedelta(hours=23))
    assert p.immediate not in _due(db_path, clock)
    clock.advance(timedelta(hours=1, minutes=1))
    assert p.immediate in _due(db_path, clock)


async def test_a_follow_up_can_be_set_aside(db_path: Path, clock: FixedClock) -> None:
    p = _session(db_path, clock)
    clock.advance(timedelta(days=8))
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, p.week)
        await click(pilot, "#dismiss")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert _stored(db_path, clock, p.week).status is m.ReflectionStatus.DISMISSED
    assert p.week not in _due(db_path, clock)


async def test_a_draft_saves_itself_while_typing_and_reopens_as_left(
    db_path: Path, clock: FixedClock
) -> None:
    p = _session(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        await pilot.press("4")
        screen.query_one("#fragments", TextArea).focus()
        await pilot.press(*"half a")
        await pilot.pause(0.8)  # the draft debounce
        await settle(pilot)
        r = _stored(db_path, clock, p.immediate)
        assert r.status is m.ReflectionStatus.DRAFT
        assert (r.fragments, r.intensity) == ("half a", 4)
        assert "Draft saved at" in screen_text(app)
        app.exit()  # as if the terminal closed: nothing else is saved on the way out
    again = KetaJournalApp(db_path, clock)
    async with again.run_test(size=(80, 24)) as pilot:
        screen = await _open(again, pilot)
        assert screen.query_one("#fragments", TextArea).text == "half a"
        assert screen.query_one("#rate-intensity", Input).value == "4"
        text = screen_text(again)
        assert "half a" in text and "Your draft is here as you left it" in text


async def test_escape_saves_what_was_typed_and_goes_back(db_path: Path, clock: FixedClock) -> None:
    p = _session(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, p.immediate)
        screen.query_one("#fragments", TextArea).focus()
        await pilot.press(*"just this", "escape")  # before the debounce runs out
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert _stored(db_path, clock, p.immediate).fragments == "just this"


async def test_opening_and_leaving_without_typing_writes_nothing(
    db_path: Path, clock: FixedClock
) -> None:
    p = _session(db_path, clock)
    before = _stored(db_path, clock, p.immediate)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot, p.immediate)
        clock.advance(timedelta(minutes=1))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert _stored(db_path, clock, p.immediate) == before  # still due, not a draft


async def test_with_nothing_due_it_opens_the_last_sessions_prompts(
    db_path: Path, clock: FixedClock
) -> None:
    p = _session(db_path, clock)
    svc = open_service(db_path, clock)
    svc.reflections.answer(p.immediate, ReflectionAnswers(fragments="first words"))
    svc.close()
    assert _due(db_path, clock) == []
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot)
        assert screen.ctx is not None and screen.ctx.reflection.id == p.immediate
        assert "Finished on" in screen_text(app)
        assert str(screen.query_one("#finish").label) == "Save changes"
        await click(pilot, "#prompt-full")  # not due yet: it cannot be opened early
        await settle(pilot)
        assert app.screen is screen


async def test_nothing_to_reflect_on_yet_is_said_calmly(db_path: Path, clock: FixedClock) -> None:
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, pilot)
        text = screen_text(app)
        assert "Nothing to reflect on yet" in text
        assert "Save and finish" not in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_markup_and_escape_sequences_are_shown_inertly(
    db_path: Path, clock: FixedClock
) -> None:
    p = _session(db_path, clock, intention=HOSTILE, fragments=HOSTILE, other=HOSTILE)
    clock.advance(timedelta(hours=20))
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, p.immediate)
        text = screen_text(app)
        assert "Other ([/] [bold]x" in text  # the note typed with the mark
        assert "\n[/] [bold]x" in "\n" + screen.query_one("#fragments", TextArea).text
        assert "\x1b" not in text and "\x07" not in text
        await pilot.press("5")  # an edit elsewhere: the fragments are sent back unchanged
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ReflectScreen)
        screen = await _open(app, pilot, p.full)
        text = screen_text(app)
        assert "Your intention: [/] [bold]x" in text
        assert "What you noted right after: [/] [bold]x" in text
        assert "\x1b" not in text and "\x07" not in text
    r = _stored(db_path, clock, p.immediate)
    assert r.fragments == HOSTILE and r.intensity == 5  # stored faithfully


async def test_moving_to_another_prompt_of_the_session_keeps_what_was_typed(
    db_path: Path, clock: FixedClock
) -> None:
    p = _session(db_path, clock)
    clock.advance(timedelta(hours=20))  # the full reflection is due too
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(app, pilot, p.immediate)
        screen.query_one("#fragments", TextArea).focus()
        await pilot.press(*"quiet")
        await click(pilot, "#prompt-full")
        await settle(pilot)
        assert isinstance(app.screen, ReflectScreen) and app.screen is not screen
        assert app.screen.ctx is not None and app.screen.ctx.reflection.id == p.full
        assert "What you noted right after: quiet" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert _stored(db_path, clock, p.immediate).fragments == "quiet"


KILL_CHILD = """
import sys
from pathlib import Path
from ketajournal.app import KetaJournalApp

async def drive(pilot):
    app = pilot.app
    while app.service is None or type(app.screen).__name__ != "HomeScreen":
        await pilot.pause(0.01)
    app.action_reflect()
    while type(app.screen).__name__ != "ReflectScreen" or not app.screen.query("#fragments"):
        await pilot.pause(0.01)
    await pilot.pause(0.2)
    app.screen.query_one("#fragments").focus()
    await pilot.press(*"blue light, a door left open")
    while "Draft saved" not in "".join(str(w.render()) for w in app.screen.query("Static")):
        await pilot.pause(0.05)
    print("READY", flush=True)
    await pilot.pause(600)

KetaJournalApp(Path(sys.argv[1])).run(headless=True, size=(80, 24), auto_pilot=drive)
"""


@pytest.mark.slow
async def test_sigkill_mid_reflection_keeps_the_draft(db_path: Path) -> None:
    """A real app process is killed while the person is typing: the draft is in the journal."""
    import os
    import signal
    import subprocess
    import sys
    from datetime import UTC, datetime, timedelta

    real = FixedClock(datetime.now(UTC) - timedelta(hours=3))  # a session that ended earlier
    p = _session(db_path, real)
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_CHILD, str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "KETAJOURNAL_DB"},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "READY"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    r = _stored(db_path, real, p.immediate)
    assert r.status is m.ReflectionStatus.DRAFT
    assert r.fragments == "blue light, a door left open"
