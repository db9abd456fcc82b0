"""User-facing wording shared by the CLI and the TUI, and the one sanitiser for user text."""

from __future__ import annotations

import re

from ketajournal.domain.crisis import GENERAL as CRISIS_GUIDANCE  # noqa: F401 (re-exported)

# C0 controls except tab and newline, DEL, C1 controls, and bidi overrides/isolates: none of
# them may reach a terminal from user text (OSC 52 clipboard writes, title changes, CSI 2J).
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe_text(value: str) -> str:
    """User text made inert for a terminal: line breaks normalised, controls replaced."""
    return _UNSAFE.sub("\ufffd", value.replace("\r\n", "\n").replace("\r", "\n"))


SAFETY_STATEMENT = "A journal, not medical advice: it records your team's plan, never a dose."
# What each share level means, wherever it is chosen (journal entries, reflections,
# questions). A level names one reader: see domain.summary.audience.
SHARE_MEANING = {
    "private": "Only for you: in no summary unless you ask for it.",
    "coach": "In your coach's summaries only.",
    "clinician": "In your clinician's summaries only.",
}
WHOLE_EXPORT = (
    "ketajournal: this export holds every record, private text included; keep it as safe as "
    "the journal, and share a check-in summary (export summary) instead."
)
WELCOME = "Welcome. Your private journal: nothing leaves this computer unless you export it."

INTENTION_EXAMPLES = (
    "I am open to what comes up.",
    "I want to meet myself with kindness.",
    "Show me what I need to see, gently.",
    "I want to rest and let go.",
    "I am curious about what my body is holding.",
    "I would like to understand my sadness a little better.",
)


def days(n: int) -> str:
    """`1 day`, `2 days`."""
    return plural(n, "day")


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 session`, `3 sessions`, `2 entries` (with `many`)."""
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"
