"""The session view: stays quietly with the person through sip, experience and rest.

Everything shown is derived from the stored timestamps and the app's clock
(`domain.session_clock`). The screen ticks once a second and only repaints on a tick;
the database is touched only when something happens (a note, a mark, a phase change).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Header, Static

from ketajournal.domain import models as m
from ketajournal.domain.session_clock import ClockReading, PhaseLengths, read_clock
from ketajournal.screens.base import NARROW_AND_WIDE, BaseScreen
from ketajournal.screens.bp_dialog import BloodPressureDialog
from ketajournal.screens.confirm import ConfirmDialog
from ketajournal.screens.mark_dialog import Mark, MarkDialog
from ketajournal.screens.note_dialog import NoteDialog
from ketajournal.service import JournalService
from ketajournal.service.sessions import current_phase
from ketajournal.text import local_time, minutes_in
from ketajournal.widgets.breathing import BreathingPacer
from ketajournal.widgets.footer import KeyFooter
from ketajournal.widgets.session_clock import PHASE_TITLE, SessionClock
from ketajournal.widgets.status import StatusLine

PHASE_TEXT = {
    m.SessionPhase.SIP: (
        "Sip slowly, as your clinic explained. There is no hurry; take your time with each sip."
    ),
    m.SessionPhase.EXPERIENCE: (
        "Let it come. Effects commonly last 30 minutes to 2 hours. Dizziness, blurry vision, "
        "numbness and a dreamlike state are common, and they pass."
    ),
    m.SessionPhase.REST: ("Rest now. No driving today. Reflection can wait until you are ready."),
}


@dataclass(frozen=True)
class SessionData:
    session: m.Session
    lengths: PhaseLengths
    bp_required: bool
    bp_recorded: bool
    reduce_motion: bool
    pacer: bool
    inhale: float
    exhale: float


_ORDER = list(m.SessionPhase)
Write = Callable[[JournalService, UUID], Any]


def catch_up(
    svc: JournalService, session_id: Any, phases: Sequence[tuple[m.SessionPhase, datetime]]
) -> m.Session:
    """Records the phases that began on their own, skipping any another writer (the phase
    timer, a key press) has recorded meanwhile, so that two writers never collide."""
    session = svc.sessions.get(session_id)
    for phase, at in phases:
        if _ORDER.index(phase) > _ORDER.index(current_phase(session)):
            session = svc.sessions.advance(session.id, phase, at=at)
    return session


def load_running(svc: JournalService) -> SessionData | None:
    session = svc.sessions.running()
    if session is None:
        return None
    settings = svc.settings.get()
    plan = svc.plan.get()
    events = svc.sessions.events(session.id)
    return SessionData(
        session=session,
        lengths=PhaseLengths(
            settings.sip_minutes,
            settings.experience_minutes,
            settings.sip_cue_minutes,
            settings.bp_prompt_minutes,
        ),
        bp_required=bool(plan and plan.bp_required),
        bp_recorded=any(e.kind is m.EventKind.BLOOD_PRESSURE for e in events),
        reduce_motion=settings.reduce_motion,
        pacer=settings.breathing_pacer,
        inhale=settings.breathe_in_seconds,
        exhale=settings.breathe_out_seconds,
    )


def end_session(
    svc: JournalService, session_id: UUID, unrecorded: Sequence[tuple[m.SessionPhase, datetime]]
) -> m.Reflection | None:
    """Ends the session (phases that began on their own recorded first); its first prompt."""
    catch_up(svc, session_id, unrecorded)
    session = svc.sessions.end(session_id)
    return svc.reflections.of_kind(session.id, m.ReflectionKind.IMMEDIATE)


def bp_reminder(minutes: int) -> str:
    """The reminder at the minute the care team set: "About 1 minute in: ..."."""
    return f"About {minutes_in(minutes)}: your care team asks for a blood pressure reading (P)."


class SessionScreen(BaseScreen[None]):
    NAME = "Session"
    HORIZONTAL_BREAKPOINTS = NARROW_AND_WIDE
    HELP = (
        "Your session. The clock comes from when you started, so closing the app loses "
        "nothing. n: a note, m: mark a sensation, ctrl+n: next phase, b: breathing pacer, "
        "P: blood pressure, e: end the session."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "note", "Note", id="session.note"),
        Binding("m", "mark", "Mark", id="session.mark"),
        Binding("ctrl+n", "next_phase", "Next", id="session.next"),
        Binding("b", "breathe", "Breathe", id="session.breathe"),
        Binding("P", "blood_pressure", "BP", id="session.bp"),
        Binding("e", "end", "End", id="session.end"),
        Binding("escape", "app.pop_screen", "Home", id="session.home", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: SessionData | None = None
        self._phase_timer: Timer | None = None
        self._bp_prompted = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="session-body"):
            yield SessionClock(id="session-clock")
            yield Static("", id="phase-text", markup=False)
            yield BreathingPacer(id="pacer")
            yield StatusLine(id="session-status")
        yield KeyFooter(show_command_palette=False)  # at 80 columns every key must fit

    def on_mount(self) -> None:
        self.call(load_running, self._loaded, group="session")
        self.set_interval(1.0, self._tick)  # repaint once a second; nothing else

    @property
    def status(self) -> StatusLine:
        return self.query_one("#session-status", StatusLine)

    # -- loading and the clock ----------------------------------------------------------

    def _loaded(self, data: SessionData | None) -> None:
        if data is None:
            self.status.warn("No session is running.")
            return
        self.data = data
        self.query_one(SessionClock).sip_minutes = data.lengths.sip_minutes
        pacer = self.query_one(BreathingPacer)
        pacer.inhale, pacer.exhale = data.inhale, data.exhale
        if data.pacer:
            pacer.start(data.reduce_motion)
        self._after_change()

    def _now(self) -> datetime:
        return self.svc.ctx.now()

    def reading(self) -> ClockReading | None:
        if self.data is None:
            return None
        return read_clock(self.data.session, self.data.lengths, self._now())

    def _tick(self) -> None:
        """Once a second: repaint from the stored times. No queries, no writes."""
        reading = self.reading()
        if reading is not None:
            self._paint(reading)

    def _paint(self, r: ClockReading) -> None:
        self.query_one(SessionClock).reading = r
        self.query_one("#phase-text", Static).update(PHASE_TEXT[r.phase])
        data = self.data
        if (
            data is not None
            and data.bp_required
            and not data.bp_recorded
            and r.bp_prompt_due
            and not self._bp_prompted
        ):
            self._bp_prompted = True
            self.notify(
                bp_reminder(data.lengths.bp_prompt_minutes),
                title="Blood pressure",
                markup=False,
                timeout=20,
            )

    def _after_change(self) -> None:
        """Repaint, record phases that began on their own, and wait for the next one."""
        reading = self.reading()
        if reading is None or self.data is None:
            return
        self._paint(reading)
        if reading.unrecorded:
            unrecorded, sid = reading.unrecorded, self.data.session.id
            self.call(
                lambda svc: catch_up(svc, sid, unrecorded),
                self._changed,
                group="session-phases",
            )
        if self._phase_timer is not None:
            self._phase_timer.stop()
            self._phase_timer = None
        if reading.next_change is not None:
            wait = (reading.next_change[1] - self._now()).total_seconds()
            self._phase_timer = self.set_timer(max(wait, 0.0) + 0.05, self._after_change)

    def _changed(self, session: m.Session, note: str = "") -> None:
        if self.data is not None:
            self.data = replace(self.data, session=session)
        if note:
            self.status.say(note)
        self._after_change()

    # -- actions ------------------------------------------------------------------------

    def action_note(self) -> None:
        def save(text: str | None) -> None:
            if text:
                self._write(lambda svc, sid: svc.sessions.note(text, session_id=sid), "Note saved")

        self.app.push_screen(NoteDialog(), save)

    def action_mark(self) -> None:
        def save(mark: Mark | None) -> None:
            if mark:
                name = mark.sensation.value.replace("-", " ")
                label = f"Marked {mark.text or name} ({mark.severity.value})"
                self._write(
                    lambda svc, sid: svc.sessions.mark(
                        mark.sensation, mark.severity, session_id=sid, text=mark.text
                    ),
                    label,
                )

        self.app.push_screen(MarkDialog(), save)

    def action_blood_pressure(self) -> None:
        def save(reading: tuple[int, int] | None) -> None:
            if reading:
                self._write(
                    lambda svc, sid: svc.sessions.blood_pressure(*reading, session_id=sid),
                    f"Blood pressure {reading[0]}/{reading[1]} recorded",
                )
                if self.data is not None:
                    self.data = replace(self.data, bp_recorded=True)

        self.app.push_screen(BloodPressureDialog(), save)

    def action_next_phase(self) -> None:
        reading = self.reading()
        if reading is None or reading.next_change is None:
            self.notify("This is the last phase; press e to end the session.", markup=False)
            return
        target = reading.next_change[0]

        def advance(svc: JournalService, sid: UUID) -> m.Session:
            session = catch_up(svc, sid, reading.unrecorded)
            if _ORDER.index(current_phase(session)) >= _ORDER.index(target):
                return session  # it began on its own meanwhile (recorded by the timer)
            return svc.sessions.advance(sid, target)

        self._write(advance, f"Now: {PHASE_TITLE[target]}")

    def action_breathe(self) -> None:
        pacer = self.query_one(BreathingPacer)
        if pacer.running:
            pacer.stop()
        elif self.data is not None:
            pacer.start(self.data.reduce_motion)

    def action_end(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes and self.data is not None:
                reading = self.reading()
                sid, unrecorded = self.data.session.id, reading.unrecorded if reading else ()
                self.call(
                    lambda svc: end_session(svc, sid, unrecorded),
                    self._ended,
                    group="session-end",
                )

        self.app.push_screen(
            ConfirmDialog(
                "End the session now? Its reflection prompts will be waiting for you.",
                yes="End session",
                no="Keep going",
            ),
            confirmed,
        )

    async def _ended(self, immediate: m.Reflection | None) -> None:
        self.app.pop_screen()
        self.app.notify(
            "Your session has ended. Rest; no driving today. A few words now, or later.",
            title="Session ended",
            markup=False,
            timeout=10,
        )
        if immediate is not None:
            await self.app.run_action(f"reflect('{immediate.id}')")

    def _write(self, action: Write, done: str) -> None:
        """Writes an event (or a phase) in the background; says `done` once it is stored."""
        if self.data is None:
            return
        sid = self.data.session.id

        def write(svc: JournalService) -> m.Session:
            result = action(svc, sid)
            return result if isinstance(result, m.Session) else svc.sessions.get(sid)

        self.call(
            write,
            lambda session: self._changed(session, f"{done} at {local_time(self._now())}."),
            group="session-write",
            exclusive=False,
        )
