"""The journal-level record of a conversion under way (encrypt, decrypt, passphrase).

A conversion writes `.JOURNAL.converting` beside the journal (synced) before it makes any
temporary copy, holds an exclusive lock on it while it works, and removes it when done.
Every command passes `recover` before it opens the journal (from `files.check_db_path`):

- the lock held by a live process: the command refuses (a conversion is under way);
- the file left by a process that died (the kernel dropped its lock): the temporary
  copies it made are overwritten and removed, and the note says what happened. The
  journal itself is whole, as it was or converted: the swap is one rename;
- no journal at the path but one set aside by an older version (`.JOURNAL.old-*`, which
  swapped with two renames): it is put back, never replaced by a fresh empty journal.

Uses `fcntl.flock`, so a kill, a crash or a power cut releases the lock. Where there is
no `fcntl` (Windows) a left record is taken as stale.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

from ketajournal import faults
from ketajournal.errors import StorageError
from ketajournal.output import shred, sync_dir
from ketajournal.storage.files import SIDE_SUFFIXES, with_side_files

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_notes: list[str] = []


def marker(real: Path) -> Path:
    return real.with_name(f".{real.name}.converting")


def temp_for(path: Path, token: str) -> Path:
    """The name of a temporary converted copy of `path` (the journal, or a backup)."""
    return path.with_name(f".{path.name}.converting-{token}")


def real_file(path: Path) -> Path:
    """The file a journal path names: a symbolic link is followed to the file itself, so
    a conversion rewrites the journal, not the link."""
    return path.resolve() if path.is_symlink() else path


class ConversionUnderWay(StorageError):
    """Another process is converting the journal right now."""


@contextlib.contextmanager
def held(path: Path, operation: str) -> Iterator[None]:
    """The record of `operation` on the journal at `path` (its real file), locked and
    synced for as long as the block runs, removed after it (a kill leaves it behind)."""
    real = real_file(path)
    with _locked(marker(real)) as fd:
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"operation": operation, "pid": os.getpid()}).encode())
        faults.point("fsync")
        os.fsync(fd)
        sync_dir(real.parent)
        yield


def recover(path: Path) -> None:
    """Cleans up after a conversion that was interrupted, before the journal at `path` is
    opened (see the module's docstring); refuses while one is under way. Costs one stat
    when there is nothing to do."""
    real = real_file(path)
    record = marker(real)
    if not os.path.lexists(record):
        if real.exists() or not real.parent.is_dir():
            return
        if not _set_aside(real) and not _copies(real, path):
            return
    with _locked(record) as fd:
        operation = _operation(fd)
        restored = _put_back(real)
        copies = _copies(real, path)
        if not real.exists() and copies:
            raise StorageError(
                f"{real}: is missing, and {copies[0]} beside it holds a copy from an "
                f"interrupted {operation}; rename it to {real.name} to use it, or remove it "
                "to start a new journal"
            )
        for copy in copies:
            for path in with_side_files(copy):
                shred(path)
        if restored is not None:
            _notes.append(
                f"the journal was missing after an interrupted {operation} (by an older "
                f"version); it is back from {restored.name}"
            )
        elif copies or operation != "conversion":
            _notes.append(
                f"an interrupted {operation} was cleaned up; the journal is whole (as it was, "
                "or converted); `ketajournal doctor` names any backup left on another "
                "passphrase"
            )


def take_notes() -> list[str]:
    """What `recover` did in this process, once (the command line and the app show it)."""
    found = list(_notes)
    _notes.clear()
    return found


@contextlib.contextmanager
def _locked(record: Path) -> Iterator[int]:
    """An open, exclusively locked `record` file; removed (then unlocked) at the end."""
    while True:
        try:
            fd = os.open(record, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except OSError as exc:
            from ketajournal.storage.files import os_failure

            raise os_failure(record, exc, "cannot record the conversion") from None
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise ConversionUnderWay(
                    f"{record.parent / record.name[1:].removesuffix('.converting')}: is being "
                    "converted (encrypt, decrypt or passphrase) by another process; try again "
                    "when it has finished"
                ) from None
        try:
            same = os.path.samestat(os.fstat(fd), os.lstat(record))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # removed by its owner while we waited: take the new one
    try:
        yield fd
    finally:  # done or failed (its copies removed): only a kill leaves the record
        try:
            faults.point("unlink")
            record.unlink(missing_ok=True)
            sync_dir(record.parent)
        finally:
            os.close(fd)


_WORDS = {"encrypt": "encrypt", "decrypt": "decrypt", "passphrase": "passphrase change"}


def _operation(fd: int) -> str:
    """What the record says was under way, in words ("passphrase change")."""
    try:
        found = json.loads(os.pread(fd, 4096, 0) or b"{}").get("operation")
    except (ValueError, AttributeError):
        found = None
    return _WORDS.get(str(found), "conversion")


def _set_aside(real: Path) -> list[Path]:
    return sorted(real.parent.glob(f".{real.name}.old-*"))


def _put_back(real: Path) -> Path | None:
    """An older version swapped with two renames (journal aside, then the copy in); a kill
    between them left no journal. Its aside copy goes back, whole and in its old state."""
    if real.exists():
        return None
    aside = [p for p in _set_aside(real) if not p.name.endswith(SIDE_SUFFIXES)]
    if not aside:
        return None
    newest = max(aside, key=lambda p: p.stat().st_mtime)
    faults.point("rename")
    os.rename(newest, real)
    sync_dir(real.parent)
    return newest


def _copies(real: Path, given: Path) -> list[Path]:
    """Temporary converted copies beside the journal and in its backups folder."""
    found = sorted(real.parent.glob(f".{real.name}.converting-*"))
    backups = given.parent / "backups"
    if backups.is_dir():
        found += sorted(backups.glob(".*.converting-*"))
    return [p for p in found if not p.name.endswith(SIDE_SUFFIXES)]
