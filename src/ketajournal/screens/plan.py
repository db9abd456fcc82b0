"""The plan screen: medication, dose history, schedule and contacts, as the care team set them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Footer,
    Header,
    Input,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from ketajournal.domain import models as m
from ketajournal.domain.validate import parse_blood_pressure
from ketajournal.domain.when import parse_when
from ketajournal.errors import KetaJournalError, ValidationError
from ketajournal.service.base import CLEAR
from ketajournal.text import safe_text
from ketajournal.widgets.form import Field, FormPane, Tick
from ketajournal.widgets.inert import InertInput

if TYPE_CHECKING:
    from ketajournal.app import KetaJournalApp
    from ketajournal.service import JournalService

CARE_TEAM_NOTE = (
    "Doses and the schedule come from your care team. ketajournal records what they set; "
    "it never suggests a dose."
)


@dataclass(frozen=True)
class PlanData:
    plan: m.Plan | None
    steps: list[m.DoseStep]
    phases: list[m.SchedulePhase]
    contacts: list[m.Contact]
    current: m.DoseStep | None


def _options(enum: type[Any]) -> list[tuple[str, str]]:
    return [(member.value, member.value) for member in enum]


class PlanScreen(Screen[None]):
    HELP = (
        "Your treatment plan as your care team set it: the medication, every dose change with "
        "its reason, the schedule, and the people to call. Tab moves between fields."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="plan.back"),
    ]

    @dataclass
    class Loaded(Message):
        data: PlanData

    @dataclass
    class Saved(Message):
        what: str

    @dataclass
    class Refused(Message):
        error: str

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(CARE_TEAM_NOTE, id="care-team-note", classes="muted", markup=False)
        with TabbedContent(id="plan-tabs"):
            with TabPane("Plan", id="tab-plan"), FormPane():
                yield Static("", id="plan-summary", classes="card", markup=False)
                yield Field(
                    "Medication",
                    InertInput(placeholder="e.g. Ketamine HCl", id="medication", compact=True),
                )
                yield Field(
                    "Form",
                    Select(_options(m.MedicationForm), prompt="choose", id="form", compact=True),
                )
                yield Field(
                    "Concentration",
                    InertInput(
                        placeholder="mg/mL, for a solution", id="concentration", compact=True
                    ),
                )
                yield Field("Prescriber", InertInput(id="prescriber", compact=True))
                yield Tick(
                    "My care team asks for blood pressure readings", id="bp-required", compact=True
                )
                yield Field(
                    "BP limit",
                    InertInput(
                        placeholder="the highest SYS/DIA your care team accepts, if set",
                        id="bp-limit",
                        compact=True,
                    ),
                )
                yield Button("Save plan", id="save-plan", variant="primary", compact=True)
            with TabPane("Doses", id="tab-doses"), FormPane():
                yield Static("", id="current-dose", classes="card", markup=False)
                yield DataTable(id="dose-table", cursor_type="row", zebra_stripes=True)
                yield Static(
                    "Record a dose change your clinician made:", classes="card-title", markup=False
                )
                yield Field("Dose (mg)", InertInput(id="dose-mg", compact=True))
                yield Field(
                    "From when",
                    InertInput(placeholder="now, or e.g. 2026-03-16", id="dose-when", compact=True),
                )
                yield Field(
                    "Reason",
                    InertInput(
                        placeholder="as the clinician told you", id="dose-reason", compact=True
                    ),
                )
                yield Button("Record dose change", id="save-dose", variant="primary", compact=True)
            with TabPane("Schedule", id="tab-schedule"), FormPane():
                yield DataTable(id="phase-table", cursor_type="row", zebra_stripes=True)
                yield Static("Add a schedule phase:", classes="card-title", markup=False)
                yield Field(
                    "Phase",
                    Select(
                        _options(m.Phase),
                        prompt="choose",
                        id="phase",
                        value="induction",
                        compact=True,
                    ),
                )
                yield Field("Every (days)", InertInput(id="phase-every", compact=True))
                yield Field(
                    "Starting",
                    InertInput(
                        placeholder="now, or e.g. 2026-05-01", id="phase-start", compact=True
                    ),
                )
                yield Button("Add phase", id="save-phase", variant="primary", compact=True)
            with TabPane("Contacts", id="tab-contacts"), FormPane():
                yield DataTable(id="contact-table", cursor_type="row", zebra_stripes=True)
                yield Static("Add a contact:", classes="card-title", markup=False)
                yield Field("Name", InertInput(id="contact-name", compact=True))
                yield Field(
                    "Role",
                    Select(_options(m.Role), prompt="choose", id="contact-role", compact=True),
                )
                yield Field("Phone", InertInput(id="contact-phone", compact=True))
                yield Field(
                    "Note",
                    InertInput(
                        placeholder="optional: hours, relation", id="contact-note", compact=True
                    ),
                )
                yield Button("Add contact", id="save-contact", variant="primary", compact=True)
        with Vertical(id="plan-status-bar"):
            yield Static("", id="plan-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#dose-table", DataTable).add_columns("From", "Dose", "Reason")
        self.query_one("#phase-table", DataTable).add_columns("From", "Phase", "Every")
        self.query_one("#contact-table", DataTable).add_columns("Role", "Name", "Phone", "Note")
        self.query_one("#medication", Input).focus()
        self._load()

    # -- loading ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="plan", exit_on_error=False)
    def _load(self) -> None:
        svc = self._svc()
        self.post_message(
            self.Loaded(
                PlanData(
                    plan=svc.plan.get(),
                    steps=svc.plan.dose_steps(),
                    phases=svc.plan.phases(),
                    contacts=svc.contacts.list(),
                    current=svc.plan.current_dose(),
                )
            )
        )

    def on_plan_screen_loaded(self, message: Loaded) -> None:
        data = message.data
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
        _fill(
            self.query_one("#dose-table", DataTable),
            [(_day(s.effective_at), f"{s.dose_mg:g} mg", safe_text(s.reason)) for s in data.steps],
        )
        _fill(
            self.query_one("#phase-table", DataTable),
            [(_day(p.starts_at), p.phase.value, f"{p.interval_days} days") for p in data.phases],
        )
        _fill(
            self.query_one("#contact-table", DataTable),
            [
                (c.role.value, safe_text(c.name), safe_text(c.phone or ""), safe_text(c.note or ""))
                for c in data.contacts
            ],
        )

    # -- saving -------------------------------------------------------------------------

    @on(Button.Pressed, "#save-plan")
    def _save_plan(self) -> None:
        form = self.query_one("#form", Select).value
        values = {
            "medication": self._text("#medication") or None,
            "form": None if form is Select.NULL else str(form),
            "concentration": self._text("#concentration"),
            "prescriber": self._text("#prescriber") or None,
            "bp_required": self.query_one("#bp-required", Checkbox).value,
            "bp_limit": self._text("#bp-limit"),
        }

        def save(svc: JournalService) -> str:
            conc, limit = values["concentration"], values["bp_limit"]
            svc.plan.set(
                medication=values["medication"],  # type: ignore[arg-type]
                form=values["form"],  # type: ignore[arg-type]
                concentration_mg_per_ml=_number(conc, "concentration") if conc else None,  # type: ignore[arg-type]
                prescriber=values["prescriber"],  # type: ignore[arg-type]
                bp_required=values["bp_required"],  # type: ignore[arg-type]
                # An empty field means no limit: summaries then use the AHA's categories.
                bp_limit=parse_blood_pressure(str(limit), "blood-pressure limit")
                if limit
                else CLEAR,
            )
            return "Plan saved."

        self._save(save)

    @on(Button.Pressed, "#save-dose")
    def _save_dose(self) -> None:
        dose, when, reason = (
            self._text("#dose-mg"),
            self._text("#dose-when"),
            self._text("#dose-reason"),
        )

        def save(svc: JournalService) -> str:
            effective = parse_when(when, svc.ctx.now(), "from when") if when else None
            step = svc.plan.add_dose_step(_number(dose, "dose"), reason, effective)
            return f"Dose change recorded: {step.dose_mg:g} mg."

        self._save(save, clear=("#dose-mg", "#dose-when", "#dose-reason"))

    @on(Button.Pressed, "#save-phase")
    def _save_phase(self) -> None:
        phase = self.query_one("#phase", Select).value
        every, start = self._text("#phase-every"), self._text("#phase-start")

        def save(svc: JournalService) -> str:
            starts = parse_when(start, svc.ctx.now(), "starting") if start else None
            days = _number(every, "every (days)")
            record = svc.plan.add_phase(
                "" if phase is Select.NULL else str(phase),
                int(days) if days.is_integer() else -1,
                starts,
            )
            return f"Schedule phase added: {record.phase.value}, every {record.interval_days} days."

        self._save(save, clear=("#phase-every", "#phase-start"))

    @on(Button.Pressed, "#save-contact")
    def _save_contact(self) -> None:
        role = self.query_one("#contact-role", Select).value
        name, phone, note = (
            self._text("#contact-name"),
            self._text("#contact-phone"),
            self._text("#contact-note"),
        )

        def save(svc: JournalService) -> str:
            contact = svc.contacts.add(
                name,
                "" if role is Select.NULL else str(role),
                phone=phone or None,
                note=note or None,
            )
            return f"Contact added: {safe_text(contact.name)}."

        self._save(save, clear=("#contact-name", "#contact-phone", "#contact-note"))

    def _save(self, action: Callable[[JournalService], str], clear: tuple[str, ...] = ()) -> None:
        self._run_save(action, clear)

    @work(thread=True, exclusive=True, group="plan-save", exit_on_error=False)
    def _run_save(self, action: Callable[[JournalService], str], clear: tuple[str, ...]) -> None:
        try:
            done = action(self._svc())
        except KetaJournalError as exc:
            self.post_message(self.Refused(str(exc)))
            return
        self.post_message(self.Saved(done))
        self.app.call_from_thread(self._clear, clear)

    def _clear(self, selectors: tuple[str, ...]) -> None:
        for selector in selectors:
            self.query_one(selector, Input).value = ""

    def on_plan_screen_saved(self, message: Saved) -> None:
        self.query_one("#plan-status", Static).update(message.what)
        self.query_one("#plan-status", Static).set_classes("ok")
        self._load()

    def on_plan_screen_refused(self, message: Refused) -> None:
        status = self.query_one("#plan-status", Static)
        status.update(message.error)
        status.set_classes("warning")

    def _text(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()

    def _svc(self) -> JournalService:
        app: KetaJournalApp = self.app  # type: ignore[assignment]
        return app.svc


def _fill(table: DataTable[Any], rows: list[tuple[str, ...]]) -> None:
    """Rows as inert text: DataTable would parse a plain str cell as markup."""
    table.clear()
    for row in rows:
        table.add_row(*(Text(safe_text(cell)) for cell in row))


def _day(when: Any) -> str:
    return when.astimezone().strftime("%Y-%m-%d")


def _number(raw: str, field: str) -> float:
    try:
        return float(raw.lower().removesuffix("mg").strip())
    except ValueError:
        raise ValidationError(field, "a number", raw) from None
