"""The practical steps: timing, body, setting and support."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Checkbox, Input, RadioSet, Static, TextArea

from ketajournal.domain import models as m
from ketajournal.domain.summary import words
from ketajournal.domain.when import parse_when
from ketajournal.errors import ValidationError
from ketajournal.service.base import CLEAR
from ketajournal.text import plural, safe_text, time_today_or_day
from ketajournal.widgets.form import Choice, Field, Tick
from ketajournal.widgets.inert import InertInput, InertTextArea
from ketajournal.widgets.preparation.base import Step, StepContext

TIMING_ITEMS = (
    "I have a window of a few hours, with nothing demanding after",
    "No driving for the rest of today",
    "No workout today",
    "Someone knows when my session is",
)


def _checks(step: Step) -> tuple[m.ChecklistItem, ...]:
    return tuple(
        m.ChecklistItem(label=str(box.label), done=box.value) for box in step.query(Checkbox)
    )


class TimingStep(Step):
    key = "timing"
    title = "Timing"

    def compose(self) -> ComposeResult:
        yield Static(
            "Choose a time with a few free hours and nothing demanding after. Tick what is true.",
            markup=False,
        )
        for index, label in enumerate(TIMING_ITEMS):
            yield Tick(label, id=f"timing-{index}", compact=True)

    def load(self, ctx: StepContext) -> None:
        done = {item.label for item in ctx.draft.timing_checks if item.done}
        for box in self.query(Checkbox):
            box.value = str(box.label) in done

    def collect(self, now: datetime) -> tuple[dict[str, Any], list[ValidationError]]:
        checks = _checks(self)
        return ({"timing_checks": checks} if any(c.done for c in checks) else {}), []


class BodyStep(Step):
    key = "body"
    title = "Body"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._gap_hours = 4.0

    def compose(self) -> ComposeResult:
        yield Static("When did you last eat?", markup=False)
        yield Field(
            "Last meal",
            InertInput(
                placeholder="e.g. 12:30, -4h, yesterday 20:00", id="last-meal", compact=True
            ),
        )
        yield Static("", id="meal-note", classes="muted", markup=False)
        yield Static("Medications and supplements taken today (one per line):", markup=False)
        yield InertTextArea(id="medications", soft_wrap=True)
        yield Static(
            "Your care team should know every medication and supplement you take.",
            classes="muted",
            markup=False,
        )

    def load(self, ctx: StepContext) -> None:
        self._gap_hours = ctx.meal_gap_hours
        if ctx.draft.last_meal_at is not None:
            self.query_one("#last-meal", Input).value = _typed_time(ctx.draft.last_meal_at, ctx.now)
        # Inputs and text areas pass ESC through to the terminal: stored text goes in made safe.
        self.query_one("#medications", TextArea).text = safe_text(
            "\n".join(ctx.draft.medications_today)
        )

    def collect(self, now: datetime) -> tuple[dict[str, Any], list[ValidationError]]:
        fields: dict[str, Any] = {}
        problems: list[ValidationError] = []
        raw = self.query_one("#last-meal", Input).value.strip()
        note = ""
        if not raw:
            fields["last_meal_at"] = CLEAR
        else:
            try:
                # A day alone ("yesterday") is refused: midnight is not when anyone ate.
                meal = parse_when(raw, now, "last meal", need_time=True)
                if meal > now + timedelta(minutes=1):
                    raise ValidationError("last meal", "a time in the past", raw)
                fields["last_meal_at"] = meal
                hours = (now - meal).total_seconds() / 3600
                if hours < self._gap_hours:
                    note = (
                        f"It has been about {_hours(hours)} since you ate. The gap in your "
                        f"settings is {self._gap_hours:g} h after a heavy meal; if unsure, ask "
                        "your team."
                    )
            except ValidationError as exc:
                problems.append(exc)
        self.query_one("#meal-note", Static).update(note)
        meds = [line.strip() for line in self.query_one("#medications", TextArea).text.splitlines()]
        fields["medications_today"] = tuple(x for x in meds if x)  # none: emptied
        return fields, problems


class SettingStep(Step):
    key = "setting"
    title = "Setting"

    def compose(self) -> ComposeResult:
        yield Static("Your space. Tick what is ready; add what helps you.", markup=False)
        yield Vertical(id="setting-items")
        yield InertInput(placeholder="Add an item and press enter", id="new-item", compact=True)

    def load(self, ctx: StepContext) -> None:
        items = ctx.draft.setting_checklist or tuple(
            m.ChecklistItem(label=x) for x in ctx.setting_items
        )
        box = self.query_one("#setting-items", Vertical)
        box.remove_children()
        box.mount_all(Tick(Content(safe_text(i.label)), value=i.done, compact=True) for i in items)

    @on(Input.Submitted, "#new-item")
    def _add(self, event: Input.Submitted) -> None:
        label = event.value.strip()
        if label:
            self.query_one("#setting-items", Vertical).mount(
                Tick(Content(safe_text(label)), value=True, compact=True)
            )
            event.input.value = ""
            self.post_message(self.Changed(self))

    def labels(self) -> tuple[str, ...]:
        return tuple(str(box.label) for box in self.query_one("#setting-items").query(Checkbox))

    def collect(self, now: datetime) -> tuple[dict[str, Any], list[ValidationError]]:
        checks = tuple(
            m.ChecklistItem(label=str(b.label), done=b.value)
            for b in self.query_one("#setting-items").query(Checkbox)
        )
        return ({"setting_checklist": checks} if checks else {}), []

    def filled(self) -> bool:
        return any(b.value for b in self.query_one("#setting-items").query(Checkbox))


class SupportChoice(RadioSet):
    """The people to choose from, built with them so the set knows who is already chosen.

    A RadioSet learns which button is pressed only from the buttons it is built with (when it
    mounts). Buttons mounted into it later leave it believing nobody is: the review then shows
    no one, and choosing someone else leaves the first ● on as well.
    """

    def __init__(self, *labels: Content, chosen: int = -1, **kwargs: Any) -> None:
        self.people = [Choice(label, value=i == chosen) for i, label in enumerate(labels)]
        super().__init__(*self.people, compact=True, **kwargs)

    def on_mount(self) -> None:
        # RadioSet's own mount handler runs after this one and puts the cursor on the first
        # person, so Enter or Space chooses at once; start it on the chosen person instead,
        # once that has run, so the cursor and the ● agree.
        self.call_later(self._cursor_on_chosen)

    def _cursor_on_chosen(self) -> None:
        if self.chosen() >= 0:
            self._selected = self.chosen()

    def chosen(self) -> int:
        """The index of the chosen person, or -1: from the buttons, so right before mounting."""
        return next((i for i, person in enumerate(self.people) if person.value), -1)


class SupportStep(Step):
    key = "support"
    title = "Support"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._contacts: tuple[m.Contact, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static("Who is at home, or knows about your session?", id="support-ask", markup=False)
        # The people (a SupportChoice) go here once loaded.
        yield InertInput(placeholder="Someone else: their name", id="support-other", compact=True)
        yield Static("", id="support-note", classes="muted", markup=False)

    def load(self, ctx: StepContext) -> None:
        order = (m.Role.SUPPORT, m.Role.CLINICIAN, m.Role.COACH)  # support people first
        self._contacts = tuple(
            sorted(
                (c for c in ctx.contacts if c.role in order),
                key=lambda c: (order.index(c.role), c.name.casefold()),
            )
        )
        ids = [c.id for c in self._contacts]
        chosen = (
            ids.index(ctx.draft.support_contact_id) if ctx.draft.support_contact_id in ids else -1
        )
        # Built with the people, the chosen one already pressed: see SupportChoice. (Steps are
        # loaded once, when the wizard opens, so there is no earlier set to replace.)
        self.mount(
            SupportChoice(
                *[Content(f"{safe_text(c.name)} ({c.role.value})") for c in self._contacts],
                chosen=chosen,
                id="support-choice",
            ),
            after="#support-ask",
        )
        if ctx.draft.support_contact_id is None and ctx.draft.support_name:
            self.query_one("#support-other", Input).value = safe_text(ctx.draft.support_name)
        notes = []
        if ctx.previous_sessions < 3:
            notes.append("For your first sessions, a trusted person nearby is recommended.")
        if ctx.previous_sessions == 0 and (ctx.plan is None or ctx.plan.first_session_supervised):
            notes.append("Your very first session is supervised by a clinician.")
        if not self._contacts:
            notes.append("No support people yet: you can add them on the plan screen.")
        self.query_one("#support-note", Static).update(" ".join(notes))

    def collect(self, now: datetime) -> tuple[dict[str, Any], list[ValidationError]]:
        other = self.query_one("#support-other", Input).value.strip()
        if other:
            return {"support_name": other}, []
        people = self.query(SupportChoice)
        index = people.first().chosen() if people else -1
        if 0 <= index < len(self._contacts):
            return {"support_contact_id": self._contacts[index].id}, []
        return {}, []


def _typed_time(at: datetime, now: datetime) -> str:
    """A stored time as a person would type it again: 12:30, yesterday 20:00, or a date."""
    shown = time_today_or_day(at, now)
    return (
        shown if ":" in shown and "," not in shown else at.astimezone().strftime("%Y-%m-%d %H:%M")
    )


def _hours(hours: float) -> str:
    """About how long since: "40 minutes", "1 hour", "2.5 hours"."""
    return plural(round(hours * 60), "minute") if hours < 1 else words.hours(hours)
