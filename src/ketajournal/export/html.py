"""The check-in summary as one self-contained, printable HTML file.

No scripts, no remote fonts, images or links that load anything; every piece of text the
person wrote is escaped, so `<script>` or `javascript:` in a journal entry stays text.
"""

from __future__ import annotations

from html import escape

from ketajournal.domain.scales import GAD7_BANDS, PHQ9_BANDS
from ketajournal.domain.summary import Summary
from ketajournal.domain.support_guide import SupportGuide
from ketajournal.export.chart import line_chart
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

STYLE = """
@page { size: auto; margin: 16mm; }
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #222;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem;
  border-bottom: 1px solid #ccc; padding-bottom: .2rem; } h3 { font-size: 1rem; }
.meta, .note { color: #555; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; margin: .5rem 0; }
th, td { border: 1px solid #ccc; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
.flag { color: #8a3b12; font-weight: 600; }
.shared { border-left: 3px solid #9aa7b8; padding: .2rem .8rem; margin: .6rem 0;
          white-space: pre-wrap; }
.chart { width: 100%; max-width: 40rem; height: auto; }
.chart-title { font: 600 13px sans-serif; } .tick { font: 10px sans-serif; fill: #555; }
.axis { stroke: #888; } .band { stroke: #bbb; stroke-dasharray: 3 3; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
  tr, .shared { break-inside: avoid; } }
"""


def _t(text: object) -> str:
    return escape(safe_text(str(text)))


def _table(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> str:
    head = "".join(f"<th>{_t(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_t(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _page(title: str, body: list[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # No network: nothing on the page may load anything.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{_t(title)}</title><style>{STYLE}</style></head><body>"
        + "".join(body)
        + "</body></html>\n"
    )


def render_html(s: Summary) -> str:
    b: list[str] = [
        f"<h1>Check-in summary for the {_t(s.audience)}</h1>",
        f'<p class="meta">{day(s.since)} to {day(s.until)} · written {day(s.generated_at)}</p>',
        f'<p class="note">{_t(DISCLAIMER)}</p>',
        "<h2>Plan</h2>",
    ]
    if s.plan is None:
        b.append("<p>No plan recorded.</p>")
    else:
        conc = (
            f", {s.plan.concentration_mg_per_ml:g} mg/mL" if s.plan.concentration_mg_per_ml else ""
        )
        items = [f"Medication: {_t(s.plan.medication)} ({_t(s.plan.form.value)}{conc})"]
        if s.plan.prescriber:
            items.append(f"Prescriber: {_t(s.plan.prescriber)}")
        items.append(
            "Prescribed dose at the end of the period: "
            + _t(mg(s.current_dose.dose_mg if s.current_dose else None))
        )
        items += [
            f"Schedule from {day(p.starts_at)}: {_t(p.phase.value)}, every {p.interval_days} days"
            for p in s.schedule
        ]
        b.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
    changes = [d for d in s.dose_steps if s.in_range(d.effective_at)]
    b.append("<h3>Dose changes in this period</h3>")
    b.append(
        _table(
            ("From", "Dose", "Reason"),
            [(day(d.effective_at), mg(d.dose_mg), d.reason) for d in changes],
        )
        if changes
        else "<p>None.</p>"
    )
    b.append("<h2>Flags for the care team</h2>")
    if s.flags:
        b.append(
            "<ul>"
            + "".join(
                f'<li><span class="flag">{_t(FLAG_TITLE[f.kind])}</span> ({day(f.at)}): '
                f"{_t(f.detail)}</li>"
                for f in s.flags
            )
            + "</ul>"
        )
    else:
        b.append("<p>None in this period.</p>")
    b.append(f"<h2>Sessions ({len(s.sessions)})</h2>")
    if s.sessions:
        rows = []
        for r in s.sessions:
            effects = ", ".join(f"{a} ({c})" for a, c in r.side_effects) or "-"
            dose = f"{mg(r.taken_mg)} / {mg(r.prescribed_mg)}" + (" ⚑" if r.dose_differs else "")
            rows.append(
                (
                    day(r.started_at) + (" (recorded later)" if r.recorded_after else ""),
                    dose,
                    "-" if r.intensity is None else r.intensity,
                    "-" if r.dissociation is None else r.dissociation,
                    effects,
                    pair(r.mood_before, r.mood_after),
                    pair(r.anxiety_before, r.anxiety_after),
                    r.support or "-",
                    "; ".join(r.blood_pressure) or "-",
                )
            )
        b.append(_table(SESSION_COLUMNS, rows))
    else:
        b.append("<p>No sessions in this period.</p>")
    b.append("<h2>How they are doing</h2>")
    items = [f"Mood (0-10, daily mean of {days(len(s.mood))}): {_t(trend([v for _, v in s.mood]))}"]
    for name, points in (("PHQ-9", s.phq9), ("GAD-7", s.gad7)):
        if points:
            last = points[-1]
            items.append(
                f"{name}: {_t(trend([float(p.score) for p in points]))}; latest "
                f"{last.score} ({_t(last.band)}) on {day(last.at)}"
            )
    items += [
        f"{_t(scale)} (clinician-rated) on {day(at)}: {score}"
        for at, scale, score in s.clinician_scores
    ]
    b.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
    if s.mood:
        b.append(
            line_chart(
                "Mood (0-10)",
                [("mood", "#3b6e8f", list(s.mood))],
                y_max=10,
                start=s.since,
                end=s.until,
            )
        )
    if s.phq9 or s.gad7:
        b.append(
            line_chart(
                "PHQ-9 and GAD-7 (dashed lines: band limits)",
                [
                    ("PHQ-9", "#7a4f9a", [(p.at, float(p.score)) for p in s.phq9]),
                    ("GAD-7", "#b0703a", [(p.at, float(p.score)) for p in s.gad7]),
                ],
                y_max=27,
                start=s.since,
                end=s.until,
                bands=[(float(u) + 0.5, f"PHQ {n}") for u, n in PHQ9_BANDS[:-1]]
                + (
                    [(float(u) + 0.5, f"GAD {n}") for u, n in GAD7_BANDS[:-1]] if not s.phq9 else []
                ),
            )
        )
        b.append(
            _table(
                ("Date", "Scale", "Score", "Band"),
                [
                    (
                        day(p.at),
                        name,
                        p.score,
                        (p.band or "-") + (" · item 9 above 0" if p.item9_positive else ""),
                    )
                    for name, points in (("PHQ-9", s.phq9), ("GAD-7", s.gad7))
                    for p in points
                ],
            )
        )
    b.append("<h2>Integration steps</h2>")
    if s.integration_steps:
        words = {True: "happened", False: "did not happen", None: "not reported yet"}
        b.append(
            "<ul>"
            + "".join(
                f"<li>{day(i.session_at)}: {_t(i.step)} ({words[i.happened]})</li>"
                for i in s.integration_steps
            )
            + "</ul>"
        )
    else:
        b.append("<p>None recorded.</p>")
    private = " and private text (included on request)" if s.include_private else ""
    b.append(f"<h2>Shared with the {_t(s.audience)}{private}</h2>")
    if s.shared:
        for t in s.shared:
            title = f" — {_t(t.title)}" if t.title else ""
            b.append(
                f"<h3>{day(t.at)} · {_t(t.source)}{title} ({_t(t.share_level.value)})</h3>"
                f'<div class="shared">{_t(t.text)}</div>'
            )
    else:
        b.append("<p>Nothing was marked to share in this period.</p>")
    b.append("<h2>Questions for this check-in</h2>")
    b.append(
        "<ul>" + "".join(f"<li>{_t(q)}</li>" for q in s.open_questions) + "</ul>"
        if s.open_questions
        else "<p>None.</p>"
    )
    return _page(f"Check-in summary for the {s.audience}", b)


def render_guide_html(guide: SupportGuide) -> str:
    body = [f"<h1>{_t(guide.title)}</h1>"]
    for section in guide.sections:
        body.append(f"<h2>{_t(section.title)}</h2><ul>")
        body += [f"<li>{_t(line)}</li>" for line in section.lines]
        body.append("</ul>")
    return _page(guide.title, body)
