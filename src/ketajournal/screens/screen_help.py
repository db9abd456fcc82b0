"""The help screen for whichever screen is showing: what it is for and its keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ketajournal.sections import title_of

GLOBAL_KEYS = (
    ("f1", "help and contacts: support person, care team, emergency guidance"),
    ("ctrl+l / f12", "hide the screen at once; press again to bring it back"),
    ("ctrl+p", "command palette: every main action"),
    ("f2", "this help"),
    ("f3", "add a question for your next check-in"),
    ("ctrl+q", "quit; what you typed is kept (drafts are offered back next time)"),
    ("tab / shift+tab", "next or previous field; the field with the focus has a bar at its left"),
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
                shown = binding.key_display or binding.key.replace(",", " / ")
                keys.append((shown, binding.description))
        with VerticalScroll(id="help-box"):
            yield Static(f"About this screen: {title_of(self._about)}", classes="card-title",
                         markup=False)  # fmt: skip
            yield Static(getattr(self._about, "HELP", "") or "", markup=False)
            for key, what in keys + list(GLOBAL_KEYS):
                # One row a key, its words wrapping under themselves (a hanging indent).
                with Horizontal(classes="help-key"):
                    yield Static(key, classes="help-key-name", markup=False)
                    yield Static(what, classes="help-key-what", markup=False)
            yield Static("Press escape to close.", classes="muted", markup=False)
