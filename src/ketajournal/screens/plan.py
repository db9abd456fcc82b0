"""The plan screen: medication, dose history, schedule and contacts, as the care team set them.

Every record here can be corrected: Enter on a dose change, a schedule phase or a contact
puts it in the form to change, d removes it after asking, and an optional plan field
left empty is emptied (the service's CLEAR), never quietly kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import (
    Button,
    Checkbox,
    Header,
    Input,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from ketajournal.domain import models as m
from ketajournal.domain.contacts import ROLE_TITLE
from ketajournal.domain.validate import parse_blood_pressure
from ketajournal.domain.when import parse_when
from ketajournal.numbers import parse_float, parse_int
from ketajournal.screens.base import BaseScreen
from ketajournal.service import JournalService
from ketajournal.service.base import CLEAR
from ketajournal.text import iso_day, safe_text
from ketajournal.widgets.footer import KeyFooter
from ketajournal.widgets.form import Field, FormPane, Tick, clear_errors
from ketajournal.widgets.inert import InertInput
from ketajournal.widgets.record_tab import RecordKind, RecordTab, Values
from ketajournal.widgets.status import StatusLine

CARE_TEAM_NOTE = (
    "Doses and the schedule come from your care team. ketajournal records what they set; "
    "it never suggests a dose."
)
TABS = ("tab-plan", "tab-doses", "tab-schedule", "tab-contacts")


@dataclass(frozen=True)
class PlanData:
    plan: m.Plan | None
    steps: list[m.DoseStep]
    phases: list[m.SchedulePhase]
    contacts: list[m.Contact]
    current: m.DoseStep | None


def _load(svc: JournalService) -> PlanData:
    return PlanData(
        plan=svc.plan.get(),
        steps=svc.plan.dose_steps(),
        phases=svc.plan.phases(),
        contacts=svc.contacts.list(),
        current=svc.plan.current_dose(),
    )


def _options(enum: type[Any]) -> list[tuple[str, str]]:
    return [(member.value, member.value) for member in enum]


def _input(widget_id: str, placeholder: str = "") -> InertInput:
    return InertInput(placeholder=placeholder, id=widget_id, compact=True)


# -- what each tab lists, and how it is written ------------------------------------------------


def _save_plan(svc: JournalService, v: Values) -> str:
    """Every field as shown: an optional one left empty is emptied (CLEAR)."""
    conc, limit, prescriber = v["concentration"], v["bp-limit"], v["prescriber"]
    svc.plan.set(
        medication=v["medication"],  # needed: empty is refused, at its field
        form=v["form"],
        concentration_mg_per_ml=parse_float(conc, "concentration", 0.001, 1000, unit="mg/ml")
        if conc
        else CLEAR,
        prescriber=prescriber or CLEAR,
        bp_required=v["bp-required"],
        # An empty limit means none: summaries then use the AHA's categories.
        bp_limit=parse_blood_pressure(limit, "bp limit") if limit else CLEAR,
    )
    return "Plan saved."


def _save_dose(svc: JournalService, v: Values, editing: UUID | None) -> str:
    dose = parse_float(v["dose-mg"], "dose", 0.001, 10_000, unit="mg", what="a number of mg")
    when = v["dose-when"]
    effective = parse_when(when, svc.ctx.now(), "from when", future=True) if when else None
    if editing is None:
        step = svc.plan.add_dose_step(dose, v["dose-reason"], effective)
        return f"Dose change recorded: {step.dose_mg:g} mg."
    step = svc.plan.edit_dose_step(
        editing, dose_mg=dose, reason=v["dose-reason"], effective_at=effective
    )
    return f"Dose change corrected: {step.dose_mg:g} mg from {iso_day(step.effective_at)}."


DOSES: RecordKind[m.DoseStep] = RecordKind(
    key="dose",
    name="dose change",
    columns=("From", "Dose", "Reason"),
    cells=lambda s: (iso_day(s.effective_at), f"{s.dose_mg:g} mg", s.reason),
    fill=lambda s: {
        "dose-mg": f"{s.dose_mg:g}",
        "dose-when": iso_day(s.effective_at),
        "dose-reason": s.reason,
    },
    save=_save_dose,
    remove=lambda svc, ref: (svc.plan.remove_dose_step(ref), "Dose change removed.")[1],
    describe=lambda s: f"the dose change to {s.dose_mg:g} mg from {iso_day(s.effective_at)}",
    ident=lambda s: s.id,
)


def _save_phase(svc: JournalService, v: Values, editing: UUID | None) -> str:
    every = parse_int(v["phase-every"], "every (days)", 1, 365)
    start = v["phase-start"]
    starts = parse_when(start, svc.ctx.now(), "starting", future=True) if start else None
    if editing is None:
        record = svc.plan.add_phase(v["phase"] or "", every, starts)
        return f"Schedule phase added: {record.phase.value}, every {record.interval_days} days."
    record = svc.plan.edit_phase(editing, phase=v["phase"], interval_days=every, starts_at=starts)
    return f"Schedule phase corrected: {record.phase.value}, every {record.interval_days} days."


PHASES: RecordKind[m.SchedulePhase] = RecordKind(
    key="phase",
    name="schedule phase",
    columns=("From", "Phase", "Every"),
    cells=lambda p: (iso_day(p.starts_at), p.phase.value, f"{p.interval_days} days"),
    fill=lambda p: {
        "phase": p.phase.value,
        "phase-every": str(p.interval_days),
        "phase-start": iso_day(p.starts_at),
    },
    save=_save_phase,
    remove=lambda svc, ref: (svc.plan.remove_phase(ref), "Schedule phase removed.")[1],
    describe=lambda p: f"the {p.phase.value} phase from {iso_day(p.starts_at)}",
    ident=lambda p: p.id,
)


def _save_contact(svc: JournalService, v: Values, editing: UUID | None) -> str:
    name, role, phone, note = (
        v["contact-name"],
        v["contact-role"],
        v["contact-phone"],
        v["contact-note"],
    )
    if editing is None:
        contact = svc.contacts.add(name, role or "", phone=phone or None, note=note or None)
        return f"Contact added: {safe_text(contact.name)}."
    contact = svc.contacts.edit(
        editing, name=name, role=role or "", phone=phone or CLEAR, note=note or CLEAR
    )
    return f"Contact changed: {safe_text(contact.name)}."


CONTACTS: RecordKind[m.Contact] = RecordKind(
    key="contact",
    name="contact",
    columns=("Role", "Name", "Phone", "Note"),
    cells=lambda c: (c.role.value, c.name, c.phone or "", c.note or ""),
    fill=lambda c: {
        "contact-name": c.name,
        "contact-role": c.role.value,
        "contact-phone": c.phone or "",
        "contact-note": c.note or "",
    },
    save=_save_contact,
    remove=lambda svc, ref: (svc.contacts.remove(ref), "Contact removed.")[1],
    describe=lambda c: f"{ROLE_TITLE[c.role].lower()} {safe_text(c.name)}",
    ident=lambda c: c.id,
)


class PlanScreen(BaseScreen[None]):
    NAME = "Treatment plan and contacts"
    HELP = (
        "Your treatment plan as your care team set it, on four tabs: the plan, every dose "
        "change with its reason, the schedule, and the people to call. To switch tabs, press "
        "1 to 4 from a table or a button, or shift+tab to the tab names and then left and "
        "right. Tab moves between fields. On a table, enter puts the row in the form below to "
        "correct it (escape leaves it as it was) and d removes it, after asking. An optional "
        "field left empty and saved is emptied."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="plan.back"),
        *[
            Binding(str(i + 1), f"tab('{tab}')", tab.removeprefix("tab-").title(),
                    id=f"plan.{tab}", show=False)
            for i, tab in enumerate(TABS)
        ],
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(CARE_TEAM_NOTE, id="care-team-note", classes="muted", markup=False)
        with TabbedContent(id="plan-tabs"):
            with TabPane("1 Plan", id="tab-plan"), FormPane():
                yield Static("", id="plan-summary", classes="card", markup=False)
                yield Field("Medication", _input("medication", "e.g. Ketamine HCl"))
                yield Field("Form", Select(_options(m.MedicationForm), prompt="choose", id="form",
                                           compact=True))  # fmt: skip
                yield Field(
                    "Concentration",
                    _input("concentration", "mg/mL, for a solution"),
                    also=("concentration (mg/ml)",),
                )
                yield Field("Prescriber", _input("prescriber", "optional"))
                yield Tick(
                    "My care team asks for blood pressure readings", id="bp-required", compact=True
                )
                yield Field(
                    "BP limit",
                    _input("bp-limit", "the highest SYS/DIA your care team accepts, if set"),
                    also=("blood pressure", "blood pressure (systolic)",
                          "blood pressure (diastolic)"),
                )  # fmt: skip
                yield Button("Save plan", id="save-plan", variant="primary", compact=True)
            with TabPane("2 Doses", id="tab-doses"):
                yield Static("", id="current-dose", classes="card", markup=False)
                yield RecordTab(
                    DOSES,
                    "Record a dose change your clinician made:",
                    [
                        Field("Dose (mg)", _input("dose-mg"), field="dose"),
                        Field("From when", _input("dose-when", "now, or e.g. 2026-03-16")),
                        Field("Reason", _input("dose-reason", "as the clinician told you")),
                    ],
                    id="doses",
                )
            with TabPane("3 Schedule", id="tab-schedule"):
                yield RecordTab(
                    PHASES,
                    "Add a schedule phase:",
                    [
                        Field(
                            "Phase",
                            Select(
                                _options(m.Phase),
                                prompt="choose",
                                id="phase",
                                value="induction",
                                compact=True,
                            ),
                        ),  # fmt: skip
                        Field("Every (days)", _input("phase-every")),
                        Field("Starting", _input("phase-start", "now, or e.g. 2026-05-01")),
                    ],
                    id="phases",
                )
            with TabPane("4 Contacts", id="tab-contacts"):
                yield RecordTab(
                    CONTACTS,
                    "Add a contact:",
                    [
                        Field("Name", _input("contact-name")),
                        Field(
                            "Role",
                            Select(
                                _options(m.Role), prompt="choose", id="contact-role", compact=True
                            ),
                        ),  # fmt: skip
                        Field("Phone", _input("contact-phone", "optional")),
                        Field("Note", _input("contact-note", "optional: hours, relation")),
                    ],
                    id="contacts",
                )
        yield StatusLine(id="plan-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        # Focused now, not through the app's queue (`focus()`): on a busy machine the plan
        # (loaded in a worker) could arrive first, and the late focus then selected the
        # medication as loaded, so the first key typed replaced it instead of adding to it.
        self.set_focus(self.query_one("#medication", Input))
        self._reload()

    def _reload(self) -> None:
        self.call(_load, self._loaded, group="plan")

    def _loaded(self, data: PlanData) -> None:
        plan = data.plan
        if plan is None:
            summary = "No plan recorded yet. Fill in what your care team prescribed and save."
        else:
            conc = (
                f", {plan.concentration_mg_per_ml:g} mg/mL" if plan.concentration_mg_per_ml else ""
            )
            summary = f"{safe_text(plan.medication)} ({plan.form.value}{conc})"
            if plan.prescriber:
                summary += f"\nPrescribed by {safe_text(plan.prescriber)}"
            self.query_one("#medication", Input).value = safe_text(plan.medication)  # ESC-free
            self.query_one("#form", Select).value = plan.form.value
            self.query_one("#concentration", Input).value = (
                f"{plan.concentration_mg_per_ml:g}" if plan.concentration_mg_per_ml else ""
            )
            self.query_one("#prescriber", Input).value = safe_text(plan.prescriber or "")
            self.query_one("#bp-required", Checkbox).value = plan.bp_required
            self.query_one("#bp-limit", Input).value = (
                f"{plan.bp_limit_systolic}/{plan.bp_limit_diastolic}"
                if plan.bp_limit_systolic and plan.bp_limit_diastolic
                else ""
            )
        self.query_one("#plan-summary", Static).update(summary)
        self.query_one("#current-dose", Static).update(
            f"Current prescribed dose: {data.current.dose_mg:g} mg (set by your care team)"
            if data.current
            else "No prescribed dose recorded yet."
        )
        self.query_one("#doses", RecordTab).show(data.steps)
        self.query_one("#phases", RecordTab).show(data.phases)
        self.query_one("#contacts", RecordTab).show(data.contacts)

    def action_tab(self, tab: str) -> None:
        if isinstance(self.focused, Input):
            return  # a digit typed into a field is the field's
        self.query_one("#plan-tabs", TabbedContent).active = tab
        # The focus goes along (the tabs follow the focus, so it may not stay behind).
        first = [
            w for w in self.query_one(f"#{tab}").query("DataTable, Input, Select") if w.display
        ]
        if first:
            first[0].focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Digits switch tabs only where they are not typed into a field.
        return not (action == "tab" and isinstance(self.focused, Input))

    # -- saving -------------------------------------------------------------------------

    @on(Button.Pressed, "#save-plan")
    def _save_plan(self) -> None:
        clear_errors(self)
        form = self.query_one("#form", Select).value
        values: Values = {
            name: self.query_one(f"#{name}", Input).value.strip()
            for name in ("medication", "concentration", "prescriber", "bp-limit")
        }
        values["form"] = None if form is Select.NULL else str(form)
        values["bp-required"] = self.query_one("#bp-required", Checkbox).value
        self.call(lambda svc: _save_plan(svc, values), self._done, group="plan-save")

    @on(RecordTab.Changed)
    def _record_changed(self, event: RecordTab.Changed) -> None:
        self._done(event.done)

    def _done(self, what: str) -> None:
        self.query_one("#plan-status", StatusLine).ok(what)
        self._reload()
