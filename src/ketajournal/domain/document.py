"""A document as plain blocks (headings, paragraphs, lists, tables, charts, quotes).

The check-in summary and the support-person guide are built once as a `Document`; the
Markdown, HTML and PDF exporters only render blocks, so the wording cannot drift between
formats. Every string here is plain text (what the person wrote included): renderers escape
it for their format and never interpret it as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Tone(StrEnum):
    """How a paragraph or a list item reads: plain, quieter, or calling for attention."""

    PLAIN = "plain"
    MUTED = "muted"
    URGENT = "urgent"  # the most serious items of "Needs attention"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 1  # 1: a section, 2: a part of one


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    tone: Tone = Tone.PLAIN


@dataclass(frozen=True, slots=True)
class Item:
    """A list item: an optional lead in bold ("Mood:") and its text."""

    text: str
    lead: str | None = None
    tone: Tone = Tone.PLAIN


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    weight: float = 1.0  # a share of the width, for formats that lay out pages


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class Band:
    """A score band of a scale, drawn as a shaded strip with its name inside it."""

    low: float
    high: float
    name: str


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    points: tuple[tuple[datetime, float], ...]
    colour: str = "#3b6e8f"


@dataclass(frozen=True, slots=True)
class Chart:
    """A line chart whose time axis runs from the first point to the last."""

    title: str
    series: tuple[Series, ...]
    y_min: float
    y_max: float
    bands: tuple[Band, ...] = ()
    note: str | None = None  # e.g. "weekly means"

    @property
    def start(self) -> datetime:
        return min(at for s in self.series for at, _ in s.points)

    @property
    def end(self) -> datetime:
        return max(at for s in self.series for at, _ in s.points)


@dataclass(frozen=True, slots=True)
class Quote:
    """A piece of text the person wrote, with a line saying what and when it is."""

    meta: str
    text: str


Block = Heading | Paragraph | Bullets | Table | Chart | Quote


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    blocks: tuple[Block, ...]
    subtitle: str | None = None
    footer: str | None = None  # repeated on every printed page


def plain_text(block: Block) -> list[str]:
    """The strings a block shows, for checks that every format says the same things."""
    if isinstance(block, Heading | Paragraph):
        return [block.text]
    if isinstance(block, Bullets):
        return [s for item in block.items for s in (item.lead, item.text) if s]
    if isinstance(block, Table):
        cells = [c.title for c in block.columns] + [cell for row in block.rows for cell in row]
        return ([block.caption] if block.caption else []) + cells
    if isinstance(block, Quote):
        return [block.meta, block.text]
    return [block.title]
