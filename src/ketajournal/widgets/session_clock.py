"""The session's clock: the phase, the elapsed time large and in words, the sip progress.

It shows `reading` (a reactive): the screen sets a new one once a second, read from the
stored timestamps; the clock never counts on its own.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Digits, ProgressBar, Static

from ketajournal.domain import models as m
from ketajournal.domain.session_clock import ClockReading, clock_text
from ketajournal.text import minutes_in

PHASE_TITLE = {
    m.SessionPhase.SIP: "Sip",
    m.SessionPhase.EXPERIENCE: "Experience",
    m.SessionPhase.REST: "Rest",
}


# A five-row font for the clock on a large terminal (each glyph three cells wide, drawn
# doubled), where the three-row `Digits` would sit small in a wide, quiet screen.
FONT = {
    "0": ("###", "# #", "# #", "# #", "###"),
    "1": (" # ", "## ", " # ", " # ", "###"),
    "2": ("###", "  #", "###", "#  ", "###"),
    "3": ("###", "  #", " ##", "  #", "###"),
    "4": ("# #", "# #", "###", "  #", "  #"),
    "5": ("###", "#  ", "###", "  #", "###"),
    "6": ("###", "#  ", "###", "# #", "###"),
    "7": ("###", "  #", "  #", "  #", "  #"),
    "8": ("###", "# #", "###", "# #", "###"),
    "9": ("###", "# #", "###", "  #", "###"),
    ":": (" ", "#", " ", "#", " "),
}


def large(text: str) -> str:
    """`text` (digits and colons) in the five-row font, as lines of block characters."""
    rows = []
    for row in range(5):
        cells = ("".join(c * 2 for c in FONT[ch][row]) for ch in text if ch in FONT)
        rows.append("  ".join(cells).replace("#", "█"))  # equal lengths: centred alike
    return "\n".join(rows)


def elapsed_words(reading: ClockReading) -> str:
    """The elapsed time as a sentence a screen reader or a terminal capture can read."""
    return minutes_in(int(reading.elapsed.total_seconds() // 60))


def sip_cue(reading: ClockReading, sip_minutes: int) -> str:
    if reading.phase is not m.SessionPhase.SIP:
        return ""
    minute = int(reading.elapsed.total_seconds() // 60)
    cue = "Take a small sip now.  " if reading.sip_cue else ""
    return f"{cue}(minute {minute + 1} of {sip_minutes})"


class SessionClock(Vertical):
    DEFAULT_CSS = """
    SessionClock { height: auto; }
    SessionClock > #phase-title { color: $primary; text-style: bold; }
    SessionClock > #elapsed { width: auto; color: $text; margin: 1 0 0 0; }
    SessionClock > #elapsed-large { display: none; color: $text; margin: 1 0; }
    SessionClock > #elapsed-words { color: $text-muted; margin-bottom: 1; }
    SessionClock > #sip-progress { margin-bottom: 1; }
    SessionClock > #sip-cue { color: $accent; height: 1; }
    """

    reading: reactive[ClockReading | None] = reactive(None)
    sip_minutes: reactive[int] = reactive(15)

    def compose(self) -> ComposeResult:
        yield Static("", id="phase-title", markup=False)
        yield Digits("0:00:00", id="elapsed")
        yield Static("", id="elapsed-large", markup=False)
        yield Static("", id="elapsed-words", markup=False)
        yield ProgressBar(total=1.0, show_eta=False, show_percentage=False, id="sip-progress")
        yield Static("", id="sip-cue", markup=False)

    def watch_reading(self, reading: ClockReading | None) -> None:
        if reading is None:
            return
        self.query_one("#phase-title", Static).update(PHASE_TITLE[reading.phase])
        self.query_one("#elapsed", Digits).update(clock_text(reading.elapsed))
        self.query_one("#elapsed-large", Static).update(large(clock_text(reading.elapsed)))
        self.query_one("#elapsed-words", Static).update(elapsed_words(reading))
        bar = self.query_one("#sip-progress", ProgressBar)
        bar.display = reading.phase is m.SessionPhase.SIP
        bar.progress = reading.sip_progress
        self.query_one("#sip-cue", Static).update(sip_cue(reading, self.sip_minutes))
