"""Commands that move the whole journal: `export data`, `import`, `backup` and `restore`."""

from __future__ import annotations

import os
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer

from ketajournal.cli.common import err, fail, handle_errors, integer, out, service, state
from ketajournal.errors import StorageError, ValidationError
from ketajournal.text import safe_text

export_app = typer.Typer(help="Export your journal.", no_args_is_help=True)

ForceOption = Annotated[bool, typer.Option("--force", help="Replace the target if it exists.")]


def register(app: typer.Typer) -> None:
    """Adds the commands; `data` joins an `export` group another module already made."""
    group = next((g.typer_instance for g in app.registered_groups if g.name == "export"), None)
    if group is None:
        app.add_typer(export_app, name="export")
        group = export_app
    group.command("data")(export_data)
    app.command("import")(import_data)
    app.command("backup")(backup)
    app.command("restore")(restore)


@handle_errors
def export_data(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", metavar="json|csv", help="json (full fidelity) or csv.")
    ] = "json",
    out_path: Annotated[
        str | None,
        typer.Option(
            "--out",
            metavar="PATH",
            help="json: a new file (default: standard output). csv: a new folder, or a "
            "PATH ending in .zip for one zip file.",
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Export every record of every table, to keep, move or read elsewhere.

    json: one document {"format": "ketajournal-export", "schema", "exported_at",
    "records": {"plan": [...], "dose_step": [...], ...}} with every field of every record
    (times ISO 8601 in UTC, ids as text, choices as their values). `ketajournal import`
    reads it back.

    csv: one file per table (plan.csv, journal_entry.csv, ...), UTF-8, a header row of
    field names; lists and nested values are JSON text in their cell. Any cell that begins
    with = + - @ a tab or a carriage return gets a leading apostrophe (') so a
    spreadsheet shows it as text instead of running it as a formula; use json to move
    data between journals.

    Files are written privately (0600; a csv folder 0700) and atomically; an existing
    target is replaced only with --force, and a link there is replaced, never followed.
    """
    from ketajournal.service import transfer  # only these commands pay for its imports

    kind = fmt.strip().lower()
    if kind not in ("json", "csv"):
        raise ValidationError("format", "json or csv", fmt)
    if kind == "csv" and out_path is None:
        raise ValidationError("out", "a folder, or a file ending in .zip, for --format csv")
    with service(ctx) as svc:
        now = svc.ctx.now()
        if kind == "csv":
            target = transfer.write_csv(
                Path(out_path or ""), transfer.export_csv_tables(svc.store), now, force=force
            )
            err(f"ketajournal: exported every table as CSV to {target}")
            return
        document = transfer.export_document(svc.store, now)
    data = transfer.dump_json(document)
    count = transfer.record_count(document)
    if out_path is None:
        _write_stdout(data)
        return
    from ketajournal.output import write_private

    target = write_private(Path(out_path), data, force=force)
    err(f"ketajournal: exported {count} records to {target}")


def _write_stdout(data: bytes) -> None:
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped (`| head`): not an error of ours, and no traceback at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1) from None


@handle_errors
def import_data(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE.json|-", help="An export, or - for stdin.")],
) -> None:
    """Merge a JSON export (`export data --format json`) into the journal.

    Records are matched by id: a new id is added; an existing one is left as it is when
    identical, replaced when the file's updated_at is later, and otherwise kept (the
    journal's copy is as new or newer). Settings are matched by key too. Importing the
    same file twice changes nothing. The whole file is checked first (tables, fields,
    types, choices, ranges, times with a timezone, references); on the first problem
    nothing is written. Everything is written in one transaction.
    """
    from ketajournal.service import transfer  # only these commands pay for its imports

    if file == "-":
        data, source = sys.stdin.buffer.read(), "standard input"
    else:
        try:
            data, source = Path(file).expanduser().read_bytes(), file
        except OSError as exc:
            raise ValidationError("import", f"a readable file ({exc.strerror})", file) from None
    with service(ctx) as svc:
        summary = transfer.import_json(svc.store, data, source)
    err(f"ketajournal: {summary.line()}")


@handle_errors
def backup(
    ctx: typer.Context,
    out_path: Annotated[
        str | None,
        typer.Option("--out", metavar="FILE", help="Write the backup to FILE instead."),
    ] = None,
    keep: Annotated[
        str | None,
        typer.Option(
            "--keep", metavar="N", help="Keep the newest N backups in the folder (default 10)."
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Back up the journal: a consistent copy, checked with integrity_check, 0600.

    By default into the backups folder beside the journal, as
    ketajournal-backup-YYYYmmddTHHMMSS.db (UTC), keeping the newest N of those and
    deleting older ones (other files there are left alone). Prints the backup's path.
    """
    from ketajournal.service import transfer  # only these commands pay for its imports

    count = integer(keep, "keep", 1, 10_000)
    with service(ctx) as svc:
        result = transfer.backup(
            svc.store,
            svc.ctx.now(),
            out=None if out_path is None else Path(out_path),
            keep=count,
            force=force,
        )
    out(str(result.path))
    if result.removed:
        err(f"ketajournal: removed {len(result.removed)} older backups")


@handle_errors
def restore(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="A backup of a journal.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Replace the whole journal with a backup (close the app first).

    FILE must be a ketajournal database that passes integrity_check and is not from a
    newer ketajournal. The journal as it is now is first copied beside it, as
    JOURNAL.before-restore-YYYYmmddTHHMMSS (0600; its path is printed), then FILE's
    content replaces it. Asks first; without a terminal, --yes is required.
    """
    from ketajournal.service import transfer  # only these commands pay for its imports

    db = state(ctx).db_path
    with ExitStack() as stack:
        try:
            svc = stack.enter_context(service(ctx))
        except StorageError as exc:
            raise fail(
                f"restore: the journal cannot be opened ({exc}); move it away "
                f"(mv '{db}' '{db}.broken') and run restore again",
                1,
            ) from None
        source = transfer.check_restore(svc.store, Path(file))
        if not yes:
            if not sys.stdin.isatty():
                raise ValidationError("confirmation", "--yes when not run from a terminal")
            sys.stderr.write(
                safe_text(
                    f"Replace everything in {db} with {source}? "
                    "The journal as it is now is kept beside it. [y/N] "
                )
            )
            sys.stderr.flush()
            if sys.stdin.readline().strip().lower() not in ("y", "yes"):
                err("Kept the journal as it is.")
                return
        aside = transfer.restore(svc.store, source, svc.ctx.now())
    err(f"ketajournal: restored {source} into {db}; the journal as it was is kept at {aside}")
    out(str(aside))
