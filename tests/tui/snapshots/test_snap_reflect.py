"""Snapshots of reflecting on a session at 80x24: right after, the next day, a week on.

Each opens the earliest prompt that is due, as `r` on the home screen does, on a session
of 150 mg with a moderate nausea marked half an hour in.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Input, RadioSet, TextArea

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.factory import open_service
from ketajournal.screens.reflect import ReflectScreen
from ketajournal.service.reflections import ReflectionAnswers
from ketajournal.service.sessions import Preparation
from ketajournal.widgets.reflection.base import pressed
from tests.tui.conftest import settle
from tests.tui.snapshots.conftest import SnapCompare, flat, seed_journal, shown, snapshot

INTENTION = "I want to meet myself with kindness."


def ended_session(
    db_path: Path,
    clock: FixedClock,
    *,
    immediate: ReflectionAnswers | None = None,
    full: ReflectionAnswers | None = None,
) -> dict[m.ReflectionKind, m.Reflection]:
    """A 150 mg session of 90 minutes with a nausea mark; its prompts, some answered."""
    seed_journal(db_path, clock)
    svc = open_service(db_path, clock)
    try:
        session = svc.sessions.start(150, Preparation(intention=INTENTION))
        clock.advance(timedelta(minutes=30))
        svc.sessions.mark("nausea", "moderate")
        clock.advance(timedelta(minutes=60))
        svc.sessions.end()
        prompts = {r.kind: r for r in svc.reflections.for_session(session.id)}
        if immediate is not None:
            svc.reflections.answer(prompts[m.ReflectionKind.IMMEDIATE].id, immediate)
        if full is not None:
            svc.reflections.answer(prompts[m.ReflectionKind.FULL].id, full)
    finally:
        svc.close()
    return prompts


async def reflect_on(pilot: Pilot[object], kind: m.ReflectionKind) -> ReflectScreen:
    """`r` from home: the earliest prompt that is due, which must be `kind`."""
    await pilot.app.run_action("go('reflect')")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReflectScreen)
    assert screen.ctx is not None and screen.form is not None, "the prompt never opened"
    assert screen.ctx.reflection.kind is kind
    return screen


def test_reflect_immediate(snap_compare: SnapCompare, db_path: Path, clock: FixedClock) -> None:
    ended_session(db_path, clock)
    app = KetaJournalApp(db_path, clock)

    async def check(pilot: Pilot[object]) -> None:
        screen = await reflect_on(pilot, m.ReflectionKind.IMMEDIATE)
        assert screen.query_one("#rate-intensity", Input).has_focus
        # The nausea marked during the session, pre-filled at its severity.
        assert pressed(screen.query_one("#severity-0", RadioSet)) == 1  # moderate
        assert screen.query_one("#minutes-0", Input).value == ""
        assert not screen.query_one("#dismiss", Button).display  # only follow-ups skip
        text = flat(shown(app))
        assert "Session of Mon 2 Mar 2026, 09:00 · 150 mg taken" in text
        assert "Right after: Capture first, interpret later" in text
        for words in ("Intensity", "0 barely there · 10 overwhelming", "Anxiety now"):
            assert words in text
        assert "Sensations during the session (severity, and how long it lasted):" in text
        assert "Nausea mild ● moderate severe lasted?min" in text
        assert "Save and finish" in text and "Snooze until tomorrow" in text

    snapshot(snap_compare, app, check)


def test_reflect_full(snap_compare: SnapCompare, db_path: Path, clock: FixedClock) -> None:
    ended_session(
        db_path,
        clock,
        immediate=ReflectionAnswers(
            intensity=6, dissociation=4, mood_after=7, fragments="a corridor, warm light"
        ),
    )
    clock.advance(timedelta(hours=20))  # the next morning: the full reflection is due
    app = KetaJournalApp(db_path, clock)

    async def check(pilot: Pilot[object]) -> None:
        screen = await reflect_on(pilot, m.ReflectionKind.FULL)
        assert screen.query_one("#intention-touched", RadioSet).has_focus
        text = flat(shown(app))
        assert "Right after ✓" in text  # the capture is done; the follow-ups not yet due
        assert "Next day: Turn the fragments into a fuller reflection" in text
        assert f"Your intention: {INTENTION}" in text
        assert "What you noted right after: a corridor, warm light" in text
        assert "Was it touched?" in text and "Insights" in text

    snapshot(snap_compare, app, check)


def test_reflect_week_with_markers(
    snap_compare: SnapCompare, db_path: Path, clock: FixedClock, quick_autosave: float
) -> None:
    ended_session(
        db_path,
        clock,
        immediate=ReflectionAnswers(intensity=6, fragments="a corridor, warm light"),
        full=ReflectionAnswers(
            insights="I can be gentle with the tired parts of me.",
            integration_step="A walk after lunch, three days a week",
        ),
    )
    clock.advance(timedelta(days=8))  # the week follow-up is due
    app = KetaJournalApp(db_path, clock)

    async def check(pilot: Pilot[object]) -> None:
        screen = await reflect_on(pilot, m.ReflectionKind.WEEK)
        assert screen.query_one("#dismiss", Button).display  # a follow-up can be set aside
        await pilot.press("enter")  # did it happen: yes
        await pilot.press("tab", *"I paused before answering my sister.")
        await pilot.press("tab", "right", "right", "right", "enter")  # perspective: 3
        await pilot.press("tab", "right", "right", "enter")  # patience with myself: 2
        await pilot.press("tab", "right", "enter")  # meeting stress in a new way: 1
        await pilot.pause(quick_autosave * 4)  # the draft saves itself (markers: on finishing)
        await settle(pilot)
        assert pressed(screen.query_one("#step-happened", RadioSet)) == 0
        assert screen.query_one("#insight_in_life", TextArea).text.startswith("I paused")
        chosen = {
            kind: pressed(screen.query_one(f"#marker-{kind.value}", RadioSet))
            for kind in m.MarkerKind
        }
        assert chosen == {
            m.MarkerKind.PERSPECTIVE: 3,
            m.MarkerKind.SELF_PATIENCE: 2,
            m.MarkerKind.STRESS_RESPONSE: 1,
            m.MarkerKind.OPENNESS: -1,
            m.MarkerKind.HOBBIES: -1,
        }
        text = flat(shown(app))
        assert "A week on: How has the session shown up in your life this week?" in text
        assert "(0 not at all, 4 very much)" in text
        assert "More patience with myself" in text and "Wanting to do hobbies" in text
        assert "Draft saved at 10:30." in text
        assert "Skip this follow-up" in text

    snapshot(snap_compare, app, check)
