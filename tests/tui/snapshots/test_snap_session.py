"""Snapshots of the session view at 80x24: its three phases, the mark dialog, ending.

The view derives everything from the stored start and the app's (fixed) clock, so the
elapsed time on screen is the same on every run. Moving the clock and calling
`_after_change` is what the view's own phase timer does when a phase begins.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Digits, ProgressBar

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.factory import open_service
from ketajournal.screens.confirm import ConfirmDialog
from ketajournal.screens.mark_dialog import MarkDialog
from ketajournal.screens.session import SessionScreen
from tests.tui.conftest import settle
from tests.tui.snapshots.conftest import SnapCompare, flat, seed_journal, shown, snapshot

SIP_MINUTES = 15  # the default lengths: sip 15 minutes, experience 120
INTO_SIP = timedelta(minutes=6, seconds=10)  # within the 20 s sip cue of minute 7


def start_session(db_path: Path, clock: FixedClock) -> m.Session:
    """The plan and contacts, and a 150 mg session started at the clock's now."""
    seed_journal(db_path, clock)
    svc = open_service(db_path, clock)
    session = svc.sessions.start(150)
    svc.close()
    return session


async def session_view(pilot: Pilot[object]) -> SessionScreen:
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen), "a running session opens the session view"
    assert screen.data is not None, "the session never loaded"
    return screen


def elapsed(screen: SessionScreen) -> str:
    return str(screen.query_one("#elapsed", Digits).value)


def stored_phases(db_path: Path, clock: FixedClock, session: m.Session) -> list[m.SessionPhase]:
    svc = open_service(db_path, clock)
    try:
        events = svc.sessions.events(session.id)
    finally:
        svc.close()
    return [e.phase for e in events if e.kind is m.EventKind.PHASE and e.phase is not None]


def test_session_sip(snap_compare: SnapCompare, db_path: Path, clock: FixedClock) -> None:
    start_session(db_path, clock)
    clock.advance(INTO_SIP)
    app = KetaJournalApp(db_path, clock)

    async def check(pilot: Pilot[object]) -> None:
        screen = await session_view(pilot)
        assert elapsed(screen) == "0:06:10"
        bar = screen.query_one("#sip-progress", ProgressBar)
        assert bar.display and bar.progress == INTO_SIP / timedelta(minutes=SIP_MINUTES)
        text = flat(shown(app))
        assert text.startswith("ketajournal")
        assert "Sip" in text and "Sip slowly, as your clinic explained" in text
        assert "Take a small sip now. (minute 7 of 15)" in text
        assert "6 minutes in" in text  # the clock in words, beside the digits
        assert "Experience" not in text

    snapshot(snap_compare, app, check)


def test_session_experience(snap_compare: SnapCompare, db_path: Path, clock: FixedClock) -> None:
    session = start_session(db_path, clock)
    clock.advance(INTO_SIP)
    app = KetaJournalApp(db_path, clock)

    async def check(pilot: Pilot[object]) -> None:
        screen = await session_view(pilot)
        # Past the sip length the experience begins on its own, as the phase timer finds.
        clock.advance(timedelta(minutes=20))
        screen._after_change()
        await settle(pilot)
        assert elapsed(screen) == "0:26:10"
        assert not screen.query_one("#sip-progress", ProgressBar).display
        text = flat(shown(app))
        assert "Experience" in text and "Effects commonly last 30 minutes to 2 hours" in text
        assert "26 minutes in" in text
        assert "Sip slowly" not in text and "minute 7" not in text
        assert stored_phases(db_path, clock, session) == [
            m.SessionPhase.SIP,
            m.SessionPhase.EXPERIENCE,
        ]

    snapshot(snap_compare, app, check)


def test_session_rest(snap_compare: SnapCompare, db_path: Path, clock: FixedClock) -> None:
    session = start_session(db_path, clock)
    clock.advance(timedelta(minutes=30))
    app = KetaJournalApp(db_path, clock)

    async def check(pilot: Pilot[object]) -> None:
        screen = await session_view(pilot)
        assert "Experience" in shown(app)
        clock.advance(timedelta(hours=2))  # 15 min sip + 120 min experience, then rest
        screen._after_change()
        await settle(pilot)
        assert elapsed(screen) == "2:30:00"
        text = flat(shown(app))
        assert "Rest" in text and "Rest now. No driving today." in text
        assert "Reflection can wait until you are ready." in text
        assert "2 hours 30 minutes in" in text
        assert stored_phases(db_path, clock, session) == list(m.SessionPhase)

    snapshot(snap_compare, app, check)


def test_session_mark_dialog(snap_compare: SnapCompare, db_path: Path, clock: FixedClock) -> None:
    start_session(db_path, clock)
    clock.advance(INTO_SIP)
    app = KetaJournalApp(db_path, clock)

    async def check(pilot: Pilot[object]) -> None:
        await session_view(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MarkDialog)
        text = shown(app)
        assert "What do you notice? (press a number)" in text
        for n, sensation in enumerate(m.Sensation, 1):
            assert f"{n}  {sensation.value.replace('-', ' ')}" in text

    snapshot(snap_compare, app, check)


def test_session_end_confirmation(
    snap_compare: SnapCompare, db_path: Path, clock: FixedClock
) -> None:
    start_session(db_path, clock)
    clock.advance(timedelta(minutes=50))
    app = KetaJournalApp(db_path, clock)

    async def check(pilot: Pilot[object]) -> None:
        await session_view(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        text = flat(shown(app))
        assert "End the session now?" in text
        assert "Keep going (n)" in text and "End session (y)" in text
        assert app.screen.focused is not None and app.screen.focused.id == "no"

    snapshot(snap_compare, app, check)
