"""The home screen: what is due, the plan at a glance, the mood trend, and the main actions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from ketajournal.domain import models as m
from ketajournal.errors import KetaJournalError
from ketajournal.text import SAFETY_STATEMENT, WELCOME, days, safe_text

if TYPE_CHECKING:
    from ketajournal.app import KetaJournalApp
    from ketajournal.service.overview import Overview

PROMPT_NAME = {
    m.ReflectionKind.IMMEDIATE: "a few words after the session",
    m.ReflectionKind.FULL: "the full reflection",
    m.ReflectionKind.WEEK: "the one-week follow-up",
    m.ReflectionKind.MONTH: "the one-month follow-up",
}
ACTIONS = (
    ("prepare", "p", "Prepare for a session"),
    ("reflect", "r", "Reflect"),
    ("journal", "j", "Journal"),
    ("checkin", "c", "Check-in"),
    ("progress", "g", "Progress"),
    ("questions", "q", "Questions for your care team"),
    ("plan", "t", "Treatment plan and contacts"),
    ("support", "s", "Support-person guide"),
    ("export", "e", "Export for your care team"),
)


class HomeScreen(Screen[None]):
    HELP = (
        "Home shows when your next session is due, what is waiting for you, and your mood over "
        "the last weeks. Pick an action with the arrow keys and enter, or press its letter."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key, f"app.go('{target}')", label, id=f"home.{target}", show=False)
        for target, key, label in ACTIONS
    ]

    @dataclass
    class Loaded(Message):
        overview: Overview

    @dataclass
    class Failed(Message):
        error: KetaJournalError

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="home-body"):
            yield Static("", id="greeting", classes="greeting", markup=False)
            with Horizontal(id="home-cards"):
                yield Static("…", id="next-card", classes="card half", markup=False)
                yield Static("…", id="since-card", classes="card half", markup=False)
            yield Static("", id="mood-label", classes="muted", markup=False)
            yield Sparkline([], id="mood-trend")
            yield OptionList(
                *[Option(f"{label}  ({key})", id=target) for target, key, label in ACTIONS],
                id="actions",
            )
            yield Static(SAFETY_STATEMENT, classes="muted", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#mood-trend", Sparkline).display = False
        self.query_one("#actions", OptionList).focus()
        self.refresh_overview()

    def on_screen_resume(self) -> None:
        self.refresh_overview()

    def refresh_overview(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="home", exit_on_error=False)
    def _load(self) -> None:
        app: KetaJournalApp = self.app  # type: ignore[assignment]
        try:
            self.post_message(self.Loaded(app.svc.overview()))
        except KetaJournalError as exc:
            self.post_message(self.Failed(exc))

    def on_home_screen_failed(self, message: Failed) -> None:
        self.notify(str(message.error), severity="error", markup=False)

    def on_home_screen_loaded(self, message: Loaded) -> None:
        o = message.overview
        self.query_one("#greeting", Static).update(
            WELCOME + " Set up your plan and contacts (t) when you are ready."
            if o.first_run
            else "Welcome back. Take your time."
        )
        self.query_one("#home-body").scroll_home(animate=False)
        self.query_one("#next-card", Static).update(_next_card(o))
        self.query_one("#since-card", Static).update(_since_card(o))
        trend = self.query_one("#mood-trend", Sparkline)
        trend.data = list(o.mood_trend) or [0.0]
        trend.display = bool(o.mood_trend)
        self.query_one("#mood-label", Static).update(
            f"Mood, last 8 weeks ({days(len(o.mood_trend))} with a check-in)"
            if o.mood_trend
            else "No mood check-ins in the last 8 weeks yet."
        )
        actions = self.query_one("#actions", OptionList)
        if o.running is not None:
            prepare_label = "Back to your session  (p)"
        elif o.draft is not None:
            prepare_label = "Continue your preparation  (p)"
        else:
            prepare_label = "Prepare for a session  (p)"
        actions.replace_option_prompt("prepare", prepare_label)

    @on(OptionList.OptionSelected, "#actions")
    def _choose(self, event: OptionList.OptionSelected) -> None:
        app: KetaJournalApp = self.app  # type: ignore[assignment]
        app.action_go(str(event.option.id))


def _next_card(o: Overview) -> Content:
    parts: list[Content | str | tuple[str, str]] = [("Next session\n", "bold $primary")]
    if o.running is not None:
        parts.append(("A session is running.\n", "bold $warning"))
    if o.next_due is None or o.days_until_due is None:
        parts.append("No schedule recorded yet.\n")
    else:
        when = o.next_due.due_at.astimezone().strftime("%a %d %b")
        days = o.days_until_due
        label = (
            "today"
            if days == 0
            else "tomorrow"
            if days == 1
            else f"in {days} days"
            if days > 1
            else f"{-days} day{'s' if days < -1 else ''} ago"
        )
        parts.append(f"Due {when} ({label})\n")
    if o.current_dose is not None:
        parts.append(f"Prescribed dose {o.current_dose.dose_mg:g} mg\n")
    elif o.plan is not None:
        parts.append("No prescribed dose recorded yet.\n")
    if o.plan is not None:
        parts.append((safe_text(o.plan.medication), "$text-muted"))
    else:
        parts.append(("No plan recorded yet.", "$text-muted"))
    return Content.assemble(*parts).rstrip()


def _since_card(o: Overview) -> Content:
    parts: list[Content | str | tuple[str, str]] = [("Since your last session\n", "bold $primary")]
    if o.days_since_last is None:
        parts.append("No session recorded yet.\n")
    else:
        days = o.days_since_last
        parts.append("Today\n" if days == 0 else f"{days} day{'s' if days != 1 else ''}\n")
    if o.due_prompts:
        n = len(o.due_prompts)
        parts.append(f"{n} reflection prompt{'s' if n != 1 else ''} waiting (r):\n")
        for prompt in o.due_prompts[:3]:
            day = prompt.due_at.astimezone().strftime("%d %b")
            parts.append((f"  {PROMPT_NAME[prompt.kind]}, due {day}\n", "$accent"))
    else:
        parts.append(("No reflection prompts waiting\n", "$text-muted"))
    if o.draft is not None:
        parts.append(("A preparation is in progress (p to continue)", "$accent"))
    return Content.assemble(*parts).rstrip()
