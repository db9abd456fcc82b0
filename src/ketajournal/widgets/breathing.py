"""A slow breathing pacer: a bar that grows while you breathe in and shrinks as you breathe out."""

from __future__ import annotations

import time

from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

FRAME = 0.25  # seconds between frames: slow and smooth enough for a calm bar


class BreathingPacer(Static):
    """Animates only while running; `reduce_motion` keeps it a still line of text."""

    DEFAULT_CSS = """
    BreathingPacer {
        height: 1;
        color: $primary;
    }
    """

    def __init__(self, inhale: float = 4.0, exhale: float = 6.0, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.inhale, self.exhale = inhale, exhale
        self._timer: Timer | None = None
        self._began = 0.0

    @property
    def running(self) -> bool:
        return self._timer is not None

    def start(self, reduce_motion: bool) -> None:
        self.stop()
        if reduce_motion:
            self.update(f"Breathe in for {self.inhale:g} seconds, out for {self.exhale:g} seconds.")
            return
        self._began = time.monotonic()
        self._timer = self.set_interval(FRAME, self._frame)
        self._frame()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.update("")

    def _frame(self) -> None:
        cycle = self.inhale + self.exhale
        t = (time.monotonic() - self._began) % cycle
        if t < self.inhale:
            level, word = t / self.inhale, "breathe in"
        else:
            level, word = 1 - (t - self.inhale) / self.exhale, "breathe out"
        width = max(self.size.width - 14, 10)
        bar = "━" * max(1, round(level * width))
        self.update(Content.assemble((f"{word:<12}", "$text-muted"), " ", bar))
