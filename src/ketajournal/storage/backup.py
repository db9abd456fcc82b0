"""Consistent copies of a live database through SQLite's online backup API."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ketajournal.output import publish
from ketajournal.storage.dbapi import connect
from ketajournal.storage.files import create_private_file, ensure_private_dir


def backup_connection(
    source: Any, target_path: Path, key: str | None = None, *, force: bool = False
) -> Path:
    """Copies the database behind DB-API connection `source` into a new 0600 file.

    The copy is written to a temporary name, checked with integrity_check, synced, and
    only then published under the name (`output.publish`: never over a file that appeared
    meanwhile; with `force`, over a regular file only), so a crash never leaves a half
    backup under the name.
    The copy of an encrypted journal is encrypted with the same `key` (SQLCipher copies
    pages between databases with the same key; it never writes one in clear).
    """
    ensure_private_dir(target_path.parent)
    temp = target_path.with_name(f".{target_path.name}.partial-{os.getpid()}")
    if temp.exists():
        temp.unlink()
    create_private_file(temp)
    try:
        target = connect(str(temp), key)
        try:
            source.backup(target)
            result = target.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise OSError(f"backup failed its integrity check: {result}")
        finally:
            target.close()
        with open(temp, "rb") as handle:
            os.fsync(handle.fileno())
        publish(temp, target_path, force=force)
    finally:
        temp.unlink(missing_ok=True)
    return target_path
