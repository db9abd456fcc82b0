"""User-facing wording shared by the CLI and the TUI, and the one sanitiser for user text."""

from __future__ import annotations

import re
from datetime import datetime

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
WELCOME = (
    "Welcome. Your private journal: nothing leaves this computer unless you export or sync it."
)

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


# -- dates, times and counts as people say them (the app and the command line) ----------------


def local_day(at: datetime, *, year: bool = False, weekday: bool = True) -> str:
    """A local date as people write it: "Mon 2 Mar" (no zero padding, on every platform)."""
    local = at.astimezone()
    text = f"{local.day} {local:%b}" + (f" {local.year}" if year else "")
    return f"{local:%a} {text}" if weekday else text


def local_time(at: datetime) -> str:
    """The local clock time: "14:30"."""
    return at.astimezone().strftime("%H:%M")


def local_when(at: datetime, *, year: bool = False) -> str:
    """A local date and time: "Mon 2 Mar, 14:30"."""
    return f"{local_day(at, year=year)}, {local_time(at)}"


def iso_day(at: datetime) -> str:
    """The local calendar day as a sortable date: "2026-03-02"."""
    return at.astimezone().strftime("%Y-%m-%d")


def time_today_or_day(at: datetime, now: datetime) -> str:
    """A time near now: "14:30" today, "yesterday 20:00", else "Mon 2 Mar, 14:30"."""
    day, today = at.astimezone().date(), now.astimezone().date()
    if day == today:
        return local_time(at)
    if (today - day).days == 1:
        return f"yesterday {local_time(at)}"
    return local_when(at)


def due_label(days: int) -> str:
    """How far a due day is, in calendar days: today, tomorrow, in 3 days, overdue by 2 days."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days" if days > 1 else f"overdue by {plural(-days, 'day')}"


def minutes_in(minutes: int) -> str:
    """An elapsed time for reading aloud: "under a minute in", "20 minutes in", "1 h 5 min in"."""
    if minutes < 1:
        return "under a minute in"
    if minutes < 60:
        return f"{plural(minutes, 'minute')} in"
    hours, rest = divmod(minutes, 60)
    text = plural(hours, "hour") + (f" {plural(rest, 'minute')}" if rest else "")
    return f"{text} in"


def calm(error: BaseException) -> str:
    """Any failure as one calm sentence for the screen. A KetaJournalError says what to do
    itself; anything else is named by its kind only (its text may quote journal data)."""
    from ketajournal.errors import KetaJournalError

    if isinstance(error, KetaJournalError):
        return str(error)
    return (
        f"Something went wrong ({type(error).__name__}); what you typed is still here. "
        "Try again, or reopen the app."
    )


# What each reflection prompt is called: its title on the prompt, and in a sentence.
PROMPT_TITLE = {
    "immediate": "Right after",
    "full": "Next day",
    "week": "A week on",
    "month": "A month on",
}
PROMPT_PHRASE = {
    "immediate": "a few words after the session",
    "full": "the full reflection",
    "week": "the one-week follow-up",
    "month": "the one-month follow-up",
}
