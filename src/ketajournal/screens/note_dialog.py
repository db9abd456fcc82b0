"""A small input that takes one timestamped note and closes itself."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ketajournal.widgets.inert import InertInput


class NoteDialog(ModalScreen[str | None]):
    """Returns the note typed (enter), or None (escape)."""

    HELP = "Type a few words and press enter. Escape closes without saving."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="note.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("A note (enter saves, escape cancels)", classes="muted", markup=False)
            yield InertInput(id="note-text", compact=True)

    @on(Input.Submitted, "#note-text")
    def _done(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)
