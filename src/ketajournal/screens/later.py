"""Sections whose screens are not built yet: what to use meanwhile, from the command line."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

MEANWHILE: dict[str, tuple[str, tuple[str, ...]]] = {
    "reflect": (
        "Reflect",
        (
            "ketajournal reflect --intensity 6 --dissociation 5 --mood 7 --anxiety 3",
            "    (then type fragments; add '## Insights' or '## Integration step' sections)",
            "ketajournal session show ID        # the prompts due for a session",
        ),
    ),
    "journal": (
        "Journal",
        (
            "ketajournal journal add --title 'Evening' --tag calm",
            "ketajournal journal list",
            "ketajournal journal search WORD",
        ),
    ),
    "checkin": (
        "Check-in",
        (
            "ketajournal mood 6 --anxiety 3 --sleep 7 --energy 5",
            "ketajournal scale phq9             # asks item by item",
            "ketajournal scale gad7",
        ),
    ),
    "export": (
        "Export",
        (
            "ketajournal session list --json",
            "ketajournal journal list --json",
        ),
    ),
}


class LaterScreen(Screen[None]):
    """Says plainly that this screen is still to come, and what works today."""

    HELP = "This part of the app is still being built; the command line can do it today."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="later.back"),
    ]

    def __init__(self, section: str) -> None:
        super().__init__()
        self.section = section

    def compose(self) -> ComposeResult:
        title, lines = MEANWHILE[self.section]
        yield Header()
        with VerticalScroll(classes="page"):
            yield Static(title, classes="card-title", markup=False)
            yield Static(
                "This screen is not in the app yet. Everything it will do already works from "
                "the command line, in another terminal:",
                markup=False,
            )
            yield Static("\n".join(lines), classes="card code", markup=False)
            yield Static("Press escape to go back.", classes="muted", markup=False)
        yield Footer()
