"""Checks the database path before SQLite touches it, and keeps files private (0700/0600)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ketajournal.errors import StorageError, os_cause

SQLITE_HEADER = b"SQLite format 3\x00"
DIR_MODE = 0o700
FILE_MODE = 0o600
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def os_failure(path: Path, exc: OSError, what: str = "") -> StorageError:
    """One line for a failed file operation: the path, the cause in words, what to do."""
    words = os_cause(exc)
    return StorageError(f"{path}: {what + ': ' if what else ''}{words}; nothing was changed")


def check_db_path(path: Path) -> bool:
    """Returns True if a usable database exists at `path`, False if nothing is there yet.

    Raises a one-line StorageError, and touches nothing, for anything else: a directory,
    a dangling link, an empty file, or a file that is not an SQLite database. First
    cleans up after an interrupted encrypt, decrypt or passphrase change
    (`storage.intent`), and refuses while one is under way.
    """
    from ketajournal.storage.intent import recover

    recover(path)
    if path.is_symlink() and not path.exists():
        raise StorageError(f"{path}: is a dangling symbolic link; point --db at a real file")
    if not path.exists():
        parent = path.parent
        if parent.exists() and not parent.is_dir():
            raise StorageError(f"{path}: its folder {parent} is not a directory")
        return False
    if path.is_dir():
        raise StorageError(f"{path}: is a directory, not a database file")
    if not path.is_file():
        raise StorageError(f"{path}: is not a regular file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"{path}: cannot be read ({exc.strerror})") from None
    if not header:
        if Path(f"{path}-journal").is_file():
            # A journal whose making was killed before its one commit: SQLite's rollback
            # journal beside an empty file holds nothing but that empty file. Made anew.
            remove_with_side_files(path)
            return False
        raise StorageError(f"{path}: is an empty file, not a ketajournal database")
    if header != SQLITE_HEADER and not looks_encrypted(path):
        raise StorageError(f"{path}: is not an SQLite database (unrecognised file header)")
    return True


def looks_encrypted(path: Path) -> bool:
    """True for a file that may be an encrypted journal: no SQLite header, and whole
    SQLCipher pages (a random salt takes the header's place). Only the key can tell an
    encrypted journal from random bytes of that size."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError:
        return False
    return header != SQLITE_HEADER and size >= CIPHER_PAGE and size % CIPHER_PAGE == 0


CIPHER_PAGE = 4096  # SQLCipher 4's page size, which ketajournal never changes


def check_key_given(path: Path, key: str | None) -> None:
    """A LockedError for an encrypted journal opened without its passphrase, and a plain
    refusal of a passphrase for a journal that is not encrypted."""
    from ketajournal.errors import LockedError

    encrypted = looks_encrypted(path)
    if encrypted and key is None:
        raise LockedError(
            f"{path}: the journal is encrypted; type its passphrase when asked, or name a "
            "file holding it in KETAJOURNAL_PASSPHRASE_FILE"
        )
    if key is not None and not encrypted:
        raise StorageError(f"{path}: the journal is not encrypted; it needs no passphrase")


def ensure_private_dir(folder: Path) -> None:
    """Creates the folder and any missing parents as 0700; existing folders are left alone."""
    from ketajournal.output import private_folders

    try:
        private_folders(folder)
    except OSError as exc:
        raise os_failure(folder, exc, "cannot create the folder") from None


def create_private_file(path: Path) -> None:
    """Creates an empty 0600 file; fails if anything is already there (no link is followed)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, FILE_MODE)
    except OSError as exc:
        raise os_failure(path, exc, "cannot be created") from None
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def with_side_files(db_path: Path) -> tuple[Path, ...]:
    """The database file and the side files SQLite may keep beside it."""
    return (db_path, *(Path(str(db_path) + suffix) for suffix in SIDE_SUFFIXES))


def remove_with_side_files(db_path: Path) -> None:
    """Removes a database this process just made (never a person's journal) and its side
    files, whichever exist."""
    for path in with_side_files(db_path):
        path.unlink(missing_ok=True)


def tighten_modes(db_path: Path) -> None:
    """Sets the database and its side files to 0600 (SQLite copies the main file's mode)."""
    for candidate in with_side_files(db_path):
        try:
            mode = stat.S_IMODE(candidate.stat().st_mode)
            if mode != FILE_MODE and candidate.is_file() and not candidate.is_symlink():
                os.chmod(candidate, FILE_MODE)
        except FileNotFoundError:
            continue
        except OSError:  # a read-only file system: `doctor` reports the mode instead
            continue


def mode_of(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None
