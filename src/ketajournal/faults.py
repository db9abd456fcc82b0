"""A failure point for the fault-injection tests: kill the process at a chosen file step.

`KETAJOURNAL_FAULT=rename:3` kills the process (SIGKILL, as a power cut or `kill -9`
would) just before its third rename; `fsync:N` and `unlink:N` likewise, and `any:N` at
the Nth step of any kind. Unset (always, outside the tests) it costs one dictionary
lookup. The steps are the renames, syncs and removals of the journal's own file work
(converting, publishing and shredding files); `strace --inject` covers SQLite's.
"""

from __future__ import annotations

import os
import signal

ENV = "KETAJOURNAL_FAULT"
KINDS = ("rename", "fsync", "unlink")
_seen: dict[str, int] = {}


def point(kind: str) -> None:
    """Marks a step about to happen; dies here if it is the step the variable names."""
    spec = os.environ.get(ENV)
    if not spec:
        return
    wanted, _, nth = spec.partition(":")
    if wanted not in (kind, "any"):
        return
    _seen[wanted] = _seen.get(wanted, 0) + 1
    if str(_seen[wanted]) == (nth or "1"):
        os.kill(os.getpid(), signal.SIGKILL)
