"""`sync`: keep one journal on several computers through a folder a sync tool carries."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ketajournal.cli.common import err, handle_errors, service, state
from ketajournal.cli.quick import print_report
from ketajournal.errors import ValidationError
from ketajournal.text import safe_text

sync_app = typer.Typer(
    help=(
        "Sync this journal with your other computers through a folder that a sync tool "
        "(Syncthing, Nextcloud, Dropbox, a USB stick) carries. Without a sub-command: "
        "sync now."
    ),
    invoke_without_command=True,
)
commands = typer.Typer()
commands.add_typer(sync_app, name="sync")

NameOption = Annotated[
    str | None,
    typer.Option("--name", help="This computer's name for the others (default: its host name)."),
]
MAX_KEY_FILE = 4096  # bytes: the key is one line


@sync_app.callback()
@handle_errors
def sync(
    ctx: typer.Context,
    status: Annotated[
        bool, typer.Option("--status", help="List the devices, their last sync, anything refused.")
    ] = False,
    snapshot: Annotated[
        bool,
        typer.Option(
            "--snapshot",
            help="Also write a snapshot (a new computer starts from it) and prune old bundles.",
        ),
    ] = False,
    prune: Annotated[
        bool, typer.Option("--prune", help="Remove this computer's bundles every device has.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Sync now: receive the other computers' changes, then send this one's."""
    if ctx.invoked_subcommand is not None:
        return
    from ketajournal.cli.quick import sync_now

    sync_now(state(ctx).db_path, status=status, snapshot=snapshot, prune=prune, as_json=as_json)


@sync_app.command("init")
@handle_errors
def init(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="The folder your sync tool carries.")],
    key_out: Annotated[
        Path,
        typer.Option(
            "--key-out", metavar="FILE", help="A new file (0600) to write the sync key to."
        ),
    ],
    name: NameOption = None,
) -> None:
    """Start syncing this journal (on the first computer); writes the sync key to FILE."""
    with service(ctx) as svc:
        report = svc.sync.init(folder, key_out.expanduser(), name)
    err(f"ketajournal: the sync key is in {safe_text(str(key_out))}; carry it to the other "
        "computers yourself (not through the synced folder), then delete it there")  # fmt: skip
    print_report(report)


@sync_app.command("join")
@handle_errors
def join(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="The synced folder, as it is on this computer.")],
    key_file: Annotated[
        str | None,
        typer.Option(
            "--key-file",
            metavar="FILE",
            help="The file `sync init` wrote (`-`: standard input). Without it, typed at a prompt.",
        ),
    ] = None,
    name: NameOption = None,
) -> None:
    """Sync this journal with the one already synced in FOLDER (on each other computer)."""
    key = _read_key(key_file)
    with service(ctx) as svc:
        report = svc.sync.join(folder, key, name)
    print_report(report)


def _read_key(key_file: str | None) -> str:
    """The sync key from a file, standard input, or typed unseen; never from argv."""
    if key_file is None and sys.stdin.isatty():
        import getpass

        return getpass.getpass("Sync key (AGE-SECRET-KEY-1…): ")
    try:
        if key_file is None or key_file == "-":
            data = sys.stdin.buffer.read(MAX_KEY_FILE + 1)
        else:
            with open(Path(key_file).expanduser(), "rb") as handle:
                data = handle.read(MAX_KEY_FILE + 1)
    except OSError as exc:
        raise ValidationError("--key-file", f"a readable file ({exc.strerror})", key_file) from None
    if len(data) > MAX_KEY_FILE:
        raise ValidationError("--key-file", "the one-line key file `sync init` wrote")
    return data.decode("utf-8", errors="replace")
