"""The app's main sections, listed once: home's actions and keys, the palette, navigation."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any


@dataclass(frozen=True, slots=True)
class Section:
    """One main part of the app, opened from home by `key` and from the palette by name."""

    id: str
    key: str
    title: str
    help: str
    module: str  # the screen's module, imported when the section is first opened
    screen: str  # the screen's class in it, built with no arguments

    def open(self) -> Any:
        """A new screen for this section (imported here: start-up stays light)."""
        return getattr(import_module(self.module), self.screen)()


SECTIONS: tuple[Section, ...] = (
    Section(
        "prepare",
        "p",
        "Prepare for a session",
        "Timing, body, setting, support, intention, dose",
        "ketajournal.screens.prepare",
        "PrepareScreen",
    ),
    Section(
        "reflect",
        "r",
        "Reflect",
        "The reflection prompt that is due, or your last session's",
        "ketajournal.screens.reflect",
        "ReflectScreen",
    ),
    Section(
        "sessions",
        "h",
        "Past sessions",
        "Every session with its preparation, notes and reflections",
        "ketajournal.screens.sessions",
        "SessionsScreen",
    ),
    Section(
        "journal",
        "j",
        "Journal",
        "Write and read your journal; search everything you wrote",
        "ketajournal.screens.journal",
        "JournalScreen",
    ),
    Section(
        "checkin",
        "c",
        "Check-in",
        "Mood, PHQ-9, GAD-7, a clinician's score",
        "ketajournal.screens.checkin",
        "CheckinScreen",
    ),
    Section(
        "progress",
        "g",
        "Progress",
        "Charts of mood, scales and dose; outcomes per dose",
        "ketajournal.screens.progress",
        "ProgressScreen",
    ),
    Section(
        "questions",
        "q",
        "Questions for your care team",
        "The list to bring to your next check-in",
        "ketajournal.screens.questions",
        "QuestionsScreen",
    ),
    Section(
        "plan",
        "t",
        "Treatment plan and contacts",
        "Medication, dose history, schedule, care team",
        "ketajournal.screens.plan",
        "PlanScreen",
    ),
    Section(
        "support",
        "s",
        "Support-person guide",
        "A page for whoever sits in the next room",
        "ketajournal.screens.support_guide",
        "SupportGuideScreen",
    ),
    Section(
        "export",
        "e",
        "Export for your care team",
        "Check-in summaries as Markdown, a web page or PDF",
        "ketajournal.screens.export",
        "ExportScreen",
    ),
)
BY_ID = {section.id: section for section in SECTIONS}
# Screens reached from a section but not listed on home (the running session).
OTHER_SCREENS = {"session": ("ketajournal.screens.session", "SessionScreen")}


def title_of(screen: object) -> str:
    """What a person calls the screen showing: its NAME, else its section's title."""
    name = getattr(screen, "NAME", "")
    if name:
        return str(name)
    cls = type(screen)
    for section in SECTIONS:
        if (section.module, section.screen) == (cls.__module__, cls.__name__):
            return section.title
    return cls.__name__.removesuffix("Screen")
