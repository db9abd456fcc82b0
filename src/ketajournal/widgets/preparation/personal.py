"""The personal steps: intention, before-ratings, the dose, and the review."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Input, OptionList, Static, TextArea

from ketajournal.domain.validate import parse_blood_pressure
from ketajournal.errors import ValidationError
from ketajournal.numbers import parse_float, parse_int
from ketajournal.service.base import CLEAR
from ketajournal.text import INTENTION_EXAMPLES, safe_text
from ketajournal.widgets.form import Field
from ketajournal.widgets.inert import InertInput, InertTextArea
from ketajournal.widgets.preparation.base import Step, StepContext

DOSE_ALLOWED = "a number of mg greater than 0"
BP_FIELDS = ("bp", "blood pressure (systolic)", "blood pressure (diastolic)")


def _rating(raw: str, field: str, problems: list[ValidationError]) -> int | object | None:
    """The rating typed; CLEAR for an empty field; None (left as it is) when refused."""
    if not raw.strip():
        return CLEAR
    try:
        return parse_int(raw, field, 0, 10)
    except ValidationError as exc:
        problems.append(exc)
        return None


class IntentionStep(Step):
    key = "intention"
    title = "Intention"

    def compose(self) -> ComposeResult:
        yield Static(
            "An intention, held lightly. Pick an example to start from, or write your own.",
            markup=False,
        )
        yield InertTextArea(id="intention", soft_wrap=True)
        yield OptionList(*INTENTION_EXAMPLES, id="intention-examples", compact=True)

    def load(self, ctx: StepContext) -> None:
        # TextArea passes ESC through to the terminal: stored text goes in made safe.
        self.query_one("#intention", TextArea).text = safe_text(ctx.draft.intention or "")

    @on(OptionList.OptionSelected, "#intention-examples")
    def _pick(self, event: OptionList.OptionSelected) -> None:
        area = self.query_one("#intention", TextArea)
        area.text = str(event.option.prompt)
        area.focus()

    def collect(self, now: datetime) -> tuple[dict[str, Any], list[ValidationError]]:
        # Always sent, so clearing the text clears the draft's intention too.
        return {"intention": self.query_one("#intention", TextArea).text.strip()}, []

    def filled(self) -> bool:
        return bool(self.query_one("#intention", TextArea).text.strip())


class RatingsStep(Step):
    key = "ratings"
    title = "How you feel"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._bp = False

    def compose(self) -> ComposeResult:
        # Labels beside the fields, so they stay once something is typed.
        yield Static("Right now, from 0 to 10:", markup=False)
        yield Field("Mood", InertInput(placeholder="0 low - 10 good", id="mood-before",
                                       compact=True))  # fmt: skip
        yield Field(
            "Anxiety",
            InertInput(placeholder="0 calm - 10 high", id="anxiety-before", compact=True),
        )
        yield Field(
            "Blood pressure",
            InertInput(placeholder="SYS/DIA, e.g. 120/80", id="bp-before", compact=True),
            also=BP_FIELDS,
            id="bp-field",
        )
        yield Static("", id="ratings-note", classes="muted", markup=False)

    def load(self, ctx: StepContext) -> None:
        self._bp = bool(ctx.plan and ctx.plan.bp_required)
        bp = self.query_one("#bp-before", Input)
        self.query_one("#bp-field").display = self._bp
        d = ctx.draft
        if d.mood_before is not None:
            self.query_one("#mood-before", Input).value = str(d.mood_before)
        if d.anxiety_before is not None:
            self.query_one("#anxiety-before", Input).value = str(d.anxiety_before)
        if d.bp_before_systolic and d.bp_before_diastolic:
            bp.value = f"{d.bp_before_systolic}/{d.bp_before_diastolic}"
        if self._bp:
            self.query_one("#ratings-note", Static).update(
                "Your care team asks for a blood pressure reading before the dose."
            )

    def collect(self, now: datetime) -> tuple[dict[str, Any], list[ValidationError]]:
        problems: list[ValidationError] = []
        fields: dict[str, Any] = {}
        mood = _rating(self.query_one("#mood-before", Input).value, "mood", problems)
        anxiety = _rating(self.query_one("#anxiety-before", Input).value, "anxiety", problems)
        if mood is not None:
            fields["mood_before"] = mood
        if anxiety is not None:
            fields["anxiety_before"] = anxiety
        raw = self.query_one("#bp-before", Input).value.strip()
        if self._bp:
            try:
                fields["blood_pressure"] = parse_blood_pressure(raw) if raw else CLEAR
            except ValidationError as exc:
                problems.append(exc)
        return fields, problems


class DoseStep(Step):
    key = "dose"
    title = "Dose"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.prescribed: float | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="prescribed", classes="card", markup=False)
        yield Static("The dose you are about to take:", markup=False)
        yield Field("Dose (mg)", InertInput(id="dose-taken", placeholder="mg", compact=True),
                    field="dose")  # fmt: skip
        yield Static("", id="deviation", classes="warning", markup=False)

    def load(self, ctx: StepContext) -> None:
        self.prescribed = ctx.prescribed.dose_mg if ctx.prescribed else None
        self.query_one("#prescribed", Static).update(
            f"Your prescribed dose: {self.prescribed:g} mg (set by your care team)"
            if self.prescribed is not None
            else "No prescribed dose is recorded in your plan."
        )
        taken = ctx.draft.taken_dose_mg or self.prescribed
        if taken is not None:
            self.query_one("#dose-taken", Input).value = f"{taken:g}"

    def taken(self) -> float | None:
        try:
            return self._taken()
        except ValidationError:
            return None

    def _taken(self) -> float | None:
        raw = self.query_one("#dose-taken", Input).value
        if not raw.strip():
            return None
        return parse_float(raw, "dose", 0.001, 10_000, unit="mg", what=DOSE_ALLOWED)

    def collect(self, now: datetime) -> tuple[dict[str, Any], list[ValidationError]]:
        deviation = ""
        problems: list[ValidationError] = []
        try:
            taken = self._taken()
        except ValidationError as exc:
            problems.append(exc)
            taken = None
        if taken is not None and self.prescribed is not None and taken != self.prescribed:
            deviation = (
                f"This differs from your prescribed {self.prescribed:g} mg. It will be recorded "
                "as you take it and flagged for your care team to discuss; it is not changed."
            )
        self.query_one("#deviation", Static).update(deviation)
        return ({"taken_dose_mg": taken} if taken is not None else {}), problems


class ReviewStep(Step):
    key = "review"
    title = "Review"

    def compose(self) -> ComposeResult:
        yield Static("", id="review-summary", classes="card", markup=False)
        with Horizontal(classes="form-row review-buttons"):
            yield Button("Begin session", id="begin", variant="success", compact=True)
            yield Static("", classes="spacer")
            # Asks before it removes anything (see the wizard).
            yield Button("Discard this preparation…", id="discard", variant="default", compact=True)

    def show(self, summary: Content) -> None:
        self.query_one("#review-summary", Static).update(summary)
