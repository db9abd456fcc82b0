"""The progress screen charts a year of the demo journal, and stays calm with little or no data."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Select, Static, TabbedContent
from textual_plotext import PlotextPlot

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.domain.progress import Span
from ketajournal.factory import open_service
from ketajournal.screens.home import HomeScreen
from ketajournal.screens.progress import ProgressScreen
from ketajournal.screens.screen_help import ScreenHelp
from ketajournal.service.demo import write_demo
from tests.tui.conftest import screen_text, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 50), id="160x50")]
TABS = ("tab-mood", "tab-phq9", "tab-gad7", "tab-dose", "tab-by-dose", "tab-markers")
SIDE_PANELS = ("#mood-table", "#phq9-table", "#gad7-table", "#dose-history", "#markers-chart")


@pytest.fixture(autouse=True)
def utc_days() -> Iterator[None]:
    """Local days are UTC days, so the range bounds below are the same on every machine."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TZ", "UTC")
        time.tzset()
        yield
    time.tzset()


async def open_progress(pilot: Pilot[object]) -> ProgressScreen:
    await settle(pilot)
    pilot.app.push_screen(ProgressScreen())
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ProgressScreen)
    assert screen.data is not None, "the progress data never arrived"
    return screen


async def open_tab(pilot: Pilot[object], tab: str) -> str:
    """Switches tabs from the tab bar, as a person does; returns the text on screen."""
    screen = pilot.app.screen
    screen.query_one("#progress-tabs ContentTabs").focus()
    screen.query_one("#progress-tabs", TabbedContent).active = tab
    await settle(pilot)
    return flat(screen_text(pilot.app))  # type: ignore[arg-type]


def flat(text: str) -> str:
    """The screen's words on one line: a sentence wrapped at the edge still reads whole."""
    return " ".join(text.split())


def shown(widget: Widget) -> bool:
    """On screen with room to read: displayed, in the active tab, at least 2 rows high."""
    return widget.display and widget.region.height >= 2


def words(screen: ProgressScreen, selector: str) -> str:
    """What a Static says, on one line (the screen text interleaves side panels when wide)."""
    return flat(str(screen.query_one(selector, Static).content))


def chart_text(screen: ProgressScreen, key: str) -> str:
    chart = screen.query_one(f"#{key}-chart", PlotextPlot)
    return chart.plt.build()


def demo(db_path: Path, clock: FixedClock) -> None:
    svc = open_service(db_path, clock)
    write_demo(svc, years=1)
    svc.close()


@pytest.mark.parametrize("size", SIZES)
async def test_a_year_of_the_demo_on_every_tab(
    db_path: Path, clock: FixedClock, size: tuple[int, int]
) -> None:
    demo(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    wide = size[0] >= 120
    async with app.run_test(size=size) as pilot:
        screen = await open_progress(pilot)
        assert screen.span is Span.YEAR
        text = flat(screen_text(app))
        assert "2025-03-03 to 2026-03-02" in text
        assert "sessions" in text

        text = await open_tab(pilot, "tab-mood")
        mood = screen.query_one("#mood-chart", PlotextPlot)
        assert shown(mood) and mood.region.height >= 12
        assert not screen.query_one("#mood-empty").display
        # A year is drawn week by week: 365 daily dots in 70 columns would be a blob.
        assert "Mood 0-10" in text and "weekly mean" in text
        assert "▲" in chart_text(screen, "mood")  # the session days along the bottom
        assert shown(screen.query_one("#mood-table")) is wide

        for key, name, top_band in (("phq9", "PHQ-9", "20 severe"), ("gad7", "GAD-7", "15 severe")):
            text = await open_tab(pilot, f"tab-{key}")
            assert shown(screen.query_one(f"#{key}-chart"))
            assert f"{name} 0-" in text and "Latest" in text
            assert top_band in text and "10 moderate" in text  # the band lines are labelled
            table = screen.query_one(f"#{key}-table", DataTable)
            assert table.row_count == 26  # every two weeks
            assert shown(table) is wide

        text = await open_tab(pilot, "tab-dose")
        assert shown(screen.query_one("#dose-chart"))
        assert "200 mg" in text and "prescribed dose as your care team set it" in text
        assert "1 differing" in text and "◆ one that differed from the plan" in text
        assert shown(screen.query_one("#dose-history")) is wide
        assert ("Maintenance: slightly lower dose" in text) is wide

        text = await open_tab(pilot, "tab-by-dose")
        table = screen.query_one("#by-dose-table", DataTable)
        assert shown(table)
        assert [str(table.get_row_at(r)[1]) for r in range(table.row_count)] == [
            "100 mg",
            "150 mg",
            "200 mg",
            "175 mg",
        ]
        sessions = sum(int(str(table.get_row_at(r)[2])) for r in range(table.row_count))
        assert sessions == len(screen.data.sessions) == 27  # type: ignore[union-attr]
        assert "Mood ±" in text and "severe ones in brackets" in text
        assert "dose step in force when it started" in text
        assert shown(screen.query_one("#by-dose-chart")) is wide

        text = await open_tab(pilot, "tab-markers")
        table = screen.query_one("#markers-table", DataTable)
        assert shown(table) and table.row_count == 12
        assert "Perspective" in text and "Hobbies" in text
        assert shown(screen.query_one("#markers-chart")) is wide
        assert "could not be read" not in text


async def test_the_range_keys_and_the_selector_reload_the_view(
    db_path: Path, clock: FixedClock
) -> None:
    demo(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_progress(pilot)
        await open_tab(pilot, "tab-by-dose")
        year = screen.data
        assert year is not None

        await pilot.press("1")
        await settle(pilot)
        month = screen.data
        assert screen.span is Span.MONTH and month is not None
        assert screen.query_one("#progress-range", Select).value == "month"
        assert month.window.since == datetime(2026, 2, 1, tzinfo=UTC)
        assert month.first_day is not None and month.first_day.isoformat() == "2026-02-01"
        assert 0 < len(month.sessions) < len(year.sessions)
        assert all(
            o.session.sip_started_at and o.session.sip_started_at >= month.window.since
            for o in month.sessions
        )
        table = screen.query_one("#by-dose-table", DataTable)
        assert table.row_count == 1  # only the maintenance dose was in force last month
        assert "2026-02-01 to 2026-03-02" in flat(screen_text(app))

        await pilot.press("4")
        await settle(pilot)
        assert screen.span is Span.ALL
        every = screen.data
        assert every is not None and every.window.since is None
        assert every.first_day is not None and every.first_day.isoformat() == "2025-03-01"
        assert len(every.sessions) == len(year.sessions) + 1  # the first one, before the year
        assert table.row_count == 4

        screen.query_one("#progress-range", Select).value = "quarter"
        await settle(pilot)
        assert screen.span is Span.QUARTER
        quarter = screen.data
        assert quarter is not None and quarter.window.since == datetime(2025, 12, 2, tzinfo=UTC)
        text = await open_tab(pilot, "tab-mood")
        assert shown(screen.query_one("#mood-chart"))
        assert "2025-12-02 to 2026-03-02" in text


@pytest.mark.parametrize("size", SIZES)
async def test_a_single_mood_gets_a_sentence_not_a_chart(
    db_path: Path, clock: FixedClock, size: tuple[int, int]
) -> None:
    svc = open_service(db_path, clock)
    svc.checkins.mood(6, at=clock.now() - timedelta(hours=1))
    svc.close()
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=size) as pilot:
        screen = await open_progress(pilot)
        await open_tab(pilot, "tab-mood")
        assert not screen.query_one("#mood-chart").display
        assert shown(screen.query_one("#mood-empty"))
        assert words(screen, "#mood-empty") == (
            "One day with a mood check-in in this range: 6 of 10 on 2026-03-02. "
            "The chart appears once there are two days to compare."
        )
        assert "0 sessions" in words(screen, "#progress-summary")
        await open_tab(pilot, "tab-phq9")
        assert words(screen, "#phq9-empty") == (
            "No PHQ-9 results in this range. Press 4 to look at all time."
        )
        await open_tab(pilot, "tab-dose")
        assert words(screen, "#dose-empty").startswith("No prescribed dose recorded yet.")
        await open_tab(pilot, "tab-by-dose")
        assert not screen.query_one("#by-dose-table").display
        assert words(screen, "#by-dose-empty").startswith("Nothing to set side by side yet")
        text = await open_tab(pilot, "tab-markers")
        assert words(screen, "#markers-empty").startswith("Progress markers (perspective")
        for panel in SIDE_PANELS:
            if panel != "#mood-table":  # the one month with a mood has its row
                assert not shown(screen.query_one(panel)), panel
        assert "could not be read" not in text


@pytest.mark.parametrize("size", SIZES)
async def test_an_empty_journal_gets_a_calm_sentence_on_every_tab(
    db_path: Path, clock: FixedClock, size: tuple[int, int]
) -> None:
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=size) as pilot:
        screen = await open_progress(pilot)
        assert screen.data is not None and screen.data.empty
        assert "Nothing recorded in this range yet." in flat(screen_text(app))
        for tab, key in zip(
            TABS, ("mood", "phq9", "gad7", "dose", "by-dose", "markers"), strict=True
        ):
            text = await open_tab(pilot, tab)
            note = screen.query_one(f"#{key}-empty", Static)
            assert shown(note), tab
            assert "Gathering" not in text and "could not be read" not in text
        assert not any(shown(chart) for chart in screen.query(PlotextPlot))
        for panel in SIDE_PANELS:
            assert not shown(screen.query_one(panel)), panel
        await pilot.press("4")
        await settle(pilot)
        assert "Nothing recorded yet." in flat(screen_text(app))
        assert "No markers" not in flat(screen_text(app))


async def test_a_dose_reason_is_shown_as_typed_never_as_markup(
    db_path: Path, clock: FixedClock
) -> None:
    svc = open_service(db_path, clock)
    svc.plan.set(form="solution")
    svc.plan.add_dose_step(
        120, "[b]raised[/b] after [red]week 2[/red]", clock.now() - timedelta(days=20)
    )
    svc.close()
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_progress(pilot)
        text = await open_tab(pilot, "tab-dose")
        assert "[b]raised[/b] after [red]week 2[/red]" in text
        assert shown(screen.query_one("#dose-chart"))  # a flat line over 20 days
        assert "No sessions" not in text
        text = await open_tab(pilot, "tab-by-dose")
        table = screen.query_one("#by-dose-table", DataTable)
        assert table.row_count == 1 and str(table.get_row_at(0)[2]) == "0"
        assert "No sessions in this range" in text


async def test_help_names_the_range_keys_and_escape_goes_back(
    db_path: Path, clock: FixedClock
) -> None:
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_progress(pilot)
        assert "1-4 Range" in flat(screen_text(app))  # the footer
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ScreenHelp)
        assert "Keys 1 to 4 choose the range" in flat(screen_text(app))
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
