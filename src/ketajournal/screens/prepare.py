"""The preparation wizard: one step at a time, saved as you go, every step skippable."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, ContentSwitcher, Header, Static

from ketajournal.domain import models as m
from ketajournal.errors import ValidationError
from ketajournal.screens.autosave import DraftSaver
from ketajournal.screens.base import BaseScreen
from ketajournal.screens.confirm import ConfirmDialog
from ketajournal.service import JournalService
from ketajournal.service.sessions import Preparation
from ketajournal.text import safe_text, time_today_or_day
from ketajournal.widgets.footer import KeyFooter
from ketajournal.widgets.form import show_errors
from ketajournal.widgets.preparation.base import Step, StepContext
from ketajournal.widgets.preparation.personal import (
    DoseStep,
    IntentionStep,
    RatingsStep,
    ReviewStep,
)
from ketajournal.widgets.preparation.practical import BodyStep, SettingStep, SupportStep, TimingStep
from ketajournal.widgets.status import StatusLine

SAVE_DELAY = 0.6  # seconds of quiet typing before the draft is saved
Draft = tuple[Preparation, tuple[str, ...]]  # the draft's fields, and the setting checklist


def open_preparation(svc: JournalService) -> StepContext | None:
    """The preparation in progress (or a new one), with all its steps need; None when a
    session is running (the person belongs in the session view)."""
    if svc.sessions.running() is not None:
        return None
    draft = svc.sessions.prepare()
    settings = svc.settings.get()
    return StepContext(
        draft=draft,
        plan=svc.plan.get(),
        prescribed=svc.plan.current_dose(),
        contacts=tuple(svc.contacts.list()),
        setting_items=settings.setting_checklist,
        meal_gap_hours=settings.meal_gap_hours,
        previous_sessions=len(svc.sessions.history(limit=3)),
        now=svc.ctx.now(),
    )


def keep_preparation(svc: JournalService, draft_id: UUID, draft: Draft) -> m.Session:
    prep, labels = draft
    session = svc.sessions.update_draft(draft_id, prep)
    if labels and labels != svc.settings.get().setting_checklist:
        svc.settings.set("setting_checklist", labels)  # the checklist is remembered
    return session


def begin(svc: JournalService, draft_id: UUID, prep: Preparation, taken: float) -> m.Session:
    svc.sessions.update_draft(draft_id, prep)
    return svc.sessions.begin(draft_id, taken)


class PrepareScreen(BaseScreen[None]):
    NAME = "Preparation"
    HELP = (
        "Prepare for a session, one step at a time: ctrl+n (or Next) moves on once what the "
        "step holds is allowed, and a refused value is named beside its field. Everything you "
        "type is saved as you go, so you can close the app and continue later. Any step can "
        "be skipped. The review at the end begins the session, or discards the preparation "
        "(after asking)."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "next", "Next", id="prepare.next"),
        Binding("escape", "back", "Back", id="prepare.back"),
    ]

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
        self.saver: DraftSaver[Draft, m.Session] = DraftSaver(
            self, self._draft, self._keep, delay=lambda: SAVE_DELAY, saved=self._kept
        )
        self.savers = (self.saver,)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="progress", markup=False)
        with ContentSwitcher(initial=self.steps[0].id, id="steps"):
            yield from self.steps
        yield StatusLine(id="prepare-status")
        with Horizontal(id="prepare-nav"):
            yield Button("Back", id="back", compact=True)
            yield Button("Skip this step", id="skip", compact=True)
            yield Button("Next", id="next", variant="primary", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#progress", Static).update("Opening your preparation…")
        self.call(open_preparation, self._ready, group="prepare")

    @property
    def status(self) -> StatusLine:
        return self.query_one("#prepare-status", StatusLine)

    # -- opening ------------------------------------------------------------------------

    def _ready(self, ctx: StepContext | None) -> None:
        if ctx is None:  # a session is running: go to it rather than prepare another
            from ketajournal.screens.session import SessionScreen

            self.app.switch_screen(SessionScreen())
            return
        self.ctx = ctx
        self.skipped = list(ctx.draft.skipped_steps)
        for step in self.steps:
            step.load(ctx)
        self.call_after_refresh(self._resume)

    def _resume(self) -> None:
        """Continue where the person left off: the first step neither filled nor skipped."""
        resume = len(self.steps) - 1
        for i, step in enumerate(self.steps[:-1]):
            if step.key not in self.skipped and not step.filled():
                resume = i
                break
        self.saver.stored(self._draft())
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
            self.set_focus(focusable.first())  # at once: a key typed next lands here

    def _show_progress(self) -> None:
        marks: list[str | tuple[str, str]] = []
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
        """On to the next step, once what this one holds is allowed (else said at its field)."""
        step = self.steps[self.index]
        problems = step.collect(self._now())[1]
        if problems:
            show_errors(step, problems)
            self.status.warn("Please look at the field marked above; this step is not done yet.")
            _focus_field(step, problems[0])
            return
        if step.key in self.skipped:
            self.skipped.remove(step.key)
        self.status.clear()
        self.saver.flush()
        self.show_step(self.index + 1)

    def action_back(self) -> None:
        self.saver.flush()
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
        self.status.clear()
        self.saver.flush()
        self.show_step(self.index + 1)

    # -- saving as the person goes --------------------------------------------------------

    @on(Step.Changed)
    def _changed(self) -> None:
        self.saver.poke()

    def _now(self) -> datetime:
        return self.svc.ctx.now()

    def collect(self) -> tuple[Preparation, list[ValidationError]]:
        """The whole draft as entered so far, and what is refused (each at its field)."""
        now = self._now()
        fields: dict[str, Any] = {}
        problems: list[ValidationError] = []
        for step in self.steps:
            found, issues = step.collect(now)
            fields.update(found)
            problems += issues
        order = [s.key for s in self.steps]
        skipped = tuple(sorted(set(self.skipped), key=order.index))
        return Preparation(skipped_steps=skipped, **fields), problems

    def _draft(self) -> Draft | None:
        if self.ctx is None:
            return None
        return self.collect()[0], self.query_one(SettingStep).labels()

    def _keep(self, svc: JournalService, draft: Draft) -> m.Session:
        assert self.ctx is not None
        return keep_preparation(svc, self.ctx.draft.id, draft)

    def _kept(self, session: m.Session) -> None:
        if self.ctx is not None:
            self.ctx = replace(self.ctx, draft=session)

    # -- the end of the wizard -----------------------------------------------------------

    @on(Button.Pressed, "#begin")
    def _begin_pressed(self) -> None:
        if self.ctx is None:
            return
        prep, problems = self.collect()
        if problems:  # back to the first step with a refused value, shown at its field
            for index, step in enumerate(self.steps):
                found = step.collect(self._now())[1]
                if found:
                    self.show_step(index)
                    show_errors(step, found)
                    _focus_field(step, found[0])
                    self.status.warn("Please look at the field marked above first.")
                    return
        taken = self.query_one(DoseStep).taken()
        if taken is None:
            self.status.warn("Enter the dose you are about to take (step 7) to begin.")
            return
        self.saver.stop()
        draft_id = self.ctx.draft.id
        self.call(
            lambda svc: self.saver.last(svc, lambda s: begin(s, draft_id, prep, taken)),
            lambda _: self._began(),
            group="draft-end",
        )

    def _began(self) -> None:
        from ketajournal.screens.session import SessionScreen

        self.app.switch_screen(SessionScreen())

    @on(Button.Pressed, "#discard")
    def _discard(self) -> None:
        """Asks, then removes the preparation and all it held (its intention too)."""
        if self.ctx is None:
            return
        draft_id = self.ctx.draft.id

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            self.saver.stop()
            self.call(
                lambda svc: self.saver.last(svc, lambda s: s.sessions.discard(draft_id)),
                lambda _: self._discarded(),
                group="draft-end",
            )

        self.app.push_screen(
            ConfirmDialog(
                "Discard this preparation? Everything in it, your intention too, is removed "
                "from the journal. This cannot be undone.",
                yes="Discard",
                no="Keep it",
            ),
            callback=answered,
        )

    def _discarded(self) -> None:
        self.app.pop_screen()
        self.app.notify("The preparation is discarded.", markup=False)

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
        meal_at = prep.last_meal_at
        # With its day when it was not today: "00:00" alone would read as this midnight.
        meal = time_today_or_day(meal_at, self._now()) if isinstance(meal_at, datetime) else ""
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
        if isinstance(prep.mood_before, int):
            ratings.append(f"mood {prep.mood_before}")
        if isinstance(prep.anxiety_before, int):
            ratings.append(f"anxiety {prep.anxiety_before}")
        if isinstance(prep.blood_pressure, tuple):
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
            lines.append((f"{problem}\n", "$warning"))
        return Content.assemble(*lines).rstrip()


def _focus_field(step: Step, problem: ValidationError) -> None:
    """Puts the cursor in the first field of `step` that shows an error."""
    from ketajournal.widgets.form import ErrorSlot

    for widget in step.query("*"):
        if isinstance(widget, ErrorSlot) and widget.accepts(problem.field):
            fields = widget.query("Input, TextArea")  # type: ignore[attr-defined]
            if fields:
                fields.first().focus()
            return
