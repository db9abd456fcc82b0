"""The help overlay, from anywhere: the support person, the care team, emergency guidance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from ketajournal.domain import models as m
from ketajournal.domain.contacts import ROLE_TITLE, SESSION_ORDER, ordered
from ketajournal.domain.crisis import crisis_guidance
from ketajournal.errors import KetaJournalError
from ketajournal.text import safe_text

if TYPE_CHECKING:
    from ketajournal.app import KetaJournalApp

DURING = (
    "During a session, dizziness, blurry vision, numbness and a dreamlike state are common and "
    "usually pass within 30 minutes to 2 hours. If something feels wrong, call your support "
    "person. Do not drive today."
)


def contact_lines(contacts: list[m.Contact]) -> Content:
    """The contacts as inert text, support people first."""
    parts: list[Content | str | tuple[str, str]] = []
    for contact in ordered(contacts, SESSION_ORDER):
        parts.append((f"{ROLE_TITLE[contact.role]:<22}", "bold"))
        parts.append(safe_text(contact.name))
        if contact.phone:
            parts.append(("  " + safe_text(contact.phone), "bold $accent"))
        if contact.note:
            parts.append(("  " + safe_text(contact.note), "$text-muted"))
        parts.append("\n")
    if not contacts:
        parts.append(
            (
                "No contacts yet: add your support person and care team on the plan "
                "screen (t on home).\n",
                "$text-muted",
            )
        )
    return Content.assemble(*parts)


class SafetyScreen(ModalScreen[None]):
    HELP = "Who to call, and what is common during a session. Escape closes it."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1", "dismiss", "Close", id="safety.close"),
    ]

    @dataclass
    class Loaded(Message):
        contacts: list[m.Contact]
        country: str = ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="safety-box"):
            yield Static("Help and contacts", classes="card-title", markup=False)
            yield Static("Loading contacts…", id="safety-contacts", markup=False)
            yield Static(crisis_guidance(None), id="safety-crisis", classes="warning", markup=False)
            yield Static(DURING, classes="muted", markup=False)
            yield Static("Press escape to close.", classes="muted", markup=False)

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="safety", exit_on_error=False)
    def _load(self) -> None:
        app: KetaJournalApp = self.app  # type: ignore[assignment]
        try:
            contacts = app.svc.contacts.list() if app.service else []
            country = app.svc.settings.get().country if app.service else ""
        except KetaJournalError:
            contacts, country = [], ""
        self.post_message(self.Loaded(contacts, country))

    def on_safety_screen_loaded(self, message: Loaded) -> None:
        self.query_one("#safety-contacts", Static).update(contact_lines(message.contacts))
        self.query_one("#safety-crisis", Static).update(crisis_guidance(message.country))
