"""Writes exports and copies privately and atomically, and removes private files for good.

The bytes go to a new temporary file in the target's folder (0600, created exclusively,
never following a link), are synced, and only then published under the target's name; a
crash or a full disk leaves no half file there. Without `force` the publishing is a hard
link, which fails if anything has appeared at the target meanwhile, so an export never
replaces a file made while it was written. With `force` only a regular file (or a link,
which is replaced, never followed) is replaced: never a folder, a FIFO or a device.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

from ketajournal import faults
from ketajournal.errors import KetaJournalError, ValidationError, os_cause

FILE_MODE = 0o600
CHUNK = 1 << 20
# link() is not supported here (FAT, some network and FUSE file systems): copy instead.
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS}


class OutputError(KetaJournalError):
    """A file could not be written."""


def check_new_file(target: Path, *, force: bool = False) -> Path:
    """The absolute target, or a one-line refusal naming `out`: a directory, an existing
    file without `force`, a special file even with it, or a missing folder. Commands call
    it before slow work (or a passphrase prompt) so nobody waits for a refusal."""
    target = Path(os.path.abspath(target.expanduser()))
    if target.is_dir():
        raise ValidationError("out", "a file path, not a directory", str(target))
    if _kind(target) is not None and not force:
        raise ValidationError(
            "out", "a new file (it exists; add --force to replace it)", str(target)
        )
    check_replaceable(target)
    if not target.parent.is_dir():
        raise ValidationError("out", "a path in an existing folder", str(target.parent))
    return target


def check_replaceable(target: Path) -> None:
    """Refuses (naming `out`) anything at `target` that --force may not replace: only a
    regular file or a link may go."""
    kind = _kind(target)
    if kind is not None and kind not in ("file", "link", "folder"):
        raise ValidationError(
            "out", f"a regular file to replace (it is a {kind}; --force replaces files only)",
            str(target),
        )  # fmt: skip


def _kind(path: Path) -> str | None:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError:
        return "file that cannot be examined"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def write_private(target: Path, data: bytes, *, force: bool = False) -> Path:
    target = check_new_file(target, force=force)
    folder = target.parent
    temp = folder / f".{target.name}.{secrets.token_hex(6)}.partial"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(temp, flags, FILE_MODE)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot write there ({os_cause(exc)})") from None
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            faults.point("fsync")
            os.fsync(handle.fileno())
        publish(temp, target, force=force)
    except OSError as exc:
        raise OutputError(
            f"{target}: could not be written ({os_cause(exc)}); nothing was changed"
        ) from None
    finally:
        temp.unlink(missing_ok=True)
    return target


def publish(temp: Path, target: Path, *, force: bool = False) -> None:
    """Gives the finished, synced file `temp` the name `target`, durably.

    Without `force`, never over anything that exists there (even if it appeared a moment
    ago): a ValidationError naming `out`, and `temp` is left for the caller to remove.
    With `force`, only over a regular file or a link (`check_replaceable`)."""
    if force:
        check_replaceable(target)
        faults.point("rename")
        os.replace(temp, target)  # a symlink at the target is replaced, never followed
    else:
        try:
            faults.point("rename")
            os.link(temp, target, follow_symlinks=False)
        except FileExistsError:
            raise ValidationError(
                "out", "a new file (one appeared there meanwhile; nothing was replaced)",
                str(target),
            ) from None  # fmt: skip
        except OSError as exc:
            if exc.errno not in _NO_LINKS:
                raise
            _copy_exclusive(temp, target)
        faults.point("unlink")
        os.unlink(temp)
    sync_dir(target.parent)


def _copy_exclusive(source: Path, target: Path) -> None:
    """Copies into a target created here and now (O_EXCL): for file systems without links."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(target, flags, FILE_MODE)
    except FileExistsError:
        raise ValidationError(
            "out", "a new file (one appeared there meanwhile; nothing was replaced)", str(target)
        ) from None
    try:
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            while chunk := src.read(CHUNK):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        target.unlink(missing_ok=True)  # ours: made a moment ago
        raise


def private_folders(folder: Path) -> None:
    """Creates `folder` and any missing parents as 0700 (whatever the umask); folders that
    exist are left alone. Raises OSError."""
    missing = []
    current = folder
    while not current.is_dir():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700, exist_ok=True)
        os.chmod(path, 0o700)  # mkdir's mode is filtered by the umask


def sync_dir(folder: Path) -> None:
    """Makes a rename in `folder` durable (fsync of the folder itself)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        faults.point("fsync")
        os.fsync(fd)
    finally:
        os.close(fd)


def shred(path: Path) -> None:
    """Overwrites a file with zeros, syncs it and removes it (a missing file is fine; a
    link is removed, never followed). Best effort on SSDs and copy-on-write file systems."""
    try:
        if path.is_symlink() or not path.is_file():
            path.unlink(missing_ok=True)
            return
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return
    try:
        overwrite(fd)
    finally:
        os.close(fd)
    faults.point("unlink")
    path.unlink(missing_ok=True)


def overwrite(fd: int) -> None:
    """Overwrites the open file `fd` with zeros, from start to end, and syncs it."""
    size = os.fstat(fd).st_size
    zeros = bytes(CHUNK)
    offset = 0
    while offset < size:
        offset += os.pwrite(fd, zeros[: min(CHUNK, size - offset)], offset)
    faults.point("fsync")
    os.fsync(fd)
