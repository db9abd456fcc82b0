"""The Textual application: app-level wiring only (theme, bindings, the service)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import ClassVar

from rich.traceback import Traceback
from textual.app import App
from textual.binding import Binding, BindingType

from ketajournal.clock import Clock
from ketajournal.errors import KetaJournalError
from ketajournal.screens.home import HomeScreen
from ketajournal.service import JournalService
from ketajournal.themes import THEMES


class KetaJournalApp(App[int]):
    """ketajournal's TUI. Opens the journal in a worker; screens call the service only."""

    TITLE = "ketajournal"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    def __init__(self, db_path: Path, clock: Clock | None = None) -> None:
        super().__init__()
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = THEMES[0].name
        self.db_path = db_path
        self.clock = clock
        self.service: JournalService | None = None
        self.error: str | None = None

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())

    def open_service(self) -> JournalService:
        """Opens the journal (called from a worker thread: it may migrate)."""
        if self.service is None:
            from ketajournal.factory import open_service

            self.service = open_service(self.db_path, self.clock)
        return self.service

    def fail(self, error: KetaJournalError) -> None:
        self.error = str(error)
        self.exit(return_code=error.exit_code)

    def on_unmount(self) -> None:
        if self.service is not None:
            self.service.close()

    def _fatal_error(self) -> None:
        """Like Textual's, but never prints local variables: they may hold journal text."""
        self.bell()
        traceback = Traceback(show_locals=False, width=None, locals_max_length=0, suppress=[])
        self._exit_renderables.append(traceback)
        self._close_messages_no_wait()


def run_app(db_path: Path) -> int:
    app = KetaJournalApp(db_path)
    app.run()
    if app.error:
        print(f"ketajournal: {app.error}", file=sys.stderr)
    if app._exception is not None:  # a crash: Textual returns normally, we must not
        return 1
    return app.return_code or 0
