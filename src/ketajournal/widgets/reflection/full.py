"""The full reflection, the next day: the intention, what came up, and one small step."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.widgets import RadioSet, Static

from ketajournal.domain import models as m
from ketajournal.service.reflections import ReflectionAnswers
from ketajournal.widgets.form import Field
from ketajournal.widgets.reflection.base import InlineChoices, ReflectionForm, pressed, quoted

TOUCHED = tuple(m.IntentionTouched)
WRITTEN = (
    ("insights", "Insights"),
    ("emotions", "Emotions"),
    ("images_memories", "Images, memories"),
    ("what_was_hard", "What was hard"),
    ("integration_step", "One small step"),
)
SHARE_LEVELS = tuple(m.ShareLevel)
SHARE_MEANING = {
    m.ShareLevel.PRIVATE: "Private: only you; never in an export unless you ask",
    m.ShareLevel.COACH: "Coach: in exports for your integration coach",
    m.ShareLevel.CLINICIAN: "Clinician: in exports for your coach and your clinician",
}


class FullForm(ReflectionForm):
    """The structured reflection; write as much or as little as you like."""

    def compose(self) -> ComposeResult:
        r = self.ctx.reflection
        yield quoted("Your intention", self.ctx.session.intention, "(no intention was written)")
        yield Field(
            "Was it touched?",
            InlineChoices(
                *[t.value for t in TOUCHED],
                chosen=_index(TOUCHED, r.intention_touched),
                id="intention-touched",
            ),
        )
        fragments = self.ctx.immediate.fragments if self.ctx.immediate else None
        if fragments and fragments.strip():
            yield quoted("What you noted right after", fragments, "", spaced=True)
        for name, label in WRITTEN:
            yield Field(label, self.text_area(name, getattr(r, name), height=3))
        yield Static(
            "Who may read what you wrote here (in an export):",
            classes="reflect-label",
            markup=False,
        )
        yield InlineChoices(
            *[SHARE_MEANING[level] for level in SHARE_LEVELS],
            chosen=_index(SHARE_LEVELS, r.share_level),
            id="share-level",
            classes="stacked",
        )

    def on_mount(self) -> None:
        self.query_one("#intention-touched", RadioSet).focus()

    def collect(self) -> tuple[ReflectionAnswers, list[str]]:
        touched = pressed(self.query_one("#intention-touched", RadioSet))
        share = pressed(self.query_one("#share-level", RadioSet))
        texts = {name: self.text_of(name) for name, _ in WRITTEN}
        answers = ReflectionAnswers(
            intention_touched=TOUCHED[touched] if touched >= 0 else None,
            share_level=SHARE_LEVELS[share] if share >= 0 else None,
            **texts,
        )
        return answers, []


def _index(options: Sequence[Any], value: Any) -> int:
    return options.index(value) if value in options else -1
