"""The help overlay, from anywhere: the support person, the care team, emergency guidance."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ketajournal.domain import models as m
from ketajournal.domain.contacts import ROLE_TITLE, SESSION_ORDER, ordered
from ketajournal.domain.crisis import crisis_guidance
from ketajournal.errors import KetaJournalError
from ketajournal.screens.base import BaseModal
from ketajournal.service import JournalService
from ketajournal.text import safe_text

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


def load(svc: JournalService) -> tuple[list[m.Contact], str]:
    return svc.contacts.list(), svc.settings.get().country


class SafetyScreen(BaseModal[None]):
    NAME = "Help and contacts"
    HELP = "Who to call, and what is common during a session. Escape closes it."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1", "dismiss", "Close", id="safety.close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="safety-box"):
            yield Static("Help and contacts", classes="card-title", markup=False)
            yield Static("Loading contacts…", id="safety-contacts", markup=False)
            yield Static(crisis_guidance(None), id="safety-crisis", classes="warning", markup=False)
            yield Static(DURING, classes="muted", markup=False)
            yield Static("Press escape to close.", classes="muted", markup=False)

    def on_mount(self) -> None:
        if self.journal_app.service is None:  # shown before the journal opens too
            self._show(([], ""))
        else:
            self.call(load, self._show, group="safety", failed=self._unread)

    def _show(self, found: tuple[list[m.Contact], str]) -> None:
        contacts, country = found
        self.query_one("#safety-contacts", Static).update(contact_lines(contacts))
        self.query_one("#safety-crisis", Static).update(crisis_guidance(country))

    def _unread(self, error: KetaJournalError) -> None:
        self._show(([], ""))  # the crisis guidance still shows, whatever failed
