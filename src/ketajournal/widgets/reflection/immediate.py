"""The capture right after a session: four ratings, the sensations, and a few words."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, Static

from ketajournal.errors import ValidationError
from ketajournal.service.reflections import ReflectionAnswers
from ketajournal.widgets.reflection.base import RatingField, ReflectionContext, ReflectionForm
from ketajournal.widgets.reflection.side_effects import SideEffectList, rows_for

RATINGS = (
    ("intensity", "Intensity", "0 barely there · 10 overwhelming"),
    ("dissociation", "Dissociation", "0 fully here · 10 far away"),
    ("mood_after", "Mood now", "0 very low · 10 very good"),
    ("anxiety_after", "Anxiety now", "0 calm · 10 very anxious"),
)


class ImmediateForm(ReflectionForm):
    """Short and calm, for a tired mind: one screen, Tab through it."""

    def __init__(self, ctx: ReflectionContext, **kwargs: object) -> None:
        super().__init__(ctx, **kwargs)
        self._ratings: dict[str, RatingField] = {}

    def compose(self) -> ComposeResult:
        r = self.ctx.reflection
        for name, label, hint in RATINGS:
            self._ratings[name] = RatingField(
                label, hint, getattr(r, name), input_id=f"rate-{name}"
            )
            yield self._ratings[name]
        rows = rows_for(r.side_effects, self.ctx.marks)
        yield Static(
            "Sensations during the session (severity, and how long it lasted):"
            if rows
            else "No sensations were marked during the session. Add any you noticed:",
            classes="reflect-label gap",
            markup=False,
        )
        yield SideEffectList(rows, id="side-effects")
        yield Static(
            "A few words, if you like. Fragments are fine:", classes="reflect-label", markup=False
        )
        yield self.text_area("fragments", r.fragments, height=4)

    def on_mount(self) -> None:
        self.query_one("#rate-intensity", Input).focus()

    def collect(self) -> tuple[ReflectionAnswers, list[ValidationError]]:
        problems: list[ValidationError] = []
        ratings: dict[str, Any] = {
            name: field.rating(problems) for name, field in self._ratings.items()
        }
        effects = self.query_one(SideEffectList).effects(problems)
        answers = ReflectionAnswers(
            **ratings,
            side_effects=effects,
            fragments=self.text_of("fragments"),
        )
        return answers, problems
