"""Snapshots at 80x24 and 200x60: home with one check-in and with eight weeks of them, the
session view, and a form with its focus showing.

The same screens at the smallest and a large terminal: home keeps its disclaimer on
screen, its mood line is time (a column or more per day, gaps and all), the session sits
centred with its large clock, and the focused field is marked, not shaded.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.factory import open_service
from ketajournal.screens.prepare import PrepareScreen
from ketajournal.screens.session import SessionScreen
from ketajournal.widgets.mood_line import BLOCKS, GAP, MoodLine
from tests.tui.conftest import settle
from tests.tui.snapshots.conftest import (
    SnapCompare,
    flat,
    home_from_the_top,
    seed_journal,
    shown,
    snapshot,
)

SIZES = [(80, 24), (200, 60)]
SIZE_IDS = ["80x24", "200x60"]
DISCLAIMER = "A journal, not medical advice: it records your team's plan, never a dose."
GAP_DAYS = (20, 21, 22)  # days ago with no check-in, in the eight weeks


def eight_weeks(day: int) -> int:
    """The mood `day` days ago: from 3 eight weeks ago, one up every eleven days, to 8."""
    return 3 + (55 - day) // 11


def block(mood: int) -> str:
    return BLOCKS[round(mood / 10 * (len(BLOCKS) - 1))]


def seed_checkins(db_path: Path, clock: FixedClock, days: list[int]) -> None:
    """The plan and contacts, then a mood check-in on each of `days` (days ago, at 08:30)."""
    seed_journal(db_path, clock)
    svc = open_service(db_path, clock)
    for day in sorted(days, reverse=True):
        at = clock.now() - timedelta(days=day, minutes=30)
        svc.checkins.mood(eight_weeks(day), anxiety=3, at=at)
    svc.close()


def mood_rows(app: KetaJournalApp) -> list[str]:
    """The mood line's rows as drawn: its title, the line, its axis (or its sentence)."""
    line = app.screen.query_one(MoodLine)
    assert line.display and line.region.height >= 2
    return [strip.text for strip in line.render_lines(line.region.reset_offset)]


# -- home ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_home_one_checkin(
    snap_compare: SnapCompare, db_path: Path, clock: FixedClock, size: tuple[int, int]
) -> None:
    seed_checkins(db_path, clock, [0])
    app = KetaJournalApp(db_path, clock)

    async def check(pilot: Pilot[object]) -> None:
        screen = await home_from_the_top(pilot)
        assert screen.query_one("#home-body").max_scroll_y == 0  # all of home fits
        text = flat(shown(app))
        # One value is said in words: a line from it would look like weeks of data.
        assert "Mood, last 8 weeks: 1 day with a check-in (a line from 4) 8 today (of 10)" in text
        assert block(8) not in text and GAP not in text
        assert "Due Mon 2 Mar (today)" in text and "Prescribed dose 150 mg" in text
        # The last action and the disclaimer on screen, nothing between it and the footer.
        assert text.index("Export for your care team (e)") < text.index(DISCLAIMER)
        assert text.split(DISCLAIMER, 1)[1].startswith(" ^q Quit")

    snapshot(snap_compare, app, check, size=size)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_home_eight_weeks(
    snap_compare: SnapCompare, db_path: Path, clock: FixedClock, size: tuple[int, int]
) -> None:
    days = [day for day in range(56) if day not in GAP_DAYS]
    seed_checkins(db_path, clock, days)
    app = KetaJournalApp(db_path, clock)

    async def check(pilot: Pilot[object]) -> None:
        screen = await home_from_the_top(pilot)
        assert screen.query_one("#home-body").max_scroll_y == 0  # all of home fits
        title, line, axis = mood_rows(app)
        # 11 days each of 3, 4, 5 and 7, 8 of 6 (the gap), today's 8: 265 over 53 days.
        assert title.strip() == "Mood, last 8 weeks: 53 days with a check-in, mean 5 of 10"
        # Every day as wide as the rest, today last: time, not a count of check-ins.
        width = screen.query_one(MoodLine).region.width
        per_day = width // 56
        assert per_day == (1 if size == (80, 24) else 3)
        expected = "".join(
            (GAP if day in GAP_DAYS else block(eight_weeks(day))) * per_day
            for day in range(55, -1, -1)
        )
        assert line.rstrip() == expected
        assert axis.startswith("8 weeks ago") and axis.rstrip().endswith("today")
        assert len(axis.rstrip()) == len(expected)
        text = flat(shown(app))
        assert "Export for your care team (e)" in text
        assert DISCLAIMER in text

    snapshot(snap_compare, app, check, size=size)


# -- the session view ----------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_session_view(
    snap_compare: SnapCompare, db_path: Path, clock: FixedClock, size: tuple[int, int]
) -> None:
    seed_journal(db_path, clock)
    svc = open_service(db_path, clock)
    svc.sessions.start(150)
    svc.close()
    clock.advance(timedelta(minutes=26, seconds=10))
    app = KetaJournalApp(db_path, clock)
    wide = size[0] >= 120

    async def check(pilot: Pilot[object]) -> None:
        screen = app.screen
        assert isinstance(screen, SessionScreen) and screen.data is not None
        text = flat(shown(app))
        assert "Experience" in text and "26 minutes in" in text
        assert "Effects commonly last 30 minutes to 2 hours" in text
        small = screen.query_one("#elapsed")
        large = screen.query_one("#elapsed-large", Static)
        assert small.display is not wide and large.display is wide
        clock_face = large if wide else small
        assert clock_face.region.height >= (5 if wide else 3)
        if wide:  # centred: the large face's ink sits in the middle of the screen
            rows = [s.text for s in large.render_lines(large.region.reset_offset)]
            inked = [r for r in rows if r.strip()]
            left = min(len(r) - len(r.lstrip()) for r in inked)
            right = max(len(r.rstrip()) for r in inked)
            middle = large.region.x + (left + right) / 2
            assert abs(middle - size[0] / 2) <= 2, (left, right, large.region)
            words = screen.query_one("#elapsed-words", Static)
            assert abs(words.region.x + words.region.width / 2 - size[0] / 2) <= 2
        else:  # the corner of a small terminal, where it fits
            assert clock_face.region.x <= 6

    snapshot(snap_compare, app, check, size=size)


# -- a focused form ------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_form_focus(
    snap_compare: SnapCompare, db_path: Path, clock: FixedClock, size: tuple[int, int]
) -> None:
    """How you feel: the mood typed, then Tab: the focus is on the anxiety field, marked by
    a bar and its label, while the mood keeps its value unmarked."""
    seed_journal(db_path, clock, bp=True)
    app = KetaJournalApp(db_path, clock)

    async def check(pilot: Pilot[object]) -> None:
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PrepareScreen) and screen.ctx is not None
        screen.show_step(next(i for i, s in enumerate(screen.steps) if s.key == "ratings"))
        await settle(pilot)
        await pilot.press("6", "tab", "3")
        await settle(pilot)
        mood = screen.query_one("#mood-before", Input)
        anxiety = screen.query_one("#anxiety-before", Input)
        assert screen.focused is anxiety and (mood.value, anxiety.value) == ("6", "3")
        lines = shown(app).splitlines()
        marked = [line.split("▌")[0].strip() for line in lines if "▌" in line]
        assert marked == ["Anxiety"], marked  # the bar is at the focused field only
        labels = {str(label.content): label for label in screen.query(Label)}
        assert labels["Anxiety"].styles.text_style.bold
        assert not labels["Mood"].styles.text_style.bold
        assert labels["Anxiety"].styles.color != labels["Mood"].styles.color

    snapshot(snap_compare, app, check, size=size)
