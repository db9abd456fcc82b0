"""The follow-ups a week and a month on: the insight in life, the step, the progress markers."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, RadioSet, Static

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

MARKERS = (
    (m.MarkerKind.PERSPECTIVE, "A shift in perspective"),
    (m.MarkerKind.SELF_PATIENCE, "More patience with myself"),
    (m.MarkerKind.STRESS_RESPONSE, "Meeting stress in a new way"),
    (m.MarkerKind.OPENNESS, "Openness with people"),
    (m.MarkerKind.HOBBIES, "Wanting to do hobbies"),
)
MARKER_SCALE = "Since the session, how much do you notice… (0 not at all, 4 very much)"
HAPPENED = (("yes", True), ("not (yet)", False))


class MarkerRow(Horizontal):
    """One progress marker, 0 (not at all) to 4 (very much), on one row."""

    DEFAULT_CSS = """
    MarkerRow { height: 1; }
    MarkerRow > Label { width: 30; color: $text-muted; }
    """

    def __init__(self, kind: m.MarkerKind, label: str, value: int | None) -> None:
        super().__init__(classes="marker-row")
        self.kind = kind
        self._label = label
        self._value = value

    def compose(self) -> ComposeResult:
        yield Label(self._label, markup=False)
        yield InlineChoices(
            *[str(n) for n in range(5)],
            chosen=-1 if self._value is None else self._value,
            id=f"marker-{self.kind.value}",
        )

    def value(self) -> int | None:
        index = pressed(self.query_one(RadioSet))
        return index if index >= 0 else None


class FollowUpForm(ReflectionForm):
    """How the session showed up in life since; the markers are stored when finished."""

    def compose(self) -> ComposeResult:
        r = self.ctx.reflection
        full = self.ctx.full
        if full is not None and full.insights and full.insights.strip():
            yield quoted("Your insights then", full.insights, "")
        yield quoted(
            "The step you chose",
            full.integration_step if full else None,
            "(no integration step was written in the full reflection)",
        )
        yield Field("Did it happen?", self._happened(r.integration_step_happened))
        yield Static(
            "How has the insight shown up in your life since?",
            classes="reflect-label",
            markup=False,
        )
        yield self.text_area("insight_in_life", r.insight_in_life, height=4)
        yield Static(MARKER_SCALE, classes="reflect-label", markup=False)
        for kind, label in MARKERS:
            yield MarkerRow(kind, label, self.ctx.markers.get(kind))
        yield share_choice("Who may read what you wrote here:", self._share_level())

    def _share_level(self) -> m.ShareLevel:
        """As chosen before; else as chosen for the full reflection (shown, to confirm)."""
        r, full = self.ctx.reflection, self.ctx.full
        if r.status in (m.ReflectionStatus.DONE, m.ReflectionStatus.DRAFT):
            return r.share_level
        if full is not None and full.status is m.ReflectionStatus.DONE:
            return full.share_level
        return m.ShareLevel.PRIVATE

    def _happened(self, value: bool | None) -> RadioSet:
        flags = [flag for _, flag in HAPPENED]
        return InlineChoices(
            *[label for label, _ in HAPPENED],
            chosen=flags.index(value) if value is not None else -1,
            id="step-happened",
        )

    def on_mount(self) -> None:
        self.query_one("#step-happened", RadioSet).focus()

    def collect(self) -> tuple[ReflectionAnswers, list[ValidationError]]:
        happened = pressed(self.query_one("#step-happened", RadioSet))
        # Only markers that are new or changed: each answer stores a new marker record.
        markers: dict[m.MarkerKind | str, int] = {
            row.kind: value
            for row in self.query(MarkerRow)
            if (value := row.value()) is not None and self.ctx.markers.get(row.kind) != value
        }
        share = pressed(self.query_one("#share-level", RadioSet))
        answers = ReflectionAnswers(
            insight_in_life=self.text_of("insight_in_life"),
            integration_step_happened=HAPPENED[happened][1] if happened >= 0 else None,
            share_level=SHARE_LEVELS[share] if share >= 0 else None,
            markers=markers,
        )
        return answers, []
