"""A document as a printable PDF (fpdf2): the check-in summary and the support-person guide.

Text goes through `safe_text` and is drawn as plain text (never markup), so nothing the
person wrote can change the layout. A DejaVu TTF is used when the system has one;
otherwise a core font with everything outside Latin-1 replaced, so no character can make
rendering fail. Table columns are at least as wide as their longest word, so headers never
break inside a word.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF

from ketajournal.domain.document import (
    Block,
    Bullets,
    Chart,
    Document,
    Heading,
    Item,
    Paragraph,
    Quote,
    Table,
    Tone,
)
from ketajournal.domain.summary.words import day
from ketajournal.export.chart import Frame, Layout
from ketajournal.text import safe_text

PAPERS = {"a4": "A4", "letter": "Letter"}
AUTO = "auto"
_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
)
LATIN1_SWAPS = {"→": "->", "—": "-", "–": "-", "■": "#", "•": "-", "\ufffd": "?"}
_TONE_RGB = {Tone.URGENT: (155, 28, 28), Tone.WARNING: (138, 59, 18), Tone.MUTED: (90, 90, 90)}
_SHADES = ((244, 246, 248), (233, 237, 241))
_WORD_CAP = 28.0  # mm: a longer word in a cell may wrap rather than widen its column
_PAD = 0.8  # mm inside table cells
Line = list[tuple[str, bool]]  # runs of text, each bold or not


def _paragraphs(runs: Sequence[tuple[str, bool]]) -> list[list[tuple[str, bool]]]:
    """Runs split at line breaks: each paragraph is laid out on its own lines."""
    out: list[list[tuple[str, bool]]] = [[]]
    for text, bold in runs:
        parts = text.split("\n")
        for index, part in enumerate(parts):
            if index:
                out.append([])
            out[-1].append((part, bold))
    return out


# fpdf2 logs every glyph a font lacks (emoji, say); the PDF still renders with a blank.
logging.getLogger("fpdf").setLevel(logging.ERROR)


def find_unicode_font() -> tuple[Path, Path | None] | None:
    """DejaVu Sans (regular, bold) if installed, else None."""
    for folder in _FONT_DIRS:
        regular = folder / "DejaVuSans.ttf"
        if regular.is_file():
            bold = folder / "DejaVuSans-Bold.ttf"
            return regular, bold if bold.is_file() else None
    return None


def _paper(paper: str) -> str:
    key = paper.strip().lower()
    if key not in PAPERS:
        raise ValueError(f"paper: must be one of {', '.join(PAPERS)} (got {paper!r})")
    return PAPERS[key]


class _Pages:
    """One fpdf2 document, one font family, plain text only, Unicode-safe."""

    def __init__(self, doc: Document, paper: str, font: Any, compress: bool) -> None:
        pages = self
        footer = doc.footer or doc.title

        class _PDF(FPDF):
            def footer(inner) -> None:  # noqa: N805 - fpdf2 hook
                inner.set_y(-12)
                pages.font(7)
                inner.set_text_color(110)
                inner.cell(0, 5, pages.t(f"{footer} · page {inner.page_no()}/{{nb}}"), align="C")
                inner.set_text_color(0)

        self.unicode = False
        self.family = "helvetica"
        self._widths_seen: dict[tuple[str, bool, float], float] = {}
        self.pdf = _PDF(orientation="portrait", unit="mm", format=_paper(paper))
        self.pdf.compress = compress
        self.pdf.set_margins(15, 15, 15)
        self.pdf.set_auto_page_break(True, margin=16)
        self.pdf.set_title(self.t(doc.title))
        self.pdf.set_creator("ketajournal")
        self.pdf.set_creation_date(datetime(2000, 1, 1).astimezone())  # no timestamp leak
        found = find_unicode_font() if font == AUTO else font
        if found:
            regular, bold = found
            try:
                self.pdf.add_font("dejavu", "", str(regular))
                self.pdf.add_font("dejavu", "B", str(bold or regular))
            except Exception:  # a broken font file: fall back to the core font
                pass
            else:
                self.family, self.unicode = "dejavu", True
        self.pdf.add_page()

    def t(self, text: object) -> str:
        cleaned = safe_text(str(text)).replace("\t", "    ")
        if self.unicode:
            return cleaned
        for a, b in LATIN1_SWAPS.items():
            cleaned = cleaned.replace(a, b)
        return cleaned.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)

    @property
    def width(self) -> float:
        return self.pdf.epw

    def room(self, needed: float) -> None:
        """A new page unless `needed` mm still fit on this one."""
        if self.pdf.get_y() + needed > self.pdf.h - 16:
            self.pdf.add_page()

    def colour(self, tone: Tone) -> None:
        self.pdf.set_text_color(*_TONE_RGB.get(tone, (0, 0, 0)))

    # -- blocks ---------------------------------------------------------------------------

    def title(self, text: str, subtitle: str | None) -> None:
        self.font(17, bold=True)
        self.pdf.multi_cell(0, 8, self.t(text), new_x="LMARGIN", new_y="NEXT")
        if subtitle:
            self.font(9)
            self.pdf.multi_cell(0, 4.5, self.t(subtitle), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1.5)

    def heading(self, block: Heading) -> None:
        self.room(30)
        self.pdf.ln(3 if block.level == 1 else 1.5)
        self.font(13 if block.level == 1 else 10.5, bold=True)
        self.pdf.multi_cell(0, 6.5, self.t(block.text), new_x="LMARGIN", new_y="NEXT")
        if block.level == 1:
            y = self.pdf.get_y()
            self.pdf.set_draw_color(170)
            self.pdf.line(self.pdf.l_margin, y, self.pdf.l_margin + self.width, y)
            self.pdf.set_draw_color(0)
        self.pdf.ln(1.5)

    # -- text: words measured once, lines laid out here, drawn with text() -----------------
    # fpdf2's multi_cell and table measure every character of every line again; a summary
    # has hundreds of cells, so this layout (word widths cached) is several times faster.

    def measure(self, word: str, bold: bool, size: float) -> float:
        key = (word, bold, size)
        width = self._widths_seen.get(key)
        if width is None:
            self.font(size, bold)
            width = self._widths_seen[key] = self.pdf.get_string_width(word)
        return width

    def wrap(self, runs: Sequence[tuple[str, bool]], width: float, size: float) -> list[Line]:
        """Lines of (text, bold) runs no wider than `width`, broken between words (inside a
        word only when the word alone is wider than the line)."""
        lines: list[list[tuple[str, bool]]] = [[]]
        used = 0.0
        for text, bold in runs:
            for word in text.split():
                space = self.measure(" ", bold, size) if lines[-1] else 0.0
                w = self.measure(word, bold, size)
                if lines[-1] and used + space + w > width:
                    lines.append([])
                    used, space = 0.0, 0.0
                while w > width and len(word) > 1:  # a word longer than the line
                    cut = len(word) - 1
                    while cut > 1 and self.measure(word[:cut], bold, size) > width:
                        cut -= 1
                    lines[-1].append((word[:cut], bold))
                    lines.append([])
                    word = word[cut:]
                    w = self.measure(word, bold, size)
                lines[-1].append((word, bold))
                used += space + w
        return [self._runs(line) for line in lines if line]

    def _runs(self, words: list[tuple[str, bool]]) -> Line:
        """Neighbouring words of one weight joined into one run (a space ends each but the
        last, so that text copied out of the PDF keeps its spaces)."""
        runs: list[tuple[str, bool]] = []
        for index, (word, bold) in enumerate(words):
            text = word + (" " if index < len(words) - 1 else "")
            if runs and runs[-1][1] == bold:
                runs[-1] = (runs[-1][0] + text, bold)
            else:
                runs.append((text, bold))
        return runs

    def draw(self, line: Line, x: float, baseline: float, size: float) -> None:
        for text, bold in line:
            self.font(size, bold)
            self.pdf.text(x, baseline, text)
            x += sum(self.measure(w, bold, size) for w in text.split(" ") if w) + (
                self.measure(" ", bold, size) * text.count(" ")
            )

    def flow(self, runs: Sequence[tuple[str, bool]], *, size: float, indent: float = 0.0) -> None:
        """Text laid out across the page, line by line, onto new pages as needed."""
        height = size * 0.5
        for part in _paragraphs(runs):
            for line in self.wrap(part, self.width - indent, size) or [[("", False)]]:
                self.room(height)
                y = self.pdf.get_y()
                self.draw(line, self.pdf.l_margin + indent, y + height * 0.78, size)
                self.pdf.set_y(y + height)

    def paragraph(self, block: Paragraph, size: float = 9.5) -> None:
        self.colour(block.tone)
        self.flow([(self.t(block.text), block.tone in (Tone.URGENT, Tone.WARNING))], size=size)
        self.pdf.set_text_color(0)
        self.pdf.ln(1)

    def item(self, item: Item, size: float = 9.5) -> None:
        """A bullet with a hanging indent and its lead in bold."""
        self.colour(item.tone)
        strong = item.tone in (Tone.URGENT, Tone.WARNING)
        self.room(size * 0.5)
        self.font(size)
        self.pdf.text(self.pdf.l_margin + 1.5, self.pdf.get_y() + size * 0.5 * 0.78, "-")
        runs = ([(self.t(item.lead), True)] if item.lead else []) + [(self.t(item.text), strong)]
        self.flow(runs, size=size, indent=5.5)
        self.pdf.ln(0.8)
        self.pdf.set_text_color(0)

    def _widths(self, table: Table, size: float) -> list[float]:
        """Column widths from the weights, each at least as wide as its longest word."""
        pad = 2 * _PAD + 0.4
        minimum = []
        for index, column in enumerate(table.columns):
            title = self.t(column.title).split()
            need = max((self.measure(w, True, size) for w in title), default=0.0)
            for row in table.rows:
                for word in self.t(row[index]).split():
                    need = max(need, min(self.measure(word, False, size), _WORD_CAP))
            minimum.append(need + pad)
        total = sum(c.weight for c in table.columns)
        widths = [
            max(self.width * c.weight / total, low)
            for c, low in zip(table.columns, minimum, strict=True)
        ]
        excess = sum(widths) - self.width
        if excess > 0:
            slack = [w - low for w, low in zip(widths, minimum, strict=True)]
            room = sum(slack)
            if room >= excess:
                widths = [w - excess * s / room for w, s in zip(widths, slack, strict=True)]
            else:  # even the words do not fit: shrink evenly
                widths = [w * self.width / sum(widths) for w in widths]
        return widths

    def table(self, block: Table) -> None:
        size = 7.2 if len(block.columns) >= 6 else 8.5
        widths = self._widths(block, size)
        height = size * 0.47
        pdf, left = self.pdf, self.pdf.l_margin

        def layout(cells: Sequence[str], bold: bool) -> list[list[Line]]:
            return [
                self.wrap([(self.t(cell) or "-", bold)], width - 2 * _PAD, size)
                for cell, width in zip(cells, widths, strict=True)
            ]

        def row(cells: list[list[Line]], header: bool) -> None:
            tall = max(len(lines) for lines in cells) * height + 2 * _PAD
            if pdf.get_y() + tall > pdf.h - 16:
                pdf.add_page()
                if not header:
                    row(head, header=True)
            y = pdf.get_y()
            if header:
                pdf.set_fill_color(235)
                pdf.rect(left, y, self.width, tall, style="F")
                pdf.set_fill_color(255)
            x = left
            for lines, width in zip(cells, widths, strict=True):
                for index, line in enumerate(lines):
                    baseline = y + _PAD + index * height + height * 0.8
                    self.draw(line, x + _PAD, baseline, size)
                x += width
            pdf.set_draw_color(0 if header else 215)
            pdf.set_line_width(0.25 if header else 0.1)
            pdf.line(left, y + tall, left + self.width, y + tall)
            pdf.set_draw_color(0)
            pdf.set_line_width(0.2)
            pdf.set_y(y + tall)

        head = layout([c.title for c in block.columns], bold=True)
        first = layout(block.rows[0], bold=False) if block.rows else []
        self.room(
            (max(len(x) for x in head) + max((len(x) for x in first), default=0)) * height + 6
        )
        row(head, header=True)
        for cells in block.rows:
            row(layout(cells, bold=False), header=False)
        pdf.ln(1)
        if block.caption:
            self.paragraph(Paragraph(block.caption, Tone.MUTED), size=7.5)
        pdf.ln(1)

    def quote(self, block: Quote) -> None:
        self.room(14)
        self.flow([(self.t(block.meta), True)], size=9)
        self.flow([(self.t(block.text) or "-", False)], size=9.5, indent=4)
        self.pdf.ln(2)

    def chart(self, chart: Chart) -> None:
        height = 46.0
        self.room(height + 6)
        pdf = self.pdf
        top = pdf.get_y() + 1
        self.font(8.5, bold=True)
        pdf.text(pdf.l_margin, top + 3, self.t(chart.title))
        gutter = 24.0 if chart.bands else 0.0  # band names beside their band, off the data
        frame = Frame(pdf.l_margin + 8, top + 6, self.width - 10 - gutter, height - 14)
        layout = Layout(chart, frame)
        self.font(6.5)
        for index, (band_top, band_bottom, name) in enumerate(layout.bands()):
            pdf.set_fill_color(*_SHADES[index % 2])
            pdf.rect(frame.left, band_top, frame.width, band_bottom - band_top, style="F")
            if band_bottom - band_top >= 3:
                pdf.set_text_color(120)
                pdf.text(
                    frame.left + frame.width + 1.5, (band_top + band_bottom) / 2 + 1, self.t(name)
                )
        pdf.set_text_color(90)
        pdf.set_draw_color(210)
        pdf.set_line_width(0.1)
        for value in layout.ticks():
            y = layout.y(value)
            pdf.line(frame.left, y, frame.left + frame.width, y)
            pdf.text(frame.left - 5, y + 1, f"{value:g}")
        bottom = frame.top + frame.height
        pdf.text(frame.left, bottom + 4, self.t(day(chart.start)))
        end = self.t(day(chart.end))
        pdf.text(frame.left + frame.width - pdf.get_string_width(end), bottom + 4, end)
        legend_x = pdf.l_margin + self.width
        for series in chart.series:
            rgb = tuple(int(series.colour[i : i + 2], 16) for i in (1, 3, 5))
            pdf.set_draw_color(*rgb)
            pdf.set_fill_color(*rgb)
            pdf.set_line_width(0.45)
            coords = [(layout.x(t), layout.y(v)) for t, v in series.points]
            for (x1, y1), (x2, y2) in zip(coords, coords[1:], strict=False):
                pdf.line(x1, y1, x2, y2)
            if len(coords) <= 120:
                for cx, cy in coords:
                    pdf.circle(x=cx, y=cy, radius=0.6, style="F")
            pdf.set_text_color(*rgb)
            label = self.t(f"■ {series.label}")
            legend_x -= pdf.get_string_width(label) + 3
            pdf.text(legend_x, top + 3, label)
        pdf.set_line_width(0.2)
        pdf.set_draw_color(0)
        pdf.set_fill_color(255)
        pdf.set_text_color(0)
        pdf.set_y(top + height)

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.heading(block)
        elif isinstance(block, Paragraph):
            self.paragraph(block)
        elif isinstance(block, Bullets):
            for item in block.items:
                self.item(item)
            self.pdf.ln(1)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Quote):
            self.quote(block)
        else:
            self.chart(block)


def render_pdf(
    doc: Document, *, paper: str = "a4", font: Any = AUTO, compress: bool = True
) -> bytes:
    """The document as PDF bytes.

    font: AUTO (DejaVu if installed), None (core font, Latin-1), or (regular, bold) paths.
    """
    pages = _Pages(doc, paper, font, compress)
    pages.title(doc.title, doc.subtitle)
    for block in doc.blocks:
        pages.block(block)
    return bytes(pages.pdf.output())
