"""The command line (Typer). A bare `ketajournal` opens the TUI.

Kept light on purpose: this package imports Typer and the standard library at the top;
Textual is imported only to open the TUI, and the storage stack only by the commands that
open the journal (see `ketajournal.factory`).
"""

from __future__ import annotations

import sys

from ketajournal.cli.app import app


def main() -> None:
    """The console script's entry point."""
    app(prog_name="ketajournal")


__all__ = ["app", "main"]

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
