"""The home screen: what is due, the plan at a glance, and a calm welcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from ketajournal.errors import KetaJournalError
from ketajournal.text import SAFETY_STATEMENT, WELCOME, safe_text

if TYPE_CHECKING:
    from ketajournal.app import KetaJournalApp
    from ketajournal.service import JournalService


@dataclass(frozen=True)
class HomeSummary:
    has_plan: bool
    plan_line: str
    dose_line: str
    next_due_line: str
    last_session_line: str
    due_prompts: int
    running: bool


class HomeScreen(Screen[None]):
    HELP = "The home screen shows what is due next. Press ctrl+q to quit."

    @dataclass
    class Loaded(Message):
        summary: HomeSummary

    @dataclass
    class Failed(Message):
        error: KetaJournalError

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="home-body"):
            yield Static(WELCOME, classes="greeting", markup=False)
            yield Static("Opening your journal…", id="summary", classes="card", markup=False)
            yield Static(SAFETY_STATEMENT, classes="muted", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="db", exit_on_error=False)
    def _load(self) -> None:
        app: KetaJournalApp = self.app  # type: ignore[assignment]
        try:
            svc = app.open_service()
            summary = _summarise(svc)
        except KetaJournalError as exc:
            self.post_message(self.Failed(exc))
            return
        self.post_message(self.Loaded(summary))

    def on_home_screen_failed(self, message: Failed) -> None:
        app: KetaJournalApp = self.app  # type: ignore[assignment]
        app.fail(message.error)

    def on_home_screen_loaded(self, message: Loaded) -> None:
        s = message.summary
        if not s.has_plan:
            body = Content.assemble(
                ("Your plan\n", "bold $primary"),
                "No plan recorded yet. When you are ready, record the plan your care team set: "
                "ketajournal plan set --form solution --concentration 50 --prescriber NAME",
            )
        else:
            body = Content.assemble(
                ("Your plan\n", "bold $primary"),
                safe_text(s.plan_line) + "\n",
                s.dose_line + "\n",
                s.next_due_line + "\n",
                s.last_session_line
                + (f"\n{s.due_prompts} reflection prompt(s) due" if s.due_prompts else ""),
                ("\nA session is running." if s.running else "", "$warning"),
            )
        self.query_one("#summary", Static).update(body)


def _summarise(svc: JournalService) -> HomeSummary:
    plan = svc.plan.get()
    if plan is None:
        return HomeSummary(False, "", "", "", "", 0, svc.sessions.running() is not None)
    dose = svc.plan.current_dose()
    nxt = svc.plan.next_due()
    last = svc.sessions.list(limit=1)
    now = svc.ctx.now()
    plan_line = f"{plan.medication}, {plan.form.value}"
    if plan.concentration_mg_per_ml:
        plan_line += f", {plan.concentration_mg_per_ml:g} mg/mL"
    if plan.prescriber:
        plan_line += f" — prescribed by {plan.prescriber}"
    dose_line = (
        f"Prescribed dose: {dose.dose_mg:g} mg (set by your care team)"
        if dose
        else "No prescribed dose recorded yet."
    )
    if nxt is None:
        next_line = "No schedule recorded yet."
    else:
        local = nxt.due_at.astimezone()
        next_line = f"Next session due: {local:%a %d %b %Y}" + (" (overdue)" if nxt.overdue else "")
    if last and last[0].sip_started_at:
        days = (now - last[0].sip_started_at.astimezone(UTC)).days
        last_line = f"Last session: {days} day(s) ago"
    else:
        last_line = "No session recorded yet."
    return HomeSummary(
        True,
        plan_line,
        dose_line,
        next_line,
        last_line,
        len(svc.reflections.due(now)),
        svc.sessions.running() is not None,
    )
