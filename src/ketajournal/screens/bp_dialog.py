"""Asks for a blood pressure reading, as SYS/DIA."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ketajournal.domain.validate import parse_blood_pressure
from ketajournal.errors import ValidationError
from ketajournal.widgets.inert import InertInput


class BloodPressureDialog(ModalScreen[tuple[int, int] | None]):
    HELP = "Type the reading as SYS/DIA, for example 128/84, and press enter."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="bp.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Blood pressure, as SYS/DIA (enter saves)", classes="muted", markup=False)
            yield InertInput(placeholder="e.g. 128/84", id="bp-reading", compact=True)
            yield Static("", id="bp-problem", classes="warning", markup=False)

    @on(Input.Submitted, "#bp-reading")
    def _done(self, event: Input.Submitted) -> None:
        try:
            self.dismiss(parse_blood_pressure(event.value))
        except ValidationError as exc:
            self.query_one("#bp-problem", Static).update(str(exc))
