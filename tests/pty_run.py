"""Runs a real process in a pseudo-terminal: what a person's terminal would show it."""

from __future__ import annotations

import os
import pty
import select
import time
from collections.abc import Sequence
from pathlib import Path


def run_in_terminal(
    argv: Sequence[str],
    env: dict[str, str],
    keys: Sequence[tuple[str, bytes]] = (),
    *,
    timeout: float = 60,
    cwd: Path | None = None,
) -> tuple[int, str]:
    """Runs `argv` with its terminal on a pty, sends each key once its trigger text is on
    screen (escape bytes ignored), and returns the exit code and everything written."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command itself
        if cwd is not None:
            os.chdir(cwd)
        os.execvpe(argv[0], list(argv), env)
    seen = b""
    pending = list(keys)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        if pending and pending[0][0].encode() in seen.replace(b"\x1b", b""):
            time.sleep(0.3)
            os.write(fd, pending.pop(0)[1])
    else:
        os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), seen.decode(errors="replace")
