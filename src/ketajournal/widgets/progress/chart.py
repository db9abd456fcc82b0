"""A chart with its sentence: either a plot and a caption under it, or a calm note alone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.color import Color, ColorParseError
from textual.containers import Vertical
from textual.widgets import Static

# textual-plotext pulls in plotext (~40 ms); only the progress view needs it.
from textual_plotext import PlotextPlot

DATE_FORM = "Y-m-d"  # plotext's spelling of %Y-%m-%d
MONTH_FORM = "Y-m"
LOADING = "Gathering your entries…"


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
        return cls(line=rgb("primary"), mark=rgb("accent"), warn=rgb("warning"), faint=faint)


class ChartPane(Vertical):
    """`plot()` clears the chart and returns it to draw on; `say(sentence)` shows the
    sentence instead. `caption` goes under the chart (it names every symbol on it)."""

    DEFAULT_CSS = """
    ChartPane { width: 1fr; height: 1fr; }
    """

    def __init__(self, key: str, **kwargs: Any) -> None:
        super().__init__(classes="progress-main", **kwargs)
        self.key = key

    def compose(self) -> ComposeResult:
        yield PlotextPlot(id=f"{self.key}-chart", classes="progress-chart")
        yield Static(LOADING, id=f"{self.key}-empty", classes="progress-empty", markup=False)
        yield Static("", id=f"{self.key}-caption", classes="progress-caption", markup=False)

    def on_mount(self) -> None:
        self.query_one(PlotextPlot).display = False

    def say(self, sentence: str) -> None:
        """No chart: the calm sentence alone."""
        self.query_one(PlotextPlot).display = False
        note = self.query_one(f"#{self.key}-empty", Static)
        note.display = True
        note.update(sentence)
        self.caption("")

    def plot(self) -> Any:
        """The chart's plotext module, cleared, ready for one drawing (then `done`)."""
        chart = self.query_one(PlotextPlot)
        chart.display = True
        self.query_one(f"#{self.key}-empty", Static).display = False
        chart.plt.clear_figure()
        chart.plt.date_form(DATE_FORM)
        return chart.plt

    def done(self, caption: str) -> None:
        self.query_one(PlotextPlot).refresh()
        self.caption(caption)

    def caption(self, text: str) -> None:
        self.query_one(f"#{self.key}-caption", Static).update(text)
