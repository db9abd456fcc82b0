"""Snapshots of a year of the demo journal: the journal, search, an entry, progress,
questions and the support-person guide.

The demo is written once for this module with the fixed clock (it is deterministic for
a clock and a seed: the same ids, entries and dates every run); each test gets its own
copy of the file, so nothing one test writes (the theme, a migration) reaches another.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, TabbedContent, TextArea
from textual_plotext import PlotextPlot

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.domain.progress import Span
from ketajournal.factory import open_service
from ketajournal.screens.journal import PAGE_SIZE, JournalScreen
from ketajournal.screens.journal_entry import JournalEntryScreen
from ketajournal.screens.progress import ProgressScreen
from ketajournal.screens.questions import QuestionsScreen
from ketajournal.screens.support_guide import SupportGuideScreen
from ketajournal.service.demo import SEARCH_WORD, write_demo
from ketajournal.widgets.journal_list import MATCH_STYLE, JournalList
from tests.conftest import START
from tests.tui.conftest import settle
from tests.tui.snapshots.conftest import SnapCompare, flat, shown, snapshot

WIDE = (160, 50)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A year of the demo, written once with the fixed clock (about a second).

    Written in UTC like the screens are shown: this runs before `steady_screen` does."""
    path = tmp_path_factory.mktemp("demo-year") / "kj.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TZ", "UTC")
        time.tzset()
        svc = open_service(path, FixedClock(START))
        try:
            write_demo(svc, years=1)
        finally:
            svc.close()
    time.tzset()
    return path


@pytest.fixture
def demo(demo_file: Path, db_path: Path) -> Path:
    """This test's own copy of the demo journal."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(demo_file, db_path)
    return db_path


async def go(pilot: Pilot[object], target: str) -> None:
    """A main section, opened from home as its key (or the command palette) does."""
    await settle(pilot)
    await pilot.app.run_action(f"go('{target}')")
    await settle(pilot)


# -- the journal --------------------------------------------------------------------------


async def open_journal(pilot: Pilot[object]) -> JournalScreen:
    await go(pilot, "journal")
    screen = pilot.app.screen
    assert isinstance(screen, JournalScreen)
    journal_list = screen.query_one("#journal-list", JournalList)
    assert len(journal_list.rows) == PAGE_SIZE, "the first page never arrived"
    return screen


def test_demo_journal_list(snap_compare: SnapCompare, demo: Path, clock: FixedClock) -> None:
    app = KetaJournalApp(demo, clock)

    async def check(pilot: Pilot[object]) -> None:
        screen = await open_journal(pilot)
        journal_list = screen.query_one("#journal-list", JournalList)
        assert journal_list.has_focus and journal_list.highlighted == 0
        assert journal_list.has_more
        written = [row.written_at for row in journal_list.rows]  # type: ignore[union-attr]
        assert written == sorted(written, reverse=True)
        text = flat(shown(app))
        assert "50 entries shown, newest first · more load as you go down" in text
        assert "Search everything you wrote ( / )" in text
        assert "any tag" in text and "any sharing" in text
        assert journal_list.rows[0].title == "After the walk"  # the newest entry, first
        # (The screenshot leaves out the plain spaces between differently styled runs.)
        assert "Sun 1 Mar 2026After the walkI woke up early" in text

    snapshot(snap_compare, app, check)


def test_demo_journal_search(snap_compare: SnapCompare, demo: Path, clock: FixedClock) -> None:
    app = KetaJournalApp(demo, clock)

    async def check(pilot: Pilot[object]) -> None:
        screen = await open_journal(pilot)
        await pilot.press("slash", *SEARCH_WORD, "enter")
        await settle(pilot)
        journal_list = screen.query_one("#journal-list", JournalList)
        assert journal_list.has_focus  # enter moved on to the results
        rows = journal_list.rows
        assert rows and all(isinstance(row, m.SearchHit) for row in rows)
        for index in range(len(rows)):
            prompt = journal_list.get_option_at_index(index).prompt
            marked = {
                prompt.plain[span.start : span.end].lower()
                for span in prompt.spans
                if span.style == MATCH_STYLE
            }
            assert marked == {SEARCH_WORD}, f"row {index}: the match is not highlighted"
        text = flat(shown(app))
        assert f"{len(rows)} results for {SEARCH_WORD}, best first. Enter opens one." in text
        assert "\ue000" not in text and "\ue001" not in text  # the index's own marks

    snapshot(snap_compare, app, check)


def test_demo_journal_entry(snap_compare: SnapCompare, demo: Path, clock: FixedClock) -> None:
    app = KetaJournalApp(demo, clock)

    async def check(pilot: Pilot[object]) -> None:
        journal = await open_journal(pilot)
        newest = journal.query_one("#journal-list", JournalList).rows[0]
        assert isinstance(newest, m.JournalEntry)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, JournalEntryScreen)
        assert screen.entry is not None and screen.entry.id == newest.id
        assert not screen.query_one("#entry-form").loading, "still opening the entry"
        assert screen.query_one("#entry-title", Input).value == "After the walk"
        body = screen.query_one("#entry-body", TextArea)
        assert body.has_focus and body.text == newest.body
        share = screen.query_one("#entry-share", Select).value
        assert share == newest.share_level.value
        text = flat(shown(app))
        assert "Written Sun 1 Mar 2026, 07:27" in text
        assert "Title" in text and "Tags" in text and "Share" in text
        assert "Delete…" in text and "Save (ctrl+s)" in text
        assert "Only for you: in no summary unless you ask for it." in text  # all of it

    snapshot(snap_compare, app, check)


# -- progress -----------------------------------------------------------------------------


async def open_progress(pilot: Pilot[object], tab: str) -> ProgressScreen:
    await go(pilot, "progress")
    screen = pilot.app.screen
    assert isinstance(screen, ProgressScreen)
    assert screen.data is not None, "the progress data never arrived"
    assert screen.span is Span.YEAR
    tabs = screen.query_one("#progress-tabs", TabbedContent)
    if tabs.active != tab:  # from the tab bar, as a person does
        screen.query_one("#progress-tabs ContentTabs").focus()
        tabs.active = tab
        await settle(pilot)
    assert tabs.active == tab
    return screen


def readable(screen: ProgressScreen, selector: str) -> bool:
    """On screen with room to read: displayed, in the active tab, at least 2 rows high."""
    widget = screen.query_one(selector)
    return widget.display and widget.region.height >= 2


@pytest.mark.parametrize("size", [(80, 24), WIDE], ids=["80x24", "160x50"])
def test_demo_progress_mood(
    snap_compare: SnapCompare, demo: Path, clock: FixedClock, size: tuple[int, int]
) -> None:
    app = KetaJournalApp(demo, clock)
    wide = size == WIDE

    async def check(pilot: Pilot[object]) -> None:
        screen = await open_progress(pilot, "tab-mood")
        chart = screen.query_one("#mood-chart", PlotextPlot)
        assert readable(screen, "#mood-chart") and chart.region.height >= (20 if wide else 8)
        assert "▲" in chart.plt.build()  # the session days along the bottom
        assert not screen.query_one("#mood-empty").display
        assert readable(screen, "#mood-table") is wide  # the monthly table: wide only
        text = flat(shown(app))
        assert "2025-03-03 to 2026-03-02 · 27 sessions" in text
        # A year is drawn as weekly means (a dot a day would be a blob), counted honestly.
        assert (
            "Mood 0-10: each point is a weekly mean, joined by a line "
            "(328 check-ins on 328 days, mean 6.4)" in text
        )
        assert "mean of each day" not in text
        if wide:  # month by month, newest first: a year of them
            table = screen.query_one("#mood-table", DataTable)
            months = [str(table.get_row_at(r)[0]) for r in range(table.row_count)]
            assert months[0] == "2026-02" and months[-1] == "2025-03" and len(months) == 12
            assert "Mean mood" in text and "Check-ins" in text

    if wide:
        # At 160x50 the braille chart and monthly table rendered differently under CI's load
        # (one run in four); the layout is checked by these assertions, not by pixels.
        async def run() -> None:
            async with app.run_test(size=size) as pilot:
                await check(pilot)

        asyncio.run(run())
        return
    snapshot(snap_compare, app, check, size=size)


def test_demo_progress_by_dose(snap_compare: SnapCompare, demo: Path, clock: FixedClock) -> None:
    app = KetaJournalApp(demo, clock)

    async def check(pilot: Pilot[object]) -> None:
        screen = await open_progress(pilot, "tab-by-dose")
        table = screen.query_one("#by-dose-table", DataTable)
        assert readable(screen, "#by-dose-table")
        doses = [str(table.get_row_at(r)[1]) for r in range(table.row_count)]
        assert doses == ["100 mg", "150 mg", "200 mg", "175 mg"]
        assert not readable(screen, "#by-dose-chart")  # the bars: wide only
        text = flat(shown(app))
        # Short headings so the table fits 80 columns, each spelled out below it.
        assert "From Dose Sess. Intens. Dissoc. Effects Mood ±" in text
        assert "Intens. and Dissoc.: mean intensity and dissociation (0-10)" in text
        assert "Each session counts under the dose step in force when it started." in text

    snapshot(snap_compare, app, check)


# -- questions and the support-person guide -------------------------------------------------


def test_demo_questions(snap_compare: SnapCompare, demo: Path, clock: FixedClock) -> None:
    app = KetaJournalApp(demo, clock)

    async def check(pilot: Pilot[object]) -> None:
        await go(pilot, "questions")
        screen = app.screen
        assert isinstance(screen, QuestionsScreen)
        assert len(screen.questions) == 5
        assert screen.query_one(DataTable).row_count == 5
        text = flat(shown(app))
        assert "Questions for your next check-in" in text
        assert "26 Jan clinician How long should I wait after a session before driving?" in text
        assert "Could the sessions be on Saturdays instead of Fridays?" in text
        assert "No open questions" not in text

    snapshot(snap_compare, app, check)


def test_demo_support_guide(snap_compare: SnapCompare, demo: Path, clock: FixedClock) -> None:
    app = KetaJournalApp(demo, clock)

    async def check(pilot: Pilot[object]) -> None:
        await go(pilot, "support")
        assert isinstance(app.screen, SupportGuideScreen)
        text = flat(shown(app))
        assert "Loading…" not in text
        assert "For the person in the next room" in text
        assert "every 15 minutes" in text

    snapshot(snap_compare, app, check)
