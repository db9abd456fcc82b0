"""Saving what is typed as a draft: after a quiet moment, in order, at once on leave or quit.

One `DraftSaver` per form. The form pokes it on every change; after `delay()` seconds of
quiet it collects the form and writes it, unless it equals what the journal already
holds. Writes run in thread workers and may finish out of order, so each carries a
sequence number and an older one never overwrites a newer one that got there first.
`flush` writes at once (leaving a screen), `flush_now` writes on the calling thread (the
app quitting, or its terminal closing), so nothing typed is lost.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from textual.timer import Timer

from ketajournal.errors import KetaJournalError

if TYPE_CHECKING:
    from ketajournal.screens.base import JournalCalls
    from ketajournal.service import JournalService

A = TypeVar("A")  # what the form holds, as saved
R = TypeVar("R")  # what a write returns
R2 = TypeVar("R2")


class DraftSaver(Generic[A, R]):
    def __init__(
        self,
        owner: JournalCalls,
        collect: Callable[[], A | None],
        write: Callable[[JournalService, A], R],
        *,
        delay: Callable[[], float],
        saved: Callable[[R], None] | None = None,
        failed: Callable[[KetaJournalError], None] | None = None,
        group: str = "drafts",
    ) -> None:
        """`collect` reads the form (None: nothing to save yet); `delay` is read each time
        the quiet period starts, so a test can shorten it."""
        self._owner = owner
        self._collect = collect
        self._write = write
        self._delay = delay
        self._saved = saved
        self._failed = failed
        self._group = group
        self._timer: Timer | None = None
        self._baseline: A | None = None  # what the journal holds
        self._lock = threading.Lock()
        self._seq = 0
        self._written = 0
        self.failing = False  # the last write was refused: the form is not safe yet

    def stored(self, value: A | None) -> None:
        """What the journal holds now (when the form opens, or after a save elsewhere)."""
        self._baseline = value

    def poke(self) -> None:
        """Something changed: save once it has been quiet for a moment."""
        self.stop()
        self._timer = self._owner.set_timer(self._delay(), self.flush)  # type: ignore[attr-defined]

    def stop(self) -> None:
        """Forgets a save that was waiting (the form was saved for real, or dropped)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def unsaved(self) -> A | None:
        """The form's value if it differs from what the journal holds, else None."""
        value = self._collect()
        return None if value is None or value == self._baseline else value

    def flush(self, then: Callable[[], None] | None = None) -> bool:
        """Writes the form now if it changed (in a worker); `then` runs once it is stored
        (at once when there was nothing to write). True when a write was started."""
        self.stop()
        value = self.unsaved()
        if value is None:
            if then is not None:
                then()
            return False
        self._seq += 1
        self._baseline = value
        seq = self._seq

        def done(result: R | None) -> None:
            self.failing = False
            if result is not None and self._saved is not None:
                self._saved(result)
            if then is not None:
                then()

        self._owner.call(
            lambda svc: self._ordered(svc, value, seq),
            done,
            group=self._group,
            exclusive=False,
            failed=self._refused,
        )
        return True

    def flush_now(self, svc: JournalService) -> None:
        """Writes the form on this thread if it changed (quitting: no worker will finish).
        Raises the journal's refusal."""
        self.stop()
        value = self.unsaved()
        if value is None:
            return
        self._seq += 1
        self._ordered(svc, value, self._seq)
        self._baseline = value

    def last(self, svc: JournalService, fn: Callable[[JournalService], R2]) -> R2:
        """Runs `fn(svc)` (in a worker) as the form's last write: the entry saved for real,
        say. No draft write still on its way lands after it, so none outlives it."""
        with self._lock:
            result = fn(svc)
            self._written = sys.maxsize
            return result

    def _ordered(self, svc: JournalService, value: A, seq: int) -> R | None:
        with self._lock:
            if seq <= self._written:
                return None  # something newer is stored already
            result = self._write(svc, value)
            self._written = seq
            return result

    def _refused(self, error: KetaJournalError) -> None:
        self._baseline = None  # try again on the next change
        self.failing = True
        if self._failed is not None:
            self._failed(error)
        else:
            self._owner.problem(error)
