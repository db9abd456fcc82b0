"""A small inline SVG line chart (no scripts, no fonts to fetch), for the HTML export."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

WIDTH, HEIGHT, PAD = 640, 200, 36


def line_chart(
    title: str,
    series: Sequence[tuple[str, str, Sequence[tuple[datetime, float]]]],
    *,
    y_max: float,
    start: datetime,
    end: datetime,
    bands: Sequence[tuple[float, str]] = (),
) -> str:
    """series: (label, colour, points); bands: (upper bound, name) lines across the chart."""
    span = max((end - start).total_seconds(), 1.0)

    def x(when: datetime) -> float:
        return PAD + (WIDTH - 2 * PAD) * (when - start).total_seconds() / span

    def y(value: float) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * value / y_max

    axis = 'class="axis"/>'
    tick_end = 'class="tick" text-anchor="end"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}" class="chart">',
        f'<text x="{PAD}" y="18" class="chart-title">{escape(title)}</text>',
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" {axis}',
        f'<line x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{HEIGHT - PAD}" {axis}',
        f'<text x="{PAD - 6}" y="{y(0) + 4:.1f}" {tick_end}>0</text>',
        f'<text x="{PAD - 6}" y="{y(y_max) + 4:.1f}" {tick_end}>{y_max:g}</text>',
        f'<text x="{PAD}" y="{HEIGHT - 12}" class="tick">{start:%Y-%m-%d}</text>',
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - 12}" {tick_end}>{end:%Y-%m-%d}</text>',
    ]
    for upper, name in bands:
        if 0 < upper < y_max:
            parts.append(
                f'<line x1="{PAD}" y1="{y(upper):.1f}" x2="{WIDTH - PAD}" y2="{y(upper):.1f}" '
                f'class="band"/><text x="{WIDTH - PAD - 2}" y="{y(upper) - 3:.1f}" '
                f"{tick_end}>{escape(name)}</text>"
            )
    legend_x = PAD
    for label, colour, points in series:
        if points:
            path = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
            parts += [
                f'<circle cx="{x(t):.1f}" cy="{y(v):.1f}" r="2.5" fill="{colour}"/>'
                for t, v in points
            ]
        parts.append(
            f'<text x="{legend_x}" y="32" class="tick" style="fill:{colour}">'
            f"■ {escape(label)}</text>"
        )
        legend_x += 90
    parts.append("</svg>")
    return "".join(parts)
