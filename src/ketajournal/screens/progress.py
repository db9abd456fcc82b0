"""The progress screen: mood, scales and dose over time, and outcomes side by side per dose.

It loads one range of data and binds it to its tabs (`widgets.progress.tabs`), which draw
themselves; it reads, it never writes.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Header, Select, Static, TabbedContent, TabPane

from ketajournal.domain import models as m
from ketajournal.domain import progress as p
from ketajournal.errors import KetaJournalError
from ketajournal.screens.base import NARROW_AND_WIDE, BaseScreen, Problem
from ketajournal.service import JournalService
from ketajournal.service.progress import ProgressData, progress_data
from ketajournal.widgets.footer import KeyFooter
from ketajournal.widgets.progress import captions as c
from ketajournal.widgets.progress.chart import LOADING
from ketajournal.widgets.progress.tabs import (
    ByDoseTab,
    DoseTab,
    MarkersTab,
    MoodTab,
    ProgressView,
    ScaleTab,
)

COULD_NOT_READ = "The journal could not be read for this view. Try another range, or reopen it."


def load(svc: JournalService, span: p.Span) -> ProgressView:
    window = p.window_for(span, svc.ctx.now(), None)  # local days
    return ProgressView(progress_data(svc, window.since, window.until), span)


class ProgressScreen(BaseScreen[None]):
    """Charts and tables of progress over a chosen range; it reads, it never writes."""

    NAME = "Progress"
    CSS_PATH = "progress.tcss"
    HORIZONTAL_BREAKPOINTS = NARROW_AND_WIDE
    HELP = (
        "Your progress over a range of time: mood (the mean of each day, or of each week or "
        "month over a long range), PHQ-9 and GAD-7 scores with the lines where their "
        "published bands begin, the prescribed dose as your care team set it with your "
        "sessions on it, outcomes side by side per dose step, and the progress markers month "
        "by month. Keys 1 to 4 choose the range (month, 3 months, year, all); left and right "
        "switch tabs. These are your own records to bring to your care team: not a "
        "diagnosis, and never a dose suggestion."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "span('month')", "Range", id="progress.month", key_display="1-4"),
        Binding("2", "span('quarter')", "3 months", id="progress.quarter", show=False),
        Binding("3", "span('year')", "Year", id="progress.year", show=False),
        Binding("4", "span('all')", "All time", id="progress.all", show=False),
        Binding("escape", "app.pop_screen", "Back", id="progress.back"),
    ]

    view: reactive[ProgressView | None] = reactive(None)

    def __init__(self, span: p.Span | str = p.Span.YEAR) -> None:
        super().__init__()
        self.span = p.Span(span)

    @property
    def data(self) -> ProgressData | None:
        return self.view.data if self.view is not None else None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="progress-bar"):
            yield Static("Range", id="progress-range-label", markup=False)
            yield Select(
                [(f"{c.SPAN_LABEL[s]} ({c.SPAN_KEY[s]})", s.value) for s in p.Span],
                value=self.span.value,
                allow_blank=False,
                compact=True,
                id="progress-range",
            )
            yield Static(LOADING, id="progress-summary", classes="muted", markup=False)
        with TabbedContent(id="progress-tabs"):
            with TabPane("Mood", id="tab-mood"):
                yield MoodTab().data_bind(view=ProgressScreen.view)
            for kind in (m.ScaleKind.PHQ9, m.ScaleKind.GAD7):
                with TabPane(c.SCALE_NAME[kind], id=f"tab-{kind.value}"):
                    yield ScaleTab(kind).data_bind(view=ProgressScreen.view)
            with TabPane("Dose", id="tab-dose"):
                yield DoseTab().data_bind(view=ProgressScreen.view)
            with TabPane("By dose", id="tab-by-dose"):
                yield ByDoseTab().data_bind(view=ProgressScreen.view)
            with TabPane("Markers", id="tab-markers"):
                yield MarkersTab().data_bind(view=ProgressScreen.view)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#progress-tabs ContentTabs").focus()
        self._load(self.span)

    # -- loading ------------------------------------------------------------------------

    def action_span(self, span: str) -> None:
        """Chooses the range; the range selector follows and reloads."""
        self.query_one("#progress-range", Select).value = p.Span(span).value

    @on(Select.Changed, "#progress-range")
    def _span_chosen(self, event: Select.Changed) -> None:
        if event.value is Select.NULL:
            return
        span = p.Span(str(event.value))
        if span is self.span:
            return
        self.span = span
        self.query_one("#progress-summary", Static).update(LOADING)
        self._load(span)

    def _load(self, span: p.Span) -> None:
        self.call(
            lambda svc: load(svc, span),
            self._loaded,
            group="progress",
            failed=lambda error: self._failed(span, error),
        )

    def _loaded(self, view: ProgressView) -> None:
        if view.span is not self.span:
            return  # a range chosen meanwhile is on its way
        summary = self.query_one("#progress-summary", Static)
        summary.set_classes("muted")
        summary.update(c.summary(view.data, view.span))
        self.view = view  # every tab draws itself from it

    def _failed(self, span: p.Span, error: KetaJournalError) -> None:
        if span is not self.span:
            return
        # An unforeseen error's text may quote journal data: a calm sentence instead.
        said = COULD_NOT_READ if isinstance(error, Problem) else str(error)
        summary = self.query_one("#progress-summary", Static)
        summary.update(said)
        summary.set_classes("warning")
        for note in self.query(".progress-empty").results(Static):
            note.update("Nothing to show: the journal could not be read for this range.")
            note.display = True
