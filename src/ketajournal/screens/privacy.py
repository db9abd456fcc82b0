"""The privacy blank: one key hides everything on screen; the same key brings it back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class PrivacyScreen(Screen[None]):
    """A full, opaque screen (not a modal, whose background can show through).

    It shows nothing from the journal and nothing in the footer; the app's own
    privacy binding (priority) pops it again.
    """

    HELP = "The screen is hidden. Press ctrl+l (or f12) to bring it back."

    def compose(self) -> ComposeResult:
        yield Static("", id="privacy-blank")
