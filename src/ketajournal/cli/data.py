"""Commands that move the whole journal: `export data`, `import`, `backup` and `restore`."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer

from ketajournal.cli import quick
from ketajournal.cli.common import err, fail, handle_errors, out, service, state, typed, whole
from ketajournal.cli.progress import Progress
from ketajournal.errors import StorageError, ValidationError
from ketajournal.text import WHOLE_EXPORT, safe_text

ForceOption = Annotated[bool, typer.Option("--force", help="Replace the target if it exists.")]
EncryptOption = Annotated[
    bool,
    typer.Option(
        "--encrypt",
        help="Write only an age-encrypted file (.age), with a passphrase typed twice "
        "(or the first line of the file KETAJOURNAL_EXPORT_PASSPHRASE_FILE names).",
    ),
]


# The commands of this module, loaded when one of them runs (see cli.root); `export data`
# joins the `export` group (cli.export).
commands = typer.Typer()


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
    encrypt: EncryptOption = False,
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

    --encrypt (needs --out) writes only an age-encrypted file, named with .age added
    when --out lacks it: the json document, or for csv a .zip (--out must end in .zip or
    .zip.age). The passphrase is typed twice (never an argument); scripts name a file
    holding it in KETAJOURNAL_EXPORT_PASSPHRASE_FILE. Decrypt with `age -d FILE.age`.
    """
    from ketajournal.service import transfer  # only these commands pay for its imports

    kind = fmt.strip().lower()
    if kind not in ("json", "csv"):
        raise ValidationError("format", "json or csv", fmt)
    if encrypt:
        _export_encrypted(ctx, kind, out_path, force)
        return
    if kind == "json":
        quick.export_json(state(ctx).db_path, out_path=out_path, force=force)
        return
    if out_path is None:
        raise ValidationError("out", "a folder, or a file ending in .zip, for --format csv")
    with service(ctx) as svc, Progress("Exporting tables"):
        target = transfer.write_csv(
            Path(out_path), transfer.export_csv_tables(svc.store), svc.ctx.now(), force=force
        )
    err(f"ketajournal: exported every table as CSV to {target}")
    err(WHOLE_EXPORT)


def _export_encrypted(ctx: typer.Context, kind: str, out_path: str | None, force: bool) -> None:
    """`export data --encrypt`: the passphrase first, then the export in memory, then only
    its ciphertext to the file."""
    from ketajournal import encryption
    from ketajournal.output import check_new_file, write_private
    from ketajournal.service import transfer

    if out_path is None:
        raise ValidationError(
            "out", "a file path with --encrypt (it never writes to standard output)"
        )
    target = encryption.with_age_suffix(Path(out_path))
    if kind == "csv" and not target.name.lower().removesuffix(".age").endswith(".zip"):
        raise ValidationError(
            "out", "a file ending in .zip or .zip.age for --format csv --encrypt", out_path
        )
    check_new_file(target, force=force)  # before the passphrase is asked for
    passphrase = encryption.ask_passphrase_twice()
    with service(ctx) as svc:
        now = svc.ctx.now()
        if kind == "csv":
            # The zip exists only in memory; transfer.write_csv would write it in clear.
            data = transfer.zip_tables(transfer.export_csv_tables(svc.store), now)
            what = "every table as CSV in a zip"
        else:
            document = transfer.export_document(svc.store, now)
            data = transfer.dump_json(document)
            what = f"{transfer.record_count(document)} records"
    sealed = encryption.encrypt_for_sharing(data, passphrase)
    del data
    written = write_private(target, sealed, force=force)
    err(f"ketajournal: exported {what}, encrypted (age), to {written}; open it with: age -d")
    err(WHOLE_EXPORT)


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
    from ketajournal.cli.io import read_bounded
    from ketajournal.service import importing  # only these commands pay for its imports

    limit, allowed = importing.MAX_IMPORT_BYTES, f"{importing.MAX_IMPORT_BYTES >> 20} MiB"
    if file == "-":
        data = read_bounded(sys.stdin.buffer, limit, "import", allowed)
        source = "standard input"
    else:
        try:
            with open(Path(file).expanduser(), "rb") as handle:
                data, source = read_bounded(handle, limit, "import", allowed), file
        except OSError as exc:
            raise ValidationError("import", f"a readable file ({exc.strerror})", file) from None
    with service(ctx) as svc, Progress("Importing"):
        summary = importing.import_json(svc.store, data, source)
    err(f"ketajournal: {summary.line()}")


@handle_errors
def backup(
    ctx: typer.Context,
    out_path: Annotated[
        str | None,
        typer.Option("--out", metavar="FILE", help="Write the backup to FILE instead."),
    ] = None,
    keep: Annotated[
        int | None,
        typer.Option(
            "--keep",
            parser=typed(whole("keep", 1, 10_000)),
            help="Keep the newest N backups in the folder (default 10).",
        ),
    ] = None,
    force: ForceOption = False,
    encrypt: EncryptOption = False,
    prune: Annotated[
        bool,
        typer.Option(
            "--prune", help="Remove every earlier backup (they hold deleted text) after this one."
        ),
    ] = False,
) -> None:
    """Back up the journal: a consistent copy, checked with integrity_check, 0600.

    By default into the backups folder beside the journal, as
    ketajournal-backup-YYYYmmddTHHMMSS.db (UTC), keeping the newest N of those (and of
    the backups made before a schema update) and overwriting and removing older ones
    (other files there are left alone). Prints the backup's path.

    A backup keeps the journal as it was when it was made: text deleted from the journal
    since is still in it. --prune removes every earlier backup once this one is made
    (overwritten, then removed), with their encrypted copies and the copies `restore`
    kept beside the journal.

    --encrypt also writes an age-encrypted copy of the backup, to take elsewhere: the
    backup is made in the backups folder as usual, and its copy is BACKUP.db.age beside
    it, or --out FILE (.age added when missing; only ciphertext goes there). Prints the
    encrypted copy's path. The passphrase is typed twice, or read from the file
    KETAJOURNAL_EXPORT_PASSPHRASE_FILE names. Decrypt with `age -d`.
    """
    from ketajournal.service import backups  # only these commands pay for its imports

    if encrypt:
        _backup_encrypted(ctx, out_path, keep, force, prune)
        return
    with service(ctx) as svc, Progress("Backing up"):
        result = backups.backup(
            svc.store,
            svc.ctx.now(),
            out=None if out_path is None else Path(out_path),
            keep=keep,
            force=force,
            prune=prune,
        )
    out(safe_text(str(result.path)))  # a path may hold anything a file name can
    _removed(result.removed)


def _removed(removed: tuple[Path, ...]) -> None:
    if removed:
        err(f"ketajournal: removed {len(removed)} older backups (overwritten, then deleted)")


def _backup_encrypted(
    ctx: typer.Context, out_path: str | None, keep: int | None, force: bool, prune: bool
) -> None:
    from ketajournal import encryption
    from ketajournal.output import check_new_file, write_private
    from ketajournal.service import backups

    target = encryption.with_age_suffix(Path(out_path)) if out_path is not None else None
    if target is not None:
        check_new_file(target, force=force)  # before the passphrase is asked for
    passphrase = encryption.ask_passphrase_twice()
    with service(ctx) as svc:
        result = backups.backup(svc.store, svc.ctx.now(), keep=keep, prune=prune)
    try:
        data = result.path.read_bytes()
    except OSError as exc:
        raise fail(f"backup: {result.path} cannot be read back ({exc.strerror})", 1) from None
    sealed = encryption.encrypt_for_sharing(data, passphrase)
    del data
    if target is None:
        target = encryption.with_age_suffix(result.path)
    written = write_private(target, sealed, force=force)
    err(f"ketajournal: backed up to {result.path}; encrypted copy (age), open it with: age -d")
    out(safe_text(str(written)))  # a path may hold anything a file name can
    _removed(result.removed)


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
    from ketajournal.service import backups  # only these commands pay for its imports

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
        source = backups.check_restore(svc.store, Path(file))
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
        aside = backups.restore(svc.store, source, svc.ctx.now())
    err(f"ketajournal: restored {source} into {db}; the journal as it was is kept at {aside}")
    out(safe_text(str(aside)))  # a path may hold anything a file name can


commands.command("import")(import_data)
commands.command("backup")(backup)
commands.command("restore")(restore)
