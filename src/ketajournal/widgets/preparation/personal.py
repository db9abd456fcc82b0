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
from ketajournal.text import INTENTION_EXAMPLES, safe_text
from ketajournal.widgets.inert import InertInput, InertTextArea
from ketajournal.widgets.preparation.base import Step, StepContext


def _rating(raw: str, field: str, problems: list[str]) -> int | None:
    if not raw.strip():
        return None
    try:
        value = int(raw.strip())
    except ValueError:
        value = -1
    if not 0 <= value <= 10:
        problems.append(f"{field}: must be a whole number from 0 to 10")
        return None
    return value


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

    def collect(self, now: datetime) -> tuple[dict[str, Any], list[str]]:
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
        yield Static("Right now, from 0 to 10:", markup=False)
        with Horizontal(classes="form-row"):
            yield Input(
                placeholder="Mood (0 low - 10 good)",
                id="mood-before",
                type="integer",
                compact=True,
            )
            yield Input(
                placeholder="Anxiety (0 calm - 10 high)",
                id="anxiety-before",
                type="integer",
                compact=True,
            )
        yield InertInput(placeholder="Blood pressure, e.g. 120/80", id="bp-before", compact=True)
        yield Static("", id="ratings-note", classes="muted", markup=False)

    def load(self, ctx: StepContext) -> None:
        self._bp = bool(ctx.plan and ctx.plan.bp_required)
        bp = self.query_one("#bp-before", Input)
        bp.display = self._bp
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

    def collect(self, now: datetime) -> tuple[dict[str, Any], list[str]]:
        problems: list[str] = []
        fields: dict[str, Any] = {}
        mood = _rating(self.query_one("#mood-before", Input).value, "mood", problems)
        anxiety = _rating(self.query_one("#anxiety-before", Input).value, "anxiety", problems)
        if mood is not None:
            fields["mood_before"] = mood
        if anxiety is not None:
            fields["anxiety_before"] = anxiety
        raw = self.query_one("#bp-before", Input).value.strip()
        if self._bp and raw:
            try:
                fields["blood_pressure"] = parse_blood_pressure(raw)
            except ValidationError as exc:
                problems.append(str(exc))
        return fields, problems


class DoseStep(Step):
    key = "dose"
    title = "Dose"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.prescribed: float | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="prescribed", classes="card", markup=False)
        yield Static("The dose you are about to take, in mg:", markup=False)
        yield InertInput(id="dose-taken", placeholder="mg", compact=True)
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
        raw = self.query_one("#dose-taken", Input).value.strip().lower().removesuffix("mg").strip()
        try:
            value = float(raw)
        except ValueError:
            return None
        return value if value > 0 and value == value else None

    def collect(self, now: datetime) -> tuple[dict[str, Any], list[str]]:
        raw = self.query_one("#dose-taken", Input).value.strip()
        taken = self.taken()
        deviation = ""
        problems: list[str] = []
        if raw and taken is None:
            problems.append(str(ValidationError("dose", "a number of mg greater than 0", raw)))
        elif taken is not None and self.prescribed is not None and taken != self.prescribed:
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
        with Horizontal(classes="form-row"):
            yield Button("Begin session", id="begin", variant="success", compact=True)
            yield Button("Discard this preparation", id="discard", variant="default", compact=True)

    def show(self, summary: Content) -> None:
        self.query_one("#review-summary", Static).update(summary)
