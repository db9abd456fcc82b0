"""The sensations and side effects of a session: one row each, with severity and duration."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Label, RadioSet, Select

from ketajournal.domain import models as m
from ketajournal.errors import ValidationError
from ketajournal.numbers import maybe_int
from ketajournal.text import safe_text
from ketajournal.widgets.form import ErrorSlot, at_field
from ketajournal.widgets.reflection.base import InlineChoices, pressed

SEVERITIES = tuple(m.Severity)
MAX_MINUTES = 24 * 60


@dataclass(frozen=True)
class EffectRow:
    """What one row starts with: from the marks during the session, or a saved draft."""

    sensation: m.Sensation
    severity: m.Severity
    duration_minutes: int | None = None
    note: str | None = None  # the text typed with an "other" mark, shown inertly


def rows_for(
    saved: Sequence[m.SideEffect], marks: Sequence[m.SessionEvent]
) -> tuple[EffectRow, ...]:
    """One row per sensation: the saved answers first, then marks not yet answered.

    A sensation marked several times is one row, at its most severe.
    """
    order = list(m.Severity)
    marked: dict[m.Sensation, EffectRow] = {}
    for event in marks:
        if event.kind is not m.EventKind.MARK or event.sensation is None:
            continue
        severity = event.severity or m.Severity.MILD
        earlier = marked.get(event.sensation)
        if earlier is None:
            marked[event.sensation] = EffectRow(
                sensation=event.sensation,
                severity=severity,
                note=event.text,
            )
        elif order.index(severity) > order.index(earlier.severity):
            marked[event.sensation] = EffectRow(
                sensation=earlier.sensation,
                severity=severity,
                note=earlier.note or event.text,
            )
    rows: list[EffectRow] = []
    for effect in saved:
        mark = marked.pop(effect.sensation, None)
        rows.append(
            EffectRow(
                sensation=effect.sensation,
                severity=effect.severity,
                duration_minutes=effect.duration_minutes,
                note=mark.note if mark else None,
            )
        )
    return tuple(rows) + tuple(marked.values())


def sensation_label(sensation: m.Sensation) -> str:
    return sensation.value.replace("-", " ").capitalize()


class SideEffectRow(ErrorSlot, Horizontal):
    """A sensation, its severity (changeable) and how long it lasted, on one row; a
    refused duration is said at the end of the row."""

    DEFAULT_CSS = """
    SideEffectRow { height: 1; }
    SideEffectRow > .effect-name { width: 22; text-wrap: nowrap; text-overflow: ellipsis; }
    SideEffectRow > InlineChoices > RadioButton { margin-right: 1; }
    SideEffectRow > .effect-lasted { width: auto; color: $text-muted; margin-left: 1; }
    SideEffectRow > Input { width: 5; margin-left: 1; }
    SideEffectRow > .effect-min { width: auto; color: $text-muted; margin-left: 1; }
    SideEffectRow.-error > .effect-min { color: $warning; }
    """

    def __init__(self, row: EffectRow, index: int) -> None:
        super().__init__(classes="side-effect")
        self.row = row
        self.index = index
        self.field_names = (f"{row.sensation.value} lasted",)

    def show_error(self, error: ValidationError) -> None:
        self.query_one(".effect-min", Label).update(f"min: {at_field(error)}")
        self.add_class("-error")

    def clear_error(self) -> None:
        if self.has_class("-error"):
            self.remove_class("-error")
            self.query_one(".effect-min", Label).update("min")

    @on(Input.Changed)
    def _edited(self) -> None:
        self.clear_error()

    def compose(self) -> ComposeResult:
        name = sensation_label(self.row.sensation)
        if self.row.note:
            name += f" ({' '.join(self.row.note.split())})"
        yield Label(Content(safe_text(name)), classes="effect-name")
        yield InlineChoices(
            *[s.value for s in SEVERITIES],
            chosen=SEVERITIES.index(self.row.severity),
            id=f"severity-{self.index}",
        )
        yield Label("lasted", classes="effect-lasted", markup=False)
        yield Input(
            "" if self.row.duration_minutes is None else str(self.row.duration_minutes),
            id=f"minutes-{self.index}",
            type="integer",
            max_length=4,
            placeholder="?",
            compact=True,
        )
        yield Label("min", classes="effect-min", markup=False)

    def effect(self, problems: list[ValidationError]) -> m.SideEffect:
        index = pressed(self.query_one(RadioSet))
        severity = SEVERITIES[index] if index >= 0 else self.row.severity
        minutes: int | None = None
        try:
            minutes = maybe_int(
                self.query_one(Input).value, f"{self.row.sensation.value} lasted", 0, MAX_MINUTES
            )
        except ValidationError as exc:
            problems.append(exc)
        return m.SideEffect(
            sensation=self.row.sensation, severity=severity, duration_minutes=minutes
        )


class SideEffectList(Vertical):
    """Every sensation of the session, and a way to add one not marked at the time."""

    DEFAULT_CSS = """
    SideEffectList { height: auto; }
    SideEffectList > #effect-rows { height: auto; }
    SideEffectList > #add-sensation { width: 30; margin-top: 0; }
    """

    def __init__(self, rows: Sequence[EffectRow], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._rows = tuple(rows)

    def compose(self) -> ComposeResult:
        with Vertical(id="effect-rows"):
            for index, row in enumerate(self._rows):
                yield SideEffectRow(row, index)
        yield Select(
            [(sensation_label(s), s.value) for s in m.Sensation],
            prompt="Add a sensation…",
            id="add-sensation",
            compact=True,
        )

    @on(Select.Changed, "#add-sensation")
    async def _add(self, event: Select.Changed) -> None:
        # Not stopped: the form hears it and saves the draft with the new row.
        if event.value is Select.NULL:
            return
        sensation = m.Sensation(str(event.value))
        rows = list(self.query(SideEffectRow))
        if all(r.row.sensation is not sensation for r in rows):
            new = SideEffectRow(EffectRow(sensation=sensation, severity=m.Severity.MILD), len(rows))
            await self.query_one("#effect-rows", Vertical).mount(new)
            new.query_one(RadioSet).focus()
        event.select.clear()

    def effects(self, problems: list[ValidationError]) -> tuple[m.SideEffect, ...]:
        return tuple(row.effect(problems) for row in self.query(SideEffectRow))
