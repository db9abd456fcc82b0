"""The support-person page: what to expect, how to help, when and whom to call."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Header, Static

from ketajournal.domain.support_guide import SupportGuide, support_guide
from ketajournal.screens.base import BaseScreen
from ketajournal.service import JournalService
from ketajournal.text import safe_text
from ketajournal.widgets.footer import KeyFooter


def guide_content(guide: SupportGuide) -> Content:
    parts: list[Content | str | tuple[str, str]] = [(guide.title + "\n\n", "bold $primary")]
    for section in guide.sections:
        parts.append((section.title + "\n", "bold"))
        for line in section.lines:
            parts.append(f"  • {safe_text(line)}\n")  # (wrapped lines hang: see the CSS)
        parts.append("\n")
    return Content.assemble(*parts).rstrip()


def load(svc: JournalService) -> SupportGuide:
    settings = svc.settings.get()
    return support_guide(
        svc.contacts.list(),
        svc.plan.get(),
        settings.sip_minutes + settings.experience_minutes,
        settings.country,
    )


class SupportGuideScreen(BaseScreen[None]):
    HELP = (
        "A one-page guide for whoever sits in the next room during your session, with your "
        "contacts. It can also be exported and printed."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="guide.back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(classes="page"):
            yield Static("Loading…", id="guide", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.call(load, self._show, group="guide")

    def _show(self, guide: SupportGuide) -> None:
        self.query_one("#guide", Static).update(guide_content(guide))
