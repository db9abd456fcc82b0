"""The home screen: what is due, the plan at a glance, the mood trend, and the main actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ketajournal.screens.base import BaseScreen
from ketajournal.sections import SECTIONS
from ketajournal.text import (
    PROMPT_PHRASE,
    SAFETY_STATEMENT,
    WELCOME,
    due_label,
    local_day,
    plural,
    safe_text,
)
from ketajournal.widgets.footer import KeyFooter
from ketajournal.widgets.mood_line import MoodLine

if TYPE_CHECKING:
    from ketajournal.service.overview import Overview


class HomeScreen(BaseScreen[None]):
    NAME = "Home"
    HELP = (
        "Home shows when your next session is due, what is waiting for you, and your mood over "
        "the last weeks. Pick an action with the arrow keys and enter, or press its letter."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(s.key, f"app.go('{s.id}')", s.title, id=f"home.{s.id}", show=False)
        for s in SECTIONS
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="home-body"):
            yield Static("", id="greeting", classes="greeting", markup=False)
            with Horizontal(id="home-cards"):
                yield Static("…", id="next-card", classes="card half", markup=False)
                yield Static("…", id="since-card", classes="card half", markup=False)
            yield MoodLine(id="mood-line")
            yield OptionList(
                *[Option(f"{s.title}  ({s.key})", id=s.id) for s in SECTIONS],
                id="actions",
            )
        yield Static(SAFETY_STATEMENT, id="disclaimer", classes="muted", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#actions", OptionList).focus()
        self.refresh_overview()

    def on_screen_resume(self) -> None:
        self.refresh_overview()

    def refresh_overview(self) -> None:
        self.call(lambda svc: svc.overview(), self._show, group="home")

    def _show(self, o: Overview) -> None:
        self.query_one("#greeting", Static).update(
            WELCOME + " Set up your plan and contacts (t) when you are ready."
            if o.first_run
            else "Welcome back. Take your time."
        )
        self.query_one("#home-body").scroll_home(animate=False)
        self.query_one("#next-card", Static).update(_next_card(o))
        self.query_one("#since-card", Static).update(_since_card(o))
        self.query_one(MoodLine).days = o.mood_days
        if o.running is not None:
            prepare_label = "Back to your session  (p)"
        elif o.draft is not None:
            prepare_label = "Continue your preparation  (p)"
        else:
            prepare_label = "Prepare for a session  (p)"
        self.query_one("#actions", OptionList).replace_option_prompt("prepare", prepare_label)

    @on(OptionList.OptionSelected, "#actions")
    async def _choose(self, event: OptionList.OptionSelected) -> None:
        await self.app.run_action(f"go('{event.option.id}')")


def _next_card(o: Overview) -> Content:
    parts: list[Content | str | tuple[str, str]] = [("Next session\n", "bold $primary")]
    if o.running is not None:
        parts.append(("A session is running.\n", "bold $warning"))
    if o.next_due is None or o.days_until_due is None:
        parts.append("No schedule recorded yet.\n")
    else:
        parts.append(f"Due {local_day(o.next_due.due_at)} ({due_label(o.days_until_due)})\n")
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
        parts.append(
            "Today\n" if o.days_since_last == 0 else f"{plural(o.days_since_last, 'day')}\n"
        )
    if o.due_prompts:
        first = PROMPT_PHRASE[o.due_prompts[0].kind.value]
        more = f", +{len(o.due_prompts) - 1}" if len(o.due_prompts) > 1 else ""
        parts.append((f"Waiting (r): {first}{more}\n", "$accent"))
    else:
        parts.append(("No reflection prompts waiting\n", "$text-muted"))
    waiting = []
    if o.draft is not None:
        waiting.append("preparation (p)")
    if o.journal_drafts:
        waiting.append(f"{plural(o.journal_drafts, 'journal draft')} (j)")
    for kind in o.scale_drafts:
        waiting.append(f"{'PHQ-9' if kind == 'phq9' else 'GAD-7'} (c)")
    if waiting:
        parts.append(("Unfinished: " + ", ".join(waiting), "$accent"))
    return Content.assemble(*parts).rstrip()
