"""Encrypts, decrypts and re-keys a journal file in place, without ever risking it.

Each change makes a new copy next to the journal with `sqlcipher_export` (SQLCipher's
whole-database copy: tables, the search index, triggers, the schema version), checks
the copy (opens with the new key, integrity_check, the same number of rows in every
table), syncs it, and only then swaps it in with one rename over the journal: there is
never a moment without a journal at the path, and a kill or a power cut leaves the
journal whole, as it was or converted. The old file's content is then overwritten with
zeros through a handle kept open across the rename, so the plaintext of a journal just
encrypted is not left on the disk (on SSDs, copy-on-write filesystems and snapshots, old
blocks may survive anyway; the README says so). A journal that is a symbolic link is
converted where the link points; the link stays.

Backups in the journal's `backups/` folder are converted first, while the journal is
locked and its converted copy is ready, so encrypting leaves no readable copy beside it
and a new passphrase leaves no copy that opens with the old one. A backup that opens
with neither passphrase is left as it is and named. Should the command be killed
half-way, the journal still opens with the old passphrase and running the same command
again (with the same new passphrase) finishes the backups. The whole change is recorded
in `storage.intent`, so any command that finds it interrupted cleans up first.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ketajournal import faults
from ketajournal.encryption import checked_passphrase
from ketajournal.errors import StorageError
from ketajournal.output import overwrite, shred, sync_dir
from ketajournal.storage import failures, files, intent
from ketajournal.storage.dbapi import apply_key, check_key, sqlite
from ketajournal.storage.schema import BUSY_TIMEOUT_MS


@dataclass(frozen=True)
class Converted:
    journal: Path
    backups: list[Path] = field(default_factory=list)  # now on the new key (or plain)
    left: list[Path] = field(default_factory=list)  # opened with neither: left as they are


def convert(path: Path, old_key: str | None, new_key: str | None) -> Converted:
    """Re-writes the journal at `path` from `old_key` to `new_key` (None: not encrypted),
    and every backup in its backups folder that opens with `old_key`."""
    old_key = None if old_key is None else checked_passphrase(old_key)
    new_key = None if new_key is None else checked_passphrase(new_key)
    if not files.check_db_path(path):  # also cleans up after an interrupted conversion
        raise StorageError(f"{path}: there is no journal here yet")
    real = intent.real_file(path)
    files.check_key_given(real, old_key)
    operation = "encrypt" if old_key is None else "decrypt" if new_key is None else "passphrase"
    done: list[Path] = []
    left: list[Path] = []
    with intent.held(real, operation), failures.translated(real):
        with _opened(real, old_key, lock=True) as source:
            temp = _copy(source, real, new_key)
            try:
                _convert_backups(path.parent / "backups", old_key, new_key, done, left)
            except StorageError as exc:
                shred(temp)
                if not done:
                    raise
                raise StorageError(
                    f"{exc}; the journal was left as it was, but {len(done)} backup(s) are on "
                    "the new passphrase already: run the same command again (with the same "
                    "new passphrase) to finish"
                ) from None
            except BaseException:
                shred(temp)
                raise
        # The journal is closed (its WAL folded back): swap in the copy, then shred.
        _swap(real, temp)
    return Converted(real, done, left)


def _convert_backups(
    folder: Path, old_key: str | None, new_key: str | None, done: list[Path], left: list[Path]
) -> None:
    """Converts each backup into `done` (or finds it on the new key already); one that
    opens with neither key, or is damaged, goes to `left`. A failing disk stops it all,
    before the journal is swapped."""
    for backup in sorted(folder.glob("*.db")) if folder.is_dir() else []:
        if backup.is_symlink() or not backup.is_file():
            continue  # a link is not a copy in the journal's folder: never followed
        try:
            with _opened(backup, old_key, lock=False) as source:
                temp = _copy(source, backup, new_key)
            _swap(backup, temp)
        except (StorageError, sqlite.Error) as exc:
            if failures.cause(exc, backup) in failures.WRITE_FAILURES:
                raise failures.error_for(exc, backup) or exc from None
            (done if _opens_with(backup, new_key) else left).append(backup)
            continue
        done.append(backup)


class _NotOurs(StorageError):
    """A file in the backups folder that is no journal in the state being converted."""


def _copy(source: Any, path: Path, key: str | None) -> Path:
    """A checked, synced copy of the open database `source` (the file at `path`) under
    `key`, beside it; removed again if anything fails."""
    temp = intent.temp_for(path, secrets.token_hex(4))
    files.create_private_file(temp)
    try:
        source.execute("ATTACH DATABASE ? AS converted KEY ?", (str(temp), key or ""))
        try:
            # No journal and no syncs while the copy is written: it is checked and synced
            # as a whole before it is used, and a half copy is only ever thrown away.
            source.execute("PRAGMA converted.journal_mode = OFF")
            source.execute("PRAGMA converted.synchronous = OFF")
            source.execute("SELECT sqlcipher_export('converted')")
        finally:
            source.execute("DETACH DATABASE converted")
        _verify(source, temp, key)
    except BaseException:
        shred(temp)
        raise
    return temp


def _swap(path: Path, temp: Path) -> None:
    """Renames the converted `temp` over `path` (one step: the path always holds a whole
    database), then overwrites the old content through a handle opened before."""
    for suffix in files.SIDE_SUFFIXES:  # the old file's, if any were left
        shred(Path(f"{path}{suffix}"))
    old = os.open(path, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
    try:
        try:
            faults.point("rename")
            os.replace(temp, path)
        except BaseException:
            shred(temp)
            raise
        sync_dir(path.parent)
        if os.fstat(old).st_nlink == 0:  # another hard link would still need this content
            overwrite(old)
    finally:
        os.close(old)


@contextlib.contextmanager
def _opened(path: Path, key: str | None, lock: bool) -> Iterator[Any]:
    if not lock and files.looks_encrypted(path) != (key is not None):
        raise _NotOurs(f"{path}: not in the state being converted")
    conn = sqlite.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        apply_key(conn, key)
        if lock:  # set before the first read, so the lock is held until the end
            conn.execute("PRAGMA busy_timeout = 0")
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        try:
            check_key(conn, path)
            if not _is_journal(conn):
                raise _NotOurs(f"{path}: is not a ketajournal journal")
            if lock:
                conn.execute("BEGIN EXCLUSIVE")
                conn.execute("COMMIT")
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite.OperationalError as exc:
            if failures.cause(exc, path) != failures.BUSY:
                raise
            raise StorageError(
                f"{path}: the journal is open in another program (the app?); close it "
                "and try again; nothing was changed"
            ) from None
        yield conn
    finally:
        conn.close()


def _is_journal(conn: Any) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        is not None
    )


def _opens_with(path: Path, key: str | None) -> bool:
    """True when the file at `path` is a journal that `key` opens (None: a plain one)."""
    try:
        with _opened(path, key, lock=False):
            return True
    except (StorageError, sqlite.Error):
        return False


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
        faults.point("fsync")
        os.fsync(handle.fileno())
