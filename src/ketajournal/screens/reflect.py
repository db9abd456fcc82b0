"""Reflecting on a session: the capture right after, the full reflection, and the follow-ups."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar
from uuid import UUID

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Header, Static

from ketajournal.domain import models as m
from ketajournal.errors import KetaJournalError, ValidationError
from ketajournal.screens.autosave import DraftSaver
from ketajournal.screens.base import BaseScreen
from ketajournal.service import JournalService
from ketajournal.service.reflections import OPEN_STATUSES, ReflectionAnswers
from ketajournal.text import PROMPT_TITLE, local_day, local_time, local_when
from ketajournal.widgets.footer import KeyFooter
from ketajournal.widgets.form import show_errors
from ketajournal.widgets.reflection import ReflectionContext, ReflectionForm, form_for
from ketajournal.widgets.reflection.prompts import (
    FOLLOW_UPS,
    close_prompt,
    open_prompt,
    save_answers,
)
from ketajournal.widgets.status import StatusLine

SAVE_DELAY = 0.6  # seconds of quiet typing before the draft is saved

PROMPT_HINT = {
    m.ReflectionKind.IMMEDIATE: "Capture first, interpret later: a few numbers and fragments.",
    m.ReflectionKind.FULL: "Turn the fragments into a fuller reflection, as much as you like.",
    m.ReflectionKind.WEEK: "How has the session shown up in your life this week?",
    m.ReflectionKind.MONTH: "How has the session shown up in your life this month?",
}


class ReflectScreen(BaseScreen[None]):
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

    def __init__(self, reflection_id: UUID | None = None) -> None:
        super().__init__()
        self.reflection_id = reflection_id
        self.ctx: ReflectionContext | None = None
        self.form: ReflectionForm | None = None
        self._busy = False  # finishing, snoozing or setting aside
        self._warned = False  # a refused rating was pointed out once when leaving
        self._save_failed = False  # the journal refused the draft when leaving
        self._then: UUID | None = None  # the sibling prompt to open after saving
        self._leave_on_resume = False
        self.saver: DraftSaver[ReflectionAnswers, m.Reflection] = DraftSaver(
            self, self._draft, self._write, delay=lambda: SAVE_DELAY, saved=self._saved,
            failed=self._draft_refused,
        )  # fmt: skip
        self.savers = (self.saver,)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="reflect-about", markup=False)
        yield Horizontal(id="reflect-prompts")
        yield Static("", id="reflect-hint", markup=False)
        with Vertical(id="reflect-body"):
            yield Static("Opening…", id="reflect-message", classes="muted", markup=False)
        yield StatusLine(id="reflect-status")
        with Horizontal(id="reflect-nav"):
            yield Button("Save and finish", id="finish", variant="primary", compact=True)
            yield Button("Snooze until tomorrow", id="snooze", compact=True)
            yield Button("Skip this follow-up", id="dismiss", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#reflect-nav").display = False
        wanted = self.reflection_id
        self.call(lambda svc: open_prompt(svc, wanted), self._opened, group="reflect-open")

    def on_screen_resume(self) -> None:
        if self._leave_on_resume:
            self._leave_on_resume = False
            self._leave()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "finish":
            return self.form is not None  # nothing to finish until a prompt is open
        return True

    @property
    def status(self) -> StatusLine:
        return self.query_one("#reflect-status", StatusLine)

    # -- opening ------------------------------------------------------------------------

    async def _opened(self, found: ReflectionContext | str) -> None:
        if isinstance(found, str):
            self.query_one("#reflect-message", Static).update(found)
            return
        ctx = self.ctx = found
        r = ctx.reflection
        self.query_one("#reflect-about", Static).update(_about(ctx.session))
        await self._show_prompts(ctx)
        self.query_one("#reflect-hint", Static).update(
            Content.assemble(
                (PROMPT_TITLE[r.kind.value] + ": ", "bold $primary"), PROMPT_HINT[r.kind]
            )
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
        self.saver.stored(self._draft())
        is_open = r.status in OPEN_STATUSES
        finish = self.query_one("#finish", Button)
        finish.label = "Save and finish" if is_open else "Save changes"
        self.query_one("#snooze", Button).display = is_open
        self.query_one("#dismiss", Button).display = is_open and r.kind in FOLLOW_UPS
        self.query_one("#reflect-nav").display = True
        self.refresh_bindings()
        self.status.say(_opened_note(r))

    async def _show_prompts(self, ctx: ReflectionContext) -> None:
        """The session's four prompts, to move between them; the open one highlighted."""
        row = self.query_one("#reflect-prompts", Horizontal)
        await row.remove_children()
        now = ctx.now or ctx.reflection.due_at
        buttons = []
        for prompt in ctx.siblings:
            label = PROMPT_TITLE[prompt.kind.value]
            if prompt.status is m.ReflectionStatus.DONE:
                label += " ✓"
            elif prompt.status is m.ReflectionStatus.DISMISSED:
                label += " (set aside)"
            elif prompt.due_at > now:
                label += " · " + local_day(prompt.due_at, weekday=False)
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

    # -- saving as the person types -------------------------------------------------------

    def _draft(self) -> ReflectionAnswers | None:
        """The form as a draft (markers are stored once, when the prompt is finished)."""
        if self.form is None or self._busy:
            return None
        answers, _ = self.form.collect()
        return replace(answers, markers=None)

    def _write(self, svc: JournalService, answers: ReflectionAnswers) -> m.Reflection:
        assert self.ctx is not None
        return save_answers(svc, self.ctx.reflection, answers)

    @on(ReflectionForm.Changed)
    def _changed(self) -> None:
        self.saver.poke()

    def _saved(self, reflection: m.Reflection) -> None:
        if self.ctx is not None:
            self.ctx = replace(self.ctx, reflection=reflection)
        at = local_time(reflection.updated_at)
        done = reflection.status is m.ReflectionStatus.DONE
        saved = f"Changes saved at {at}" if done else f"Draft saved at {at}"
        problems = self.form.collect()[1] if self.form is not None else []
        if problems and self.form is not None:
            show_errors(self.form, problems)  # a refused rating is not saved: said there
            again = " Press escape again to leave without it." if self._warned else ""
            self.status.warn(f"{saved}, but {_refused_words(problems)}{again}")
        else:
            self.status.say(f"{saved}.")

    def _draft_refused(self, error: KetaJournalError) -> None:
        self._save_failed = True  # escape now leaves without it
        self._then = None
        self.status.warn(f"{error}  Press escape again to leave without it.")

    # -- finishing, snoozing, setting aside, leaving ---------------------------------------

    def action_finish(self) -> None:
        self._close_with("finish")

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
        """Finishes (every answer must be allowed), snoozes or sets aside the prompt; what
        was typed is stored with it, as the form's last write."""
        if self.form is None or self.ctx is None or self._busy:
            return
        answers, problems = self.form.collect()
        if how == "finish" and problems:
            show_errors(self.form, problems)
            self.status.warn("Please look at the answer marked above; nothing was saved yet.")
            return
        self.saver.stop()
        self._busy = True
        reflection = self.ctx.reflection
        self.call(
            lambda svc: self.saver.last(svc, lambda s: close_prompt(s, reflection, how, answers)),
            self._prompt_closed,
            group="reflect-close",
            failed=self._close_refused,
        )

    def _prompt_closed(self, note: str) -> None:
        self._then = None
        self._leave()
        self.app.notify(note, title="Reflection", markup=False)

    def _close_refused(self, error: KetaJournalError) -> None:
        self._busy = False
        self.problem(error)

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
            problems = self.form.collect()[1]
            if problems and not self._warned:
                # A half-typed rating: say so once, at its field, rather than lose it silently.
                self._warned = True
                self.saver.flush()
                show_errors(self.form, problems)
                self.status.warn(
                    _refused_words(problems) + " Press escape again to leave without it."
                )
                return
            self.saver.flush(then=self._leave)
            return
        self._leave()

    def _leave(self) -> None:
        if self.app.screen is not self:  # an overlay (help, privacy) is on top: after it
            self._leave_on_resume = True
            return
        if self._then is not None:
            self.app.switch_screen(ReflectScreen(self._then))
        else:
            self.app.pop_screen()


def _refused_words(problems: list[ValidationError]) -> str:
    fields = ", ".join(p.field for p in problems)
    return f"not kept: {fields} (marked above)."


def _about(session: m.Session) -> Content:
    """Which session this is about: its date and the dose taken."""
    started = session.sip_started_at
    when = local_when(started, year=True) if started else "date not recorded"
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
        return f"Snoozed until {local_when(r.snoozed_until)}. It saves as you type."
    if r.status is m.ReflectionStatus.DONE and r.answered_at is not None:
        return f"Finished on {local_day(r.answered_at)}. Changes are saved as you type."
    return "Everything you type is saved as you go. Nothing here is required."
