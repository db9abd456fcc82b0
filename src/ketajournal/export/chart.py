"""Where a chart's points, axes and bands go on a page: shared by the SVG and the PDF charts.

The time axis runs from the first point to the last (never from the start of a range with
nothing in it), and each band's name sits inside its own band.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from html import escape

from ketajournal.domain.document import Chart
from ketajournal.domain.summary.words import day


@dataclass(frozen=True, slots=True)
class Frame:
    """A rectangle to draw a chart in (any unit; y grows downwards, as on screens and PDF)."""

    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Layout:
    chart: Chart
    frame: Frame

    def x(self, when: datetime) -> float:
        start, end = self.chart.start, self.chart.end
        span = (end - start).total_seconds()
        ratio = 0.5 if span <= 0 else (when - start).total_seconds() / span
        return self.frame.left + self.frame.width * ratio

    def y(self, value: float) -> float:
        low, high = self.chart.y_min, self.chart.y_max
        ratio = (min(max(value, low), high) - low) / (high - low)
        return self.frame.top + self.frame.height * (1 - ratio)

    def bands(self) -> Iterator[tuple[float, float, str]]:
        """(top, bottom, name) of each band, clipped to the chart."""
        for band in self.chart.bands:
            top, bottom = self.y(band.high), self.y(band.low)
            if bottom > top:
                yield top, bottom, band.name

    def ticks(self) -> list[float]:
        low, high = self.chart.y_min, self.chart.y_max
        step = 5 if high - low <= 30 else 10
        return [float(v) for v in range(int(low), int(high) + 1, step)]


WIDTH, HEIGHT = 640, 220
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 34, 14, 34, 26
GUTTER = 96  # right of the plot: band names, beside their band and off the data
SHADES = ("#f4f6f8", "#e9edf1")


def svg_chart(chart: Chart) -> str:
    """The chart as inline SVG: no scripts, no fonts to fetch, every label escaped."""
    gutter = GUTTER if chart.bands else 0
    layout = Layout(
        chart,
        Frame(
            PAD_LEFT, PAD_TOP, WIDTH - PAD_LEFT - PAD_RIGHT - gutter, HEIGHT - PAD_TOP - PAD_BOTTOM
        ),
    )
    f = layout.frame
    title = chart.title
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}" class="chart">',
        f'<text x="{PAD_LEFT}" y="16" class="chart-title">{escape(title)}</text>',
    ]
    for index, (top, bottom, name) in enumerate(layout.bands()):
        parts.append(
            f'<rect x="{f.left}" y="{top:.1f}" width="{f.width}" height="{bottom - top:.1f}" '
            f'fill="{SHADES[index % 2]}"/>'
        )
        if bottom - top >= 9:
            parts.append(
                f'<text x="{f.left + f.width + 5}" y="{(top + bottom) / 2 + 3.5:.1f}" '
                f'class="band-label">{escape(name)}</text>'
            )
    for value in layout.ticks():
        y = layout.y(value)
        parts.append(
            f'<line x1="{f.left}" y1="{y:.1f}" x2="{f.left + f.width}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{f.left - 5}" y="{y + 3.5:.1f}" class="tick" '
            f'text-anchor="end">{value:g}</text>'
        )
    bottom = f.top + f.height
    parts.append(
        f'<text x="{f.left}" y="{bottom + 16}" class="tick">{day(chart.start)}</text>'
        f'<text x="{f.left + f.width}" y="{bottom + 16}" class="tick" text-anchor="end">'
        f"{day(chart.end)}</text>"
    )
    legend_x = WIDTH - PAD_RIGHT
    for series in chart.series:
        coords = [(layout.x(t), layout.y(v)) for t, v in series.points]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{series.colour}" stroke-width="1.6"/>'
        )
        if len(coords) <= 120:
            parts += [
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.2" fill="{series.colour}"/>'
                for x, y in coords
            ]
        parts.append(
            f'<text x="{legend_x}" y="16" class="tick" text-anchor="end" '
            f'style="fill:{series.colour}">■ {escape(series.label)}</text>'
        )
        legend_x -= 90
    parts.append("</svg>")
    return "".join(parts)
