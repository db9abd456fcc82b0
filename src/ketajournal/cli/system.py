"""Commands about the journal file itself: doctor and demo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ketajournal.cli.common import emit_json, err, fail, handle_errors, out, service, state
from ketajournal.text import safe_text

# The commands of this module, loaded when one of them runs (see cli.root).
commands = typer.Typer()


@handle_errors
def doctor(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    fix: Annotated[
        bool, typer.Option("--fix", help="Tighten file and folder modes (0600/0700) first.")
    ] = False,
) -> None:
    """Check the journal: paths, file modes, encryption, schema version, settings, integrity,
    and files beside it that may hold journal text (stray exports, plain backups)."""
    from ketajournal.service.health import fix_modes

    path = state(ctx).db_path
    created = not path.exists() and not path.is_symlink()
    with service(ctx) as svc:
        report = svc.health()
        fixed = fix_modes(report) if fix else []
        if fixed:
            report = svc.health()
    for changed in fixed:
        err(f"ketajournal: tightened the mode of {changed}")
    problems = report.problems
    if as_json:
        emit_json(
            {
                "database": str(report.db_path),
                "created": created,
                "files": [
                    {"label": f.label, "path": str(f.path), "mode": f.mode_text, "ok": f.ok}
                    for f in report.files
                ],
                "schema": {"current": report.schema_revision, "expected": report.head_revision},
                "journal_mode": report.journal_mode,
                "synchronous": report.synchronous,
                "foreign_keys": report.foreign_keys,
                "integrity": "ok" if not report.integrity else list(report.integrity),
                "counts": dict(report.counts),
                "encrypted": report.encrypted,
                "backups": [str(p) for p in report.backups],
                "plain_backups": [str(p) for p in report.plain_backups],
                "loose_files": [str(p) for p in report.loose],
                "notes": report.notes,
                "fixed": [str(p) for p in fixed],
                "synced_folder": (
                    None
                    if report.synced_by is None
                    else {"tool": report.synced_by[0], "folder": str(report.synced_by[1])}
                ),
                "problems": problems,
            }
        )
    else:
        if created:
            err(f"ketajournal: created a new, empty journal at {path}")

        def line(text: str) -> None:  # paths may hold anything a file name can
            out(safe_text(text))

        line(f"database     {report.db_path}")
        for f in report.files:
            mark = "ok" if f.ok else "PROBLEM"
            line(f"{f.label:<12} {f.mode_text:<7}{mark:<9}{f.path}")
        current = "current" if report.schema_revision == report.head_revision else "OUT OF DATE"
        line(f"schema       {report.schema_revision} ({current})")
        line(
            f"sqlite       journal_mode={report.journal_mode} synchronous={report.synchronous}"
            f" foreign_keys={'on' if report.foreign_keys else 'off'}"
        )
        line(f"integrity    {'ok' if not report.integrity else '; '.join(report.integrity)}")
        line("records      " + ", ".join(f"{label} {n}" for label, n in report.counts))
        line(f"backups      {len(report.backups)} in {report.db_path.parent / 'backups'}")
        line(
            "encryption   "
            + (
                "on (SQLCipher 4, AES-256; the passphrase is needed to open it)"
                if report.encrypted
                else "off (`ketajournal encrypt` turns it on)"
            )
        )
        for note in report.notes:
            err(f"note: {note}")
        for problem in problems:
            err(f"problem: {problem}")
    if problems:
        raise typer.Exit(1)


@handle_errors
def demo(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="Where to write the demo journal (a new file); the main --db if given before.",
        ),
    ] = None,
    years: Annotated[
        int, typer.Option("--years", min=1, max=20, help="How many years of journey to write.")
    ] = 1,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same journal).")] = 7,
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
) -> None:
    """Write a realistic, made-up journey into a separate database, to explore the app."""
    from ketajournal.paths import data_dir, resolve_db_path

    given = db if db is not None else state(ctx).db  # `ketajournal --db PATH demo` too
    target = resolve_db_path(given) if given is not None else data_dir() / "demo.db"
    real = resolve_db_path(None)
    if target == real:
        raise fail(f"demo: {target} is your journal; choose another --db PATH", 2)
    if target.exists() or target.is_symlink():
        if not force:
            raise fail(f"demo: {target} already exists; choose a new --db PATH or add --force", 2)
        from ketajournal.output import check_new_file

        check_new_file(target, force=True)  # a regular file or a link only, never /dev/null
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    from ketajournal.factory import open_service
    from ketajournal.service.demo import write_demo

    svc = open_service(target)
    try:
        summary = write_demo(svc, years=years, seed=seed)
    finally:
        svc.close()
    err(f"ketajournal: wrote a {years}-year demo journey to {target}")
    out(", ".join(f"{label} {n}" for label, n in summary.items()))
    err(f"open it with: ketajournal --db '{target}'")


commands.command("doctor")(doctor)
commands.command("demo")(demo)
