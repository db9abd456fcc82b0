"""The treatment plan the care team set: medication, dose history, schedule, next session."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from ketajournal.domain import models as m
from ketajournal.domain import rules, schedule
from ketajournal.domain import validate as v
from ketajournal.errors import NotFoundError, ValidationError
from ketajournal.service.base import CLEAR, Cleared, Context, change


class PlanService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def get(self) -> m.Plan | None:
        plans = self._ctx.store.find(m.Plan, order_by="created_at", limit=1)
        return plans[0] if plans else None

    def require(self) -> m.Plan:
        plan = self.get()
        if plan is None:
            raise NotFoundError("plan: none recorded yet; set it first with `ketajournal plan set`")
        return plan

    def set(
        self,
        *,
        medication: str | None = None,
        form: str | m.MedicationForm | None = None,
        concentration_mg_per_ml: float | Cleared | None = None,
        prescriber: str | Cleared | None = None,
        bp_required: bool | None = None,
        first_session_supervised: bool | None = None,
        notes: str | Cleared | None = None,
        bp_limit: tuple[int, int] | Cleared | None = None,
    ) -> m.Plan:
        """Creates the plan, or changes the fields given: None leaves a field as it is,
        CLEAR empties an optional one (the medication and its form are always needed).

        `bp_limit`: the highest blood pressure the care team accepts, (systolic, diastolic);
        CLEAR removes it (summaries then compare readings with the AHA's categories).
        """
        changes: dict[str, object] = {}
        if bp_limit is CLEAR:
            changes["bp_limit_systolic"] = changes["bp_limit_diastolic"] = None
        elif isinstance(bp_limit, tuple):
            systolic, diastolic = v.blood_pressure(*bp_limit)  # each in range, and in order
            changes["bp_limit_systolic"], changes["bp_limit_diastolic"] = systolic, diastolic
        if medication is not None:
            changes["medication"] = rules.check(m.Plan, "medication", medication)
        if form is not None:
            changes["form"] = v.choice(form, m.MedicationForm, "form")
        change(
            changes,
            "concentration_mg_per_ml",
            concentration_mg_per_ml,
            lambda c: rules.check(m.Plan, "concentration_mg_per_ml", c, "concentration (mg/mL)"),
        )
        change(changes, "prescriber", prescriber, lambda p: rules.check(m.Plan, "prescriber", p))
        if bp_required is not None:
            changes["bp_required"] = bool(bp_required)
        if first_session_supervised is not None:
            changes["first_session_supervised"] = bool(first_session_supervised)
        change(changes, "notes", notes, lambda n: rules.check(m.Plan, "notes", n))
        plan = self.get()
        if plan is None:
            if "medication" not in changes:
                changes["medication"] = "Ketamine"
            if "form" not in changes:
                raise ValidationError(
                    "form", "one of " + ", ".join(f.value for f in m.MedicationForm)
                )
            plan = m.Plan(**self._ctx.stamp(), **changes)  # type: ignore[arg-type]
            self._ctx.store.insert(plan)
            return plan
        return self._ctx.touch(plan, **changes) if changes else plan

    # -- dose history -------------------------------------------------------------------

    def add_dose_step(
        self, dose_mg: float, reason: str, effective_at: datetime | None = None
    ) -> m.DoseStep:
        """Records a dose the clinician set. The program never proposes one."""
        plan = self.require()
        step = m.DoseStep(
            **self._ctx.stamp(),
            plan_id=plan.id,
            effective_at=v.aware(effective_at, "effective") if effective_at else self._ctx.now(),
            dose_mg=rules.check(m.DoseStep, "dose_mg", dose_mg, "dose"),
            reason=rules.check(m.DoseStep, "reason", reason).strip(),
        )
        self._ctx.store.insert(step)
        return step

    def edit_dose_step(
        self,
        ref: UUID | str,
        *,
        dose_mg: float | None = None,
        reason: str | None = None,
        effective_at: datetime | None = None,
    ) -> m.DoseStep:
        """Corrects a recorded dose change (a typo in the dose, the date or the reason)."""
        step = self._ctx.resolve(m.DoseStep, ref, "dose step")
        changes: dict[str, object] = {}
        change(changes, "dose_mg", dose_mg, lambda d: v.positive_mg(d, "dose"))
        change(changes, "reason", reason, lambda r: v.text(r, "reason", limit=2000).strip())
        change(changes, "effective_at", effective_at, lambda e: v.aware(e, "from when"))
        return self._ctx.touch(step, **changes) if changes else step

    def remove_dose_step(self, ref: UUID | str) -> None:
        """Removes a dose change recorded by mistake; the sessions keep the dose they had."""
        step = self._ctx.resolve(m.DoseStep, ref, "dose step")
        self._ctx.store.delete(m.DoseStep, step.id)

    def dose_steps(self) -> list[m.DoseStep]:
        plan = self.get()
        if plan is None:
            return []
        return self._ctx.store.find(m.DoseStep, where={"plan_id": plan.id}, order_by="effective_at")

    def dose_at(self, at: datetime) -> m.DoseStep | None:
        """The prescribed dose in force at `at` (the latest step already effective)."""
        at = v.aware(at, "at")
        effective = [s for s in self.dose_steps() if s.effective_at <= at]
        return effective[-1] if effective else None

    def current_dose(self) -> m.DoseStep | None:
        return self.dose_at(self._ctx.now())

    # -- schedule -----------------------------------------------------------------------

    def add_phase(
        self, phase: str | m.Phase, interval_days: int, starts_at: datetime | None = None
    ) -> m.SchedulePhase:
        plan = self.require()
        record = m.SchedulePhase(
            **self._ctx.stamp(),
            plan_id=plan.id,
            phase=v.choice(phase, m.Phase, "phase"),
            interval_days=rules.check(
                m.SchedulePhase, "interval_days", interval_days, "every (days)"
            ),
            starts_at=v.aware(starts_at, "start") if starts_at else self._ctx.now(),
        )
        self._ctx.store.insert(record)
        return record

    def edit_phase(
        self,
        ref: UUID | str,
        *,
        phase: str | m.Phase | None = None,
        interval_days: int | None = None,
        starts_at: datetime | None = None,
    ) -> m.SchedulePhase:
        """Corrects a schedule phase: its kind, how often, or when it starts."""
        record = self._ctx.resolve(m.SchedulePhase, ref, "schedule phase")
        changes: dict[str, object] = {}
        change(changes, "phase", phase, lambda p: v.choice(p, m.Phase, "phase"))
        change(
            changes, "interval_days", interval_days, lambda n: v.rating(n, "every (days)", 1, 365)
        )
        change(changes, "starts_at", starts_at, lambda s: v.aware(s, "starting"))
        return self._ctx.touch(record, **changes) if changes else record

    def remove_phase(self, ref: UUID | str) -> None:
        record = self._ctx.resolve(m.SchedulePhase, ref, "schedule phase")
        self._ctx.store.delete(m.SchedulePhase, record.id)

    def phases(self) -> list[m.SchedulePhase]:
        plan = self.get()
        if plan is None:
            return []
        return self._ctx.store.find(
            m.SchedulePhase, where={"plan_id": plan.id}, order_by="starts_at"
        )

    def next_due(self) -> schedule.NextDue | None:
        """The next session due; only the latest started session matters for it."""
        # There is one plan, so its phases are all the phases (one query, not two).
        phases = self._ctx.store.find(m.SchedulePhase, order_by="starts_at")
        if not phases:
            return None
        # Sessions that never started (cancelled drafts) have no start: max() skips them.
        latest = self._ctx.store.latest(m.Session, "sip_started_at")
        return schedule.next_due(phases, [latest] if latest else [], self._ctx.now())
