"""The check-in summary as Markdown: readable as plain text, safe in any Markdown viewer.

What the person wrote cannot break the layout: table cells escape `|` and line breaks,
free text goes in block quotes line by line, and `<`/`>`/`&` are escaped so a viewer never
renders HTML from it.
"""

from __future__ import annotations

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


def _inline(text: str) -> str:
    cleaned = safe_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return cleaned.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")


def _cell(text: str) -> str:
    return " ".join(_inline(text).split()) or "-"


def _quote(text: str) -> list[str]:
    return [f"> {_inline(line)}".rstrip() for line in text.splitlines()] or [">"]


def render_markdown(s: Summary) -> str:
    out: list[str] = []
    add = out.append
    add(f"# Check-in summary for the {s.audience}")
    add("")
    add(f"{day(s.since)} to {day(s.until)} · written {day(s.generated_at)}")
    add("")
    add(f"_{DISCLAIMER}_")
    add("")
    add("## Plan")
    add("")
    if s.plan is None:
        add("No plan recorded.")
    else:
        conc = (
            f", {s.plan.concentration_mg_per_ml:g} mg/mL" if s.plan.concentration_mg_per_ml else ""
        )
        add(f"- Medication: {_cell(s.plan.medication)} ({s.plan.form.value}{conc})")
        if s.plan.prescriber:
            add(f"- Prescriber: {_cell(s.plan.prescriber)}")
        dose = mg(s.current_dose.dose_mg if s.current_dose else None)
        add(f"- Prescribed dose at the end of the period: {dose}")
        for phase in s.schedule:
            every = f"{phase.phase.value}, every {phase.interval_days} days"
            add(f"- Schedule from {day(phase.starts_at)}: {every}")
    changes = [d for d in s.dose_steps if s.in_range(d.effective_at)]
    add("")
    add("### Dose changes in this period")
    add("")
    if changes:
        add("| From | Dose | Reason |")
        add("|---|---|---|")
        for d in changes:
            add(f"| {day(d.effective_at)} | {mg(d.dose_mg)} | {_cell(d.reason)} |")
    else:
        add("None.")
    add("")
    add("## Flags for the care team")
    add("")
    if s.flags:
        for f in s.flags:
            add(f"- **{FLAG_TITLE[f.kind]}** ({day(f.at)}): {_cell(f.detail)}")
    else:
        add("None in this period.")
    add("")
    add(f"## Sessions ({len(s.sessions)})")
    add("")
    if s.sessions:
        add("| " + " | ".join(SESSION_COLUMNS) + " |")
        add("|" + "---|" * len(SESSION_COLUMNS))
        for r in s.sessions:
            effects = ", ".join(f"{a} ({b})" for a, b in r.side_effects) or "-"
            dose = f"{mg(r.taken_mg)} / {mg(r.prescribed_mg)}" + (" ⚑" if r.dose_differs else "")
            cells = (
                day(r.started_at) + (" (recorded later)" if r.recorded_after else ""),
                dose,
                r.intensity if r.intensity is not None else "-",
                r.dissociation if r.dissociation is not None else "-",
                effects,
                pair(r.mood_before, r.mood_after),
                pair(r.anxiety_before, r.anxiety_after),
                r.support or "-",
                "; ".join(r.blood_pressure) or "-",
            )
            add("| " + " | ".join(_cell(str(c)) for c in cells) + " |")
    else:
        add("No sessions in this period.")
    add("")
    add("## How they are doing")
    add("")
    add(f"- Mood (0-10, daily mean of {days(len(s.mood))}): {trend([v for _, v in s.mood])}")
    for name, points in (("PHQ-9", s.phq9), ("GAD-7", s.gad7)):
        if points:
            last = points[-1]
            add(
                f"- {name}: {trend([float(p.score) for p in points])}; latest {last.score} "
                f"({last.band}) on {day(last.at)}"
            )
        else:
            add(f"- {name}: none in this period")
    for at, scale, score in s.clinician_scores:
        add(f"- {scale} (clinician-rated) on {day(at)}: {score}")
    if s.phq9 or s.gad7:
        add("")
        add("| Date | Scale | Score | Band |")
        add("|---|---|---|---|")
        for name, points in (("PHQ-9", s.phq9), ("GAD-7", s.gad7)):
            for p in points:
                band = (p.band or "-") + (" · item 9 above 0" if p.item9_positive else "")
                add(f"| {day(p.at)} | {name} | {p.score} | {band} |")
    add("")
    add("## Integration steps")
    add("")
    if s.integration_steps:
        for step in s.integration_steps:
            happened = {True: "happened", False: "did not happen", None: "not reported yet"}[
                step.happened
            ]
            add(f"- {day(step.session_at)}: {_cell(step.step)} ({happened})")
    else:
        add("None recorded.")
    add("")
    private = " and private text (included on request)" if s.include_private else ""
    add(f"## Shared with the {s.audience}{private}")
    add("")
    if s.shared:
        for t in s.shared:
            title = f" — {_cell(t.title)}" if t.title else ""
            add(f"**{day(t.at)} · {t.source}{title}** ({t.share_level.value})")
            add("")
            out.extend(_quote(t.text))
            add("")
    else:
        add("Nothing was marked to share in this period.")
        add("")
    add("## Questions for this check-in")
    add("")
    if s.open_questions:
        for q in s.open_questions:
            add(f"- {_cell(q)}")
    else:
        add("None.")
    add("")
    return "\n".join(out)


def render_guide_markdown(guide: SupportGuide) -> str:
    out = [f"# {_inline(guide.title)}", ""]
    for section in guide.sections:
        out += [f"## {_inline(section.title)}", ""]
        out += [f"- {_cell(line)}" for line in section.lines]
        out.append("")
    return "\n".join(out)
