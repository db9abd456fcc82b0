"""The everyday quick commands, implemented without Typer so they can start fast.

`mood`, `journal add`, `journal search` and `plan next` are what shell aliases, scripts and
status bars call many times a day. Both the Typer commands and the Typer-free dispatcher
(`ketajournal.cli.hot`) call these functions, so each command has one implementation.
Arguments arrive as the strings typed; parsing errors are one-line ValidationErrors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ketajournal.cli.io import (
    amount,
    bold,
    emit_json,
    err,
    highlight,
    local,
    one_line,
    open_journal,
    out,
    read_text,
    short_id,
    when,
    whole,
    write_stdout,
)
from ketajournal.domain.schedule import calendar_days_until
from ketajournal.text import WHOLE_EXPORT, due_label, safe_text

# The typed values of the quick commands, parsed the same way on both command lines: the
# Typer options use these parsers (`parser=`), and `cli.hot` applies them to the raw text.
PARSERS: dict[tuple[str, ...], dict[str, Callable[[str], object]]] = {
    ("mood",): {
        "value": whole("mood", 0, 10),
        "anxiety": whole("anxiety", 0, 10),
        "sleep": amount("sleep", "a number of hours from 0 to 24"),
        "energy": whole("energy", 0, 10),
    },
    ("journal", "search"): {"limit": whole("limit", 1, 10_000)},
}


def mood(
    db_path: Path,
    value: int,
    *,
    anxiety: int | None = None,
    sleep: float | None = None,
    energy: int | None = None,
    note_file: str | None = None,
    at: str | None = None,
) -> None:
    note = read_text("note", note_file, db_path=db_path) if note_file else None
    with open_journal(db_path) as svc:
        record = svc.checkins.mood(
            value,
            anxiety=anxiety,
            sleep_hours=sleep,
            energy=energy,
            note=note,
            at=when(at, "at", svc),
        )
    err(f"Mood {record.mood}/10 logged at {local(record.at, '%H:%M')}.")


def journal_add(
    db_path: Path,
    *,
    title: str | None = None,
    tags: Sequence[str] = (),
    share: str = "private",
    session: str | None = None,
    file: str | None = None,
    at: str | None = None,
) -> None:
    body = read_text("body", file, db_path=db_path)
    with open_journal(db_path) as svc:
        entry = svc.journal.add(
            body or "",
            title=title,
            tags=tags,
            share_level=share,
            session_id=session,  # type: ignore[arg-type]
            written_at=when(at, "at", svc),
        )
    err(f"Entry saved: {short_id(entry.id)}")
    out(str(entry.id))  # for scripts: id=$(... | ketajournal journal add)


def journal_search(db_path: Path, query: str, *, limit: int = 50, as_json: bool = False) -> None:
    with open_journal(db_path) as svc:
        hits = svc.journal.search(query, limit=limit)
    if as_json:
        emit_json(
            [
                {
                    "kind": h.kind,
                    "id": h.ref_id,
                    "title": h.title,
                    "snippet": h.snippet.replace("\ue000", "«").replace("\ue001", "»"),
                }
                for h in hits
            ]
        )
        return
    for h in hits:
        title = f"{bold(one_line(h.title, 30))}  " if h.title else ""
        out(f"{short_id(h.ref_id)}  {h.kind:<10} {title}{highlight(h.snippet)}")
    if not hits:
        err("No matches.")


def plan_next(db_path: Path, *, as_json: bool = False) -> None:
    with open_journal(db_path) as svc:
        due = svc.plan.next_due()
        now = svc.ctx.now()
    days = 0 if due is None else calendar_days_until(due.due_at, now)
    if as_json:
        emit_json(
            None
            if due is None
            else {
                "due_at": due.due_at,
                "overdue": days < 0,
                "phase": due.phase.phase,
                "interval_days": due.phase.interval_days,
                "last_session_at": due.last_session_at,
                "days_until": days,
            }
        )
        return
    if due is None:
        out("No schedule recorded yet (`ketajournal plan schedule --every DAYS`).")
        return
    out(f"Next session due {local(due.due_at, '%a %Y-%m-%d')} ({due_label(days)})")


def export_json(db_path: Path, *, out_path: str | None = None, force: bool = False) -> None:
    """`export data --format json`: every record as one JSON document, to standard output
    or privately and atomically to a new file (see `ketajournal.service.transfer`)."""
    from ketajournal.cli.progress import Progress
    from ketajournal.service import transfer

    if out_path is not None:
        from ketajournal.output import check_new_file

        check_new_file(Path(out_path), force=force)  # refused before any reading
    with open_journal(db_path) as svc, Progress("Exporting records") as progress:
        document = transfer.export_document(svc.store, svc.ctx.now(), progress)
    data = transfer.dump_json(document)
    if out_path is None:
        write_stdout(data)
        err(WHOLE_EXPORT)
        return
    from ketajournal.output import write_private

    target = write_private(Path(out_path), data, force=force)
    err(f"ketajournal: exported {transfer.record_count(document)} records to {target}")
    err(WHOLE_EXPORT)


def sync_now(
    db_path: Path,
    *,
    status: bool = False,
    snapshot: bool = False,
    prune: bool = False,
    as_json: bool = False,
) -> None:
    """`sync`: receive, then send (or, with `status`, list the devices)."""
    with open_journal(db_path) as svc:
        if status:
            _print_status(svc.sync.status(), as_json)
            return
        report = svc.sync.run(snapshot=snapshot, prune=prune)
    print_report(report, as_json)


def print_report(report: Any, as_json: bool = False) -> None:
    if as_json:
        from dataclasses import asdict

        emit_json(asdict(report))
        return
    for line in report.refused:
        err(f"ketajournal: {safe_text(line)}")
    err(f"ketajournal: {safe_text(report.line())}")


def _print_status(status: Any, as_json: bool) -> None:
    if as_json:
        emit_json(
            {
                "folder": str(status.folder),
                "device": status.device,
                "name": status.name,
                "synced_at": status.synced_at.isoformat() if status.synced_at else None,
                "devices": [
                    {
                        "device": d.device,
                        "name": d.name,
                        "this": d.this,
                        "synced_at": d.synced_at.isoformat() if d.synced_at else None,
                        "applied": d.applied,
                        "files": d.bundles,
                    }
                    for d in status.devices
                ],
                "refused": list(status.refused),
            }
        )
        return
    out(safe_text(f"folder    {status.folder}"))
    last = local(status.synced_at) if status.synced_at else "never"
    out(safe_text(f"this      {status.name} ({status.device[:8]}), last synced {last}"))
    for d in status.devices:
        if not d.this:
            seen = local(d.synced_at) if d.synced_at else "unknown"
            out(
                safe_text(
                    f"device    {d.name} ({d.device[:8]}): last synced {seen}; "
                    f"change files applied here: {d.applied}; its files in the folder: {d.bundles}"
                )
            )
    for line in status.refused:
        out(safe_text(f"refused   {line}"))
