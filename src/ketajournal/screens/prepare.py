"""The preparation wizard: one step at a time, saved as you go, every step skippable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, ContentSwitcher, Footer, Header, Static

from ketajournal.domain import models as m
from ketajournal.errors import KetaJournalError
from ketajournal.service.sessions import Preparation
from ketajournal.text import safe_text
from ketajournal.widgets.preparation.base import Step, StepContext
from ketajournal.widgets.preparation.personal import (
    DoseStep,
    IntentionStep,
    RatingsStep,
    ReviewStep,
)
from ketajournal.widgets.preparation.practical import BodyStep, SettingStep, SupportStep, TimingStep

if TYPE_CHECKING:
    from ketajournal.app import KetaJournalApp
    from ketajournal.service import JournalService

SAVE_DELAY = 0.6  # seconds of quiet typing before the draft is saved


class PrepareScreen(Screen[None]):
    HELP = (
        "Prepare for a session, one step at a time. Everything you type is saved as you go, "
        "so you can close the app and continue later. Any step can be skipped."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "next", "Next", id="prepare.next"),
        Binding("escape", "back", "Back", id="prepare.back"),
    ]

    @dataclass
    class Ready(Message):
        ctx: StepContext

    @dataclass
    class Saved(Message):
        session: m.Session

    @dataclass
    class Began(Message):
        session: m.Session

    @dataclass
    class Problem(Message):
        error: str

    class Running(Message):
        """A session is already running: the person belongs in the session view."""

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[Step] = [
            TimingStep(id="step-timing"),
            BodyStep(id="step-body"),
            SettingStep(id="step-setting"),
            SupportStep(id="step-support"),
            IntentionStep(id="step-intention"),
            RatingsStep(id="step-ratings"),
            DoseStep(id="step-dose"),
            ReviewStep(id="step-review"),
        ]
        self.index = 0
        self.ctx: StepContext | None = None
        self.skipped: list[str] = []
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="progress", markup=False)
        with ContentSwitcher(initial=self.steps[0].id, id="steps"):
            yield from self.steps
        yield Static("", id="prepare-status", classes="muted", markup=False)
        with Horizontal(id="prepare-nav"):
            yield Button("Back", id="back", compact=True)
            yield Button("Skip this step", id="skip", compact=True)
            yield Button("Next", id="next", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#progress", Static).update("Opening your preparation…")
        self._open()

    # -- opening ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="prepare", exit_on_error=False)
    def _open(self) -> None:
        svc = self._svc()
        try:
            if svc.sessions.running() is not None:
                self.post_message(self.Running())  # go to it rather than prepare another
                return
            draft = svc.sessions.prepare()
            settings = svc.settings.get()
            ctx = StepContext(
                draft=draft,
                plan=svc.plan.get(),
                prescribed=svc.plan.current_dose(),
                contacts=tuple(svc.contacts.list()),
                setting_items=settings.setting_checklist,
                meal_gap_hours=settings.meal_gap_hours,
                previous_sessions=len(svc.sessions.history(limit=3)),
                now=svc.ctx.now(),
            )
        except KetaJournalError as exc:
            self.post_message(self.Problem(str(exc)))
            return
        self.post_message(self.Ready(ctx))

    def on_prepare_screen_ready(self, message: Ready) -> None:
        self.ctx = message.ctx
        self.skipped = list(message.ctx.draft.skipped_steps)
        for step in self.steps:
            step.load(message.ctx)
        self.call_after_refresh(self._resume)

    def _resume(self) -> None:
        """Continue where the person left off: the first step neither filled nor skipped."""
        resume = len(self.steps) - 1
        for i, step in enumerate(self.steps[:-1]):
            if step.key not in self.skipped and not step.filled():
                resume = i
                break
        self.show_step(resume)
        # A draft saved since it was made: a fresh one is only pre-filled (the prescribed
        # dose, last time's medications), which is not "a preparation you started".
        if (
            self.ctx
            and self.ctx.draft.updated_at > self.ctx.draft.created_at
            and any(s.filled() for s in self.steps[:-1])
        ):
            self.notify("Continuing the preparation you started.", markup=False)

    # -- moving between steps -----------------------------------------------------------

    def show_step(self, index: int) -> None:
        self.index = max(0, min(index, len(self.steps) - 1))
        step = self.steps[self.index]
        self.query_one("#steps", ContentSwitcher).current = step.id
        self.query_one("#next", Button).display = not isinstance(step, ReviewStep)
        self.query_one("#skip", Button).display = not isinstance(step, ReviewStep)
        if isinstance(step, ReviewStep):
            step.show(self._summary())
        self._show_progress()
        self.refresh_bindings()
        focusable = step.query("Input, TextArea, Checkbox, RadioSet, OptionList, Button")
        if focusable:
            focusable.first().focus()

    def _show_progress(self) -> None:
        marks = []
        for i, step in enumerate(self.steps):
            if i == self.index:
                marks.append(("●", "bold $accent"))
            elif step.key in self.skipped:
                marks.append(("–", "$text-muted"))
            else:
                marks.append(("○", "$text-muted"))
            marks.append(" ")
        title = self.steps[self.index].title
        self.query_one("#progress", Static).update(
            Content.assemble(
                f"Step {self.index + 1} of {len(self.steps)} · ", (title, "bold"), "   ", *marks
            )
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool:
        """No "Next" on the last step: the review ends with Begin or Discard."""
        return not (action == "next" and self.index == len(self.steps) - 1)

    def action_next(self) -> None:
        step = self.steps[self.index]
        if step.key in self.skipped:
            self.skipped.remove(step.key)
        self._save_now()
        self.show_step(self.index + 1)

    def action_back(self) -> None:
        self._save_now()
        if self.index == 0:
            self.app.pop_screen()
            return
        self.show_step(self.index - 1)

    @on(Button.Pressed, "#next")
    def _next_pressed(self) -> None:
        self.action_next()

    @on(Button.Pressed, "#back")
    def _back_pressed(self) -> None:
        self.action_back()

    @on(Button.Pressed, "#skip")
    def _skip(self) -> None:
        key = self.steps[self.index].key
        if key not in self.skipped:
            self.skipped.append(key)
        self._save_now()
        self.show_step(self.index + 1)

    # -- saving as the person goes --------------------------------------------------------

    @on(Step.Changed)
    def _changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY, self._save_now)

    def collect(self) -> tuple[Preparation, list[str]]:
        """The whole draft as entered so far, and the problems to point out."""
        now = self._svc().ctx.now()
        fields: dict[str, Any] = {}
        problems: list[str] = []
        for step in self.steps:
            found, issues = step.collect(now)
            fields.update(found)
            problems += issues
        order = [s.key for s in self.steps]
        skipped = tuple(sorted(set(self.skipped), key=order.index))
        return Preparation(skipped_steps=skipped, **fields), problems

    def _save_now(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.ctx is None:
            return
        prep, problems = self.collect()
        labels = self.query_one(SettingStep).labels()
        self.query_one("#prepare-status", Static).update("  ".join(problems))
        self._save(self.ctx.draft.id, prep, labels)

    @work(thread=True, exclusive=False, group="draft", exit_on_error=False)
    def _save(self, draft_id: Any, prep: Preparation, labels: tuple[str, ...]) -> None:
        svc = self._svc()
        try:
            session = svc.sessions.update_draft(draft_id, prep)
            if labels and labels != svc.settings.get().setting_checklist:
                svc.settings.set("setting_checklist", labels)  # the checklist is remembered
        except KetaJournalError as exc:
            self.post_message(self.Problem(str(exc)))
            return
        self.post_message(self.Saved(session))

    def on_prepare_screen_saved(self, message: Saved) -> None:
        if self.ctx is not None:
            self.ctx = StepContext(**{**self.ctx.__dict__, "draft": message.session})

    def on_prepare_screen_running(self) -> None:
        from ketajournal.screens.session import SessionScreen

        self.app.switch_screen(SessionScreen())

    def on_prepare_screen_problem(self, message: Problem) -> None:
        status = self.query_one("#prepare-status", Static)
        status.update(message.error)
        status.set_classes("warning")

    # -- the end of the wizard -----------------------------------------------------------

    @on(Button.Pressed, "#begin")
    def _begin_pressed(self) -> None:
        if self.ctx is None:
            return
        prep, problems = self.collect()
        taken = self.query_one(DoseStep).taken()
        if taken is None:
            self.post_message(self.Problem("dose: enter the dose you are about to take (step 7)"))
            return
        if problems:
            self.post_message(self.Problem("  ".join(problems)))
            return
        self._begin(self.ctx.draft.id, prep, taken)

    @work(thread=True, exclusive=True, group="draft", exit_on_error=False)
    def _begin(self, draft_id: Any, prep: Preparation, taken: float) -> None:
        svc = self._svc()
        try:
            svc.sessions.update_draft(draft_id, prep)
            session = svc.sessions.begin(draft_id, taken)
        except KetaJournalError as exc:
            self.post_message(self.Problem(str(exc)))
            return
        self.post_message(self.Began(session))

    def on_prepare_screen_began(self, message: Began) -> None:
        from ketajournal.screens.session import SessionScreen

        self.app.switch_screen(SessionScreen())

    @on(Button.Pressed, "#discard")
    def _discard(self) -> None:
        if self.ctx is not None:
            self._cancel(self.ctx.draft.id)

    @work(thread=True, exclusive=True, group="draft", exit_on_error=False)
    def _cancel(self, draft_id: Any) -> None:
        try:
            self._svc().sessions.cancel(draft_id)
        except KetaJournalError as exc:
            self.post_message(self.Problem(str(exc)))
            return
        self.app.call_from_thread(self.app.pop_screen)

    def _summary(self) -> Content:
        prep, problems = self.collect()
        ctx = self.ctx
        lines: list[Content | str | tuple[str, str]] = [("Your preparation\n", "bold $primary")]

        def row(label: str, value: str, skipped_key: str) -> None:
            shown = "skipped" if skipped_key in self.skipped and not value else value or "-"
            lines.extend([(f"{label:<13}", "bold"), safe_text(shown), "\n"])

        timing = prep.timing_checks or ()
        row(
            "Timing",
            f"{sum(c.done for c in timing)} of {len(timing) or 4} ticked" if timing else "",
            "timing",
        )
        meal = prep.last_meal_at.astimezone().strftime("%H:%M") if prep.last_meal_at else ""
        meds = ", ".join(prep.medications_today or ())
        row("Last meal", meal, "body")
        row("Medications", meds, "body")
        setting = prep.setting_checklist or ()
        row(
            "Setting",
            f"{sum(c.done for c in setting)} of {len(setting)} ready" if setting else "",
            "setting",
        )
        support = prep.support_name or next(
            (c.name for c in (ctx.contacts if ctx else ()) if c.id == prep.support_contact_id), ""
        )
        row("Support", support, "support")
        row("Intention", " ".join((prep.intention or "").split()), "intention")
        ratings = []
        if prep.mood_before is not None:
            ratings.append(f"mood {prep.mood_before}")
        if prep.anxiety_before is not None:
            ratings.append(f"anxiety {prep.anxiety_before}")
        if prep.blood_pressure:
            ratings.append(f"BP {prep.blood_pressure[0]}/{prep.blood_pressure[1]}")
        row("Before", ", ".join(ratings), "ratings")
        dose = self.query_one(DoseStep)
        taken = dose.taken()
        row("Dose", f"{taken:g} mg" if taken is not None else "", "dose")
        if taken is not None and dose.prescribed is not None and taken != dose.prescribed:
            lines.append(
                (
                    f"Differs from the prescribed {dose.prescribed:g} mg: it will be flagged for "
                    "your care team.\n",
                    "$warning",
                )
            )
        for problem in problems:
            lines.append((problem + "\n", "$warning"))
        return Content.assemble(*lines).rstrip()

    def _svc(self) -> JournalService:
        app: KetaJournalApp = self.app  # type: ignore[assignment]
        return app.svc
