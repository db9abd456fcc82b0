"""Writes exports and copies privately and atomically.

The bytes go to a new temporary file in the target's folder (0600, created exclusively,
never following a link), are synced, and only then renamed over the target; a crash or a
full disk leaves no half file under the target's name. An existing target is replaced
only when the caller says so (`--force` or a confirmation).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from ketajournal.errors import KetaJournalError, ValidationError

FILE_MODE = 0o600


class OutputError(KetaJournalError):
    """A file could not be written."""


def check_new_file(target: Path, *, force: bool = False) -> Path:
    """The absolute target, or a one-line refusal naming `out`: a directory, an existing
    file without `force`, or a missing folder. Commands call it before slow work (or a
    passphrase prompt) so nobody waits for a refusal."""
    target = Path(os.path.abspath(target.expanduser()))
    if target.is_dir():
        raise ValidationError("out", "a file path, not a directory", str(target))
    if (target.exists() or target.is_symlink()) and not force:
        raise ValidationError(
            "out", "a new file (it exists; add --force to replace it)", str(target)
        )
    if not target.parent.is_dir():
        raise ValidationError("out", "a path in an existing folder", str(target.parent))
    return target


def write_private(target: Path, data: bytes, *, force: bool = False) -> Path:
    target = check_new_file(target, force=force)
    folder = target.parent
    temp = folder / f".{target.name}.{secrets.token_hex(6)}.partial"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(temp, flags, FILE_MODE)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot write there ({exc.strerror})") from None
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)  # a symlink at the target is replaced, never followed
        sync_dir(folder)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise OutputError(
            f"{target}: could not be written ({exc.strerror}); nothing was changed"
        ) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return target


def sync_dir(folder: Path) -> None:
    """Makes a rename in `folder` durable (fsync of the folder itself)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
