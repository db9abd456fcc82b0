"""A small dialog that takes one line of text (a note, a question, a reading) and closes.

A value it refuses is named under the field and the dialog stays open with the text as
typed, so nothing has to be typed again (mid-session, say).
"""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ketajournal.errors import ValidationError
from ketajournal.widgets.inert import InertInput

T = TypeVar("T")


class TextDialog(ModalScreen[T | None], Generic[T]):
    """Returns what `read` makes of the text (enter), or None (escape or nothing typed)."""

    PROMPT = "A note (enter saves, escape cancels)"
    PLACEHOLDER = ""
    HELP = "Type a few words and press enter. Escape closes without saving."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="note.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.PROMPT, classes="muted", id="dialog-prompt", markup=False)
            yield InertInput(placeholder=self.PLACEHOLDER, id="note-text", compact=True)
            yield Static("", id="dialog-problem", classes="warning", markup=False)

    def read(self, text: str) -> T:
        """The value of what was typed; a ValidationError keeps the dialog open."""
        raise NotImplementedError

    @on(Input.Submitted, "#note-text")
    def _done(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.dismiss(None)
            return
        try:
            self.dismiss(self.read(event.value))
        except ValidationError as exc:
            self.query_one("#dialog-problem", Static).update(str(exc))


class NoteDialog(TextDialog[str]):
    """Returns the note typed (enter), or None (escape)."""

    def read(self, text: str) -> str:
        return text.strip()
