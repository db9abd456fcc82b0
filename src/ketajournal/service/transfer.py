"""Exports every record: JSON (the full-fidelity format) and CSV.

Works over the store port only (no SQL). Every field of every record as plain data
(times ISO 8601 UTC, ids as text, choices as their values). Reading an export back in is
`ketajournal.service.importing`; backups and restores are `ketajournal.service.backups`.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ketajournal.domain import kinds
from ketajournal.domain import models as m
from ketajournal.errors import KetaJournalError, StorageError, ValidationError
from ketajournal.service.ports import StorePort

FORMAT = "ketajournal-export"

# Table name -> record type, parents before children (the order records are written in).
RECORD_TYPES: dict[str, type[m.Record]] = {kind.table: kind.cls for kind in kinds.KINDS}

CSV_DANGER = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet may run a cell starting so

# json leaves DEL, C1 controls and bidi overrides raw with ensure_ascii=False; a terminal
# may act on them, so they are written as \u escapes (the same JSON strings).
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class TransferError(KetaJournalError):
    """A file given to import or restore cannot be used; names the place and the problem."""

    exit_code = 2


# -- export ---------------------------------------------------------------------------------


def export_document(
    store: StorePort, now: datetime, progress: Callable[[int, int], None] | None = None
) -> dict[str, Any]:
    """Every record of every table, as one plain JSON-ready document."""
    return {
        "format": FORMAT,
        "schema": store.head_revision,
        "exported_at": now.astimezone(UTC).isoformat(),
        "records": all_records(store, progress),
    }


def all_records(
    store: StorePort, progress: Callable[[int, int], None] | None = None
) -> dict[str, list[dict[str, Any]]]:
    found = store.plain_records(tuple(RECORD_TYPES.values()), progress)
    return {table: found[cls] for table, cls in RECORD_TYPES.items()}


def export_json(store: StorePort, now: datetime) -> bytes:
    return dump_json(export_document(store, now))


def dump_json(document: dict[str, Any]) -> bytes:
    """The export as compact JSON text (UTF-8, one line, newline-terminated)."""
    text = json.dumps(
        document, ensure_ascii=False, separators=(",", ":"), allow_nan=False, check_circular=False
    )
    if text.isascii():  # the common case, checked in C: only DEL can be there
        text = text.replace("\x7f", "\\u007f")
    else:
        text = _JSON_UNSAFE.sub(lambda c: f"\\u{ord(c.group()):04x}", text)
    return text.encode("utf-8") + b"\n"


def record_count(document: dict[str, Any]) -> int:
    return sum(len(rows) for rows in document["records"].values())


def csv_cell(value: Any) -> str:
    """One value as spreadsheet-safe text: lists and objects as JSON, and a leading
    = + - @ tab or carriage return neutralised with a leading apostrophe."""
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = value
    elif isinstance(value, list | dict):
        text = json.dumps(value, ensure_ascii=False)
    else:
        text = str(value)
    return "'" + text if text.startswith(CSV_DANGER) else text


def export_csv_tables(store: StorePort) -> dict[str, bytes]:
    """One CSV file per table ("plan.csv": bytes), header = the field names."""
    import csv  # only CSV exports pay for it

    tables: dict[str, bytes] = {}
    records = all_records(store)
    for table, cls in RECORD_TYPES.items():
        names = [f.name for f in dataclasses.fields(cls)]
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(names)
        for row in records[table]:
            writer.writerow([csv_cell(row[name]) for name in names])
        tables[f"{table}.csv"] = buffer.getvalue().encode("utf-8")
    return tables


def write_csv(target: Path, tables: dict[str, bytes], now: datetime, *, force: bool) -> Path:
    """Writes the CSV files into a .zip (by its name) or a new 0700 folder of 0600 files.

    A new folder is filled under a temporary name and renamed into place, so a failure
    leaves nothing under the target's name. With `force`, an existing folder's CSV files are
    replaced (other files in it are left alone) and a file or link at the target is replaced
    (a link is never followed).
    """
    # Only CSV exports pay for these imports (~10 ms with zipfile's compressors).
    import secrets
    import shutil

    from ketajournal.output import check_replaceable, sync_dir, write_private

    target = Path(os.path.abspath(target.expanduser()))
    if target.name.lower().endswith(".zip"):
        return write_private(target, zip_tables(tables, now), force=force)
    exists = target.exists() or target.is_symlink()
    if exists and not force:
        raise ValidationError(
            "out", "a new folder (it exists; add --force to replace its files)", str(target)
        )
    check_replaceable(target)
    folder = target.parent
    if not folder.is_dir():
        raise ValidationError("out", "a path in an existing folder", str(folder))
    if exists and target.is_dir() and not target.is_symlink():
        for name, data in tables.items():
            write_private(target / name, data, force=True)
        return target
    temp = folder / f".{target.name}.{secrets.token_hex(6)}.partial"
    try:
        os.mkdir(temp, 0o700)
        os.chmod(temp, 0o700)  # mkdir's mode is filtered by the umask
        for name, data in tables.items():
            write_private(temp / name, data)
        if exists:
            target.unlink()  # a file or a link, replaced with --force; never followed
        os.rename(temp, target)
        sync_dir(folder)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise StorageError(
            f"{target}: could not be written ({exc.strerror}); nothing was changed"
        ) from None
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return target


def zip_tables(tables: dict[str, bytes], now: datetime) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    stamp = now.astimezone(UTC).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in tables.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100600 & 0xFFFF) << 16  # extracted as 0600
            archive.writestr(info, data)
    return buffer.getvalue()
