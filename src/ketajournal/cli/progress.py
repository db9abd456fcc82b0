"""A progress bar on standard error for exports that take more than a moment.

Nothing is drawn (and Rich is not even imported) unless standard error is a terminal and
the work is still going after `DELAY` seconds, so quick commands, pipes and scripts see no
bar at all. A timer shows the bar, so work that reports no steps (rendering a PDF) gets
one too, pulsing; work that reports `step(done, total)` fills it. The bar is transient: it
disappears when the work ends, leaving only the command's own one-line message. Rich
honours NO_COLOR and TERM=dumb on its own; a dumb terminal gets no bar at all.
"""

from __future__ import annotations

import os
import sys
import threading
from types import TracebackType
from typing import Any

DELAY = 0.4  # seconds of work before a bar appears


class Progress:
    """`with Progress("Exporting records") as step: ... step(done, total) ...`"""

    def __init__(self, label: str, *, delay: float | None = None) -> None:
        self.label = label
        self.delay = DELAY if delay is None else delay
        self.wanted = sys.stderr.isatty() and os.environ.get("TERM") != "dumb"
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._bar: Any = None
        self._task: Any = None
        self._done, self._total = 0, None  # type: tuple[int, int | None]
        self._closed = False

    def __enter__(self) -> Progress:
        if self.wanted:
            self._timer = threading.Timer(self.delay, self._show)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __call__(self, done: int, total: int | None = None) -> None:
        with self._lock:
            self._done, self._total = done, total
            if self._bar is not None:
                self._bar.update(self._task, completed=done, total=total)

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        with self._lock:
            if self._closed:
                return
            self._bar = Bar(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(file=sys.stderr),
                transient=True,
            )
            self._task = self._bar.add_task(self.label, total=self._total, completed=self._done)
            self._bar.start()

    @property
    def shown(self) -> bool:
        return self._bar is not None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
            if self._bar is not None:
                self._bar.stop()
                self._bar = None
