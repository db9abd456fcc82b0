"""Asks for a blood pressure reading, as SYS/DIA; a refused one keeps the dialog open."""

from __future__ import annotations

from ketajournal.domain.validate import parse_blood_pressure
from ketajournal.screens.note_dialog import TextDialog


class BloodPressureDialog(TextDialog[tuple[int, int]]):
    PROMPT = "Blood pressure, as SYS/DIA (enter saves)"
    PLACEHOLDER = "e.g. 128/84"
    HELP = "Type the reading as SYS/DIA, for example 128/84, and press enter."

    def read(self, text: str) -> tuple[int, int]:
        return parse_blood_pressure(text, "bp")
