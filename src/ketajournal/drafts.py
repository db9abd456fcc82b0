"""`$EDITOR` for the command line and the app: a private draft, never left readable.

A draft is a 0600 file in a fresh 0700 folder inside `.ketajournal-tmp/` beside the
journal (its protection, never the system's shared temporary folder), so an encrypted
journal's text does not sit in /tmp while the editor is open. Whatever the editor leaves
there (the draft, swap and backup files) is overwritten with zeros and removed when it
closes, also when the terminal is closed (SIGHUP ends the editor and still runs the
clean-up). A kill that no handler sees (SIGKILL, a power cut) leaves the folder; the next
command or app start removes it the same way (`clean`). Each draft folder is locked while
its editor runs, so another command never removes a draft still being written.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from ketajournal.output import private_folders, shred

AREA = ".ketajournal-tmp"
LOCK = ".lock"

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def area(db_path: Path) -> Path:
    return db_path.parent / AREA


@contextlib.contextmanager
def draft(db_path: Path, text: str, name: str = "entry.md") -> Iterator[Path]:
    """A private file holding `text` for an editor; shredded, with its folder, at the end."""
    place = area(db_path)
    private_folders(place)  # the data folder too, on a first run: 0700, as the journal's
    folder = Path(tempfile.mkdtemp(prefix="draft-", dir=place))
    lock = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    if fcntl is not None:
        fcntl.flock(lock, fcntl.LOCK_EX)
    previous = _on_hangup()
    try:
        path = folder / name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        yield path
    finally:
        try:
            _remove(folder)
        finally:
            os.close(lock)
            if previous is not None:
                with contextlib.suppress(ValueError):
                    signal.signal(signal.SIGHUP, previous)
            with contextlib.suppress(OSError):
                place.rmdir()  # only when empty: other drafts may be open


def editor_command() -> str | None:
    """The person's editor ($VISUAL, else $EDITOR), or None when neither is set."""
    return os.environ.get("VISUAL") or os.environ.get("EDITOR") or None


def edit(
    db_path: Path,
    text: str,
    *,
    limit: int,
    suspend: Callable[[], AbstractContextManager[Any]] = contextlib.nullcontext,
    name: str = "entry.md",
) -> bytes | None:
    """The bytes the person's editor left in a private draft that held `text` (at most
    `limit` + 1 of them, so a runaway editor cannot fill the memory), or None when the
    editor exited with an error. `suspend` gives the terminal to the editor meanwhile
    (the app passes `App.suspend`). Raises OSError when the editor cannot be run."""
    # Only this path needs these (~6 ms of imports the quick commands skip).
    import shlex
    import subprocess

    command = editor_command()
    if command is None:
        raise FileNotFoundError("no editor: set $EDITOR (for example EDITOR=nano)")
    with draft(db_path, text, name) as path:
        with suspend():
            result = subprocess.run([*shlex.split(command), str(path)], check=False)
        if result.returncode != 0:
            return None
        with open(path, "rb") as handle:
            return handle.read(limit + 1)


def clean(db_path: Path) -> int:
    """Shreds the drafts a killed editor session left (not those still open); how many."""
    place = area(db_path)
    if not place.is_dir():
        return 0
    removed = 0
    for folder in sorted(place.glob("draft-*")):
        try:
            lock = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            continue
        try:
            if fcntl is not None:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # its editor is still open
            _remove(folder)
            removed += 1
        except OSError:
            continue  # a read-only disk: reading must still work; a later start retries
        finally:
            os.close(lock)
    with contextlib.suppress(OSError):
        place.rmdir()
    return removed


def _remove(folder: Path) -> None:
    for root, dirs, names in os.walk(folder, topdown=False):
        for name in names:
            shred(Path(root) / name)
        for name in dirs:
            with contextlib.suppress(OSError):
                (Path(root) / name).rmdir()
    with contextlib.suppress(OSError):
        folder.rmdir()


class HungUp(SystemExit):
    """The terminal went away while the editor was open."""


def _on_hangup() -> Any:
    """Turns SIGHUP (the terminal closed) into an exception, so the clean-up runs."""

    def hung_up(signum: int, frame: object) -> None:
        raise HungUp(128 + signal.SIGHUP)

    try:
        return signal.signal(signal.SIGHUP, hung_up)
    except (ValueError, AttributeError):  # not the main thread, or no SIGHUP here
        return None
