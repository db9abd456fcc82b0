"""Encrypts, decrypts and re-keys a journal file in place, without ever risking it.

Each change makes a new copy next to the journal with `sqlcipher_export` (SQLCipher's
whole-database copy: tables, the search index, triggers, the schema version), checks
the copy (opens with the new key, integrity_check, the same number of rows in every
table), and only then swaps it in. The old file is then overwritten with zeros, synced
and removed, so the plaintext of a journal just encrypted is not left in the folder.
(On SSDs, copy-on-write filesystems and snapshots, the old blocks may survive anyway;
the README says so.) The journal is locked for the whole change: a program that has it
open makes the command refuse, before anything is written.

Backups in the journal's `backups/` folder are converted the same way, so encrypting a
journal leaves no readable copy of it beside it, and a new passphrase leaves no copy
that opens with the old one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ketajournal.encryption import checked_passphrase
from ketajournal.errors import StorageError
from ketajournal.output import sync_dir
from ketajournal.storage import files
from ketajournal.storage.dbapi import apply_key, check_key, sqlite
from ketajournal.storage.schema import BUSY_TIMEOUT_MS

CHUNK = 1 << 20


@dataclass(frozen=True)
class Converted:
    journal: Path
    backups: list[Path] = field(default_factory=list)


def convert(path: Path, old_key: str | None, new_key: str | None) -> Converted:
    """Re-writes the journal at `path` from `old_key` to `new_key` (None: not encrypted),
    and every backup in its backups folder that opens with `old_key`."""
    old_key = None if old_key is None else checked_passphrase(old_key)
    new_key = None if new_key is None else checked_passphrase(new_key)
    if not files.check_db_path(path):
        raise StorageError(f"{path}: there is no journal here yet")
    files.check_key_given(path, old_key)
    _convert_file(path, old_key, new_key, lock=True)
    done: list[Path] = []
    folder = path.parent / "backups"
    for backup in sorted(folder.glob("*.db")) if folder.is_dir() else []:
        if backup.is_symlink() or files.looks_encrypted(backup) != (old_key is not None):
            continue  # not a copy in the journal's old state: left alone
        try:
            _convert_file(backup, old_key, new_key, lock=False)
        except StorageError:
            continue  # another journal's backup, or damaged: not ours to change
        done.append(backup)
    return Converted(path, done)


def _convert_file(path: Path, old_key: str | None, new_key: str | None, *, lock: bool) -> None:
    temp = path.with_name(f".{path.name}.converting-{secrets.token_hex(4)}")
    files.create_private_file(temp)
    try:
        with _locked(path, old_key, lock) as source:
            source.execute("ATTACH DATABASE ? AS converted KEY ?", (str(temp), new_key or ""))
            try:
                source.execute("SELECT sqlcipher_export('converted')")
            finally:
                source.execute("DETACH DATABASE converted")
            _verify(source, temp, new_key)
        # The source is closed (its WAL folded back): swap, then shred the old file.
        for suffix in files.SIDE_SUFFIXES:  # the old file's, if any were left
            shred(Path(f"{path}{suffix}"))
        aside = path.with_name(f".{path.name}.old-{secrets.token_hex(4)}")
        os.replace(path, aside)
        os.replace(temp, path)
        sync_dir(path.parent)
    except BaseException:
        shred(temp)
        raise
    shred(aside)
    for suffix in files.SIDE_SUFFIXES:
        shred(Path(f"{aside}{suffix}"))


@contextlib.contextmanager
def _locked(path: Path, key: str | None, lock: bool) -> Iterator[Any]:
    conn = sqlite.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        apply_key(conn, key)
        if lock:  # set before the first read, so the lock is held until the end
            conn.execute("PRAGMA busy_timeout = 0")
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        try:
            check_key(conn, path)
            if lock:
                conn.execute("BEGIN EXCLUSIVE")
                conn.execute("COMMIT")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite.OperationalError:
            raise StorageError(
                f"{path}: the journal is open in another program (the app?); close it "
                "and try again; nothing was changed"
            ) from None
        yield conn
    finally:
        conn.close()


def _verify(source: Any, temp: Path, key: str | None) -> None:
    copy = sqlite.connect(str(temp), isolation_level=None)
    try:
        apply_key(copy, key)
        check_key(copy, temp)
        problems = [r[0] for r in copy.execute("PRAGMA integrity_check")]
        if key is not None:
            problems += [r[0] for r in copy.execute("PRAGMA cipher_integrity_check")]
        if problems != ["ok"]:
            raise StorageError(f"{temp}: the converted copy failed its checks ({problems[0]})")
        tables = [
            r[0]
            for r in source.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            ours = source.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            theirs = copy.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            if ours != theirs:
                raise StorageError(
                    f"{temp}: the converted copy has {theirs} rows in {table}, not {ours}"
                )
        copy.execute("PRAGMA journal_mode = WAL")
    finally:
        copy.close()
    with open(temp, "rb") as handle:
        os.fsync(handle.fileno())


def shred(path: Path) -> None:
    """Overwrites a file with zeros, syncs it and removes it (a missing file is fine)."""
    try:
        if path.is_symlink() or not path.is_file():
            path.unlink(missing_ok=True)
            return
        size = path.stat().st_size
        with open(path, "r+b", buffering=0) as handle:
            zeros = bytes(CHUNK)
            for offset in range(0, size, CHUNK):
                handle.write(zeros[: min(CHUNK, size - offset)])
            os.fsync(handle.fileno())
        path.unlink()
    except FileNotFoundError:
        return
