"""The home screen's mood line: one column per day, so its width is time, gaps and all.

With only a few check-ins it says them in words instead: a line stretched from one to
three values would look like weeks of data.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ketajournal.text import plural

BLOCKS = "▁▂▃▄▅▆▇█"
GAP = "·"  # a day without a check-in
FEW = 4  # fewer days with a check-in than this are said in words


def _ago(days: int) -> str:
    if days == 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def columns(days: Sequence[float | None], width: int) -> list[float | None]:
    """The days folded into at most `width` columns (the mean of each run of days),
    the newest last; a column with no check-in is None."""
    if not days or width <= 0:
        return []
    per = -(-len(days) // width)  # days per column, rounded up
    # Columns end at today: the oldest column may hold fewer days.
    start = len(days) % per
    groups = ([days[:start]] if start else []) + [
        days[i : i + per] for i in range(start, len(days), per)
    ]
    out: list[float | None] = []
    for group in groups:
        values = [v for v in group if v is not None]
        out.append(sum(values) / len(values) if values else None)
    return out


def describe(days: Sequence[float | None], width: int) -> Content:
    """What the mood line shows for these days (oldest first, the last one today)."""
    if not days:  # not loaded yet
        return Content("")
    rated = [(len(days) - 1 - i, v) for i, v in enumerate(days) if v is not None]
    weeks = len(days) // 7
    if not rated:
        return Content.styled(f"No mood check-ins in the last {weeks} weeks yet.", "$text-muted")
    if len(rated) < FEW:
        said = " · ".join(f"{_num(v)} {_ago(ago)}" for ago, v in reversed(rated))
        return Content.assemble(
            (f"Mood, last {weeks} weeks: ", "bold"),
            (f"{plural(len(rated), 'day')} with a check-in (a line from {FEW})\n", "$text-muted"),
            f"{said} (of 10)",
        )
    mean = sum(v for _, v in rated) / len(rated)
    cols = columns(days, max(width, 8))
    wide = max(1, width // len(cols))  # on a wide screen a day takes several columns
    line = Content.assemble(
        *(
            (GAP * wide, "$text-muted")
            if v is None
            else (
                BLOCKS[min(len(BLOCKS) - 1, round(v / 10 * (len(BLOCKS) - 1)))] * wide,
                "$primary",
            )
            for v in cols
        )
    )
    left, right = f"{weeks} weeks ago", "today"
    axis = left + " " * max(1, len(cols) * wide - len(left) - len(right)) + right
    title = (
        f"Mood, last {weeks} weeks: {plural(len(rated), 'day')} with a check-in, "
        f"mean {_num(mean)} of 10"
    )
    return Content.assemble((title, "bold"), "\n", line, "\n", (axis, "$text-muted"))


class MoodLine(Widget):
    """Shows `days` (a reactive: the mean mood of each day, oldest first, ending today)."""

    DEFAULT_CSS = """
    MoodLine { height: auto; }
    """

    days: reactive[tuple[float | None, ...]] = reactive((), layout=True)

    def render(self) -> Content:
        return describe(self.days, self.size.width or 56)
