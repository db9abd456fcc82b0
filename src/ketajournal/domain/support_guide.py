"""The one-page guide for whoever sits in the next room during a session.

Built from the plan's contacts, so the screen and the exports show the same page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ketajournal.domain.models import Contact, Plan, Role

CHECK_EVERY_MINUTES = 15  # a quiet look in, as at-home programmes ask of a sitter


@dataclass(frozen=True, slots=True)
class GuideSection:
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SupportGuide:
    title: str
    sections: tuple[GuideSection, ...]


_ROLE_ORDER = (Role.EMERGENCY, Role.CLINICIAN, Role.COACH, Role.SUPPORT)
_ROLE_NAME = {
    Role.EMERGENCY: "Emergency",
    Role.CLINICIAN: "Clinician",
    Role.COACH: "Integration coach",
    Role.SUPPORT: "Support person",
}


def support_guide(
    contacts: Sequence[Contact], plan: Plan | None = None, session_minutes: int = 120
) -> SupportGuide:
    """The guide's text; contact names and numbers are the person's own words."""
    hours = max(1, round(session_minutes / 60))
    who = [
        f"{_ROLE_NAME[c.role]}: {c.name}"
        + (f", {c.phone}" if c.phone else "")
        + (f" ({c.note})" if c.note else "")
        for c in sorted(contacts, key=lambda c: (_ROLE_ORDER.index(c.role), c.name.casefold()))
    ]
    if not any(c.role is Role.EMERGENCY for c in contacts):
        who.insert(
            0,
            "Emergency: your local emergency number (911 in the US, 112 in the EU, 999 in the UK)",
        )
    medication = f" ({plan.medication})" if plan is not None else ""
    return SupportGuide(
        title="For the person in the next room",
        sections=(
            GuideSection("Who to call", tuple(who)),  # first: what matters most in a hurry
            GuideSection(
                "What to expect",
                (
                    f"They are taking a prescribed dose of ketamine{medication} at home, as "
                    "their care team planned. The strongest effects usually last 30 minutes "
                    f"to 2 hours; plan to be around for about {hours + 1} hours.",
                    "Dizziness, blurry vision, numbness, nausea and a dreamlike, detached "
                    "state are common and pass. They may not want to talk; that is fine.",
                    "They should not drive, cook or go out for the rest of the day.",
                ),
            ),
            GuideSection(
                "How to help",
                (
                    f"Look in quietly about every {CHECK_EVERY_MINUTES} minutes. Keep the room "
                    "calm; no need to start a conversation.",
                    "Keep water and a bowl nearby; help them to the bathroom if they need to "
                    "stand, as their balance may be off.",
                    "If they feel anxious, a calm voice and reminding them that the effects "
                    "pass usually help.",
                ),
            ),
            GuideSection(
                "When to call for help",
                (
                    "Call the emergency number at once if they cannot be woken, have trouble "
                    "breathing, have chest pain, have a seizure, or are in danger.",
                    "Call the clinician for anything that worries you but is not an "
                    "emergency, such as vomiting that does not stop or confusion that lasts "
                    "after the session.",
                ),
            ),
        ),
    )
