"""The session view: stays quietly with the person through sip, experience and rest.

Everything shown is derived from the stored timestamps and the app's clock
(`domain.session_clock`). The screen ticks once a second and only repaints on a tick;
the database is touched only when something happens (a note, a mark, a phase change).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Digits, Footer, Header, ProgressBar, Static

from ketajournal.domain import models as m
from ketajournal.domain.session_clock import ClockReading, PhaseLengths, clock_text, read_clock
from ketajournal.errors import KetaJournalError
from ketajournal.screens.bp_dialog import BloodPressureDialog
from ketajournal.screens.confirm import ConfirmDialog
from ketajournal.screens.mark_dialog import MarkDialog
from ketajournal.screens.note_dialog import NoteDialog
from ketajournal.service.sessions import current_phase
from ketajournal.widgets.breathing import BreathingPacer

if TYPE_CHECKING:
    from ketajournal.app import KetaJournalApp
    from ketajournal.service import JournalService

PHASE_TITLE = {
    m.SessionPhase.SIP: "Sip",
    m.SessionPhase.EXPERIENCE: "Experience",
    m.SessionPhase.REST: "Rest",
}
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


class SessionScreen(Screen[None]):
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

    @dataclass
    class Loaded(Message):
        data: SessionData

    @dataclass
    class Changed(Message):
        session: m.Session
        note: str = ""

    @dataclass
    class Ended(Message):
        session: m.Session
        immediate: m.Reflection | None

    @dataclass
    class Problem(Message):
        error: str

    def __init__(self) -> None:
        super().__init__()
        self.data: SessionData | None = None
        self._phase_timer: Timer | None = None
        self._bp_prompted = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="session-body"):
            yield Static("", id="phase-title", markup=False)
            yield Digits("0:00:00", id="elapsed")
            yield ProgressBar(total=1.0, show_eta=False, show_percentage=False, id="sip-progress")
            yield Static("", id="sip-cue", markup=False)
            yield Static("", id="phase-text", markup=False)
            yield BreathingPacer(id="pacer")
            yield Static("", id="session-status", classes="muted", markup=False)
        yield Footer(show_command_palette=False)  # at 80 columns every key must fit

    def on_mount(self) -> None:
        self._load()
        self.set_interval(1.0, self._tick)  # repaint once a second; nothing else

    # -- loading and the clock ----------------------------------------------------------

    @work(thread=True, exclusive=True, group="session", exit_on_error=False)
    def _load(self) -> None:
        svc = self._svc()
        try:
            session = svc.sessions.running()
            if session is None:
                self.post_message(self.Problem("No session is running."))
                return
            settings = svc.settings.get()
            plan = svc.plan.get()
            events = svc.sessions.events(session.id)
            data = SessionData(
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
        except KetaJournalError as exc:
            self.post_message(self.Problem(str(exc)))
            return
        self.post_message(self.Loaded(data))

    def on_session_screen_loaded(self, message: Loaded) -> None:
        self.data = message.data
        pacer = self.query_one(BreathingPacer)
        pacer.inhale, pacer.exhale = message.data.inhale, message.data.exhale
        if message.data.pacer:
            pacer.start(message.data.reduce_motion)
        self._after_change()

    def _now(self) -> datetime:
        return self._svc().ctx.now()

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
        self.query_one("#phase-title", Static).update(f"{PHASE_TITLE[r.phase]}")
        self.query_one("#elapsed", Digits).update(clock_text(r.elapsed))
        sip = r.phase is m.SessionPhase.SIP
        bar = self.query_one("#sip-progress", ProgressBar)
        bar.display = sip
        bar.progress = r.sip_progress
        cue = "Take a small sip now." if r.sip_cue else ""
        if sip and self.data is not None:
            minute = int(r.elapsed.total_seconds() // 60)
            cue = f"{cue}  (minute {minute + 1} of {self.data.lengths.sip_minutes})".strip()
        self.query_one("#sip-cue", Static).update(cue)
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
                "About 40 minutes in: your care team asks for a blood pressure reading (P).",
                title="Blood pressure",
                markup=False,
                timeout=20,
            )

    def _after_change(self) -> None:
        """Repaint, record phases that began on their own, and wait for the next one."""
        reading = self.reading()
        if reading is None:
            return
        self._paint(reading)
        if reading.unrecorded:
            self._record_phases(reading.unrecorded)
        if self._phase_timer is not None:
            self._phase_timer.stop()
            self._phase_timer = None
        if reading.next_change is not None:
            wait = (reading.next_change[1] - self._now()).total_seconds()
            self._phase_timer = self.set_timer(max(wait, 0.0) + 0.05, self._after_change)

    @work(thread=True, exclusive=True, group="session-write", exit_on_error=False)
    def _record_phases(self, phases: tuple[tuple[m.SessionPhase, datetime], ...]) -> None:
        if self.data is None:
            return
        try:
            session = catch_up(self._svc(), self.data.session.id, phases)
        except KetaJournalError as exc:
            self.post_message(self.Problem(str(exc)))
            return
        self.post_message(self.Changed(session))

    def on_session_screen_changed(self, message: Changed) -> None:
        if self.data is not None:
            self.data = SessionData(**{**self.data.__dict__, "session": message.session})
        if message.note:
            self.query_one("#session-status", Static).update(message.note)
        self._after_change()

    def on_session_screen_problem(self, message: Problem) -> None:
        status = self.query_one("#session-status", Static)
        status.update(message.error)
        status.set_classes("warning")

    # -- actions ------------------------------------------------------------------------

    def action_note(self) -> None:
        def save(text: str | None) -> None:
            if text:
                self._write(lambda svc, sid: svc.sessions.note(text, session_id=sid), "Note saved")

        self.app.push_screen(NoteDialog(), save)

    def action_mark(self) -> None:
        def save(choice: tuple[m.Sensation, m.Severity] | None) -> None:
            if choice:
                sensation, severity = choice
                label = f"Marked {sensation.value.replace('-', ' ')} ({severity.value})"
                self._write(
                    lambda svc, sid: svc.sessions.mark(sensation, severity, session_id=sid), label
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
                    self.data = SessionData(**{**self.data.__dict__, "bp_recorded": True})

        self.app.push_screen(BloodPressureDialog(), save)

    def action_next_phase(self) -> None:
        reading = self.reading()
        if reading is None or reading.next_change is None:
            self.notify("This is the last phase; press e to end the session.", markup=False)
            return
        target = reading.next_change[0]

        def advance(svc: JournalService, sid: Any) -> m.Session:
            session = catch_up(svc, sid, reading.unrecorded)
            if _ORDER.index(current_phase(session)) >= _ORDER.index(target):
                return session  # it began on its own meanwhile (recorded by the timer)
            return svc.sessions.advance(sid, target)

        self._write(advance, f"Now: {PHASE_TITLE[target]}", returns_session=True)

    def action_breathe(self) -> None:
        pacer = self.query_one(BreathingPacer)
        if pacer.running:
            pacer.stop()
        elif self.data is not None:
            pacer.start(self.data.reduce_motion)

    def action_end(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self._end()

        self.app.push_screen(
            ConfirmDialog(
                "End the session now? Its reflection prompts will be waiting for you.",
                yes="End session",
                no="Keep going",
            ),
            confirmed,
        )

    @work(thread=True, exclusive=True, group="session-write", exit_on_error=False)
    def _end(self) -> None:
        if self.data is None:
            return
        svc = self._svc()
        try:
            reading = self.reading()
            catch_up(svc, self.data.session.id, reading.unrecorded if reading else ())
            session = svc.sessions.end(self.data.session.id)
            immediate = svc.reflections.of_kind(session.id, m.ReflectionKind.IMMEDIATE)
        except KetaJournalError as exc:
            self.post_message(self.Problem(str(exc)))
            return
        self.post_message(self.Ended(session, immediate))

    def on_session_screen_ended(self, message: Ended) -> None:
        self.app.pop_screen()
        self.app.notify(
            "Your session has ended. Rest; no driving today. A few words now, or later.",
            title="Session ended",
            markup=False,
            timeout=10,
        )
        if message.immediate is not None:
            app: KetaJournalApp = self.app  # type: ignore[assignment]
            app.action_reflect(str(message.immediate.id))

    def _write(self, action: Any, done: str, returns_session: bool = False) -> None:
        self._run_write(action, done, returns_session)

    @work(thread=True, exclusive=False, group="session-write", exit_on_error=False)
    def _run_write(self, action: Any, done: str, returns_session: bool) -> None:
        if self.data is None:
            return
        svc = self._svc()
        try:
            result = action(svc, self.data.session.id)
            session = result if returns_session else svc.sessions.get(self.data.session.id)
        except KetaJournalError as exc:
            self.post_message(self.Problem(str(exc)))
            return
        when = self._now().astimezone().strftime("%H:%M")
        self.post_message(self.Changed(session, f"{done} at {when}."))

    def _svc(self) -> JournalService:
        app: KetaJournalApp = self.app  # type: ignore[assignment]
        return app.svc
