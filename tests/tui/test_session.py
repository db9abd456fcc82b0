"""The session view: a derived clock, phases, notes and marks, ending, and surviving a kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Digits

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.factory import open_service
from ketajournal.screens.confirm import ConfirmDialog
from ketajournal.screens.home import HomeScreen
from ketajournal.screens.session import SessionScreen
from tests.tui.conftest import screen_text, seed, settle


def _start(db_path: Path, clock: FixedClock, **settings: object) -> m.Session:
    seed(db_path, clock)
    svc = open_service(db_path, clock)
    for key, value in settings.items():
        svc.settings.set(key, value)
    session = svc.sessions.start(150)
    svc.close()
    return session


def _events(db_path: Path, clock: FixedClock) -> list[m.SessionEvent]:
    svc = open_service(db_path, clock)
    session = svc.sessions.history(limit=1)[0]
    events = svc.sessions.events(session.id)
    svc.close()
    return events


def _elapsed(app: KetaJournalApp) -> str:
    return str(app.screen.query_one("#elapsed", Digits).value)


async def test_opens_straight_into_a_running_session_with_a_derived_clock(
    db_path: Path, clock: FixedClock
) -> None:
    session = _start(db_path, clock, sip_minutes=12, experience_minutes=60)
    clock.advance(timedelta(minutes=5, seconds=30))
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert _elapsed(app) == "0:05:30"
        text = screen_text(app)
        assert "Sip" in text and "minute 6 of 12" in text
        clock.advance(timedelta(minutes=2))
        screen._tick()  # what the once-a-second timer calls: a repaint, nothing more
        assert _elapsed(app) == "0:07:30"
        # Past the sip length, the experience phase begins on its own, recorded at its time.
        clock.advance(timedelta(minutes=10))
        screen._after_change()
        await settle(pilot)
        assert "Experience" in screen_text(app)
        assert "30 minutes to 2 hours" in screen_text(app)
        assert session.sip_started_at is not None
    phases = [(e.phase, e.at) for e in _events(db_path, clock) if e.kind is m.EventKind.PHASE]
    assert phases == [
        (m.SessionPhase.SIP, session.sip_started_at),
        (m.SessionPhase.EXPERIENCE, session.sip_started_at + timedelta(minutes=12)),
    ]


async def test_note_mark_early_phase_change_and_ending(db_path: Path, clock: FixedClock) -> None:
    session = _start(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        clock.advance(timedelta(minutes=3))
        await pilot.press("n", *"the room is soft", "enter")
        await settle(pilot)
        assert "Note saved at" in screen_text(app)
        clock.advance(timedelta(minutes=1))
        await pilot.press("m", "1", "2")  # nausea, moderate: two key presses
        await settle(pilot)
        assert "Marked nausea (moderate)" in screen_text(app)
        clock.advance(timedelta(minutes=2))
        await pilot.press("ctrl+n")  # into the experience early, at minute 6
        await settle(pilot)
        assert "Experience" in screen_text(app)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep going
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        clock.advance(timedelta(minutes=30))
        await pilot.press("e", "y")
        await settle(pilot)
        assert not isinstance(app.screen, SessionScreen)
    start = session.sip_started_at
    assert start is not None
    events = _events(db_path, clock)
    notes = [(e.text, e.at) for e in events if e.kind is m.EventKind.NOTE]
    marks = [(e.sensation, e.severity, e.at) for e in events if e.kind is m.EventKind.MARK]
    phases = [(e.phase, e.at) for e in events if e.kind is m.EventKind.PHASE]
    assert notes == [("the room is soft", start + timedelta(minutes=3))]
    assert marks == [(m.Sensation.NAUSEA, m.Severity.MODERATE, start + timedelta(minutes=4))]
    assert (m.SessionPhase.EXPERIENCE, start + timedelta(minutes=6)) in phases
    svc = open_service(db_path, clock)
    ended = svc.sessions.get(session.id)
    assert ended.status is m.SessionStatus.ENDED
    assert ended.ended_at == start + timedelta(minutes=36)
    assert [r.kind for r in svc.reflections.for_session(session.id)] == list(m.ReflectionKind)
    svc.close()


async def test_the_rest_phase_follows_the_experience_length(
    db_path: Path, clock: FixedClock
) -> None:
    _start(db_path, clock, sip_minutes=10, experience_minutes=30)
    clock.advance(timedelta(minutes=45))  # reopened well into the rest phase
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Rest" in screen_text(app) and "No driving today" in screen_text(app)
        assert _elapsed(app) == "0:45:00"
    kinds = [e.phase for e in _events(db_path, clock) if e.kind is m.EventKind.PHASE]
    assert kinds == [m.SessionPhase.SIP, m.SessionPhase.EXPERIENCE, m.SessionPhase.REST]


async def test_escape_leaves_the_session_running(db_path: Path, clock: FixedClock) -> None:
    _start(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Back to your session" in screen_text(app)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)


CHILD = """
import sys
from pathlib import Path
from ketajournal.app import KetaJournalApp

async def drive(pilot):
    app = pilot.app
    while type(app.screen).__name__ != "SessionScreen" or app.screen.data is None:
        await pilot.pause(0.01)
    await pilot.press("n", *"before the kill", "enter")
    while "Note saved" not in str(app.screen.query_one("#session-status").render()):
        await pilot.pause(0.01)
    print("READY", flush=True)
    await pilot.pause(600)

KetaJournalApp(Path(sys.argv[1])).run(headless=True, size=(80, 24), auto_pilot=drive)
"""


@pytest.mark.slow
async def test_sigkill_mid_session_loses_nothing_and_resumes(db_path: Path) -> None:
    real = FixedClock(__import__("datetime").datetime.now(__import__("datetime").UTC))
    seed(db_path, real)
    svc = open_service(db_path, real)
    session = svc.sessions.start(150, at=real.now() - timedelta(minutes=20))
    svc.close()
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "KETAJOURNAL_DB"},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "READY"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    later = FixedClock(real.now() + timedelta(minutes=5))
    app = KetaJournalApp(db_path, later)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        shown = _elapsed(app)  # 20 minutes before the kill, 5 after: about 25
        assert shown.startswith("0:25:") or shown.startswith("0:24:"), shown
        assert "Experience" in screen_text(app)
    events = _events(db_path, later)
    assert [e.text for e in events if e.kind is m.EventKind.NOTE] == ["before the kill"]
    assert session.id == events[0].session_id


def test_two_writers_of_a_phase_that_began_on_its_own_never_collide(
    db_path: Path, clock: FixedClock
) -> None:
    """The phase timer and a key press can both record the experience phase; the second
    finds it recorded and goes on (it once failed: "must be a phase after experience")."""
    from ketajournal.screens.session import catch_up

    session = _start(db_path, clock, sip_minutes=1)
    began = session.sip_started_at + timedelta(minutes=1)  # type: ignore[operator]
    clock.advance(timedelta(minutes=2))
    svc = open_service(db_path, clock)
    stale = ((m.SessionPhase.EXPERIENCE, began),)
    first = catch_up(svc, session.id, stale)
    second = catch_up(svc, session.id, stale)  # the other writer, with the same reading
    assert first.experience_started_at == second.experience_started_at == began
    phases = [e.phase for e in svc.sessions.events(session.id) if e.kind is m.EventKind.PHASE]
    assert phases == [m.SessionPhase.SIP, m.SessionPhase.EXPERIENCE]
    svc.close()
