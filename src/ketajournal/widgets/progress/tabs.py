"""The progress view's tabs, one widget each; each draws itself from its `view` (a reactive).

The screen loads the data for a range once and binds it down (`data_bind`); a tab only
draws. The sentences come from `captions`, tested without an app.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import JustifyMethod
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import DataTable, Static

from ketajournal.domain import models as m
from ketajournal.domain import progress as p
from ketajournal.service.progress import ProgressData
from ketajournal.text import safe_text
from ketajournal.widgets.progress import captions as c
from ketajournal.widgets.progress.chart import (
    DATE_FORM,
    MONTH_FORM,
    ChartPane,
    Palette,
    PlotextPlot,
)

SHORT_BAND = {"moderately severe": "mod. severe"}  # the y axis keeps its labels short


@dataclass(frozen=True)
class ProgressView:
    """What every tab draws: the data of one range."""

    data: ProgressData
    span: p.Span


def _iso(day: Any) -> str:
    return str(day.isoformat())


def num(value: float | None, signed: bool = False) -> Text:
    if value is None:
        return Text(c.DASH, justify="right")
    return Text(f"{value:+.1f}" if signed else f"{value:.1f}", justify="right")


def cell(value: object, justify: JustifyMethod = "left") -> Text:
    """User text made inert: a plain str cell would be parsed as markup by DataTable."""
    return Text(safe_text(str(value)), justify=justify)


def fill(table: DataTable[Any], rows: Sequence[Sequence[Text]]) -> None:
    table.clear()
    for row in rows:
        table.add_row(*row)


class ProgressTab(Horizontal):
    """A tab of the progress view; subclasses draw `view` in `show`."""

    DEFAULT_CSS = "ProgressTab { height: 1fr; }"

    view: reactive[ProgressView | None] = reactive(None)

    def watch_view(self, view: ProgressView | None) -> None:
        if view is not None:
            self.show(view.data, view.span, Palette.from_theme(self.app.theme_variables))

    def show(self, data: ProgressData, span: p.Span, palette: Palette) -> None:
        raise NotImplementedError


class MoodTab(ProgressTab):
    def compose(self) -> ComposeResult:
        yield ChartPane("mood")
        yield DataTable(id="mood-table", classes="progress-side", cursor_type="row")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(
            "Month", Text("Mean mood", justify="right"), Text("Check-ins", justify="right")
        )

    def show(self, data: ProgressData, span: p.Span, palette: Palette) -> None:
        table = self.query_one(DataTable)
        fill(
            table,
            [
                (cell(f"{mv.month:%Y-%m}"), num(mv.value), cell(mv.count, "right"))
                for mv in reversed(data.mood_months)
            ],
        )
        table.set_class(not data.mood_months, "-hidden")
        pane = self.query_one(ChartPane)
        if (empty := c.mood_empty(data, span)) is not None:
            pane.say(empty)
            return
        assert data.first_day is not None
        period = c.mood_period(data)
        plt = pane.plot()
        points = p.period_means(data.mood_days, period)
        if period == "day":
            plt.scatter(
                [_iso(d.day) for d in points],
                [d.value for d in points],
                marker="dot",
                color=palette.faint,
            )
            trend = data.mood_trend
            plt.plot(
                [_iso(d.day) for d in trend],
                [d.value for d in trend],
                marker="braille",
                color=palette.line,
            )
        else:  # a long range: one point a week or a month, so the line stays readable
            xs, ys = [_iso(d.day) for d in points], [d.value for d in points]
            plt.plot(xs, ys, marker="braille", color=palette.line)
            plt.scatter(xs, ys, marker="•", color=palette.line)
        sessions = [
            _iso(data.day(o.session.sip_started_at))
            for o in data.sessions
            if o.session.sip_started_at
        ]
        if sessions:
            plt.scatter(sessions, [0] * len(sessions), marker=c.SESSION_MARK, color=palette.mark)
        plt.ylim(0, 10)
        plt.yticks([0, 2, 4, 6, 8, 10])
        plt.xlim(_iso(data.first_day), _iso(data.last_day))
        pane.done(c.mood_caption(data))


class ScaleTab(ProgressTab):
    def __init__(self, kind: m.ScaleKind, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kind = kind

    def compose(self) -> ComposeResult:
        key = self.kind.value
        yield ChartPane(key)
        yield DataTable(id=f"{key}-table", classes="progress-side", cursor_type="row")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Date", Text("Score", justify="right"), "Band")

    def show(self, data: ProgressData, span: p.Span, palette: Palette) -> None:
        results = c.scale_results(data, self.kind)
        table = self.query_one(DataTable)
        fill(
            table,
            [
                (cell(f"{data.day(r.at):%Y-%m-%d}"), cell(r.score, "right"), cell(r.band or ""))
                for r in reversed(results)
            ],
        )
        table.set_class(not results, "-hidden")
        pane = self.query_one(ChartPane)
        if (empty := c.scale_empty(data, self.kind, span)) is not None:
            pane.say(empty)
            return
        assert data.first_day is not None
        bands = c.SCALE_BANDS[self.kind]
        top = bands[-1][0]
        plt = pane.plot()
        starts = p.band_starts(bands)
        for start, _ in starts:
            plt.hline(start, palette.faint)
        xs = [_iso(data.day(r.at)) for r in results]
        ys = [r.score for r in results]
        plt.plot(xs, ys, marker="braille", color=palette.line)
        plt.scatter(xs, ys, marker="•", color=palette.line)
        plt.ylim(0, top)
        plt.yticks(
            [0, *(s for s, _ in starts), top],
            ["0", *(f"{s} {SHORT_BAND.get(n, n)}" for s, n in starts), str(top)],
        )
        plt.xlim(_iso(data.first_day), _iso(data.last_day))
        pane.done(c.scale_caption(data, self.kind))


class DoseTab(ProgressTab):
    def compose(self) -> ComposeResult:
        yield ChartPane("dose")
        with VerticalScroll(id="dose-history", classes="progress-side"):
            yield Static("Dose history", classes="card-title", markup=False)
            yield Static("", id="dose-steps", markup=False)

    def show(self, data: ProgressData, span: p.Span, palette: Palette) -> None:
        history: list[Text | str] = []
        for step in reversed(p.steps_in_force(data.dose_steps, data.window)):
            history += [
                Text(f"{data.day(step.effective_at):%Y-%m-%d}  {step.dose_mg:g} mg", "bold"),
                "\n",
                Text(safe_text(step.reason), "italic"),
                "\n\n",
            ]
        self.query_one("#dose-steps", Static).update(Text.assemble(*history))
        self.query_one("#dose-history").set_class(not history, "-hidden")
        pane = self.query_one(ChartPane)
        if (empty := c.dose_empty(data)) is not None:
            pane.say(empty)
            return
        assert data.first_day is not None
        taken = [
            (data.day(o.session.sip_started_at), o)
            for o in data.sessions
            if o.session.sip_started_at and o.session.taken_dose_mg is not None
        ]
        plt = pane.plot()
        xs: list[str] = []
        ys: list[float] = []
        for segment in data.dose_line:
            xs += [_iso(data.day(segment.start)), _iso(data.day(segment.end))]
            ys += [segment.dose_mg, segment.dose_mg]
        if xs:
            plt.plot(xs, ys, marker="braille", color=palette.line)
        differed = [(day, o) for day, o in taken if o.session.dose_differs]
        for group, colour, marker in (
            ([(d, o) for d, o in taken if not o.session.dose_differs], palette.mark, "●"),
            (differed, palette.warn, "◆"),
        ):
            if group:
                plt.scatter(
                    [_iso(day) for day, _ in group],
                    [o.session.taken_dose_mg for _, o in group],
                    marker=marker,
                    color=colour,
                )
        highest = max([*ys, *(o.session.taken_dose_mg or 0 for _, o in taken), 1])
        top = highest * 1.2
        ticks = c.nice_ticks(top)
        plt.ylim(0, top)
        plt.yticks(ticks, [f"{t:g} mg" for t in ticks])
        plt.xlim(_iso(data.first_day), _iso(data.last_day))
        pane.done(c.dose_caption(data, len(differed)))


class ByDoseTab(ProgressTab):
    def compose(self) -> ComposeResult:
        with Vertical(classes="progress-main"):
            yield DataTable(id="by-dose-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="by-dose-empty", classes="progress-empty", markup=False)
            yield PlotextPlot(id="by-dose-chart", classes="progress-chart wide-only")
            yield Static("", id="by-dose-caption", classes="progress-caption", markup=False)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(
            c.BY_DOSE_COLUMNS[0], *(Text(t, justify="right") for t in c.BY_DOSE_COLUMNS[1:])
        )

    def show(self, data: ProgressData, span: p.Span, palette: Palette) -> None:
        rows = data.by_dose
        table = self.query_one(DataTable)
        fill(
            table,
            [
                (
                    cell(c.DASH if o.step is None else f"{data.day(o.step.effective_at):%Y-%m-%d}"),
                    cell("no plan" if o.dose_mg is None else f"{o.dose_mg:g} mg", "right"),
                    cell(o.sessions, "right"),
                    num(o.mean_intensity),
                    num(o.mean_dissociation),
                    cell(f"{o.side_effects} ({o.severe})" if o.severe else o.side_effects, "right"),
                    num(o.mean_mood_change, signed=True),
                )
                for o in rows
            ],
        )
        table.display = bool(rows)
        empty = self.query_one("#by-dose-empty", Static)
        said = c.by_dose_empty(rows, span)
        empty.display = said is not None
        empty.update(said or "")
        self._chart(rows, palette)
        self.query_one("#by-dose-caption", Static).update(c.by_dose_caption(rows))

    def _chart(self, rows: Sequence[p.DoseOutcome], palette: Palette) -> None:
        """Bars side by side per dose step: mean intensity, dissociation and mood change."""
        rated = [
            o
            for o in rows
            if o.step is not None
            and (o.mean_intensity, o.mean_dissociation, o.mean_mood_change) != (None, None, None)
        ]
        chart = self.query_one("#by-dose-chart", PlotextPlot)
        chart.set_class(len(rated) < 2, "-hidden")  # display stays with the stylesheet
        if len(rated) < 2:
            return
        doses = [o.dose_mg for o in rated]
        labels = [
            f"{o.dose_mg:g} mg"
            if doses.count(o.dose_mg) == 1
            else f"{o.dose_mg:g} mg {o.step.effective_at:%Y-%m}"  # type: ignore[union-attr]
            for o in rated
        ]
        series = (
            [o.mean_intensity or 0.0 for o in rated],
            [o.mean_dissociation or 0.0 for o in rated],
            [o.mean_mood_change or 0.0 for o in rated],
        )
        plt = chart.plt
        plt.clear_figure()
        plt.multiple_bar(
            labels,
            list(series),
            color=[palette.line, palette.faint, palette.mark],  # type: ignore[arg-type]  # plotext takes one colour per series
        )
        low = min(0.0, *series[2])
        plt.ylim(math.floor(low), 10)
        plt.yticks(list(range(math.floor(low), 11, 2)))
        chart.refresh()


class MarkersTab(ProgressTab):
    def compose(self) -> ComposeResult:
        with Vertical(id="markers-main", classes="progress-main"):
            yield DataTable(id="markers-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="markers-empty", classes="progress-empty", markup=False)
            yield Static("", id="markers-caption", classes="progress-caption", markup=False)
        yield PlotextPlot(id="markers-chart", classes="progress-side progress-chart")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(
            "Month", *(Text(label, justify="right") for label in c.MARKER_LABEL.values())
        )

    def show(self, data: ProgressData, span: p.Span, palette: Palette) -> None:
        months = data.marker_months
        table = self.query_one(DataTable)
        fill(
            table,
            [
                (cell(f"{mm.month:%Y-%m}"), *(num(mm.means.get(kind)) for kind in c.MARKER_LABEL))
                for mm in reversed(months)
            ],
        )
        table.display = bool(months)
        empty = self.query_one("#markers-empty", Static)
        said = c.markers_empty(data, span)
        empty.display = said is not None
        empty.update(said or "")
        self.query_one("#markers-caption", Static).update(c.markers_caption(data))
        chart = self.query_one("#markers-chart", PlotextPlot)
        chart.set_class(len(months) < 2, "-hidden")  # display stays with the stylesheet
        if len(months) < 2:
            return
        plt = chart.plt
        plt.clear_figure()
        plt.date_form(DATE_FORM, MONTH_FORM)  # monthly points: label the axis by month
        xs = [_iso(mm.month) for mm in months]
        overall = [mm.overall for mm in months]
        plt.plot(xs, overall, marker="braille", color=palette.line)
        plt.scatter(xs, overall, marker="•", color=palette.line)
        plt.title("All five markers together, month by month")
        plt.ylim(0, 4)
        plt.yticks([0, 1, 2, 3, 4])
        chart.refresh()
