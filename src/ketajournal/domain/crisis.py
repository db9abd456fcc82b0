"""Emergency numbers and crisis lines by country, for the person's own country setting.

Shown wherever crisis guidance is (the help overlay, a positive PHQ-9 item 9, the
support-person guide). Only well-established national services are listed; anywhere else
the general guidance stands, and an emergency contact in the plan is always shown first.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CrisisLine:
    country: str
    emergency: str
    line: str  # the national crisis or suicide-prevention line, with how to reach it


LINES: dict[str, CrisisLine] = {
    line.country: line
    for line in (
        CrisisLine("US", "911", "the 988 Suicide & Crisis Lifeline: call or text 988"),
        CrisisLine("CA", "911", "the 988 Suicide Crisis Helpline: call or text 988"),
        CrisisLine("GB", "999", "Samaritans: 116 123 (free, any time)"),
        CrisisLine("IE", "112 or 999", "Samaritans: 116 123 (free, any time)"),
        CrisisLine("AU", "000", "Lifeline: 13 11 14"),
        CrisisLine("NZ", "111", "Need to talk?: call or text 1737"),
        CrisisLine("DE", "112", "TelefonSeelsorge: 0800 111 0 111 or 0800 111 0 222"),
        CrisisLine("AT", "144", "Telefonseelsorge: 142"),
        CrisisLine("CH", "144", "Die Dargebotene Hand: 143"),
        CrisisLine("FR", "112", "the national suicide prevention line: 3114"),
        CrisisLine(
            "BE", "112", "Zelfmoordlijn: 1813; Centre de Prévention du Suicide: 0800 32 123"
        ),
        CrisisLine("NL", "112", "113 Zelfmoordpreventie: 113 or 0800-0113"),
        CrisisLine("ES", "112", "the suicide prevention line: 024"),
        CrisisLine("SE", "112", "Självmordslinjen: 90101"),
        CrisisLine("NO", "113", "Mental Helse: 116 123"),
        CrisisLine("DK", "112", "Livslinien: 70 201 201"),
        CrisisLine("IN", "112", "Tele-MANAS: 14416"),
    )
}
COUNTRIES = tuple(LINES)

GENERAL = (
    "If you are in danger or thinking about harming yourself, call your local emergency "
    "number now (for example 911 in the US, 112 in the EU, 999 in the UK), or a crisis "
    "line (988 in the US). Then tell your care team."
)


def crisis_line(country: str | None) -> CrisisLine | None:
    return LINES.get((country or "").strip().upper())


def crisis_guidance(country: str | None) -> str:
    """What to do in a crisis, with the person's own country's numbers when it is set."""
    line = crisis_line(country)
    if line is None:
        return GENERAL
    return (
        "If you are in danger or thinking about harming yourself, call "
        f"{line.emergency} now, or {line.line}. Then tell your care team."
    )
