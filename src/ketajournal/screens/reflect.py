"""Reflecting on a session: the capture right after, the full reflection, and the follow-ups."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, ClassVar
from uuid import UUID

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Footer, Header, Static

from ketajournal.domain import models as m
from ketajournal.errors import KetaJournalError
from ketajournal.service.reflections import OPEN_STATUSES, ReflectionAnswers
from ketajournal.widgets.reflection import ReflectionContext, ReflectionForm, form_for

if TYPE_CHECKING:
    from ketajournal.app import KetaJournalApp
    from ketajournal.service import JournalService

SAVE_DELAY = 0.6  # seconds of quiet typing before the draft is saved
SNOOZE_FOR = timedelta(days=1)
FOLLOW_UPS = (m.ReflectionKind.WEEK, m.ReflectionKind.MONTH)

PROMPT_NAME = {
    m.ReflectionKind.IMMEDIATE: "Right after",
    m.ReflectionKind.FULL: "Next day",
    m.ReflectionKind.WEEK: "A week on",
    m.ReflectionKind.MONTH: "A month on",
}
PROMPT_HINT = {
    m.ReflectionKind.IMMEDIATE: "Capture first, interpret later: a few numbers and fragments.",
    m.ReflectionKind.FULL: "Turn the fragments into a fuller reflection, as much as you like.",
    m.ReflectionKind.WEEK: "How has the session shown up in your life this week?",
    m.ReflectionKind.MONTH: "How has the session shown up in your life this month?",
}
FINISHED = {
    m.ReflectionKind.IMMEDIATE: "Saved. Rest now; the fuller reflection can wait until tomorrow.",
    m.ReflectionKind.FULL: "Your reflection is saved. Be gentle with yourself today.",
    m.ReflectionKind.WEEK: "Thank you. Your follow-up is saved.",
    m.ReflectionKind.MONTH: "Thank you. Your follow-up is saved.",
}
NOTHING_YET = (
    "Nothing to reflect on yet. When a session ends, its reflection prompts wait for you here: "
    "a short capture right after, a fuller reflection the next day, and two follow-ups."
)
SESSION_RUNNING = (
    "A session is running. Reflection can wait until you have rested; the prompts appear "
    "here once the session has ended."
)


class ReflectScreen(Screen[None]):
    """One reflection prompt of a session; with no id, the earliest one that is due."""

    HELP = (
        "Reflect on a session. Right after it, a few ratings and fragments are enough; the next "
        "day, a fuller reflection; a week and a month on, how it showed up in your life. "
        "Everything you type is saved as a draft as you go. Tab moves between fields; arrows "
        "and enter choose an option. Save and finish when you are done, or snooze the prompt "
        "until tomorrow."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "finish", "Finish", id="reflect.finish"),
        Binding("escape", "back", "Back", id="reflect.back"),
    ]

    @dataclass
    class Loaded(Message):
        ctx: ReflectionContext

    @dataclass
    class Empty(Message):
        text: str

    @dataclass
    class Failed(Message):
        error: str

    @dataclass
    class Saved(Message):
        reflection: m.Reflection
        leave: bool

    @dataclass
    class Problem(Message):
        error: str
        leave: bool = False

    @dataclass
    class Closed(Message):
        """The prompt was finished, snoozed or set aside: back, with a calm word."""

        note: str

    def __init__(self, reflection_id: UUID | None = None) -> None:
        super().__init__()
        self.reflection_id = reflection_id
        self.ctx: ReflectionContext | None = None
        self.form: ReflectionForm | None = None
        self._timer: Timer | None = None
        self._baseline: ReflectionAnswers | None = None  # what the journal holds
        self._busy = False  # finishing, snoozing or setting aside
        self._warned = False  # a bad rating was pointed out once when leaving
        self._save_failed = False  # the journal refused the draft when leaving
        self._then: UUID | None = None  # the sibling prompt to open after saving
        self._leave_on_resume = False
        # Draft writes run in threads; a sequence number keeps an older one from
        # overwriting a newer one that got to the database first.
        self._lock = threading.Lock()
        self._seq = 0
        self._written = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="reflect-about", markup=False)
        yield Horizontal(id="reflect-prompts")
        yield Static("", id="reflect-hint", markup=False)
        with Vertical(id="reflect-body"):
            yield Static("Opening…", id="reflect-message", classes="muted", markup=False)
        yield Static("", id="reflect-status", classes="muted", markup=False)
        with Horizontal(id="reflect-nav"):
            yield Button("Save and finish", id="finish", variant="primary", compact=True)
            yield Button("Snooze until tomorrow", id="snooze", compact=True)
            yield Button("Skip this follow-up", id="dismiss", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#reflect-nav").display = False
        self._open()

    def on_screen_resume(self) -> None:
        if self._leave_on_resume:
            self._leave_on_resume = False
            self._leave()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "finish":
            return self.form is not None  # nothing to finish until a prompt is open
        return True

    # -- opening ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="reflect-open", exit_on_error=False)
    def _open(self) -> None:
        svc = self._svc()
        try:
            now = svc.ctx.now()
            reflection = self._choose(svc, now)
            if reflection is None:
                running = svc.sessions.running() is not None
                self.post_message(self.Empty(SESSION_RUNNING if running else NOTHING_YET))
                return
            session = svc.sessions.get(reflection.session_id)
            siblings = tuple(svc.reflections.for_session(session.id))
            by_kind = {r.kind: r for r in siblings}
            marks = tuple(e for e in svc.sessions.events(session.id) if e.kind is m.EventKind.MARK)
            markers: dict[m.MarkerKind, int] = {}
            if reflection.kind in FOLLOW_UPS and reflection.status is m.ReflectionStatus.DONE:
                for marker in svc.checkins.markers():  # oldest first: the latest value wins
                    if marker.reflection_id == reflection.id:
                        markers[marker.marker] = marker.value
            ctx = ReflectionContext(
                reflection=reflection,
                session=session,
                marks=marks,
                siblings=siblings,
                immediate=by_kind.get(m.ReflectionKind.IMMEDIATE),
                full=by_kind.get(m.ReflectionKind.FULL),
                markers=markers,
                now=now,
            )
        except KetaJournalError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Loaded(ctx))

    def _choose(self, svc: JournalService, now: datetime) -> m.Reflection | None:
        """The prompt asked for; else the earliest due; else one of the last session's."""
        if self.reflection_id is not None:
            return svc.reflections.get(self.reflection_id)
        due = svc.reflections.due(now)
        if due:
            return due[0]
        last = svc.sessions.last_ended()
        if last is None:
            return None
        prompts = svc.reflections.for_session(last.id) or svc.reflections.schedule_for(last)
        reached = [
            r for r in prompts if r.due_at <= now and r.status is not m.ReflectionStatus.DISMISSED
        ]
        still_open = [r for r in reached if r.status in OPEN_STATUSES]
        if still_open:
            return still_open[0]
        return reached[0] if reached else prompts[0]

    async def on_reflect_screen_loaded(self, message: Loaded) -> None:
        ctx = self.ctx = message.ctx
        r = ctx.reflection
        self.query_one("#reflect-about", Static).update(_about(ctx.session))
        await self._show_prompts(ctx)
        self.query_one("#reflect-hint", Static).update(
            Content.assemble((PROMPT_NAME[r.kind] + ": ", "bold $primary"), PROMPT_HINT[r.kind])
        )
        body = self.query_one("#reflect-body", Vertical)
        await body.remove_children()
        if r.status is m.ReflectionStatus.DISMISSED:
            await body.mount(
                Static(
                    "You set this prompt aside, so it is closed. What it held is kept.",
                    classes="page",
                    markup=False,
                )
            )
            return
        self.form = form_for(ctx, id="reflect-form")
        await body.mount(self.form)
        self._baseline = self.form.collect()[0]
        is_open = r.status in OPEN_STATUSES
        finish = self.query_one("#finish", Button)
        finish.label = "Save and finish" if is_open else "Save changes"
        self.query_one("#snooze", Button).display = is_open
        self.query_one("#dismiss", Button).display = is_open and r.kind in FOLLOW_UPS
        self.query_one("#reflect-nav").display = True
        self.refresh_bindings()
        self._status(_opened_note(r))

    async def _show_prompts(self, ctx: ReflectionContext) -> None:
        """The session's four prompts, to move between them; the open one highlighted."""
        row = self.query_one("#reflect-prompts", Horizontal)
        await row.remove_children()
        now = ctx.now or ctx.reflection.due_at
        buttons = []
        for prompt in ctx.siblings:
            label = PROMPT_NAME[prompt.kind]
            if prompt.status is m.ReflectionStatus.DONE:
                label += " ✓"
            elif prompt.status is m.ReflectionStatus.DISMISSED:
                label += " (set aside)"
            elif prompt.due_at > now:
                label += " · " + _day(prompt.due_at, weekday=False)
            current = prompt.id == ctx.reflection.id
            button = Button(
                label,
                id=f"prompt-{prompt.kind.value}",
                variant="primary" if current else "default",
                disabled=prompt.due_at > now and prompt.status is not m.ReflectionStatus.DONE,
                classes="prompt-switch",
                compact=True,
            )
            button.can_focus = not current
            buttons.append(button)
        await row.mount_all(buttons)

    def on_reflect_screen_empty(self, message: Empty) -> None:
        self.query_one("#reflect-message", Static).update(message.text)

    def on_reflect_screen_failed(self, message: Failed) -> None:
        self.query_one("#reflect-message", Static).update(message.error)

    # -- saving as the person types -------------------------------------------------------

    @on(ReflectionForm.Changed)
    def _changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY, self._save_now)

    def _save_now(self, leave: bool = False) -> bool:
        """Saves the draft if anything changed; True when a save was started."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.form is None or self.ctx is None or self._busy:
            return False
        answers, problems = self.form.collect()
        if problems:
            self._status("  ".join(problems), warning=True)
        draft = replace(answers, markers=None)  # markers are stored once, when finished
        if self._baseline is not None and draft == replace(self._baseline, markers=None):
            return False
        self._baseline = answers
        self._seq += 1
        done = self.ctx.reflection.status is m.ReflectionStatus.DONE
        self._write_draft(self.ctx.reflection.id, draft, self._seq, done, leave)
        return True

    @work(thread=True, exclusive=True, group="reflect-draft", exit_on_error=False)
    def _write_draft(
        self, reflection_id: UUID, answers: ReflectionAnswers, seq: int, done: bool, leave: bool
    ) -> None:
        svc = self._svc()
        with self._lock:
            if seq <= self._written:
                return  # something newer is already stored
            try:
                # A finished prompt is revised through `answer` (drafts are for open ones).
                write = svc.reflections.answer if done else svc.reflections.save_draft
                saved = write(reflection_id, answers)
            except KetaJournalError as exc:
                self.post_message(self.Problem(str(exc), leave))
                return
            self._written = seq
        self.post_message(self.Saved(saved, leave))

    def on_reflect_screen_saved(self, message: Saved) -> None:
        if self.ctx is not None:
            self.ctx = replace(self.ctx, reflection=message.reflection)
        if message.leave:
            self._leave()
            return
        at = message.reflection.updated_at.astimezone().strftime("%H:%M")
        done = message.reflection.status is m.ReflectionStatus.DONE
        self._status(f"Changes saved at {at}." if done else f"Draft saved at {at}.")

    def on_reflect_screen_problem(self, message: Problem) -> None:
        self._busy = False
        self._baseline = None  # try again on the next change
        note = message.error
        if message.leave:
            self._save_failed = True
            self._then = None
            note += "  Press escape again to leave without it."
        self._status(note, warning=True)

    # -- finishing, snoozing, setting aside, leaving ---------------------------------------

    def action_finish(self) -> None:
        if self.form is None or self.ctx is None or self._busy:
            return
        answers, problems = self.form.collect()
        if problems:
            self._status("  ".join(problems), warning=True)
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._busy = True
        self._seq += 1
        self._close(self.ctx.reflection.id, "finish", answers, self._seq, self.ctx.reflection.kind)

    @on(Button.Pressed, "#finish")
    def _finish_pressed(self) -> None:
        self.action_finish()

    @on(Button.Pressed, "#snooze")
    def _snooze_pressed(self) -> None:
        self._close_with("snooze")

    @on(Button.Pressed, "#dismiss")
    def _dismiss_pressed(self) -> None:
        self._close_with("dismiss")

    def _close_with(self, how: str) -> None:
        """Snoozes or sets aside the prompt, keeping what was typed as a draft first."""
        if self.form is None or self.ctx is None or self._busy:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        # Always written first: a draft save still waiting to run is cancelled by this one.
        answers, _ = self.form.collect()
        self._busy = True
        self._seq += 1
        self._close(self.ctx.reflection.id, how, replace(answers, markers=None), self._seq, None)

    @work(thread=True, exclusive=True, group="reflect-draft", exit_on_error=False)
    def _close(
        self,
        reflection_id: UUID,
        how: str,
        answers: ReflectionAnswers | None,
        seq: int,
        kind: m.ReflectionKind | None,
    ) -> None:
        svc = self._svc()
        with self._lock:
            self._written = max(self._written, seq)
            try:
                if how == "finish":
                    assert answers is not None and kind is not None
                    was_open = svc.reflections.get(reflection_id).status in OPEN_STATUSES
                    svc.reflections.answer(reflection_id, answers)
                    note = FINISHED[kind] if was_open else "Your changes are saved."
                else:
                    if answers is not None:
                        svc.reflections.save_draft(reflection_id, answers)
                    if how == "snooze":
                        until = svc.ctx.now() + SNOOZE_FOR
                        svc.reflections.snooze(reflection_id, until)
                        note = f"Snoozed until {_when(until)}. What you wrote is kept."
                    else:
                        svc.reflections.dismiss(reflection_id)
                        note = "This follow-up is set aside. What you wrote is kept."
            except KetaJournalError as exc:
                self.post_message(self.Problem(str(exc)))
                return
        self.post_message(self.Closed(note))

    def on_reflect_screen_closed(self, message: Closed) -> None:
        self._then = None
        self._leave()
        self.app.notify(message.note, title="Reflection", markup=False)

    def action_back(self) -> None:
        """Back to where the person came from, once what they typed is saved."""
        if self._busy:
            return
        self._then = None
        self._leave_or_save()

    @on(Button.Pressed, ".prompt-switch")
    def _switch(self, event: Button.Pressed) -> None:
        if self.ctx is None or self._busy or event.button.id is None:
            return
        kind = m.ReflectionKind(event.button.id.removeprefix("prompt-"))
        target = next((r for r in self.ctx.siblings if r.kind is kind), None)
        if target is None or target.id == self.ctx.reflection.id:
            return
        self._then = target.id
        self._leave_or_save()

    def _leave_or_save(self) -> None:
        if self.form is not None and not self._save_failed:
            _, problems = self.form.collect()
            if problems and not self._warned:
                # A half-typed rating: say so once rather than lose it silently.
                self._warned = True
                self._save_now()
                self._status(
                    "  ".join(problems) + "  Press again to leave without it.", warning=True
                )
                return
            if self._save_now(leave=True):
                return  # leaves when the save is done (on_reflect_screen_saved)
        self._leave()

    def _leave(self) -> None:
        if self.app.screen is not self:  # an overlay (help, privacy) is on top: after it
            self._leave_on_resume = True
            return
        if self._then is not None:
            self.app.switch_screen(ReflectScreen(self._then))
        else:
            self.app.pop_screen()

    # -- helpers ------------------------------------------------------------------------

    def _status(self, text: str, warning: bool = False) -> None:
        status = self.query_one("#reflect-status", Static)
        status.update(text)
        status.set_classes("warning" if warning else "muted")

    def _svc(self) -> JournalService:
        app: KetaJournalApp = self.app  # type: ignore[assignment]
        return app.svc


def _about(session: m.Session) -> Content:
    """Which session this is about: its date and the dose taken."""
    started = session.sip_started_at
    when = _when(started, year=True) if started else "date not recorded"
    if session.taken_dose_mg is None:
        dose = "dose not recorded"
    else:
        dose = f"{session.taken_dose_mg:g} mg taken"
        if session.dose_differs and session.prescribed_dose_mg is not None:
            dose += f" (prescribed {session.prescribed_dose_mg:g} mg)"
    return Content.assemble(("Session of ", "$text-muted"), (when, "bold"), " · ", dose)


def _opened_note(r: m.Reflection) -> str:
    if r.status is m.ReflectionStatus.DRAFT:
        return "Your draft is here as you left it. It keeps saving as you type."
    if r.status is m.ReflectionStatus.SNOOZED and r.snoozed_until is not None:
        until = _when(r.snoozed_until)
        return f"Snoozed until {until}. It saves as you type."
    if r.status is m.ReflectionStatus.DONE and r.answered_at is not None:
        done = _day(r.answered_at)
        return f"Finished on {done}. Changes are saved as you type."
    return "Everything you type is saved as you go. Nothing here is required."


def _day(at: datetime, *, year: bool = False, weekday: bool = True) -> str:
    """A local date as people write it: "Mon 2 Mar" (no zero padding, on every platform)."""
    local = at.astimezone()
    text = f"{local.day} {local:%b}" + (f" {local.year}" if year else "")
    return f"{local:%a} {text}" if weekday else text


def _when(at: datetime, *, year: bool = False) -> str:
    return _day(at, year=year) + at.astimezone().strftime(", %H:%M")
