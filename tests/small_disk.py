"""A small file system of its own for a test (tmpfs), to fill up or make read-only."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "4m") -> Iterator[Path]:
    """`folder`, with a fresh tmpfs of `size` mounted on it; skips the test (with the
    reason) where mounting is not allowed (not root, no mount namespace)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a disk-full test needs root to mount a small tmpfs")
    folder.mkdir(parents=True, exist_ok=True)
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def fill(disk: Path) -> Path:
    """Fills the disk to the last byte; returns the file to remove to free it again."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as handle:
        for size in (1 << 16, 1 << 12, 1 << 9, 1):
            with contextlib.suppress(OSError):
                while True:
                    if not handle.write(bytes(size)):
                        break
    return filler


def read_only(disk: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True, capture_output=True)


def writable(disk: Path) -> None:
    subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True, capture_output=True)
