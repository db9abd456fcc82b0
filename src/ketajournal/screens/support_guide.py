"""The support-person page: what to expect, how to help, when and whom to call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from ketajournal.domain.support_guide import SupportGuide, support_guide
from ketajournal.text import safe_text

if TYPE_CHECKING:
    from ketajournal.app import KetaJournalApp


def guide_content(guide: SupportGuide) -> Content:
    parts: list[Content | str | tuple[str, str]] = [(guide.title + "\n\n", "bold $primary")]
    for section in guide.sections:
        parts.append((section.title + "\n", "bold"))
        for line in section.lines:
            parts.append(f"  • {safe_text(line)}\n")
        parts.append("\n")
    return Content.assemble(*parts).rstrip()


class SupportGuideScreen(Screen[None]):
    HELP = (
        "A one-page guide for whoever sits in the next room during your session, with your "
        "contacts. It can also be exported and printed."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="guide.back"),
    ]

    @dataclass
    class Loaded(Message):
        guide: SupportGuide

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(classes="page"):
            yield Static("Loading…", id="guide", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="guide", exit_on_error=False)
    def _load(self) -> None:
        app: KetaJournalApp = self.app  # type: ignore[assignment]
        svc = app.svc
        settings = svc.settings.get()
        guide = support_guide(
            svc.contacts.list(),
            svc.plan.get(),
            settings.sip_minutes + settings.experience_minutes,
            settings.country,
        )
        self.post_message(self.Loaded(guide))

    def on_support_guide_screen_loaded(self, message: Loaded) -> None:
        self.query_one("#guide", Static).update(guide_content(message.guide))
