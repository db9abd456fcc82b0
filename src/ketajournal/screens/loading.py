"""Shown for the moment it takes to open the journal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static


class LoadingScreen(Screen[None]):
    HELP = "Opening your journal."

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static("Opening your journal…", classes="muted", markup=False)
