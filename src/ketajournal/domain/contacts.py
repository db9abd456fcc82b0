"""How contacts are named and ordered wherever they are listed."""

from __future__ import annotations

from collections.abc import Iterable

from ketajournal.domain.models import Contact, Role

ROLE_TITLE = {
    Role.EMERGENCY: "Emergency",
    Role.CLINICIAN: "Clinician",
    Role.AFTER_HOURS: "Care team after hours",
    Role.COACH: "Integration coach",
    Role.SUPPORT: "Support person",
}
# In a crisis: emergency first, then the care team (in hours, then after hours).
CRISIS_ORDER = (Role.EMERGENCY, Role.CLINICIAN, Role.AFTER_HOURS, Role.COACH, Role.SUPPORT)
# During a session: the person in the next room first.
SESSION_ORDER = (Role.SUPPORT, Role.CLINICIAN, Role.AFTER_HOURS, Role.COACH, Role.EMERGENCY)


def ordered(contacts: Iterable[Contact], order: tuple[Role, ...]) -> list[Contact]:
    return sorted(contacts, key=lambda c: (order.index(c.role), c.name.casefold()))


def line(contact: Contact) -> str:
    """'Clinician: Dr. Lee, 555-0101 (weekdays)' in the person's own words."""
    return (
        f"{ROLE_TITLE[contact.role]}: {contact.name}"
        + (f", {contact.phone}" if contact.phone else "")
        + (f" ({contact.note})" if contact.note else "")
    )
