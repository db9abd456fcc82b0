"""Marks a sensation or side effect and its severity in two key presses."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Static

from ketajournal.domain import models as m

SENSATIONS = tuple(m.Sensation)  # 1..8
SEVERITIES = tuple(m.Severity)  # 1..3


def _menu(options: tuple[m.Sensation, ...] | tuple[m.Severity, ...]) -> str:
    return "\n".join(f"{i}  {o.value.replace('-', ' ')}" for i, o in enumerate(options, 1))


class MarkDialog(ModalScreen[tuple[m.Sensation, m.Severity] | None]):
    """First a number for the sensation, then 1-3 for its severity. Escape cancels."""

    HELP = "Press the number of the sensation, then 1 mild, 2 moderate or 3 severe."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="mark.cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sensation: m.Sensation | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("What do you notice? (press a number)", id="mark-question", markup=False)
            yield Static(_menu(SENSATIONS), id="mark-menu", markup=False)

    def on_key(self, event: Key) -> None:
        if not (event.character and event.character.isdigit()):
            return
        choice = int(event.character) - 1
        event.stop()
        if self.sensation is None:
            if 0 <= choice < len(SENSATIONS):
                self.sensation = SENSATIONS[choice]
                name = self.sensation.value.replace("-", " ")
                self.query_one("#mark-question", Static).update(f"How strong is the {name}?")
                self.query_one("#mark-menu", Static).update(_menu(SEVERITIES))
        elif 0 <= choice < len(SEVERITIES):
            self.dismiss((self.sensation, SEVERITIES[choice]))
