"""The check-in hub: a quick mood check-in, the PHQ-9 and GAD-7, clinician scores, history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, Select, Static

from ketajournal.domain import models as m
from ketajournal.domain.scales import CLINICIAN_RANGES
from ketajournal.domain.when import parse_when
from ketajournal.errors import KetaJournalError, ValidationError
from ketajournal.screens.scale import SCALE_NAME, ScaleScreen, scale_max
from ketajournal.text import safe_text
from ketajournal.widgets.inert import InertInput

if TYPE_CHECKING:
    from ketajournal.app import KetaJournalApp
    from ketajournal.service import JournalService

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
    results: list[m.ScaleResult]  # newest first
    last_mood: m.MoodCheckin | None


def _whole(raw: str, field: str, problems: list[str]) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        problems.append(str(ValidationError(field, "a whole number from 0 to 10", raw)))
        return None


def _hours(raw: str, problems: list[str]) -> float | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        problems.append(str(ValidationError("sleep (hours)", "a number from 0 to 24", raw)))
        return None


def _local(at: datetime, fmt: str) -> str:
    return at.astimezone().strftime(fmt)


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


class CheckinScreen(Screen[None]):
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

    @dataclass
    class Loaded(Message):
        data: CheckinData

    @dataclass
    class MoodSaved(Message):
        record: m.MoodCheckin

    @dataclass
    class ClinicianSaved(Message):
        result: m.ScaleResult

    @dataclass
    class Problem(Message):
        where: str  # "mood", "clinician" or "history"
        error: str

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
            yield Static(MOOD_HINT, id="mood-status", classes="muted", markup=False)
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
            yield Static(CLINICIAN_HINT, id="clinician-status", classes="muted", markup=False)
            yield Static("Your scale scores, newest first", classes="checkin-title", markup=False)
            yield DataTable(id="scale-history", cursor_type="row", zebra_stripes=True)
            yield Static("", id="history-empty", classes="muted", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Check-in"
        table = self.query_one("#scale-history", DataTable)
        table.add_columns("Date", "Scale", "Score", "Band", "Rated by", "Flag")
        self.query_one("#mood", Input).focus()

    def on_screen_resume(self) -> None:
        self._load()  # on opening, and back from a questionnaire

    # -- loading ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="checkin-load", exit_on_error=False)
    def _load(self) -> None:
        svc = self._svc()
        try:
            results = list(reversed(svc.checkins.scales()))
            moods = svc.checkins.moods()
        except KetaJournalError as exc:
            self.post_message(self.Problem("history", str(exc)))
            return
        self.post_message(self.Loaded(CheckinData(results, moods[-1] if moods else None)))

    def on_checkin_screen_loaded(self, message: Loaded) -> None:
        table = self.query_one("#scale-history", DataTable)
        table.clear()
        for result in message.data.results:
            table.add_row(*_history_cells(result), key=str(result.id))
        table.display = bool(message.data.results)
        empty = self.query_one("#history-empty", Static)
        empty.display = not message.data.results
        empty.update("No scale scores yet: press p for a PHQ-9 or g for a GAD-7.")
        last = message.data.last_mood
        status = self.query_one("#mood-status", Static)
        if last is not None and status.has_class("muted"):
            summary = _mood_summary(last).removesuffix(", a note")
            status.update(f"Last check-in: {_local(last.at, '%d %b %H:%M')} · {summary}")

    # -- the quick mood check-in --------------------------------------------------------

    @on(Input.Submitted, ".mood-field")
    def _submit_mood(self, event: Input.Submitted) -> None:
        event.stop()
        problems: list[str] = []
        values = {name: self.query_one(f"#{name}", Input).value for name in (*MOOD_FIELDS, "note")}
        mood = _whole(values["mood"], "mood", problems)
        anxiety = _whole(values["anxiety"], "anxiety", problems)
        sleep = _hours(values["sleep"], problems)
        energy = _whole(values["energy"], "energy", problems)
        if mood is None and not problems:
            problems.append("mood: must be a whole number from 0 to 10 (the one field needed)")
        if problems or mood is None:
            self._say("mood", problems[0], "warning")
            return
        note = values["note"].strip() or None
        self._save_mood(MoodEntry(mood, anxiety, sleep, energy, note))

    @work(thread=True, exclusive=True, group="checkin-mood", exit_on_error=False)
    def _save_mood(self, entry: MoodEntry) -> None:
        try:
            record = self._svc().checkins.mood(
                entry.mood,
                anxiety=entry.anxiety,
                sleep_hours=entry.sleep_hours,
                energy=entry.energy,
                note=entry.note,
            )
        except KetaJournalError as exc:
            self.post_message(self.Problem("mood", str(exc)))
            return
        self.post_message(self.MoodSaved(record))

    def on_checkin_screen_mood_saved(self, message: MoodSaved) -> None:
        for name in (*MOOD_FIELDS, "note"):
            self.query_one(f"#{name}", Input).value = ""
        self.query_one("#mood", Input).focus()
        self._say(
            "mood",
            f"Saved at {_local(message.record.at, '%H:%M')}: {_mood_summary(message.record)}.",
            "ok",
        )

    # -- a clinician-rated score --------------------------------------------------------

    @on(Input.Submitted, ".clin-field")
    @on(Button.Pressed, "#clinician-save")
    def _submit_clinician(self, event: Message) -> None:
        event.stop()
        kind = m.ScaleKind(str(self.query_one("#clinician-kind", Select).value))
        raw = self.query_one("#clinician-score", Input).value.strip()
        low, high = CLINICIAN_RANGES[kind]
        if not raw.isdigit():
            allowed = f"the {SCALE_NAME[kind]} total your clinician gave, {low} to {high}"
            self._say("clinician", str(ValidationError("score", allowed)), "warning")
            return
        when = self.query_one("#clinician-when", Input).value
        self._save_clinician(kind, int(raw), when)

    @work(thread=True, exclusive=True, group="checkin-clinician", exit_on_error=False)
    def _save_clinician(self, kind: m.ScaleKind, score: int, when: str) -> None:
        svc = self._svc()
        try:
            at = parse_when(when, svc.ctx.now(), "date") if when.strip() else None
            result = svc.checkins.clinician_score(kind, score, at=at)
        except KetaJournalError as exc:
            self.post_message(self.Problem("clinician", str(exc)))
            return
        self.post_message(self.ClinicianSaved(result))

    def on_checkin_screen_clinician_saved(self, message: ClinicianSaved) -> None:
        result = message.result
        self.query_one("#clinician-score", Input).value = ""
        self.query_one("#clinician-when", Input).value = ""
        self._say(
            "clinician",
            f"Recorded: {SCALE_NAME[result.scale]} {result.score}, "
            f"{_local(result.at, '%Y-%m-%d')}.",
            "ok",
        )
        self._load()

    # -- shared -------------------------------------------------------------------------

    def on_checkin_screen_problem(self, message: Problem) -> None:
        if message.where == "history":
            self.notify(message.error, severity="error", markup=False)
        else:
            self._say(message.where, message.error, "warning")

    def _say(self, where: str, text: str, style: str) -> None:
        status = self.query_one(f"#{where}-status", Static)
        status.update(text)
        status.set_classes(style)

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

    def _svc(self) -> JournalService:
        app: KetaJournalApp = self.app  # type: ignore[assignment]
        return app.svc


def _history_cells(result: m.ScaleResult) -> tuple[Text, ...]:
    """One row of the history; every cell inert text, never markup."""
    flag = "item 9: for your care team" if result.item9_positive else ""
    return (
        Text(_local(result.at, "%Y-%m-%d")),
        Text(SCALE_NAME[result.scale]),
        Text(f"{result.score}/{scale_max(result.scale)}", justify="right"),
        Text(safe_text(result.band or "-")),
        Text("clinician" if result.rated_by == "clinician" else "you"),
        Text(flag, style="bold"),
    )
