"""The full reflection, the next day: the intention, what came up, and one small step."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.widgets import RadioSet

from ketajournal.domain import models as m
from ketajournal.errors import ValidationError
from ketajournal.service.reflections import ReflectionAnswers
from ketajournal.widgets.form import Field
from ketajournal.widgets.reflection.base import (
    SHARE_LEVELS,
    InlineChoices,
    ReflectionForm,
    pressed,
    quoted,
    share_choice,
)

TOUCHED = tuple(m.IntentionTouched)
WRITTEN = (
    ("insights", "Insights"),
    ("emotions", "Emotions"),
    ("images_memories", "Images, memories"),
    ("what_was_hard", "What was hard"),
    ("integration_step", "One small step"),
)


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
        yield share_choice(
            "Who may read what you wrote here, and your intention and notes of this session:",
            r.share_level,
        )

    def on_mount(self) -> None:
        self.query_one("#intention-touched", RadioSet).focus()

    def collect(self) -> tuple[ReflectionAnswers, list[ValidationError]]:
        touched = pressed(self.query_one("#intention-touched", RadioSet))
        share = pressed(self.query_one("#share-level", RadioSet))  # see share_choice
        texts: dict[str, Any] = {name: self.text_of(name) for name, _ in WRITTEN}
        answers = ReflectionAnswers(
            intention_touched=TOUCHED[touched] if touched >= 0 else None,
            share_level=SHARE_LEVELS[share] if share >= 0 else None,
            **texts,
        )
        return answers, []


def _index(options: Sequence[Any], value: Any) -> int:
    return options.index(value) if value in options else -1
