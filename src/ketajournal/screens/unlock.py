"""The unlock screen: an encrypted journal opens only with its passphrase.

Nothing from the journal is shown or read before it opens. The passphrase is typed into
a password field (shown as dots), cleared as soon as it is submitted, and handed to the
app, which opens the journal in a worker (key derivation takes a moment). A wrong one
says so; after a few in a row, each further try waits a little longer.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Center, Middle, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from ketajournal.unlock import retry_delay
from ketajournal.widgets.footer import KeyFooter


class UnlockScreen(Screen[None]):
    HELP = (
        "This journal is encrypted. Type its passphrase and press Enter; ctrl+q quits. "
        "Without the passphrase nobody can open it, and it cannot be recovered."
    )

    def __init__(self, db_path: Path, notice: str | None = None) -> None:
        super().__init__()
        self.db_path = db_path
        self.notice = notice
        self.failures = 0

    def compose(self) -> ComposeResult:
        with Middle(), Center(), Vertical(id="unlock-box"):
            yield Static("This journal is encrypted.", id="unlock-title", markup=False)
            yield Static(str(self.db_path), classes="muted", markup=False)
            yield Input(
                password=True, placeholder="passphrase", id="passphrase", select_on_focus=False
            )
            yield Static(self.notice or "Type the passphrase, then Enter.", id="unlock-status",
                         markup=False)  # fmt: skip
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        passphrase = event.value
        event.input.value = ""  # never kept on screen or in the widget
        if not passphrase:
            self._say("Type the passphrase first.")
            return
        event.input.disabled = True
        self._say("Unlocking…")
        self.app.unlock(passphrase)  # type: ignore[attr-defined]

    def refused(self, message: str) -> None:
        """The passphrase did not open the journal (called by the app)."""
        self.failures += 1
        delay = retry_delay(self.failures)
        if delay:
            self._say(f"{message} Wait {delay:.0f} s before the next try.")
            self.set_timer(delay, self._ready)
        else:
            self._say(message)
            self._ready()

    def _ready(self) -> None:
        field = self.query_one("#passphrase", Input)
        field.disabled = False
        field.focus()

    def _say(self, text: str) -> None:
        self.query_one("#unlock-status", Static).update(text)
