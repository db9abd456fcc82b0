"""Who reads a summary, and the one rule that decides which written text they may read.

Every piece of text the person wrote that can reach a summary passes `Reader.may_read`
with the share level it carries:

- journal entries, reflections (every part) and questions carry their own level;
- a session's own text (its intention, the notes jotted and the notes on marked side
  effects) takes the level the person chose for that session's next-day reflection, the
  one place where they say who may read their account of a session; before it is written,
  the session's text is private;
- a progress marker's note takes the level of the follow-up it was given in (private when
  it was given on its own).

A level names one reader: text for the coach never reaches the clinician, nor the reverse.
Private text appears only when the person asks for it (`--include-private`), labelled.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from ketajournal.domain.models import (
    ProgressMarker,
    Reflection,
    ReflectionKind,
    ReflectionStatus,
    ShareLevel,
)


class Audience(StrEnum):
    CLINICIAN = "clinician"
    COACH = "coach"


AUDIENCE_NAME = {Audience.CLINICIAN: "the clinician", Audience.COACH: "the integration coach"}


@dataclass(frozen=True, slots=True)
class Reader:
    """One summary's reader and what the person chose to add for them."""

    audience: Audience
    include_private: bool = False
    include_clinical: bool = False  # the coach's summary with doses, scores, blood pressure
    all_text: bool = False  # every shared text, not only the newest

    @property
    def clinical(self) -> bool:
        """Doses, blood pressure, scale scores and PHQ-9 item 9 are in this summary."""
        return self.audience is Audience.CLINICIAN or self.include_clinical

    @property
    def own(self) -> ShareLevel:
        """The level of text shared with this reader (and of their questions)."""
        return ShareLevel(self.audience.value)

    @property
    def levels(self) -> tuple[ShareLevel, ...]:
        """The share levels this reader may read (what storage is asked for)."""
        return (self.own, ShareLevel.PRIVATE) if self.include_private else (self.own,)

    def may_read(self, level: ShareLevel) -> bool:
        return level in self.levels


def lead(label: str, level: ShareLevel) -> str:
    """A list item's lead, marked when the text is private (shown at the person's request):
    "Insights:", "Insights (private):"."""
    return f"{label} (private):" if level is ShareLevel.PRIVATE else f"{label}:"


def session_level(reflections: Iterable[Reflection]) -> ShareLevel:
    """The level of a session's own text: that of its written next-day reflection."""
    for reflection in reflections:
        if reflection.kind is ReflectionKind.FULL and reflection.status is ReflectionStatus.DONE:
            return reflection.share_level
    return ShareLevel.PRIVATE


def marker_level(marker: ProgressMarker, reflections: dict[object, Reflection]) -> ShareLevel:
    """The level of a progress marker's note: that of the follow-up it was given in."""
    found = reflections.get(marker.reflection_id) if marker.reflection_id else None
    return found.share_level if found is not None else ShareLevel.PRIVATE
