"""The check-in summary and the support-person guide as a printable PDF (fpdf2).

Same sections as the Markdown and HTML exports. Text goes through `safe_text` and is drawn
as plain text (never markup), so nothing the person wrote can change the layout. A DejaVu
TTF is used when the system has one; otherwise a core font with everything outside Latin-1
replaced, so no character can make rendering fail.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from ketajournal.domain.summary import Summary
from ketajournal.domain.support_guide import SupportGuide
from ketajournal.export.wording import (
    DISCLAIMER,
    FLAG_TITLE,
    SESSION_COLUMNS,
    day,
    mg,
    pair,
    trend,
)
from ketajournal.text import days, safe_text

PAPERS = {"a4": "A4", "letter": "Letter"}
AUTO = "auto"
_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
)
_LATIN1_SWAPS = {"→": "->", "—": "-", "–": "-", "⚑": "(!)", "■": "#", "\ufffd": "?"}
# Relative widths of the session table's columns (SESSION_COLUMNS order).
_SESSION_WIDTHS = (15, 20, 9, 11, 21, 12, 12, 14, 20)

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


class _Doc:
    """A thin wrapper: one font family, plain text only, Unicode-safe."""

    def __init__(self, title: str, paper: str, font: Any, compress: bool) -> None:
        footer_title = title
        self.unicode = False
        self.family = "helvetica"

        class _PDF(FPDF):
            def footer(inner) -> None:  # noqa: N805 - fpdf2 hook
                inner.set_y(-12)
                doc.font(7)
                inner.set_text_color(110)
                inner.cell(
                    0, 5, doc.t(f"{footer_title} · page {inner.page_no()}/{{nb}}"), align="C"
                )
                inner.set_text_color(0)

        doc = self
        self.pdf = _PDF(orientation="portrait", unit="mm", format=_paper(paper))
        self.pdf.compress = compress
        self.pdf.set_margins(15, 15, 15)
        self.pdf.set_auto_page_break(True, margin=16)
        self.pdf.set_title(self.t(title))
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
        for a, b in _LATIN1_SWAPS.items():
            cleaned = cleaned.replace(a, b)
        return cleaned.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)

    @property
    def width(self) -> float:
        return self.pdf.epw

    def title(self, text: str) -> None:
        self.font(17, bold=True)
        self.pdf.multi_cell(0, 8, self.t(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)

    def heading(self, text: str, level: int = 1) -> None:
        if self.pdf.get_y() > self.pdf.h - 40:
            self.pdf.add_page()
        self.pdf.ln(3 if level == 1 else 1.5)
        self.font(13 if level == 1 else 11, bold=True)
        self.pdf.multi_cell(0, 6.5, self.t(text), new_x="LMARGIN", new_y="NEXT")
        if level == 1:
            y = self.pdf.get_y()
            self.pdf.set_draw_color(170)
            self.pdf.line(self.pdf.l_margin, y, self.pdf.l_margin + self.width, y)
            self.pdf.set_draw_color(0)
        self.pdf.ln(1.5)

    def para(self, text: str, size: float = 10, bold: bool = False, italic: bool = False) -> None:
        self.font(size, bold=bold)
        if italic:
            self.pdf.set_text_color(80)
        self.pdf.multi_cell(0, size * 0.5, self.t(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_text_color(0)

    def bullet(self, text: str, size: float = 10) -> None:
        self.font(size)
        x = self.pdf.l_margin
        self.pdf.set_x(x + 2)
        self.pdf.cell(4, size * 0.5, self.t("-"))
        self.pdf.multi_cell(self.width - 6, size * 0.5, self.t(text), new_x="LMARGIN", new_y="NEXT")

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        size: float = 9,
    ) -> None:
        self.font(size)
        bold = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
        with self.pdf.table(
            col_widths=tuple(widths),
            width=self.width,
            text_align="LEFT",
            line_height=size * 0.45,
            padding=0.8,
            headings_style=bold,
            borders_layout="SINGLE_TOP_LINE",
        ) as table:
            for cells in (header, *rows):
                row = table.row()
                for cell in cells:
                    row.cell(self.t(cell) or "-")
        self.pdf.ln(1)

    def mood_chart(
        self, points: Sequence[tuple[datetime, float]], start: datetime, end: datetime
    ) -> None:
        """Daily mood (0-10) as a line, drawn with plain fpdf2 lines."""
        height, pad = 42.0, 8.0
        if self.pdf.get_y() + height + 4 > self.pdf.h - 16:
            self.pdf.add_page()
        pdf = self.pdf
        left, top = pdf.l_margin + pad, pdf.get_y() + 2
        width = self.width - pad - 2
        inner = height - 10
        bottom = top + inner
        span = max((end - start).total_seconds(), 1.0)

        def x(when: datetime) -> float:
            ratio = min(max((when - start).total_seconds() / span, 0.0), 1.0)
            return left + width * ratio

        def y(value: float) -> float:
            return bottom - inner * min(max(value, 0.0), 10.0) / 10.0

        self.font(7)
        pdf.set_draw_color(200)
        pdf.set_line_width(0.1)
        for level in (0, 5, 10):
            pdf.line(left, y(level), left + width, y(level))
            pdf.text(left - 5, y(level) + 1, str(level))
        pdf.set_draw_color(0)
        pdf.line(left, top, left, bottom)
        pdf.text(left, bottom + 4, self.t(day(start)))
        end_label = self.t(day(end))
        pdf.text(left + width - pdf.get_string_width(end_label), bottom + 4, end_label)
        pdf.set_draw_color(40, 90, 160)
        pdf.set_fill_color(40, 90, 160)
        pdf.set_line_width(0.5)
        coords = [(x(t), y(v)) for t, v in points]
        for (x1, y1), (x2, y2) in zip(coords, coords[1:], strict=False):
            pdf.line(x1, y1, x2, y2)
        for cx, cy in coords:
            pdf.circle(x=cx, y=cy, radius=0.7, style="F")
        pdf.set_line_width(0.2)
        pdf.set_draw_color(0)
        pdf.set_fill_color(255)
        self.font(8, bold=True)
        pdf.text(left, top - 0.5, self.t("Mood (0-10), daily mean"))
        pdf.set_y(top + height - 4)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def render_pdf(s: Summary, *, paper: str = "a4", font: Any = AUTO, compress: bool = True) -> bytes:
    """The check-in summary as PDF bytes.

    font: AUTO (DejaVu if installed), None (core font, Latin-1), or (regular, bold) paths.
    """
    doc = _Doc(f"Check-in summary for the {s.audience}", paper, font, compress)
    doc.title(f"Check-in summary for the {s.audience}")
    doc.para(f"{day(s.since)} to {day(s.until)} · written {day(s.generated_at)}", size=9)
    doc.pdf.ln(1.5)
    doc.para(DISCLAIMER, size=9, italic=True)

    doc.heading("Plan")
    if s.plan is None:
        doc.para("No plan recorded.")
    else:
        conc = (
            f", {s.plan.concentration_mg_per_ml:g} mg/mL" if s.plan.concentration_mg_per_ml else ""
        )
        doc.bullet(f"Medication: {s.plan.medication} ({s.plan.form.value}{conc})")
        if s.plan.prescriber:
            doc.bullet(f"Prescriber: {s.plan.prescriber}")
        doc.bullet(
            "Prescribed dose at the end of the period: "
            + mg(s.current_dose.dose_mg if s.current_dose else None)
        )
        for phase in s.schedule:
            doc.bullet(
                f"Schedule from {day(phase.starts_at)}: {phase.phase.value}, "
                f"every {phase.interval_days} days"
            )
    doc.heading("Dose changes in this period", level=2)
    changes = [d for d in s.dose_steps if s.in_range(d.effective_at)]
    if changes:
        doc.table(
            ("From", "Dose", "Reason"),
            [(day(d.effective_at), mg(d.dose_mg), d.reason or "-") for d in changes],
            (25, 20, 55),
        )
    else:
        doc.para("None.")

    doc.heading("Flags for the care team")
    if s.flags:
        for f in s.flags:
            doc.bullet(f"{FLAG_TITLE[f.kind]} ({day(f.at)}): {f.detail}")
    else:
        doc.para("None in this period.")

    doc.heading(f"Sessions ({len(s.sessions)})")
    if s.sessions:
        rows = []
        for r in s.sessions:
            rows.append(
                (
                    day(r.started_at) + (" (recorded later)" if r.recorded_after else ""),
                    f"{mg(r.taken_mg)} / {mg(r.prescribed_mg)}" + (" ⚑" if r.dose_differs else ""),
                    "-" if r.intensity is None else r.intensity,
                    "-" if r.dissociation is None else r.dissociation,
                    ", ".join(f"{a} ({b})" for a, b in r.side_effects) or "-",
                    pair(r.mood_before, r.mood_after),
                    pair(r.anxiety_before, r.anxiety_after),
                    r.support or "-",
                    "; ".join(r.blood_pressure) or "-",
                )
            )
        doc.table(SESSION_COLUMNS, rows, _SESSION_WIDTHS, size=7)
    else:
        doc.para("No sessions in this period.")

    doc.heading("How they are doing")
    doc.bullet(f"Mood (0-10, daily mean of {days(len(s.mood))}): {trend([v for _, v in s.mood])}")
    for name, points in (("PHQ-9", s.phq9), ("GAD-7", s.gad7)):
        if points:
            last = points[-1]
            doc.bullet(
                f"{name}: {trend([float(p.score) for p in points])}; latest {last.score} "
                f"({last.band}) on {day(last.at)}"
            )
        else:
            doc.bullet(f"{name}: none in this period")
    for at, scale, score in s.clinician_scores:
        doc.bullet(f"{scale} (clinician-rated) on {day(at)}: {score}")
    if s.mood:
        doc.pdf.ln(2)
        doc.mood_chart(s.mood, s.since, s.until)
    if s.phq9 or s.gad7:
        doc.pdf.ln(2)
        score_rows = []
        for name, points in (("PHQ-9", s.phq9), ("GAD-7", s.gad7)):
            for p in points:
                band = (p.band or "-") + (" · item 9 above 0" if p.item9_positive else "")
                score_rows.append((day(p.at), name, p.score, band))
        doc.table(("Date", "Scale", "Score", "Band"), score_rows, (25, 15, 12, 48))

    doc.heading("Integration steps")
    if s.integration_steps:
        for step in s.integration_steps:
            happened = {True: "happened", False: "did not happen", None: "not reported yet"}[
                step.happened
            ]
            doc.bullet(f"{day(step.session_at)}: {step.step} ({happened})")
    else:
        doc.para("None recorded.")

    private = " and private text (included on request)" if s.include_private else ""
    doc.heading(f"Shared with the {s.audience}{private}")
    if s.shared:
        for t in s.shared:
            title = f" — {t.title}" if t.title else ""
            doc.para(f"{day(t.at)} · {t.source}{title} ({t.share_level.value})", bold=True)
            doc.pdf.set_x(doc.pdf.l_margin + 4)
            doc.font(10)
            doc.pdf.multi_cell(
                doc.width - 4, 5, doc.t(t.text) or "-", new_x="LMARGIN", new_y="NEXT"
            )
            doc.pdf.ln(2)
    else:
        doc.para("Nothing was marked to share in this period.")

    doc.heading("Questions for this check-in")
    if s.open_questions:
        for q in s.open_questions:
            doc.bullet(q)
    else:
        doc.para("None.")
    return doc.output()


def render_guide_pdf(
    guide: SupportGuide, *, paper: str = "a4", font: Any = AUTO, compress: bool = True
) -> bytes:
    """The support-person guide as PDF bytes (one page for a normal contact list)."""
    doc = _Doc(guide.title, paper, font, compress)
    doc.title(guide.title)
    for section in guide.sections:
        doc.heading(section.title)
        for line in section.lines:
            doc.bullet(line, size=11)
            doc.pdf.ln(0.8)
    return doc.output()
