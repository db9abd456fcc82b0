"""The help screen for whichever screen is showing: what it is for and its keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

GLOBAL_KEYS = (
    ("f1", "help and contacts: support person, care team, emergency guidance"),
    ("ctrl+l / f12", "hide the screen at once; press again to bring it back"),
    ("ctrl+p", "command palette: every main action"),
    ("f2", "this help"),
    ("f3", "add a question for your next check-in"),
    ("ctrl+q", "quit (everything is saved as you go)"),
)


class ScreenHelp(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f2", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, about: Screen[object]) -> None:
        super().__init__()
        self._about = about

    def compose(self) -> ComposeResult:
        keys: list[tuple[str, str]] = []
        for binding in self._about.BINDINGS:
            if isinstance(binding, Binding) and binding.show and binding.description:
                keys.append((binding.key.replace(",", " / "), binding.description))
        lines: list[Content | str | tuple[str, str]] = []
        for key, what in keys + list(GLOBAL_KEYS):
            lines += [(f"{key:<16}", "bold $accent"), what, "\n"]
        with VerticalScroll(id="help-box"):
            yield Static(
                f"About this screen: {self._about.__class__.__name__.removesuffix('Screen')}",
                classes="card-title",
                markup=False,
            )
            yield Static(getattr(self._about, "HELP", "") or "", markup=False)
            yield Static(Content.assemble(*lines))
            yield Static("Press escape to close.", classes="muted", markup=False)
