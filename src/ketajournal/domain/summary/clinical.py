"""The clinical sections: needs attention, plan, sessions, scales, check-ins, dose steps.

The clinician's summary is made of them; the coach's summary adds them only when the
person asks for it (`--include-clinical`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta

from ketajournal.domain import progress as p
from ketajournal.domain.document import (
    Band,
    Block,
    Bullets,
    Chart,
    Column,
    Heading,
    Item,
    Paragraph,
    Series,
    Table,
    Tone,
)
from ketajournal.domain.models import ScaleKind
from ketajournal.domain.scales import GAD7_BANDS, PHQ9_BANDS
from ketajournal.domain.summary.attention import (
    LEVEL,
    TITLE,
    Attention,
    Concern,
    Kind,
    Level,
    item9_words,
)
from ketajournal.domain.summary.inputs import SummaryInput
from ketajournal.domain.summary.measures import chart_points, course, period_means
from ketajournal.domain.summary.sessions import (
    SessionFacts,
    effect_summary,
    meal,
    pair,
)
from ketajournal.domain.summary.spacing import expected_sessions
from ketajournal.domain.summary.words import SCALE_NAME, day, mg, moment, number
from ketajournal.text import plural

SHOWN_PER_KIND = 3  # concerns of one kind shown in full; the rest as a count with dates
SHOWN_DATES = 8  # dates listed for the rest; beyond, their span
MAX_SESSIONS = 30  # rows in the session tables; the counts and dose steps cover all
MAX_PERIODS = 12  # rows in the check-in means table
MAX_SCORE_DATES = 24  # rows in the PHQ-9 and GAD-7 table (about a year); the chart has all
TONE = {Level.URGENT: Tone.URGENT, Level.HIGH: Tone.WARNING}


def attention_blocks(attention: Attention) -> list[Block]:
    blocks: list[Block] = [Heading("Needs attention")]
    by_kind: dict[Kind, list[Concern]] = defaultdict(list)
    for item in attention.concerns:
        by_kind[item.kind].append(item)
    items: list[Item] = []
    before = attention.item9_before
    if before is not None and Kind.ITEM9 not in by_kind:
        # A self-harm answer before the period leads the section, whatever else is in it.
        items.append(
            Item(
                f"none in this period; before it, the last answer above 0: {item9_words(before)}.",
                f"{TITLE[Kind.ITEM9]}:",
                Tone.WARNING,
            )
        )
    for kind, found in by_kind.items():
        # Urgent concerns (item 9, a crisis reading) are each shown with their value: the
        # most serious one may be any of them.
        shown = len(found) if LEVEL[kind] is Level.URGENT else SHOWN_PER_KIND
        for item in found[:shown]:
            items.append(Item(item.text, f"{item.title}:", TONE.get(item.level, Tone.PLAIN)))
        rest = found[shown:]
        if rest:
            items.append(Item(_more_like_this(rest)))
        if kind is Kind.ITEM9 and before is not None:
            items.append(
                Item(f"Before this period, the last positive answer: {item9_words(before)}.")
            )
    if items:
        blocks.append(Bullets(tuple(items)))
    if not attention.concerns:
        nothing = "Nothing else" if items else "Nothing"
        blocks.append(Paragraph(f"{nothing} in this period needs attention."))
    blocks.append(Paragraph("Checked: " + "; ".join(attention.checked) + ".", Tone.MUTED))
    return blocks


def _more_like_this(rest: list[Concern]) -> str:
    """The concerns not shown in full: their dates (with a count where a day has several),
    or their span when there are many."""
    per_day = Counter(day(c.at) for c in rest)
    dates = sorted(per_day)
    when = (
        "on " + ", ".join(f"{d} ({per_day[d]})" if per_day[d] > 1 else d for d in dates)
        if len(dates) <= SHOWN_DATES
        else f"between {dates[0]} and {dates[-1]} (see the sessions and scores below)"
    )
    return f"And {len(rest)} more like this, {when}."


def glance_items(data: SummaryInput, facts: list[SessionFacts]) -> list[Item]:
    """The first page's answers: what dose, what happened, is the person better."""
    items = []
    dose = p.step_in_force(data.dose_steps, data.until - timedelta(microseconds=1))
    if dose is not None:
        differed = [f for f in facts if f.session.dose_differs]
        taken = (
            "every dose in this period was taken as prescribed"
            if facts and not differed
            else f"{len(differed)} of {plural(len(facts), 'dose')} differed from the plan"
            if facts
            else "no dose was taken in this period"
        )
        items.append(
            Item(f"{mg(dose.dose_mg)} prescribed since {day(dose.effective_at)}; {taken}.", "Dose:")
        )
    elif data.dose_steps:  # the plan's first dose begins after this period
        earliest = min(data.dose_steps, key=lambda step: step.effective_at)
        items.append(
            Item(
                f"none prescribed yet in this period; the first, {mg(earliest.dose_mg)}, from "
                f"{day(earliest.effective_at)}.",
                "Dose:",
            )
        )
    else:
        items.append(Item("no prescribed dose is recorded in the plan.", "Dose:"))
    items.append(Item(sessions_sentence(data, len(facts)), "Sessions:"))
    for scale in (ScaleKind.PHQ9, ScaleKind.GAD7):
        sentences = course(data.self_rated(scale), scale, data.since).sentences()
        name, _, first = sentences[0].partition(": ")
        items.append(Item(" ".join([first, *sentences[1:]]), f"{name}:"))
    return items


def sessions_sentence(data: SummaryInput, taken: int) -> str:
    text = f"{plural(taken, 'session')} in this period"
    expected = expected_sessions(data.phases, data.since, data.until)
    if expected is not None:
        every = (
            data.next_due.phase.interval_days if data.next_due else data.phases[-1].interval_days
        )
        about = f"about {round(expected)}" if expected >= 0.5 else "less than one"
        text += f" ({about} expected; schedule now: every {plural(every, 'day')})"
    if data.next_due is not None:
        due = data.next_due.due_at
        late = " (overdue)" if due < data.generated_at else ""
        text += f"; the next is due on {day(due)}{late}"
    return text + "."


def plan_blocks(data: SummaryInput) -> list[Block]:
    blocks: list[Block] = [Heading("Plan")]
    plan = data.plan
    if plan is None:
        return [*blocks, Paragraph("No plan recorded.")]
    conc = f", {plan.concentration_mg_per_ml:g} mg/mL" if plan.concentration_mg_per_ml else ""
    items = [Item(f"{plan.medication} ({plan.form.value}{conc})", "Medication:")]
    if plan.prescriber:
        items.append(Item(plan.prescriber, "Prescriber:"))
    if plan.bp_limit_systolic and plan.bp_limit_diastolic:
        bp = f"asked for; the care team's limit: {plan.bp_limit_systolic}/{plan.bp_limit_diastolic}"
    else:
        bp = "asked for" if plan.bp_required else "not asked for"
    items.append(Item(bp, "Blood pressure:"))
    items += [
        Item(
            f"{phase.phase.value}, every {plural(phase.interval_days, 'day')}",
            f"From {day(phase.starts_at)}:",
        )
        for phase in data.phases
    ]
    blocks.append(Bullets(tuple(items)))
    if data.dose_steps:
        blocks.append(Heading("Prescribed dose history", 2))
        rows = tuple(
            (
                day(s.effective_at)
                + (" (in this period)" if data.in_range(s.effective_at) else ""),
                mg(s.dose_mg),
                s.reason or "-",
            )
            for s in data.dose_steps
        )
        blocks.append(Table((Column("From", 1.3), Column("Dose", 0.8), Column("Reason", 3)), rows))
    return blocks


def _bp(fact: SessionFacts) -> str:
    return "; ".join(f"{r.value} {r.when}" for r in fact.readings) or "-"


def session_blocks(facts: list[SessionFacts]) -> list[Block]:
    blocks: list[Block] = [Heading(f"Sessions ({len(facts)})")]
    if not facts:
        return [*blocks, Paragraph("No sessions in this period.")]
    shown = facts[-MAX_SESSIONS:]
    if len(shown) < len(facts):
        blocks.append(
            Paragraph(
                f"The {len(shown)} most recent of {len(facts)} sessions; the side-effect counts "
                "and the outcomes per dose step below cover all of them.",
                Tone.MUTED,
            )
        )
    prep = tuple(
        (
            moment(f.started_at) + (" (recorded later)" if f.session.recorded_after else ""),
            "-" if f.since_previous is None else number(f.since_previous / timedelta(days=1)),
            f"{mg(f.session.taken_dose_mg)} / {mg(f.session.prescribed_dose_mg)}"
            + (" (differs)" if f.session.dose_differs else ""),
            meal(f.meal_hours),
            f.session.support_name or "-",
            ", ".join(f.session.medications_today) or "-",
            ", ".join(f.session.skipped_steps) or "-",
        )
        for f in shown
    )
    blocks.append(Heading("Preparation and dose", 2))
    blocks.append(
        Table(
            (
                Column("When", 1.4),
                Column("Days since last", 0.8),
                Column("Dose taken / prescribed", 1.3),
                Column("Hours since meal", 0.8),
                Column("Support", 1),
                Column("Medications that day", 1.5),
                Column("Skipped steps", 1),
            ),
            prep,
        )
    )
    during = tuple(
        (
            moment(f.started_at),
            f"{'-' if f.intensity is None else f.intensity} / "
            f"{'-' if f.dissociation is None else f.dissociation}",
            pair(f.session.mood_before, f.mood_after),
            pair(f.session.anxiety_before, f.anxiety_after),
            ", ".join(e.words() for e in f.effects) or "none",
            _bp(f),
        )
        for f in shown
    )
    blocks.append(Heading("During and after", 2))
    blocks.append(
        Table(
            (
                Column("When", 1.3),
                Column("Intensity / dissociation (0-10)", 1.1),
                Column("Mood before → after (0-10)", 1),
                Column("Anxiety before → after (0-10)", 1),
                Column("Side effects (severity, duration)", 2),
                Column("Blood pressure", 1.8),
            ),
            during,
        )
    )
    effects = effect_summary(facts)
    if effects:
        blocks.append(Heading("Side effects across the sessions", 2))
        blocks.append(
            Table(
                (
                    Column("Sensation", 1.2),
                    Column("Sessions", 1),
                    Column("Severe", 0.7),
                    Column("Worst", 0.8),
                    Column("Typical duration", 1.2),
                ),
                tuple(
                    (
                        e.sensation,
                        f"{e.sessions} of {len(facts)}",
                        str(e.severe),
                        e.worst.value,
                        e.typical,
                    )
                    for e in effects
                ),
            )
        )
    return blocks


def score_chart(data: SummaryInput, scale: ScaleKind, span_days: float) -> Chart | None:
    results = [r for r in data.self_rated(scale) if data.in_range(r.at)]
    if len(results) < 2:
        return None
    points, what = chart_points(((r.at, float(r.score)) for r in results), span_days)
    bands = PHQ9_BANDS if scale is ScaleKind.PHQ9 else GAD7_BANDS
    low = -0.5
    strips = []
    for upper, name in bands:
        strips.append(Band(low, upper + 0.5, name))
        low = upper + 0.5
    colour = "#7a4f9a" if scale is ScaleKind.PHQ9 else "#b0703a"
    return Chart(
        f"{SCALE_NAME[scale.value]} ({what})",
        (Series(SCALE_NAME[scale.value], tuple(points), colour),),
        y_min=0,
        y_max=float(bands[-1][0]),
        bands=tuple(strips),
    )


def measure_blocks(data: SummaryInput) -> list[Block]:
    blocks: list[Block] = [Heading("PHQ-9 and GAD-7")]
    for scale in (ScaleKind.PHQ9, ScaleKind.GAD7):
        sentences = course(data.self_rated(scale), scale, data.since).sentences()
        blocks.append(Paragraph(" ".join(sentences)))
    by_day: dict[str, dict[ScaleKind, str]] = defaultdict(dict)
    item9: dict[str, str] = {}
    for result in data.scales:
        if result.scale in (ScaleKind.PHQ9, ScaleKind.GAD7) and data.in_range(result.at):
            when = day(result.at)
            by_day[when][result.scale] = f"{result.score} ({result.band})"
            if result.scale is ScaleKind.PHQ9 and result.answers and len(result.answers) == 9:
                item9[when] = str(result.answers[8])
    if by_day:
        dates = sorted(by_day.items(), reverse=True)
        shown = dates[:MAX_SCORE_DATES]
        blocks.append(
            Table(
                (
                    Column("Date"),
                    Column("PHQ-9 (band)"),
                    Column("GAD-7 (band)"),
                    Column("PHQ-9 item 9"),
                ),
                tuple(
                    (
                        when,
                        scores.get(ScaleKind.PHQ9, "-"),
                        scores.get(ScaleKind.GAD7, "-"),
                        item9.get(when, "-"),
                    )
                    for when, scores in shown
                ),
                caption="Newest first"
                + (
                    f"; the last {len(shown)} of {len(dates)} dates (the charts show every one)."
                    if len(shown) < len(dates)
                    else "."
                ),
            )
        )
    span_days = (data.until - data.since) / timedelta(days=1)
    blocks += [
        c for s in (ScaleKind.PHQ9, ScaleKind.GAD7) if (c := score_chart(data, s, span_days))
    ]
    rated = [r for r in data.scales if r.rated_by == "clinician" and data.in_range(r.at)]
    if rated:
        blocks.append(
            Bullets(
                tuple(
                    Item(
                        f"{r.score} on {day(r.at)}",
                        f"{SCALE_NAME[r.scale.value]} (clinician-rated):",
                    )
                    for r in rated
                )
            )
        )
    return blocks


def checkin_blocks(data: SummaryInput) -> list[Block]:
    """Mood, anxiety, sleep and energy from the daily check-ins, as weekly or monthly means."""
    from ketajournal.domain.summary.measures import mood_trend

    span_days = (data.until - data.since) / timedelta(days=1)
    weekly = span_days <= 182
    periods = period_means(data.moods, weekly)
    blocks: list[Block] = [Heading("Daily check-ins"), Paragraph(mood_trend(periods, weekly))]
    if not periods:
        return blocks
    shown = periods[-MAX_PERIODS:]
    unit = "Week of" if weekly else "Month"
    blocks.append(
        Table(
            (
                Column(unit),
                Column("Check-ins", 0.8),
                Column("Mood (0-10)"),
                Column("Anxiety (0-10)"),
                Column("Sleep (hours)"),
                Column("Energy (0-10)"),
            ),
            tuple(
                (
                    pm.start.isoformat() if weekly else pm.start.strftime("%Y-%m"),
                    str(pm.count),
                    number(pm.mood),
                    number(pm.anxiety),
                    number(pm.sleep),
                    number(pm.energy),
                )
                for pm in reversed(shown)
            ),
            caption=(
                f"Newest first; the last {len(shown)} of {len(periods)}."
                if len(shown) < len(periods)
                else "Newest first."
            ),
        )
    )
    points, what = chart_points(((c.at, float(c.mood)) for c in data.moods), span_days)
    if len(points) >= 2:
        blocks.append(Chart(f"Mood, 0-10 ({what})", (Series("mood", tuple(points)),), 0, 10))
    return blocks


def dose_outcome_blocks(data: SummaryInput) -> list[Block]:
    window = p.Window(data.since, data.until)
    rows = p.dose_outcomes(
        data.dose_steps, data.in_range_sessions, data.events, data.reflections, window
    )
    if not rows:
        return []
    phq9 = [r for r in data.self_rated(ScaleKind.PHQ9) if data.in_range(r.at)]
    ordered = sorted(data.dose_steps, key=lambda s: s.effective_at)

    def last_phq9(step_index: int | None) -> str:
        if step_index is None:
            return "-"
        start = ordered[step_index].effective_at
        end = (
            ordered[step_index + 1].effective_at
            if step_index + 1 < len(ordered)
            else datetime.max.replace(tzinfo=start.tzinfo)
        )
        during = [r for r in phq9 if start <= r.at < end]
        return f"{during[-1].score} ({during[-1].band})" if during else "-"

    table_rows = []
    for row in rows:
        index = ordered.index(row.step) if row.step is not None else None
        table_rows.append(
            (
                "before any dose step"
                if row.step is None
                else f"{mg(row.dose_mg)} from {day(row.step.effective_at)}",
                str(row.sessions),
                number(row.mean_intensity),
                number(row.mean_dissociation),
                number(row.mean_mood_change),
                f"{row.side_effects} ({row.severe} severe)",
                last_phq9(index),
            )
        )
    return [
        Heading("Outcomes per dose step"),
        Table(
            (
                Column("Prescribed dose", 1.6),
                Column("Sessions", 0.8),
                Column("Intensity (mean)", 0.9),
                Column("Dissociation (mean)", 1),
                Column("Mood change (mean)", 0.9),
                Column("Side effects", 1),
                Column("Last PHQ-9", 1),
            ),
            tuple(table_rows),
            caption="Sessions in this period under each prescribed dose; means of those rated.",
        ),
    ]
