"""The command line (Typer). A bare `ketajournal` opens the TUI.

Kept light on purpose: the everyday quick commands run through `ketajournal.cli.hot`
without importing Typer; Textual is imported only to open the TUI, and the SQLModel stack
only when a journal must be created or migrated (see `ketajournal.factory`).
"""

from __future__ import annotations

import sys
from typing import Any


def main() -> None:
    """The console script: every mistake, usage ones included, is one line on stderr."""
    from ketajournal.cli.hot import dispatch

    quick_code = dispatch(sys.argv[1:])
    if quick_code is not None:
        sys.exit(quick_code)
    from ketajournal.cli.root import app

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
            if "unexpected extra argument" in message:
                # Never repeat it: it may be journal text typed as an argument by mistake.
                message = (
                    "got an unexpected extra argument (not shown). Text is never taken as an "
                    "argument, because shell history keeps arguments: pipe it in or use --file"
                )
            from ketajournal.text import safe_text  # the message may quote what was typed

            print(safe_text(f"{where}: {message} (see `{where} --help`)"), file=sys.stderr)
            sys.exit(exc.exit_code)
        raise
    sys.exit(code if isinstance(code, int) else 0)


def __getattr__(name: str) -> Any:
    if name == "app":  # the Typer app, loaded on first use (tests, completion)
        from ketajournal.cli.root import app

        return app
    raise AttributeError(name)


__all__ = ["app", "main"]
