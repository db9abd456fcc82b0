"""The command line (Typer). A bare `ketajournal` opens the TUI.

Kept light on purpose: this package imports Typer and the standard library at the top;
Textual is imported only to open the TUI, and the storage stack only by the commands that
open the journal (see `ketajournal.factory`).
"""

from __future__ import annotations

import sys

from ketajournal.cli.app import app


def main() -> None:
    """The console script: every mistake, usage ones included, is one line on stderr."""
    try:
        code = app(prog_name="ketajournal", standalone_mode=False)
    except KeyboardInterrupt:
        print("ketajournal: interrupted; nothing more was written", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:
        # Click's usage errors (vendored by Typer): a missing argument, an unknown option.
        if type(exc).__name__ == "NoArgsIsHelpError":
            print(exc.format_message())  # type: ignore[attr-defined]
            sys.exit(0)
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):
            ctx = getattr(exc, "ctx", None)
            where = ctx.command_path if ctx is not None else "ketajournal"
            message = " ".join(exc.format_message().split())
            print(f"{where}: {message} (see `{where} --help`)", file=sys.stderr)
            sys.exit(exc.exit_code)
        raise
    sys.exit(code if isinstance(code, int) else 0)


__all__ = ["app", "main"]
