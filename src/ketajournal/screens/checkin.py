"""The check-in hub: a quick mood check-in, the PHQ-9 and GAD-7, clinician scores, history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, DataTable, Header, Input, Label, Select, Static

from ketajournal.domain import models as m
from ketajournal.domain.scales import CLINICIAN_RANGES
from ketajournal.domain.when import parse_when
from ketajournal.errors import ValidationError
from ketajournal.numbers import maybe_float, maybe_int, parse_int
from ketajournal.screens.base import BaseScreen
from ketajournal.screens.scale import SCALE_NAME, ScaleScreen, scale_max
from ketajournal.service import JournalService
from ketajournal.text import iso_day, local_time, local_when, safe_text
from ketajournal.widgets.footer import KeyFooter
from ketajournal.widgets.form import ErrorNote, clear_errors, show_at_field
from ketajournal.widgets.inert import InertInput
from ketajournal.widgets.status import StatusLine

MOOD_HINT = "0 is low, 10 is high. Tab moves on; enter saves. Only mood is needed."
CLINICIAN_HINT = "Only the total your clinician gave is kept. Date: empty for now."
MOOD_FIELDS = ("mood", "anxiety", "sleep", "energy")


class NumberInput(Input):
    """A compact number field. Letters are not typed here: they reach the screen's keys."""

    def __init__(self, *, decimal: bool = False, **kwargs: Any) -> None:
        super().__init__(
            type="number" if decimal else "integer", compact=True, valid_empty=True, **kwargs
        )
        self._accepts = "0123456789" + ("." if decimal else "")

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character is not None and character in self._accepts

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable and not self.check_consume_key(event.key, event.character):
            event.prevent_default()  # not for this field: it bubbles on to the bindings


@dataclass(frozen=True)
class MoodEntry:
    mood: int
    anxiety: int | None
    sleep_hours: float | None
    energy: int | None
    note: str | None


@dataclass(frozen=True)
class CheckinData:
    """The scale history (newest first) and the last mood check-in."""

    results: list[m.ScaleResult]
    last_mood: m.MoodCheckin | None


def _history(svc: JournalService) -> CheckinData:
    moods = svc.checkins.moods()
    return CheckinData(list(reversed(svc.checkins.scales())), moods[-1] if moods else None)


def read_mood(values: dict[str, str]) -> tuple[MoodEntry | None, list[ValidationError]]:
    """The check-in as typed, or every field's refusal (mood is the one field needed)."""
    problems: list[ValidationError] = []

    def read(fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except ValidationError as exc:
            problems.append(exc)
            return None

    if not values["mood"].strip():
        problems.append(ValidationError("mood", "a whole number from 0 to 10 (the one needed)"))
        mood = None
    else:
        mood = read(parse_int, values["mood"], "mood", 0, 10)
    anxiety = read(maybe_int, values["anxiety"], "anxiety", 0, 10)
    sleep = read(maybe_float, values["sleep"], "sleep (hours)", 0, 24)
    energy = read(maybe_int, values["energy"], "energy", 0, 10)
    if problems or mood is None:
        return None, problems
    return MoodEntry(mood, anxiety, sleep, energy, values["note"].strip() or None), []


def _mood_summary(record: m.MoodCheckin) -> str:
    parts = [f"mood {record.mood}"]
    if record.anxiety is not None:
        parts.append(f"anxiety {record.anxiety}")
    if record.sleep_hours is not None:
        parts.append(f"sleep {record.sleep_hours:g} h")
    if record.energy is not None:
        parts.append(f"energy {record.energy}")
    if record.note:
        parts.append("a note")
    return ", ".join(parts)


class CheckinScreen(BaseScreen[None]):
    CSS_PATH = "checkin.tcss"
    HELP = (
        "Check in between sessions. Type your mood, anxiety, hours of sleep and energy (Tab "
        "moves between them; only mood is needed), an optional note, and press enter to save. "
        "Press p for the PHQ-9 (depression) or g for the GAD-7 (anxiety), answered one item at "
        "a time. A score your clinician gave (MADRS 0-60, CADSS 0-92) is recorded as a number "
        "with its date (c). Your scale scores are listed below, newest first (h); m goes back "
        "to the mood check-in. Scores are for you and your care team to talk about; they are "
        "not a diagnosis."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "scale('phq9')", "PHQ-9", id="checkin.phq9"),
        Binding("g", "scale('gad7')", "GAD-7", id="checkin.gad7"),
        Binding(
            "c", "jump('clinician-score')", "Clinician score", id="checkin.clinician", show=False
        ),
        Binding("m", "jump('mood')", "Mood", id="checkin.mood", show=False),
        Binding("h", "jump('scale-history')", "History", id="checkin.history", show=False),
        Binding("escape", "app.pop_screen", "Back", id="checkin.back"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="checkin-body"):
            yield Static("How are you right now?", classes="checkin-title", markup=False)
            with Horizontal(id="mood-row", classes="checkin-row"):
                yield Label("Mood", markup=False)
                yield NumberInput(id="mood", placeholder="0-10", classes="mood-field")
                yield Label("Anxiety", markup=False)
                yield NumberInput(id="anxiety", placeholder="0-10", classes="mood-field")
                yield Label("Sleep", markup=False)
                yield NumberInput(
                    decimal=True, id="sleep", placeholder="hours", classes="mood-field"
                )
                yield Label("Energy", markup=False)
                yield NumberInput(id="energy", placeholder="0-10", classes="mood-field")
            with Horizontal(id="note-row", classes="checkin-row"):
                yield Label("Note", markup=False)
                yield InertInput(
                    id="note", placeholder="optional", compact=True, classes="mood-field"
                )
            yield ErrorNote("mood", "anxiety", "sleep (hours)", "energy", "note", id="mood-error")
            yield StatusLine(MOOD_HINT, id="mood-status")
            with Horizontal(id="scale-row", classes="checkin-row"):
                yield Label("Questionnaires", classes="checkin-label", markup=False)
                yield Button("PHQ-9 depression (p)", id="start-phq9", compact=True)
                yield Button("GAD-7 anxiety (g)", id="start-gad7", compact=True)
            yield Static("A score from your clinician (c)", classes="checkin-title", markup=False)
            with Horizontal(id="clinician-row", classes="checkin-row"):
                yield Select(
                    [
                        (f"{SCALE_NAME[kind]} 0-{high}", kind.value)
                        for kind, (_, high) in CLINICIAN_RANGES.items()
                    ],
                    value=m.ScaleKind.MADRS.value,
                    allow_blank=False,
                    id="clinician-kind",
                    compact=True,
                )
                yield Label("Score", markup=False)
                yield NumberInput(id="clinician-score", placeholder="total", classes="clin-field")
                yield Label("Date", markup=False)
                yield InertInput(
                    id="clinician-when",
                    placeholder="now, or 2026-02-27",
                    compact=True,
                    classes="clin-field",
                )
                yield Button("Record", id="clinician-save", compact=True)
            yield ErrorNote(
                *(f"{SCALE_NAME[kind]} score" for kind in CLINICIAN_RANGES),
                "date",
                id="clinician-error",
            )
            yield StatusLine(CLINICIAN_HINT, id="clinician-status")
            yield Static("Your scale scores, newest first", classes="checkin-title", markup=False)
            yield DataTable(id="scale-history", cursor_type="row", zebra_stripes=True)
            yield Static("", id="history-empty", classes="muted", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Check-in"
        table = self.query_one("#scale-history", DataTable)
        table.add_columns("Date", "Scale", "Score", "Band", "Rated by", "Flag")
        self.query_one("#mood", Input).focus()

    def on_screen_resume(self) -> None:
        self._load()  # on opening, and back from a questionnaire

    # -- loading ------------------------------------------------------------------------

    def _load(self) -> None:
        self.call(_history, self._show_history, group="checkin-load")

    def _show_history(self, data: CheckinData) -> None:
        table = self.query_one("#scale-history", DataTable)
        table.clear()
        for result in data.results:
            table.add_row(*_history_cells(result), key=str(result.id))
        table.display = bool(data.results)
        empty = self.query_one("#history-empty", Static)
        empty.display = not data.results
        empty.update("No scale scores yet: press p for a PHQ-9 or g for a GAD-7.")
        last = data.last_mood
        status = self.query_one("#mood-status", StatusLine)
        if last is not None and status.tone == "muted":
            summary = _mood_summary(last).removesuffix(", a note")
            status.say(f"Last check-in: {local_when(last.at)} · {summary}")

    # -- the quick mood check-in --------------------------------------------------------

    @on(Input.Changed)
    def _edited(self) -> None:
        clear_errors(self)  # a value was changed: the refusal it may have been about is gone

    @on(Input.Submitted, ".mood-field")
    def _submit_mood(self, event: Input.Submitted) -> None:
        event.stop()
        clear_errors(self)
        values = {name: self.query_one(f"#{name}", Input).value for name in (*MOOD_FIELDS, "note")}
        entry, problems = read_mood(values)
        if entry is None:
            show_at_field(self, problems[0])
            self.query_one(f"#{_FIELD_ID.get(problems[0].field, 'mood')}", Input).focus()
            return
        self.call(
            lambda svc: svc.checkins.mood(
                entry.mood,
                anxiety=entry.anxiety,
                sleep_hours=entry.sleep_hours,
                energy=entry.energy,
                note=entry.note,
            ),
            self._mood_saved,
            group="checkin-mood",
        )

    def _mood_saved(self, record: m.MoodCheckin) -> None:
        for name in (*MOOD_FIELDS, "note"):
            self.query_one(f"#{name}", Input).value = ""
        self.query_one("#mood", Input).focus()
        self.query_one("#mood-status", StatusLine).ok(
            f"Saved at {local_time(record.at)}: {_mood_summary(record)}."
        )

    # -- a clinician-rated score --------------------------------------------------------

    @on(Input.Submitted, ".clin-field")
    @on(Button.Pressed, "#clinician-save")
    def _submit_clinician(self, event: Message) -> None:
        event.stop()
        clear_errors(self)
        kind = m.ScaleKind(str(self.query_one("#clinician-kind", Select).value))
        raw = self.query_one("#clinician-score", Input).value
        when = self.query_one("#clinician-when", Input).value
        low, high = CLINICIAN_RANGES[kind]

        def save(svc: JournalService) -> m.ScaleResult:
            at = parse_when(when, svc.ctx.now(), "date") if when.strip() else None
            score = parse_int(raw, f"{SCALE_NAME[kind]} score", low, high)
            return svc.checkins.clinician_score(kind, score, at=at)

        self.call(save, self._clinician_saved, group="checkin-clinician")

    def _clinician_saved(self, result: m.ScaleResult) -> None:
        self.query_one("#clinician-score", Input).value = ""
        self.query_one("#clinician-when", Input).value = ""
        self.query_one("#clinician-status", StatusLine).ok(
            f"Recorded: {SCALE_NAME[result.scale]} {result.score}, {iso_day(result.at)}."
        )
        self._load()

    def action_scale(self, kind: str) -> None:
        self.app.push_screen(ScaleScreen(kind))

    def action_jump(self, widget_id: str) -> None:
        self.query_one(f"#{widget_id}").focus()

    @on(Button.Pressed, "#start-phq9")
    def _start_phq9(self) -> None:
        self.action_scale(m.ScaleKind.PHQ9.value)

    @on(Button.Pressed, "#start-gad7")
    def _start_gad7(self) -> None:
        self.action_scale(m.ScaleKind.GAD7.value)


_FIELD_ID = {"sleep (hours)": "sleep"}  # where a refused value was typed


def _history_cells(result: m.ScaleResult) -> tuple[Text, ...]:
    """One row of the history; every cell inert text, never markup."""
    flag = "item 9: for your care team" if result.item9_positive else ""
    return (
        Text(iso_day(result.at)),
        Text(SCALE_NAME[result.scale]),
        Text(f"{result.score}/{scale_max(result.scale)}", justify="right"),
        Text(safe_text(result.band or "-")),
        Text("clinician" if result.rated_by == "clinician" else "you"),
        Text(flag, style="bold"),
    )
