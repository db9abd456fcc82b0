"""Marks a sensation or side effect and its severity in two key presses; "other" is named."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ketajournal.domain import models as m
from ketajournal.widgets.inert import InertInput

SENSATIONS = tuple(m.Sensation)  # 1..8
SEVERITIES = tuple(m.Severity)  # 1..3


@dataclass(frozen=True)
class Mark:
    sensation: m.Sensation
    severity: m.Severity
    text: str | None = None  # what "other" was, in the person's words


def _menu(options: tuple[m.Sensation, ...] | tuple[m.Severity, ...]) -> str:
    return "\n".join(f"{i}  {o.value.replace('-', ' ')}" for i, o in enumerate(options, 1))


class MarkDialog(ModalScreen[Mark | None]):
    """First a number for the sensation (for "other", a few words naming it, then enter),
    then 1-3 for its severity. Escape cancels."""

    HELP = (
        "Press the number of the sensation, then 1 mild, 2 moderate or 3 severe. For other, "
        "type what it was first and press enter."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="mark.cancel"),
    ]
    AUTO_FOCUS = ""  # digits go to the dialog; the field for "other" takes focus when asked

    def __init__(self) -> None:
        super().__init__()
        self.sensation: m.Sensation | None = None
        self.text: str | None = None
        self.naming = False  # typing what "other" was

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("What do you notice? (press a number)", id="mark-question", markup=False)
            yield Static(_menu(SENSATIONS), id="mark-menu", markup=False)
            yield InertInput(placeholder="what it was, then enter", id="mark-other", compact=True)

    def on_mount(self) -> None:
        self.query_one("#mark-other").display = False

    def on_key(self, event: Key) -> None:
        if self.naming or not (event.character and event.character.isdigit()):
            return
        choice = int(event.character) - 1
        event.stop()
        if self.sensation is None:
            if 0 <= choice < len(SENSATIONS):
                self.sensation = SENSATIONS[choice]
                if self.sensation is m.Sensation.OTHER:
                    self._ask_name()
                else:
                    self._ask_severity()
        elif 0 <= choice < len(SEVERITIES):
            self.dismiss(Mark(self.sensation, SEVERITIES[choice], self.text))

    def _ask_name(self) -> None:
        self.naming = True
        self.query_one("#mark-question", Static).update("What was it? (a few words, then enter)")
        self.query_one("#mark-menu").display = False
        field = self.query_one("#mark-other", Input)
        field.display = True
        field.focus()

    @on(Input.Submitted, "#mark-other")
    def _named(self, event: Input.Submitted) -> None:
        event.stop()
        self.text = " ".join(event.value.split()) or None
        self.naming = False
        event.input.display = False
        self.query_one("#mark-menu").display = True
        self._ask_severity()

    def _ask_severity(self) -> None:
        assert self.sensation is not None
        name = self.text or self.sensation.value.replace("-", " ")
        self.query_one("#mark-question", Static).update(f"How strong is it ({name})?")
        self.query_one("#mark-menu", Static).update(_menu(SEVERITIES))
        self.set_focus(None)  # digits go to the dialog again, not the field
