"""The one-page guide for whoever sits in the next room during a session.

Built from the plan's contacts, so the screen and the exports show the same page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ketajournal.domain.contacts import CRISIS_ORDER, line, ordered
from ketajournal.domain.crisis import crisis_line
from ketajournal.domain.document import Bullets, Document, Heading, Item
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


def support_guide(
    contacts: Sequence[Contact],
    plan: Plan | None = None,
    session_minutes: int = 120,
    country: str | None = None,
) -> SupportGuide:
    """The guide's text; contact names and numbers are the person's own words."""
    hours = max(1, round(session_minutes / 60))
    who = [line(c) for c in ordered(contacts, CRISIS_ORDER)]
    national = crisis_line(country)
    if not any(c.role is Role.EMERGENCY for c in contacts):
        who.insert(
            0,
            f"Emergency: {national.emergency}"
            if national
            else "Emergency: your local emergency number (911 in the US, 112 in the EU, 999 in "
            "the UK)",
        )
    if not any(c.role is Role.AFTER_HOURS for c in contacts):
        who.append(
            "Care team after hours: none recorded; for anything urgent, the emergency number"
        )
    if national:
        who.append(f"Crisis line: {national.line}")
    medication = f" ({plan.medication})" if plan is not None else ""
    return SupportGuide(
        title="For the person in the next room",
        sections=(
            # What matters most in a hurry first: who to call, how to help; then the context.
            GuideSection("Who to call", tuple(who)),
            GuideSection(
                "How to help",
                (
                    f"Look in quietly about every {CHECK_EVERY_MINUTES} minutes. Keep the room "
                    "calm; no need to start a conversation.",
                    "Keep water and a bowl nearby; help them to the bathroom if they need to "
                    "stand, as their balance may be off.",
                    "If they vomit or feel they might: help them onto their side (never on "
                    "their back), keep their airway clear, and stay with them; do not leave "
                    "them alone until they are steady.",
                    "If they feel anxious, a calm voice and reminding them that the effects "
                    "pass usually help.",
                ),
            ),
            GuideSection(
                "When to call for help",
                (
                    "Call the emergency number at once if they cannot be woken, have trouble "
                    "breathing, have chest pain, have a seizure, or are in danger.",
                    "Call the clinician (after hours, the care team's after-hours number) for "
                    "anything that worries you but is not an emergency, such as vomiting that "
                    "does not stop or confusion that lasts after the session.",
                ),
            ),
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
        ),
    )


def guide_document(guide: SupportGuide) -> Document:
    """The guide as a document, for the exporters."""
    blocks: list[Heading | Bullets] = []
    for section in guide.sections:
        blocks += [Heading(section.title), Bullets(tuple(Item(text) for text in section.lines))]
    return Document(guide.title, tuple(blocks))
