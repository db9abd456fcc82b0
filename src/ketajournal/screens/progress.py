"""The progress screen: mood, scales and dose over time, and outcomes side by side per dose."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import JustifyMethod
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.color import Color, ColorParseError
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Select,
    Static,
    TabbedContent,
    TabPane,
)
from textual.worker import Worker, WorkerState

# textual-plotext pulls in plotext (~40 ms); only this screen needs it.
from textual_plotext import PlotextPlot

from ketajournal.domain import models as m
from ketajournal.domain import progress as p
from ketajournal.domain import scales
from ketajournal.errors import KetaJournalError
from ketajournal.service.progress import ProgressData, progress_data
from ketajournal.text import safe_text

if TYPE_CHECKING:
    from ketajournal.app import KetaJournalApp

SPAN_LABEL = {
    p.Span.MONTH: "Last month",
    p.Span.QUARTER: "Last 3 months",
    p.Span.YEAR: "Last year",
    p.Span.ALL: "All time",
}
SPAN_KEY = {p.Span.MONTH: "1", p.Span.QUARTER: "2", p.Span.YEAR: "3", p.Span.ALL: "4"}
MARKER_LABEL = {
    m.MarkerKind.PERSPECTIVE: "Perspective",
    m.MarkerKind.SELF_PATIENCE: "Self-patience",
    m.MarkerKind.STRESS_RESPONSE: "Stress response",
    m.MarkerKind.OPENNESS: "Openness",
    m.MarkerKind.HOBBIES: "Hobbies",
}
SCALE_BANDS = {m.ScaleKind.PHQ9: scales.PHQ9_BANDS, m.ScaleKind.GAD7: scales.GAD7_BANDS}
SCALE_NAME = {m.ScaleKind.PHQ9: "PHQ-9", m.ScaleKind.GAD7: "GAD-7"}
SHORT_BAND = {"moderately severe": "mod. severe"}  # the y axis keeps its labels short
SESSION_MARK = "▲"  # a session day, along the bottom of the mood chart
DATE_FORM = "Y-m-d"  # plotext's spelling of %Y-%m-%d
MONTH_FORM = "Y-m"
DASH = "–"
LOADING = "Gathering your entries…"
COULD_NOT_READ = "The journal could not be read for this view. Try another range, or reopen it."


def _iso(day: date) -> str:
    return day.isoformat()


def _num(value: float | None, signed: bool = False) -> Text:
    if value is None:
        return Text(DASH, justify="right")
    return Text(f"{value:+.1f}" if signed else f"{value:.1f}", justify="right")


def _cell(value: object, justify: JustifyMethod = "left") -> Text:
    """User text made inert: a plain str cell would be parsed as markup by DataTable."""
    return Text(safe_text(str(value)), justify=justify)


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


@dataclass(frozen=True)
class Palette:
    """Chart colours, read from the app's theme (plotext takes RGB triples)."""

    line: tuple[int, int, int]
    mark: tuple[int, int, int]
    warn: tuple[int, int, int]
    faint: tuple[int, int, int]

    @classmethod
    def from_theme(cls, variables: dict[str, str]) -> Palette:
        def rgb(name: str) -> tuple[int, int, int]:
            try:
                return Color.parse(variables[name]).rgb
            except (KeyError, ColorParseError):
                return Color.parse(variables.get("foreground", "white")).rgb

        surface = Color.parse(variables.get("surface", "black"))
        faint = Color.parse(variables.get("foreground", "white")).blend(surface, 0.6).rgb
        return cls(
            line=rgb("primary"),
            mark=rgb("accent"),
            warn=rgb("warning"),
            faint=faint,
        )


class ProgressScreen(Screen[None]):
    """Charts and tables of progress over a chosen range; it reads, it never writes."""

    CSS_PATH = "progress.tcss"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-narrow"),
        (120, "-wide"),
    ]
    HELP = (
        "Your progress over a range of time: mood (the mean of each day), PHQ-9 and GAD-7 "
        "scores with the lines where their published bands begin, the prescribed dose as "
        "your care team set it with your sessions on it, outcomes side by side per dose "
        "step, and the progress markers month by month. Keys 1 to 4 choose the range "
        "(month, 3 months, year, all); left and right switch tabs. These are your own "
        "records to bring to your care team: not a diagnosis, and never a dose suggestion."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "span('month')", "Range", id="progress.month", key_display="1-4"),
        Binding("2", "span('quarter')", "3 months", id="progress.quarter", show=False),
        Binding("3", "span('year')", "Year", id="progress.year", show=False),
        Binding("4", "span('all')", "All time", id="progress.all", show=False),
        Binding("escape", "app.pop_screen", "Back", id="progress.back"),
    ]

    @dataclass
    class Loaded(Message):
        span: p.Span
        data: ProgressData

    @dataclass
    class Failed(Message):
        span: p.Span
        error: str

    def __init__(self, span: p.Span | str = p.Span.YEAR) -> None:
        super().__init__()
        self.span = p.Span(span)
        self.data: ProgressData | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="progress-bar"):
            yield Static("Range", id="progress-range-label", markup=False)
            yield Select(
                [(f"{SPAN_LABEL[s]} ({SPAN_KEY[s]})", s.value) for s in p.Span],
                value=self.span.value,
                allow_blank=False,
                compact=True,
                id="progress-range",
            )
            yield Static(LOADING, id="progress-summary", classes="muted", markup=False)
        with TabbedContent(id="progress-tabs"):
            with TabPane("Mood", id="tab-mood"), Horizontal(classes="progress-body"):
                with Vertical(classes="progress-main"):
                    yield PlotextPlot(id="mood-chart", classes="progress-chart")
                    yield Static(LOADING, id="mood-empty", classes="progress-empty", markup=False)
                    yield Static("", id="mood-caption", classes="progress-caption", markup=False)
                yield DataTable(id="mood-table", classes="progress-side", cursor_type="row")
            for kind in (m.ScaleKind.PHQ9, m.ScaleKind.GAD7):
                key = kind.value
                with (
                    TabPane(SCALE_NAME[kind], id=f"tab-{key}"),
                    Horizontal(classes="progress-body"),
                ):
                    with Vertical(classes="progress-main"):
                        yield PlotextPlot(id=f"{key}-chart", classes="progress-chart")
                        yield Static(
                            LOADING, id=f"{key}-empty", classes="progress-empty", markup=False
                        )
                        yield Static(
                            "", id=f"{key}-caption", classes="progress-caption", markup=False
                        )
                    yield DataTable(id=f"{key}-table", classes="progress-side", cursor_type="row")
            with TabPane("Dose", id="tab-dose"), Horizontal(classes="progress-body"):
                with Vertical(classes="progress-main"):
                    yield PlotextPlot(id="dose-chart", classes="progress-chart")
                    yield Static(LOADING, id="dose-empty", classes="progress-empty", markup=False)
                    yield Static("", id="dose-caption", classes="progress-caption", markup=False)
                with VerticalScroll(id="dose-history", classes="progress-side"):
                    yield Static("Dose history", classes="card-title", markup=False)
                    yield Static("", id="dose-steps", markup=False)
            with TabPane("By dose", id="tab-by-dose"), Vertical(classes="progress-main"):
                yield DataTable(id="by-dose-table", cursor_type="row", zebra_stripes=True)
                yield Static(LOADING, id="by-dose-empty", classes="progress-empty", markup=False)
                yield PlotextPlot(id="by-dose-chart", classes="progress-chart wide-only")
                yield Static("", id="by-dose-caption", classes="progress-caption", markup=False)
            with TabPane("Markers", id="tab-markers"), Horizontal(classes="progress-body"):
                with Vertical(id="markers-main", classes="progress-main"):
                    yield DataTable(id="markers-table", cursor_type="row", zebra_stripes=True)
                    yield Static(
                        LOADING, id="markers-empty", classes="progress-empty", markup=False
                    )
                    yield Static("", id="markers-caption", classes="progress-caption", markup=False)
                yield PlotextPlot(id="markers-chart", classes="progress-side progress-chart")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#mood-table", DataTable).add_columns(
            "Month", Text("Mean mood", justify="right"), Text("Check-ins", justify="right")
        )
        for key in ("phq9", "gad7"):
            self.query_one(f"#{key}-table", DataTable).add_columns(
                "Date", Text("Score", justify="right"), "Band"
            )
        self.query_one("#by-dose-table", DataTable).add_columns(
            "From",
            Text("Dose", justify="right"),
            Text("Sessions", justify="right"),
            Text("Intensity", justify="right"),
            Text("Dissoc.", justify="right"),
            Text("Side effects", justify="right"),
            Text("Mood change", justify="right"),
        )
        self.query_one("#markers-table", DataTable).add_columns(
            "Month", *(Text(label, justify="right") for label in MARKER_LABEL.values())
        )
        for key in ("mood", "phq9", "gad7", "dose"):
            self.query_one(f"#{key}-chart", PlotextPlot).display = False
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

    @work(thread=True, exclusive=True, group="progress", exit_on_error=False)
    def _load(self, span: p.Span) -> None:
        app: KetaJournalApp = self.app  # type: ignore[assignment]
        svc = app.svc
        try:
            window = p.window_for(span, svc.ctx.now(), None)  # local days
            data = progress_data(svc, window.since, window.until)
        except KetaJournalError as exc:
            self.post_message(self.Failed(span, str(exc)))
            return
        self.post_message(self.Loaded(span, data))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # An unexpected error: say so calmly (its text may quote journal data, so not shown).
        if event.worker.group == "progress" and event.state is WorkerState.ERROR:
            self.post_message(self.Failed(self.span, COULD_NOT_READ))

    def on_progress_screen_failed(self, message: Failed) -> None:
        if message.span is not self.span:
            return
        summary = self.query_one("#progress-summary", Static)
        summary.update(message.error)
        summary.set_classes("warning")
        for note in self.query(".progress-empty").results(Static):
            note.update("Nothing to show: the journal could not be read for this range.")
            note.display = True

    def on_progress_screen_loaded(self, message: Loaded) -> None:
        if message.span is not self.span:
            return  # a range chosen meanwhile is on its way
        self.data = data = message.data
        summary = self.query_one("#progress-summary", Static)
        summary.set_classes("muted")
        summary.update(_summary(data, self.span))
        palette = Palette.from_theme(self.app.theme_variables)
        self._show_mood(data, palette)
        for kind in (m.ScaleKind.PHQ9, m.ScaleKind.GAD7):
            self._show_scale(kind, data, palette)
        self._show_dose(data, palette)
        self._show_by_dose(data, palette)
        self._show_markers(data, palette)

    # -- tabs -----------------------------------------------------------------------------

    def _chart(self, key: str, empty: str | None) -> PlotextPlot | None:
        """The chart to draw on, cleared; or None, with the calm sentence `empty` instead."""
        chart = self.query_one(f"#{key}-chart", PlotextPlot)
        note = self.query_one(f"#{key}-empty", Static)
        chart.display = empty is None
        note.display = empty is not None
        note.update(empty or "")
        if empty is not None:
            return None
        chart.plt.clear_figure()
        chart.plt.date_form(DATE_FORM)
        return chart

    def _show_mood(self, data: ProgressData, palette: Palette) -> None:
        days = data.mood_days
        _fill(
            self.query_one("#mood-table", DataTable),
            [
                (
                    _cell(f"{mv.month:%Y-%m}"),
                    _num(mv.value),
                    _cell(mv.count, "right"),
                )
                for mv in reversed(data.mood_months)
            ],
        )
        self.query_one("#mood-table").set_class(not data.mood_months, "-hidden")
        caption = self.query_one("#mood-caption", Static)
        if not days:
            self._chart("mood", _nothing("mood check-ins", self.span))
            caption.update("")
            return
        if len(days) == 1:
            only = days[0]
            self._chart(
                "mood",
                f"One day with a mood check-in in this range: {_short(only.value)} of 10 on "
                f"{only.day:%Y-%m-%d}. The chart appears once there are two days to compare.",
            )
            caption.update("")
            return
        chart = self._chart("mood", None)
        assert chart is not None and data.first_day is not None
        plt = chart.plt
        plt.scatter(
            [_iso(d.day) for d in days],
            [d.value for d in days],
            marker="dot",
            color=palette.faint,
            label="daily mean",
        )
        trend = data.mood_trend
        plt.plot(
            [_iso(d.day) for d in trend],
            [d.value for d in trend],
            marker="braille",
            color=palette.line,
            label=f"{p.TREND_DAYS}-day mean",
        )
        sessions = [
            _iso(data.day(o.session.sip_started_at))
            for o in data.sessions
            if o.session.sip_started_at
        ]
        if sessions:
            plt.scatter(
                sessions,
                [0] * len(sessions),
                marker=SESSION_MARK,
                color=palette.mark,
                label="session",
            )
        plt.ylim(0, 10)
        plt.yticks([0, 2, 4, 6, 8, 10])
        plt.xlim(_iso(data.first_day), _iso(data.last_day))
        chart.refresh()
        mean = sum(d.value for d in days) / len(days)
        caption.update(
            f"Mood 0-10: dots are the mean of each day ({_plural(data.mood_checkins, 'check-in')} "
            f"on {_plural(len(days), 'day')}, mean {mean:.1f}), the line the {p.TREND_DAYS}-day "
            f"mean; {SESSION_MARK} a session."
        )

    def _show_scale(self, kind: m.ScaleKind, data: ProgressData, palette: Palette) -> None:
        key, name = kind.value, SCALE_NAME[kind]
        results = data.phq9 if kind is m.ScaleKind.PHQ9 else data.gad7
        _fill(
            self.query_one(f"#{key}-table", DataTable),
            [
                (_cell(f"{data.day(r.at):%Y-%m-%d}"), _cell(r.score, "right"), _cell(r.band or ""))
                for r in reversed(results)
            ],
        )
        self.query_one(f"#{key}-table").set_class(not results, "-hidden")
        caption = self.query_one(f"#{key}-caption", Static)
        bands = SCALE_BANDS[kind]
        top = bands[-1][0]
        if not results:
            self._chart(key, _nothing(f"{name} results", self.span))
            caption.update("")
            return
        if len(results) == 1:
            only = results[0]
            self._chart(
                key,
                f"One {name} in this range: {only.score} of {top} ({only.band or 'no band'}) on "
                f"{data.day(only.at):%Y-%m-%d}. The chart appears from the second one.",
            )
            caption.update("")
            return
        chart = self._chart(key, None)
        assert chart is not None and data.first_day is not None
        plt = chart.plt
        starts = p.band_starts(bands)
        for start, _ in starts:
            plt.hline(start, palette.faint)
        plt.plot(
            [_iso(data.day(r.at)) for r in results],
            [r.score for r in results],
            marker="braille",
            color=palette.line,
        )
        plt.scatter(
            [_iso(data.day(r.at)) for r in results],
            [r.score for r in results],
            marker="•",
            color=palette.line,
        )
        plt.ylim(0, top)
        plt.yticks(
            [0, *(s for s, _ in starts), top],
            ["0", *(f"{s} {SHORT_BAND.get(n, n)}" for s, n in starts), str(top)],
        )
        plt.xlim(_iso(data.first_day), _iso(data.last_day))
        chart.refresh()
        first, last = results[0], results[-1]
        caption.update(
            f"{name} 0-{top}, {_plural(len(results), 'result')}. Latest {last.score} "
            f"({last.band}) on {data.day(last.at):%Y-%m-%d}; first in this range {first.score} "
            f"({first.band}). Lines mark where the published bands begin."
        )

    def _show_dose(self, data: ProgressData, palette: Palette) -> None:
        in_force = p.steps_in_force(data.dose_steps, data.window)
        history: list[Text | str] = []
        for step in reversed(in_force):
            history += [
                Text(f"{data.day(step.effective_at):%Y-%m-%d}  {step.dose_mg:g} mg", "bold"),
                "\n",
                Text(safe_text(step.reason), "italic"),
                "\n\n",
            ]
        self.query_one("#dose-steps", Static).update(Text.assemble(*history))
        self.query_one("#dose-history").set_class(not history, "-hidden")
        caption = self.query_one("#dose-caption", Static)
        line = data.dose_line
        sessions = data.sessions
        taken = [
            (data.day(o.session.sip_started_at), o)
            for o in sessions
            if o.session.sip_started_at and o.session.taken_dose_mg is not None
        ]
        days = {data.day(s.start) for s in line} | {data.day(s.end) for s in line}
        days |= {day for day, _ in taken}
        if len(days) < 2 or data.first_day is None:
            if not data.dose_steps:
                empty = (
                    "No prescribed dose recorded yet. The plan screen keeps the doses your "
                    "care team sets; they are charted here with your sessions."
                )
            else:
                current = data.dose_steps[-1]
                empty = (
                    f"Prescribed dose: {current.dose_mg:g} mg since "
                    f"{data.day(current.effective_at):%Y-%m-%d}, as your care team set it. "
                    + (
                        "No sessions in this range yet."
                        if not sessions
                        else f"{_plural(len(sessions), 'session')} in this range."
                    )
                )
            self._chart("dose", empty)
            caption.update("")
            return
        chart = self._chart("dose", None)
        assert chart is not None
        plt = chart.plt
        xs: list[str] = []
        ys: list[float] = []
        for segment in line:
            xs += [_iso(data.day(segment.start)), _iso(data.day(segment.end))]
            ys += [segment.dose_mg, segment.dose_mg]
        if xs:
            plt.plot(xs, ys, marker="braille", color=palette.line, label="prescribed")
        as_planned = [(day, o) for day, o in taken if not o.session.dose_differs]
        differed = [(day, o) for day, o in taken if o.session.dose_differs]
        for group, colour, marker, label in (
            (as_planned, palette.mark, "●", "session"),
            (differed, palette.warn, "◆", "taken ≠ plan"),
        ):
            if group:
                plt.scatter(
                    [_iso(day) for day, _ in group],
                    [o.session.taken_dose_mg for _, o in group],
                    marker=marker,
                    color=colour,
                    label=label,
                )
        highest = max([*ys, *(o.session.taken_dose_mg or 0 for _, o in taken), 1])
        top = highest * 1.2
        ticks = _nice_ticks(top)
        plt.ylim(0, top)
        plt.yticks(ticks, [f"{t:g} mg" for t in ticks])
        plt.xlim(_iso(data.first_day), _iso(data.last_day))
        chart.refresh()
        caption.update(
            "The line is the prescribed dose as your care team set it; each point a session at "
            f"the dose taken ({_plural(len(sessions), 'session')}"
            + (f", {len(differed)} differing from the plan" if differed else "")
            + ")."
        )

    def _show_by_dose(self, data: ProgressData, palette: Palette) -> None:
        table = self.query_one("#by-dose-table", DataTable)
        rows = data.by_dose
        _fill(
            table,
            [
                (
                    _cell(DASH if o.step is None else f"{data.day(o.step.effective_at):%Y-%m-%d}"),
                    _cell("no plan" if o.dose_mg is None else f"{o.dose_mg:g} mg", "right"),
                    _cell(o.sessions, "right"),
                    _num(o.mean_intensity),
                    _num(o.mean_dissociation),
                    _cell(
                        f"{o.side_effects} ({o.severe} severe)" if o.severe else o.side_effects,
                        "right",
                    ),
                    _num(o.mean_mood_change, signed=True),
                )
                for o in rows
            ],
        )
        empty = self.query_one("#by-dose-empty", Static)
        caption = self.query_one("#by-dose-caption", Static)
        has_sessions = any(o.sessions for o in rows)
        self._by_dose_chart(rows, palette)
        table.display = bool(rows)
        empty.display = not has_sessions
        if not rows:
            empty.update(
                "Nothing to set side by side yet: no dose steps and no sessions in this range."
            )
        elif not has_sessions:
            empty.update(_nothing("sessions", self.span))
        caption.update(
            "Each session counts under the dose step in force when it started. Intensity and "
            "dissociation (Dissoc.): mean 0-10 ratings after the sessions; side effects: how "
            "many were marked or reported; mood change: mood after minus mood before. Your own "
            "records, to discuss with your care team; not advice."
            if rows
            else ""
        )

    def _by_dose_chart(self, rows: Sequence[p.DoseOutcome], palette: Palette) -> None:
        """Bars side by side per dose step: mean intensity, dissociation and mood change."""
        chart = self.query_one("#by-dose-chart", PlotextPlot)
        rated = [
            o
            for o in rows
            if o.step is not None
            and (o.mean_intensity, o.mean_dissociation, o.mean_mood_change) != (None, None, None)
        ]
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
            ("intensity", [o.mean_intensity or 0.0 for o in rated]),
            ("dissociation", [o.mean_dissociation or 0.0 for o in rated]),
            ("mood change", [o.mean_mood_change or 0.0 for o in rated]),
        )
        plt = chart.plt
        plt.clear_figure()
        plt.multiple_bar(
            labels,
            [values for _, values in series],
            labels=[name for name, _ in series],
            color=[palette.line, palette.faint, palette.mark],
        )
        low = min(0.0, *series[2][1])
        plt.ylim(math.floor(low), 10)
        plt.yticks(list(range(math.floor(low), 11, 2)))
        chart.refresh()

    def _show_markers(self, data: ProgressData, palette: Palette) -> None:
        months = data.marker_months
        table = self.query_one("#markers-table", DataTable)
        _fill(
            table,
            [
                (
                    _cell(f"{mm.month:%Y-%m}"),
                    *(_num(mm.means.get(kind)) for kind in MARKER_LABEL),
                )
                for mm in reversed(months)
            ],
        )
        table.display = bool(months)
        empty = self.query_one("#markers-empty", Static)
        empty.display = not months
        empty.update(
            ""
            if months
            else "Progress markers (perspective, patience with yourself, responding to stress, "
            "openness, hobbies) are rated in the follow-up reflections. "
            + _nothing("ratings", self.span)
        )
        self.query_one("#markers-caption", Static).update(
            f"Mean of each progress marker per month, 0 (not at all) to 4 (very much), from "
            f"{_plural(data.marker_ratings, 'rating')}."
            if months
            else ""
        )
        chart = self.query_one("#markers-chart", PlotextPlot)
        chart.set_class(len(months) < 2, "-hidden")  # display stays with the stylesheet
        if len(months) < 2:
            return
        plt = chart.plt
        plt.clear_figure()
        plt.date_form(DATE_FORM, MONTH_FORM)  # monthly points: label the axis by month
        xs = [_iso(mm.month) for mm in months]
        overall = [mm.overall for mm in months]
        plt.plot(xs, overall, marker="braille", color=palette.line, label="mean of the markers")
        plt.scatter(xs, overall, marker="•", color=palette.line)
        plt.title("All five markers together, month by month")
        plt.ylim(0, 4)
        plt.yticks([0, 1, 2, 3, 4])
        chart.refresh()


def _short(value: float) -> str:
    """6.0 -> "6", 6.25 -> "6.2": one decimal, none when it is a whole number."""
    return f"{value:.1f}".removesuffix(".0")


def _nice_ticks(top: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to below `top`: steps of 1, 2, 2.5 or 5 times a power of 10."""
    raw = top / count
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(f * power for f in (1, 2, 2.5, 5, 10) if f * power >= raw)
    return [round(i * step, 6) for i in range(int(top // step) + 1)]


def _summary(data: ProgressData, span: p.Span) -> str:
    if data.empty or data.first_day is None:
        return (
            "Nothing recorded in this range yet."
            if span is not p.Span.ALL
            else "Nothing recorded yet."
        )
    sessions = len(data.sessions)
    return f"{data.first_day:%Y-%m-%d} to {data.last_day:%Y-%m-%d} · {_plural(sessions, 'session')}"


def _nothing(what: str, span: p.Span) -> str:
    if span is p.Span.ALL:
        return f"No {what} yet."
    return f"No {what} in this range. Press 4 to look at all time."


def _fill(table: DataTable[Any], rows: Sequence[Sequence[Text]]) -> None:
    table.clear()
    for row in rows:
        table.add_row(*row)
