"""What every snapshot module here shares: a steady screen, and snapshots checked first.

Every test hands `snap_compare` a real app on a real SQLite file with the fixed clock.
Its `run_before` waits for the app's workers (`settle`) and then asserts on the screen
type and the text a person would read, so a crashed or half-loaded app can never be
recorded as a "passing" blank snapshot.
"""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.screens import prepare
from tests.tui.conftest import QUICK_SAVE, screen_text, seed, settle

SIZE = (80, 24)
FRAME = re.compile(r"[\u2500-\u259f]")  # box-drawing and block glyphs: borders, bars
UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.I)

SnapCompare = Callable[..., bool]
Check = Callable[[Pilot[object]], Awaitable[None]]


@pytest.fixture(autouse=True)
def steady_screen() -> Iterator[None]:
    """Makes every frame reproducible: local time is UTC and cursors do not blink. The
    wizard saves its draft QUICK_SAVE s after a change instead of 0.6 s, so the tests can
    wait for that save (`draft_saved`) instead of leaving it to race the screenshot."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TZ", "UTC")
        time.tzset()
        mp.setattr(Input, "_toggle_cursor", lambda self: None)
        mp.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)
        mp.setattr(prepare, "SAVE_DELAY", QUICK_SAVE)
        yield
    time.tzset()  # the context restored TZ; make the C library see it again


class SteppingClock(FixedClock):
    """A clock that moves one second on at every reading.

    `seed` on the fixed clock gives both contacts the same `created_at`, and the store
    breaks that tie by the (random) id, so their order on screen would change from run
    to run. Seeded with this clock, records are ordered as they were added.
    """

    def now(self) -> datetime:
        instant = super().now()
        self.advance(timedelta(seconds=1))
        return instant


def seed_journal(db_path: Path, clock: FixedClock, *, bp: bool = False) -> None:
    """`seed`, done in the hour before the fixed clock's now (the same day), one record
    a second."""
    seed(db_path, SteppingClock(clock.now() - timedelta(hours=1)), bp=bp)


def shown(app: KetaJournalApp) -> str:
    """The screen's text, checked to contain no database id."""
    text = screen_text(app)
    assert not UUID.search(text), "a database id is on screen"
    return text


def flat(text: str) -> str:
    """The screen's words on one line: a sentence wrapped at the edge still reads whole.

    Borders are left out too, so a sentence wrapped inside a dialog's frame reads whole."""
    return " ".join(FRAME.sub(" ", text).split())


def snapshot(
    snap_compare: SnapCompare,
    app: KetaJournalApp,
    check: Check,
    size: tuple[int, int] = SIZE,
) -> None:
    """Settles the app, runs `check` on it, then compares the screenshot of that state."""
    checked: list[bool] = []

    async def run_before(pilot: Pilot[object]) -> None:
        await settle(pilot)
        await check(pilot)
        await settle(pilot)
        checked.append(True)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
    assert checked, "the checks never ran: the app did not get as far as the screenshot"
